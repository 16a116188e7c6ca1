// t_fairness [children [ms [percent]]]: CPU-bound processes get fair shares of the processor.
//
// Fairness is about CPU time, so that is what the test compares: each child reads its own CPU time
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), the scheduler ticks it has received) around a busy window, and
// the parent checks the shares. Everything is counted in guest ticks, so a loaded host, which slows the
// emulated CPU, changes how much work a tick holds but not how the ticks are shared.
//
// The parent spawns `children` (default 4) copies of itself as `t_fairness child`. Each child reports
// "ready" on the mailbox "t_fairness" and waits on "t_fairness_go". Once every child is ready, the parent
// sends each of them the same end of the window, now + `ms` (default 1000) on the monotonic clock, so
// all of them compete from the same moment whenever they were loaded. A child spins until the window
// ends and reports the CPU time it received meanwhile. The parent (blocked on the mailbox) checks that:
//   * the children together received 80% to 110% of the window: nothing else ran, and the clock
//     really counts CPU time (reading 0, every share would trivially look fair; counting wall time,
//     each child would seem to get the whole window);
//   * no child received less than `percent` (default 50) of the mean;
//   * every child exited with status 0.
// CPU times and loop counts vary from run to run and are printed on info lines only.
//
// Output:  (t_fairness) begin
//          (t_fairness) spawned <children> CPU-bound children
//          (t_fairness) all <children> children reported
//          (t_fairness) the children received 80% to 110% of the window
//          (t_fairness) every child got at least <percent>% of the mean CPU time
//          (t_fairness) end
#include "lib/c_string.h"
#include "lib/format.h"
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/malloc.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr const char* kReportBox = "t_fairness";   // children -> parent: Ready, then Report
constexpr const char* kGoBox = "t_fairness_go";    // parent -> children: Go
constexpr uint32_t kMaxChildren = 16;
constexpr uint32_t kMinWindowSharePercent = 80;   // of the window, for all children together
constexpr uint32_t kMaxWindowSharePercent = 110;  // a child may finish a little after the window ends

struct Ready {
  int32_t pid;
};

struct Go {
  uint64_t end_ms;  // the window ends at this monotonic time
};

struct Report {
  int32_t pid;
  uint32_t cpu_ms;  // CPU time received during the window
  uint64_t count;   // busy-loop iterations (depends on the host's speed: information only)
};

int open_mailbox(const char* name) {
  auto box = sys::mbox_open(name);
  if (!box) fail_test("mbox_open {}: {}", name, box.error());
  return box.value();
}

uint64_t cpu_ms() {
  abi::Timespec t{};
  if (auto r = sys::clock_gettime(abi::kClockThreadCputime, &t); !r) fail_test("clock_gettime: {}", r.error());
  return ns_from_timespec(t) / 1'000'000;
}

template <typename T>
void send(int box, const T& message) {
  if (auto r = sys::mbox_send(box, &message, sizeof(message)); !r) fail_test("mbox_send: {}", r.error());
}

// Receives one message of type T. mbox_recv wants room for the largest message the mailbox allows.
template <typename T>
T receive(int box, uint8_t* buffer, size_t capacity) {
  auto n = sys::mbox_recv(box, buffer, capacity);
  if (!n) fail_test("mbox_recv: {}", n.error());
  check(n.value() == sizeof(T), "a message has {} bytes, expected {}", n.value(), sizeof(T));
  T message;
  memcpy(&message, buffer, sizeof(message));
  return message;
}

// A buffer for receive(): the mailbox's largest message size, checked to hold every message type.
uint8_t* message_buffer(int box, size_t& capacity) {
  abi::MboxStatus status{};
  if (auto r = sys::mbox_status(box, &status); !r) fail_test("mbox_status: {}", r.error());
  check(status.max_message >= sizeof(Report), "mailbox messages hold {} bytes, need {}", status.max_message,
        sizeof(Report));
  capacity = status.max_message;
  auto* buffer = static_cast<uint8_t*>(malloc(capacity));
  check(buffer != nullptr, "malloc {} bytes failed", capacity);
  return buffer;
}

