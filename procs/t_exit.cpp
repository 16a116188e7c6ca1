// t_exit [status]: prints one line and exits with `status` (default 0; only the low 8 bits reach the
// parent). For init= tests: the kernel's reaction to init exiting with a given status.
//
// Output:  t_exit: exiting with status <status>
#include "procs/lib/args.h"
#include "procs/lib/print.h"

using namespace cw::user;

int main(int argc, char** argv) {
  check_args(argc, argv, "[STATUS]", 1);
  uint32_t status = arg_uint(argc, argv, 1, 0);
  print("t_exit: exiting with status {}\n", status);
  return static_cast<int>(status);
}
