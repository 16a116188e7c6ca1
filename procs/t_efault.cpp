// t_efault: every system call that takes a pointer rejects bad ones with EFAULT (14), changes nothing,
// and the caller lives on.
//
// Bad pointers (t_efault.h): null, the first kernel byte, the top page of memory, an unmapped user
// address, a range that starts in user space and ends in the kernel, a range whose end wraps past
// 4 GiB, read-only text for buffers the kernel writes, and strings or argv arrays that run into
// unmapped memory before their terminator (while valid strings that cross a page boundary must work).
// The kernel must check before it blocks, so even read() on
// the console and mbox_recv() on an empty mailbox return at once. Calls tried: read, write, waitpid,
// nanosleep (both pointers), clock_gettime, mlock, munlock, brk (which reports failure by not moving),
// ioctl (TIOCGPGRP, TIOCSPGRP; its other errors too),
// spawn (name, argv, argv strings), mbox_open, mbox_send, mbox_recv, mbox_status, proc_list, prog_list,
// vm_stat. `t_efault child` just exits with status 7 (the waitpid test reaps it).
//
// Output:  (t_efault) begin
//          (t_efault) <call>: <n> bad pointers rejected with EFAULT      one line per call, fixed n
//          (t_efault) ...                                                 plus the "no effect" checks
//          (t_efault) end
#include "procs/t_efault.h"

#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/string_view.h"
#include "procs/lib/args.h"
#include "procs/lib/linux_calls.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace efault {

Places places;

const char* unterminated_string() {
  char* s = as<char>(places.heap_end - 8);
  for (int i = 0; i < 8; ++i) s[i] = 'x';
  return s;
}

const char* page_crossing_string(const char* text) {
  char* s = as<char>(places.heap_end - 4096 - 4);  // 4 bytes before the boundary, the rest after
  size_t i = 0;
  do {
    s[i] = text[i];
  } while (text[i++] != '\0');
  return s;
}

}  // namespace efault

namespace {

using namespace efault;

void test_read_write() {
  char buffer[16];
  size_t n = for_each_bad(16, kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("read", label, sys::read(0, as<void>(p), 16));
  });
  expect_efault("read", "wrapping", sys::read(0, buffer, kHugeLength));
  expect_efault("read", "wrapping", sys::read(0, as<void>(0xFFFFFFF0), 0x20));
  passed("read", n + 2);

  n = for_each_bad(16, 0, [](const char* label, uintptr_t p) {
    expect_efault("write", label, sys::write(1, as<void>(p), 16));
  });
  expect_efault("write", "wrapping", sys::write(1, as<void>(places.text), kHugeLength));
  passed("write", n + 1);
  auto zero = sys::write(1, nullptr, 0);
  check(zero && zero.value() == 0, "write(1, NULL, 0) did not return 0");
  msg("write: a zero-length buffer is not checked");
}

void test_waitpid() {
  const char* argv[] = {"t_efault", "child", nullptr};
  auto child = sys::spawn("t_efault", argv);
  if (!child) fail_test("spawn t_efault child: {}", child.error());
  size_t n = for_each_bad(sizeof(int), kNullAllowed | kKernelWrites, [&](const char* label, uintptr_t p) {
    expect_efault("waitpid", label, sys::waitpid(child.value(), as<int>(p), 0));
  });
  passed("waitpid", n);
  int status = 0;
  auto reaped = sys::waitpid(child.value(), &status, 0);
  check(reaped && reaped.value() == child.value(), "the child was gone after the failed waitpid calls");
  check(WIFEXITED(status) && WEXITSTATUS(status) == 7, "child status {:#x}, expected exit 7", status);
  msg("waitpid: the failed calls did not reap the child");
}

void test_time() {
  size_t n = for_each_bad(sizeof(abi::Timespec), 0, [](const char* label, uintptr_t p) {
    expect_efault("nanosleep request", label, sys::nanosleep(as<abi::Timespec>(p), nullptr));
  });
  passed("nanosleep request", n);
  abi::Timespec short_sleep{0, 1000};
  n = for_each_bad(sizeof(abi::Timespec), kNullAllowed | kKernelWrites, [&](const char* label, uintptr_t p) {
    expect_efault("nanosleep remainder", label, sys::nanosleep(&short_sleep, as<abi::Timespec>(p)));
  });
  passed("nanosleep remainder", n);
  n = for_each_bad(sizeof(abi::Timespec), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("clock_gettime", label, sys::clock_gettime(abi::kClockMonotonic, as<abi::Timespec>(p)));
  });
  passed("clock_gettime", n);
}

