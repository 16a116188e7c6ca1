// hello [args...]: prints a greeting and its arguments. The smallest end-to-end check of crt0 (argc and
// argv from the initial stack), print() and exit().
//
// Output:  hello, world
//          argc=<argc>
//          argv[<i>]=<argv[i]>       one line per argument
#include "procs/lib/args.h"
#include "procs/lib/print.h"

using namespace cw::user;

int main(int argc, char** argv) {
  check_args(argc, argv, "[ARGS...]", kAnyArgCount);
  print("hello, world\n");
  print("argc={}\n", argc);
  for (int i = 0; i < argc; ++i) print("argv[{}]={}\n", i, argv[i]);
  if (argv[argc] != nullptr) {
    eprint("hello: argv[argc] is not NULL\n");
    return 1;
  }
  return 0;
}
