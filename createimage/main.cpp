// createimage: builds a bootable Clockwork disk image. See createimage.h and `createimage --help`.
#include <iostream>
#include <string>
#include <vector>

#include "createimage/createimage.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return cw::image::run(args, std::cout, std::cerr);
}
