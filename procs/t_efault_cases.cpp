// t_efault, part 2: Clockwork's own calls (see t_efault.cpp for the whole picture).
#include "drivers/pci/pci_function.h"
#include "lib/abi/structs.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"
#include "procs/t_efault.h"

using namespace cw;
using namespace cw::user;

namespace efault {

namespace {

// The four kinds of bad string plus the unterminated one.
template <typename F>
size_t for_each_bad_string(F&& try_one) {
  try_one("null", uintptr_t{0});
  try_one("kernel", kKernel);
  try_one("top of memory", kTopPage);
  try_one("unmapped", kUnmapped);
  try_one("unterminated", reinterpret_cast<uintptr_t>(unterminated_string()));
  return 5;
}

void test_spawn() {
  size_t n = for_each_bad_string([](const char* label, uintptr_t p) {
    const char* argv[] = {"t_efault", "child", nullptr};
    expect_efault("spawn name", label, sys::spawn(as<const char>(p), argv));
  });
  passed("spawn name", n);

  n = for_each_bad(2 * sizeof(char*), kNullAllowed, [](const char* label, uintptr_t p) {
    // The crossing array's first entry is the last word of the stack: make it a real string, so the
    // array is bad only because it runs into the kernel (a NULL there would just end argv).
    if (p > kUserTop - 2 * sizeof(char*) && p < kUserTop) *as<const char*>(p) = "t_efault";
    expect_efault("spawn argv", label, sys::spawn("t_efault", as<const char* const>(p)));
  });
  // An argv array that runs into unmapped memory before its NULL.
  auto** open_ended = as<const char*>(places.heap_end - 2 * sizeof(char*));
  open_ended[0] = "t_efault";
  open_ended[1] = "child";
  expect_efault("spawn argv", "unterminated", sys::spawn("t_efault", open_ended));
  passed("spawn argv", n + 1);

  n = for_each_bad_string([](const char* label, uintptr_t p) {
    if (p == 0) return;  // a null entry just ends argv
    const char* argv[] = {"t_efault", as<const char>(p), nullptr};
    expect_efault("spawn argv string", label, sys::spawn("t_efault", argv));
  });
  passed("spawn argv string", n - 1);

  int status = 0;
  auto none = sys::waitpid(-1, &status, abi::kWaitNoHang);
  check(!none && none.error() == Error::NoChild, "a failed spawn created a child");
  msg("spawn: the failed calls created no process");
}

// The other side of the string rules: a valid string may cross a page boundary.
void test_crossing_strings() {
  const char* argv[] = {"t_efault", "child", nullptr};
  auto child = sys::spawn(page_crossing_string("t_efault"), argv);
  if (!child) fail_test("spawn with a name crossing a page boundary: {}", child.error());
  int status = 0;
  auto reaped = sys::waitpid(child.value(), &status, 0);
  check(reaped && reaped.value() == child.value(), "waitpid for the page-crossing child failed");
  const char* crossing_argv[] = {"t_efault", page_crossing_string("child"), nullptr};
  auto second = sys::spawn("t_efault", crossing_argv);
  if (!second) fail_test("spawn with an argv string crossing a page boundary: {}", second.error());
  auto reaped_second = sys::waitpid(second.value(), &status, 0);
  check(reaped_second && reaped_second.value() == second.value() && WIFEXITED(status) && WEXITSTATUS(status) == 7,
        "the child with a page-crossing argv string did not get it right (status {:#x})", status);
  auto box = sys::mbox_open(page_crossing_string("t_efault_x"));
  if (!box) fail_test("mbox_open with a name crossing a page boundary: {}", box.error());
  (void)sys::mbox_close(box.value());
  msg("strings crossing a page boundary are accepted");
}

void test_mailbox() {
  size_t n = for_each_bad_string([](const char* label, uintptr_t p) {
    expect_efault("mbox_open", label, sys::mbox_open(as<const char>(p)));
  });
  passed("mbox_open", n);

  auto box = sys::mbox_open("t_efault");
  if (!box) fail_test("mbox_open t_efault: {}", box.error());
  abi::MboxStatus status{};
  if (auto r = sys::mbox_status(box.value(), &status); !r) fail_test("mbox_status: {}", r.error());
  size_t max = status.max_message;
  check(max >= 16, "mailbox messages hold only {} bytes", max);

  n = for_each_bad(16, 0, [&](const char* label, uintptr_t p) {
    expect_efault("mbox_send", label, sys::mbox_send(box.value(), as<void>(p), 16));
  });
  passed("mbox_send", n);
  n = for_each_bad(max, kKernelWrites, [&](const char* label, uintptr_t p) {
    expect_efault("mbox_recv", label, sys::mbox_recv(box.value(), as<void>(p), max));
  });
  passed("mbox_recv", n);
  n = for_each_bad(sizeof(abi::MboxStatus), kKernelWrites, [&](const char* label, uintptr_t p) {
    expect_efault("mbox_status", label, sys::mbox_status(box.value(), as<abi::MboxStatus>(p)));
  });
  passed("mbox_status", n);

  if (auto r = sys::mbox_status(box.value(), &status); !r) fail_test("mbox_status: {}", r.error());
  check(status.count == 0, "the failed sends queued {} messages", status.count);
  msg("mbox_send: the failed calls queued nothing");
  (void)sys::mbox_close(box.value());
}

void test_lists() {
  constexpr size_t kEntries = 4;
  size_t n = for_each_bad(kEntries * sizeof(abi::ProcInfo), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("proc_list", label, sys::proc_list(as<abi::ProcInfo>(p), kEntries));
  });
  // An array whose end wraps past 4 GiB (max itself must stay small: above 4096 is EINVAL).
  constexpr uintptr_t kWrapping = 0xFFFFFFF0;
  expect_efault("proc_list", "wrapping", sys::proc_list(as<abi::ProcInfo>(kWrapping), kEntries));
  passed("proc_list", n + 1);

  n = for_each_bad(kEntries * sizeof(abi::ProgInfo), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("prog_list", label, sys::prog_list(as<abi::ProgInfo>(p), kEntries));
  });
  expect_efault("prog_list", "wrapping", sys::prog_list(as<abi::ProgInfo>(kWrapping), kEntries));
  passed("prog_list", n + 1);

  n = for_each_bad(sizeof(abi::VmStat), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("vm_stat", label, sys::vm_stat(0, as<abi::VmStat>(p)));
  });
  passed("vm_stat", n);

  // Every PC has at least a host bridge and an ISA bridge, so a call for 2 entries writes 2.
  constexpr size_t kFunctions = 2;
  n = for_each_bad(kFunctions * sizeof(pci::PciFunction), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("pci_list", label, sys::pci_list(as<pci::PciFunction>(p), kFunctions));
  });
  expect_efault("pci_list", "wrapping", sys::pci_list(as<pci::PciFunction>(kWrapping), kFunctions));
  passed("pci_list", n + 1);
}

}  // namespace

void test_clockwork_calls() {
  test_crossing_strings();
  test_spawn();
  test_mailbox();
  test_lists();
}

}  // namespace efault
