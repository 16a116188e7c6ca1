// createimage as a library call: main() is a thin wrapper around run(), and the tests call run() directly
// with argument lists.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cw::image {

// Runs createimage with the arguments after argv[0]. Prints the layout (or --help) to `out` and
// "createimage: ..." messages to `err`. Returns 0 on success, 1 if an input is rejected or writing fails,
// 2 for a malformed command line. On any failure no output file is created or replaced.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cw::image
