// The two ways createimage fails. Both carry a complete, user-facing message; run() prints it and maps
// the kind to an exit status. Exceptions are fine here: createimage is a hosted tool, and unwinding is
// what guarantees the temporary output file is removed on every failure path (see OutputFile).
#pragma once

#include <stdexcept>

namespace cw::image {

// The command line itself is wrong (unknown flag, missing value, missing -o). Exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An input is unusable or the image cannot be built or written. Exit status 1.
struct ImageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cw::image
