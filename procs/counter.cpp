// counter [count [delay_ms]]: counts to `count` (default 10), one line per step, sleeping `delay_ms`
// (default 100) between steps. Run a few in the background to watch the scheduler interleave them.
//
// Output:  counter <pid>: <i>/<count>     for i = 1 .. count
//          counter <pid>: done
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

using namespace cw;
using namespace cw::user;

int main(int argc, char** argv) {
  check_args(argc, argv, "[COUNT [DELAY_MS]]", 2);
  uint32_t count = arg_uint(argc, argv, 1, 10);
  uint32_t delay_ms = arg_uint(argc, argv, 2, 100);
  int pid = sys::getpid();
  for (uint32_t i = 1; i <= count; ++i) {
    print("counter {}: {}/{}\n", pid, i, count);
    if (i == count) break;
    if (auto slept = sleep_ms(delay_ms); !slept) {
      eprint("counter: nanosleep: {}\n", slept.error());
      return 1;
    }
  }
  print("counter {}: done\n", pid);
  return 0;
}