int child() {
  test_set_name("t_fairness");
  int reports = open_mailbox(kReportBox);
  int go_box = open_mailbox(kGoBox);
  size_t capacity = 0;
  uint8_t* buffer = message_buffer(go_box, capacity);
  // Fault in the window's code and data now (both clocks, the loop), so that no child waits for the
  // disk during the window; the case gives the pool room for every child's pages.
  volatile uint64_t counter = now_ms() + cpu_ms();  // volatile: the loop must really run
  counter = 0;
  send(reports, Ready{sys::getpid()});
  Go go = receive<Go>(go_box, buffer, capacity);
  uint64_t start_cpu = cpu_ms();
  while (now_ms() < go.end_ms)
    for (int i = 0; i < 4096; ++i) counter = counter + 1;
  send(reports, Report{sys::getpid(), static_cast<uint32_t>(cpu_ms() - start_cpu), counter});
  free(buffer);
  (void)sys::mbox_close(go_box);
  (void)sys::mbox_close(reports);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && StringView(argv[1]) == "child") return child();

  uint32_t children = arg_uint(argc, argv, 1, 4);
  uint32_t duration_ms = arg_uint(argc, argv, 2, 1000);
  uint32_t percent = arg_uint(argc, argv, 3, 50);
  test_begin("t_fairness");
  check(children >= 1 && children <= kMaxChildren, "children must be 1..{}", kMaxChildren);

  // Open both first, so the mailboxes exist (and their messages survive) whatever the children do.
  int reports = open_mailbox(kReportBox);
  int go_box = open_mailbox(kGoBox);
  size_t capacity = 0;
  uint8_t* buffer = message_buffer(reports, capacity);

  const char* child_argv[] = {"t_fairness", "child", nullptr};
  int pids[kMaxChildren];
  for (uint32_t i = 0; i < children; ++i) {
    auto pid = sys::spawn("t_fairness", child_argv);
    if (!pid) fail_test("spawn child {}: {}", i, pid.error());
    pids[i] = pid.value();
  }
  msg("spawned {} CPU-bound children", children);

  for (uint32_t i = 0; i < children; ++i) (void)receive<Ready>(reports, buffer, capacity);
  Go go{now_ms() + duration_ms};
  for (uint32_t i = 0; i < children; ++i) send(go_box, go);

  uint64_t cpu[kMaxChildren];
  uint64_t sum = 0;
  for (uint32_t i = 0; i < children; ++i) {
    Report report = receive<Report>(reports, buffer, capacity);
    cpu[i] = report.cpu_ms;
    sum += report.cpu_ms;
    info("child {} received {} ms of CPU time in the {} ms window ({} loop iterations)", report.pid,
         report.cpu_ms, duration_ms, report.count);
  }
  free(buffer);
  msg("all {} children reported", children);

  for (uint32_t i = 0; i < children; ++i) {
    int wstatus = 0;
    auto waited = sys::waitpid(pids[i], &wstatus, 0);
    if (!waited) fail_test("waitpid {}: {}", pids[i], waited.error());
    check(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0, "child {} ended with status {:#x}", pids[i], wstatus);
  }

  uint64_t window = duration_ms;
  check(sum * 100 >= window * kMinWindowSharePercent && sum * 100 <= window * kMaxWindowSharePercent,
        "the children received {} ms of CPU time in a {} ms window, not {}% to {}% of it", sum, window,
        kMinWindowSharePercent, kMaxWindowSharePercent);
  msg("the children received {}% to {}% of the window", kMinWindowSharePercent, kMaxWindowSharePercent);
  uint64_t mean = sum / children;
  for (uint32_t i = 0; i < children; ++i)
    check(cpu[i] * 100 >= mean * percent, "a child received {} ms of CPU time, less than {}% of the mean {} ms",
          cpu[i], percent, mean);
  msg("every child got at least {}% of the mean CPU time", percent);
  (void)sys::mbox_close(go_box);
  (void)sys::mbox_close(reports);
  test_end();
  return 0;
}
