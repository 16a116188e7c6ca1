// t_fairness [children [ms [percent]]]: CPU-bound processes get fair shares of the processor.
//
// The parent spawns `children` (default 4) copies of itself as `t_fairness child <start_ms> <ms>`.
// Every child sleeps until the common monotonic start time, counts in a busy loop until start + ms
// (default 1000), and sends its count to the mailbox "t_fairness". All children spin during the same
// window, so a fair scheduler gives them similar counts. The parent (blocked on the mailbox meanwhile)
// checks that no child counted less than `percent` (default 50) of the mean, and that every child
// exited with status 0. Counts vary from run to run and are printed on info lines only.
//
// Output:  (t_fairness) begin
//          (t_fairness) spawned <children> CPU-bound children
//          (t_fairness) all <children> children reported
//          (t_fairness) every child got at least <percent>% of the mean
//          (t_fairness) end
#include "lib/format.h"
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/malloc.h"
#include "lib/c_string.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr const char* kMailbox = "t_fairness";
constexpr uint32_t kMaxChildren = 16;

struct Report {
  int32_t pid;
  uint32_t late_ms;  // how long after the common start the child began counting
  uint64_t count;
};

int open_mailbox() {
  auto box = sys::mbox_open(kMailbox);
  if (!box) fail_test("mbox_open {}: {}", kMailbox, box.error());
  return box.value();
}

int child(uint64_t start_ms, uint32_t duration_ms) {
  test_set_name("t_fairness");
  int box = open_mailbox();
  uint64_t now = now_ms();
  if (now < start_ms) (void)sleep_ms(static_cast<uint32_t>(start_ms - now));
  Report report{sys::getpid(), 0, 0};
  now = now_ms();
  report.late_ms = now > start_ms ? static_cast<uint32_t>(now - start_ms) : 0;
  uint64_t end_ms = start_ms + duration_ms;
  volatile uint64_t counter = 0;  // volatile: the loop must really run
  while (now_ms() < end_ms)
    for (int i = 0; i < 4096; ++i) counter = counter + 1;
  report.count = counter;
  if (auto r = sys::mbox_send(box, &report, sizeof(report)); !r) fail_test("child mbox_send: {}", r.error());
  (void)sys::mbox_close(box);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && StringView(argv[1]) == "child")
    return child(arg_uint(argc, argv, 2, 0), arg_uint(argc, argv, 3, 1000));

  uint32_t children = arg_uint(argc, argv, 1, 4);
  uint32_t duration_ms = arg_uint(argc, argv, 2, 1000);
  uint32_t percent = arg_uint(argc, argv, 3, 50);
  test_begin("t_fairness");
  check(children >= 1 && children <= kMaxChildren, "children must be 1..{}", kMaxChildren);

  // Open first, so the mailbox exists (and its messages survive) whatever the children do.
  int box = open_mailbox();
  abi::MboxStatus status{};
  if (auto r = sys::mbox_status(box, &status); !r) fail_test("mbox_status: {}", r.error());
  check(status.max_message >= sizeof(Report), "mailbox messages hold {} bytes, need {}", status.max_message,
        sizeof(Report));

  // Leave time for every child to be created and loaded before the common start.
  uint64_t start_ms = now_ms() + 250 + 100 * children;
  char start_text[24];
  char duration_text[24];
  format_to(start_text, sizeof(start_text), "{}", start_ms);
  format_to(duration_text, sizeof(duration_text), "{}", duration_ms);
  const char* child_argv[] = {"t_fairness", "child", start_text, duration_text, nullptr};
  int pids[kMaxChildren];
  for (uint32_t i = 0; i < children; ++i) {
    auto pid = sys::spawn("t_fairness", child_argv);
    if (!pid) fail_test("spawn child {}: {}", i, pid.error());
    pids[i] = pid.value();
  }
  msg("spawned {} CPU-bound children", children);

  uint64_t counts[kMaxChildren];
  uint64_t sum = 0;
  // mbox_recv wants room for the largest possible message.
  auto* buffer = static_cast<uint8_t*>(malloc(status.max_message));
  check(buffer != nullptr, "malloc {} bytes failed", status.max_message);
  for (uint32_t i = 0; i < children; ++i) {
    auto n = sys::mbox_recv(box, buffer, status.max_message);
    if (!n) fail_test("mbox_recv report {}: {}", i, n.error());
    check(n.value() == sizeof(Report), "report {} has {} bytes, expected {}", i, n.value(), sizeof(Report));
    Report report;
    memcpy(&report, buffer, sizeof(report));
    counts[i] = report.count;
    sum += report.count;
    info("child {} counted {} (started {} ms late)", report.pid, report.count, report.late_ms);
  }
  free(buffer);
  msg("all {} children reported", children);

  for (uint32_t i = 0; i < children; ++i) {
    int wstatus = 0;
    auto waited = sys::waitpid(pids[i], &wstatus, 0);
    if (!waited) fail_test("waitpid {}: {}", pids[i], waited.error());
    check(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0, "child {} ended with status {:#x}", pids[i], wstatus);
  }

  uint64_t mean = sum / children;
  for (uint32_t i = 0; i < children; ++i)
    check(counts[i] * 100 >= mean * percent, "a child counted {}, less than {}% of the mean {}", counts[i],
          percent, mean);
  msg("every child got at least {}% of the mean", percent);
  (void)sys::mbox_close(box);
  test_end();
  return 0;
}
