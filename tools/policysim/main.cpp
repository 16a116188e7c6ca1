// build/tools/policysim: the replacement-policy simulator (see cli.h and docs/policies.md).
#include <iostream>

#include "tools/policysim/cli.h"

int main(int argc, char** argv) { return cw::policysim::policysim_main(argc, argv, std::cout, std::cerr); }