void test_memory() {
  constexpr size_t kLength = 8192;
  for (auto* call : {"mlock", "munlock"}) {
    bool lock = StringView(call) == "mlock";
    auto attempt = [&](uintptr_t p, size_t length) {
      return lock ? sys::mlock(as<void>(p), length) : sys::munlock(as<void>(p), length);
    };
    size_t n = for_each_bad(kLength, 0, [&](const char* label, uintptr_t p) {
      expect_efault(call, label, attempt(p, kLength));
    });
    expect_efault(call, "wrapping", attempt(places.text, kHugeLength));
    passed(call, n + 1);
  }
  uintptr_t current = sys::brk(0);
  check(sys::brk(kKernel) == current, "brk(0xC0000000) moved the break");
  check(sys::brk(kTopPage) == current, "brk(0xFFFFF000) moved the break");
  msg("brk: kernel addresses refused, the break did not move");
}

// ioctl's terminal requests take a pid_t pointer: bad ones fail before anything changes. Its other errors
// are checked here too, since this is where ioctl is exercised.
void test_console_ioctl() {
  size_t n = for_each_bad(sizeof(int), kKernelWrites, [](const char* label, uintptr_t p) {
    expect_efault("ioctl TIOCGPGRP", label, sys::ioctl(0, abi::kTiocGpgrp, as<void>(p)));
  });
  passed("ioctl TIOCGPGRP", n);
  n = for_each_bad(sizeof(int), 0, [](const char* label, uintptr_t p) {
    expect_efault("ioctl TIOCSPGRP", label, sys::ioctl(0, abi::kTiocSpgrp, as<void>(p)));
  });
  passed("ioctl TIOCSPGRP", n);
  int foreground = -1;
  auto got = sys::ioctl(0, abi::kTiocGpgrp, &foreground);
  // None was set: this program, init and so a session leader, is told its own group (docs/abi.md).
  check(got && foreground == lx::getpgrp(), "the foreground pid is {} after the failed calls, expected {} (none set)",
        foreground, lx::getpgrp());
  msg("ioctl: the failed calls left the console without a foreground process");
  int pid = -1;
  auto negative = sys::ioctl(1, abi::kTiocSpgrp, &pid);
  check(!negative && negative.error() == Error::InvalidArgument, "TIOCSPGRP of pid -1 did not fail with EINVAL");
  pid = 0x7FFFFFFF;
  auto missing = sys::ioctl(2, abi::kTiocSpgrp, &pid);
  check(!missing && missing.error() == Error::NoProcess, "TIOCSPGRP of a pid nobody has did not fail with ESRCH");
  auto bad_fd = sys::ioctl(3, abi::kTiocGpgrp, &pid);
  check(!bad_fd && bad_fd.error() == Error::BadDescriptor, "ioctl on fd 3 did not fail with EBADF");
  auto unknown = sys::ioctl(0, 0x540A, &pid);  // TCXONC: a real terminal request Clockwork lacks
  check(!unknown && unknown.error() == Error::NotTty, "an unknown request did not fail with ENOTTY");
  msg("ioctl: EINVAL, ESRCH, EBADF and ENOTTY as documented");
}

// A page-aligned break with two mapped heap pages below it: strings and arrays run off its end, and
// valid strings straddle the boundary between the two pages.
void set_up_heap_end() {
  uintptr_t base = (sys::brk(0) + 4095) & ~uintptr_t{4095};
  uintptr_t end = base + 2 * 4096;
  check(sys::brk(end) == end, "brk could not grow the heap by two pages");
  places.heap_end = end;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "  (no arguments; 't_efault child' is the child it spawns)", 1);
  if (arg_keyword(argc, argv, 1, "child")) return 7;
  test_begin("t_efault");
  places.text = reinterpret_cast<uintptr_t>(&test_read_write);
  set_up_heap_end();
  test_read_write();
  test_waitpid();
  test_time();
  test_memory();
  test_console_ioctl();
  test_clockwork_calls();
  test_end();
  return 0;
}
