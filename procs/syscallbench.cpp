// syscallbench [iterations]: TSC cycles per null system call and per context switch. A benchmark, not a
// test.
//
//   * empty loop: the loop and rdtsc overhead, for reference;
//   * null system call: getpid() (int 0x80 in, the smallest handler, iret out), `iterations` times;
//   * yield alone: sched_yield() with no other ready process (a system call that enters the scheduler
//     and comes back to the same process);
//   * yield ping-pong: a second instance (`syscallbench child N`) is spawned; after a mailbox handshake
//     both call sched_yield() N times, so every yield switches to the other process: the parent's time
//     for N yields covers 2N switches (each a system call plus a switch of stack and address space).
// Run it as init, alone:  tests/integration/cwboot.py build/disk.img --append 'init="syscallbench"'
#include "procs/lib/args.h"
#include "procs/lib/wait.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr const char* kMailbox = "syscallbench";

int child(uint32_t n) {
  auto box = sys::mbox_open(kMailbox);
  if (!box) return 2;
  char ready = 'r';
  if (!sys::mbox_send(box.value(), &ready, 1)) return 3;
  for (uint32_t i = 0; i < n; ++i) sys::sched_yield();
  (void)sys::mbox_close(box.value());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[ITERATIONS]  (the benchmark runs itself as 'syscallbench child N')", 2);
  if (argc == 3 && StringView(argv[1]) == "child") return child(arg_uint(argc, argv, 2, 1000));
  if (argc > 2) usage_error(argv, "too many arguments");
  uint32_t n = arg_uint(argc, argv, 1, 100000);
  if (n == 0) n = 1;

  TscRate tsc = measure_tsc_rate();
  print("syscallbench: {} iterations; TSC {} cycles/ms over a sleep, {} over a busy loop\n", n, tsc.over_sleep,
        tsc.over_busy_loop);

  uint64_t t0 = rdtsc();
  for (uint32_t i = 0; i < n; ++i) asm volatile("" ::: "memory");
  uint64_t empty = rdtsc() - t0;
  print("empty loop           {} cycles/iteration\n", RatioText(Ratio{empty, n}).c_str());

  t0 = rdtsc();
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) sum += static_cast<uint32_t>(sys::getpid());
  uint64_t null_calls = rdtsc() - t0;
  asm volatile("" : : "r"(sum));
  print("null syscall         {} cycles/call (getpid)\n", RatioText(Ratio{null_calls, n}).c_str());

  t0 = rdtsc();
  for (uint32_t i = 0; i < n; ++i) sys::sched_yield();
  uint64_t alone = rdtsc() - t0;
  print("yield alone          {} cycles/call (no other ready process)\n", RatioText(Ratio{alone, n}).c_str());

  // Ping-pong: fewer rounds, each costs two switches.
  uint32_t rounds = n / 10 ? n / 10 : 1;
  auto box = sys::mbox_open(kMailbox);
  if (!box) {
    eprint("syscallbench: mbox_open: {}\n", box.error());
    return 1;
  }
  const char* child_argv[] = {"syscallbench", "child", nullptr, nullptr};
  char count[12];
  BufferSink sink(count, sizeof(count));
  format(sink, "{}", rounds);
  child_argv[2] = count;
  auto pid = sys::spawn("syscallbench", child_argv);
  if (!pid) {
    eprint("syscallbench: spawn: {}\n", pid.error());
    return 1;
  }
  char ready = 0;
  auto got = sys::mbox_recv(box.value(), &ready, 1);
  if (!got) {
    eprint("syscallbench: mbox_recv: {}\n", got.error());
    return 1;
  }
  uint64_t ms0 = now_ms();
  t0 = rdtsc();
  for (uint32_t i = 0; i < rounds; ++i) sys::sched_yield();
  uint64_t pingpong = rdtsc() - t0;
  uint64_t ms = now_ms() - ms0;
  int status = 0;
  (void)sys::waitpid(pid.value(), &status, 0);
  print("yield ping-pong      {} cycles/switch ({} yields by each of 2 processes, {} ms; child status {})\n",
        RatioText(Ratio{pingpong, 2ull * rounds}).c_str(), rounds, ms, shell_status(status));
  print("context switch       {} cycles (ping-pong per switch minus yield alone)\n",
        RatioText(Ratio{pingpong > alone / n * 2 * rounds ? pingpong - alone * 2 * rounds / n : 0, 2ull * rounds}).c_str());
  return 0;
}
