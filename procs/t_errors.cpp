// t_errors: a system call that fails writes nothing to user memory, and the edge cases where Linux i386
// succeeds are not errors here either (docs/abi.md, "Errors").
//
// Each check fills the output with a marker, makes the failing call, and requires the exact errno and
// the marker untouched:
//   waitpid      ECHILD with no children, and 0 from WNOHANG with a live child: *status untouched
//   nanosleep    EINVAL for tv_nsec out of range or a negative time: *rem untouched; a sleep that is not
//                interrupted does not write *rem either
//   clock_gettime  EINVAL for an unknown clock: the timespec untouched
//   read, write  a zero-length call returns 0 whatever the pointer (null, kernel): no byte is touched
//   spawn        500 arguments work; an argument over the 128 KiB limit (docs/abi.md, execve) is E2BIG
//                and starts nothing
//
// Output:  (t_errors) begin / one line per check / (t_errors) end
// `t_errors argc N ...` is the child of the spawn check: it exits 0 if it got N arguments in all.
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/cmdline.h"
#include "lib/string_view.h"
#include "procs/lib/args.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr int kMarker = 0x5A5A5A5A;
constexpr uint32_t kManyArgs = 500;
char oversized[128 * 1024 + 1];  // one more than an argument may have, its NUL included

template <typename T>
void expect_error(const char* what, const Result<T>& result, Error expected) {
  if (result) fail_test("{}: succeeded, expected {}", what, expected);
  check(result.error() == expected, "{}: failed with {}, expected {}", what, result.error(), expected);
}

void test_waitpid() {
  int status = kMarker;
  expect_error("waitpid with no children", sys::waitpid(-1, &status, 0), Error::NoChild);
  check(status == kMarker, "waitpid wrote {:#x} to *status when it failed with ECHILD", status);
  msg("waitpid: ECHILD leaves *status alone");

  const char* sleeper[] = {"t_errors", "sleep", nullptr};
  auto child = sys::spawn("t_errors", sleeper);
  if (!child) fail_test("spawn t_errors sleep: {}", child.error());
  auto none = sys::waitpid(child.value(), &status, abi::kWaitNoHang);
  check(none && none.value() == 0, "WNOHANG on a sleeping child returned {}", none ? none.value() : -1);
  check(status == kMarker, "waitpid WNOHANG wrote {:#x} to *status with nothing to report", status);
  auto reaped = sys::waitpid(child.value(), &status, 0);
  check(reaped && reaped.value() == child.value() && WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the sleeping child did not exit 0");
  msg("waitpid: WNOHANG with nothing to report leaves *status alone");
}

void test_time() {
  const abi::Timespec bad[] = {{0, 1000000000}, {0, -1}, {-1, 0}};
  for (const abi::Timespec& request : bad) {
    abi::Timespec rem{kMarker, kMarker};
    expect_error("nanosleep", sys::nanosleep(&request, &rem), Error::InvalidArgument);
    check(rem.tv_sec == kMarker && rem.tv_nsec == kMarker, "nanosleep({}, {}) wrote *rem when it failed",
          request.tv_sec, request.tv_nsec);
  }
  msg("nanosleep: EINVAL leaves *rem alone");
  abi::Timespec short_sleep{0, 1000000};
  abi::Timespec rem{kMarker, kMarker};
  auto slept = sys::nanosleep(&short_sleep, &rem);
  check(static_cast<bool>(slept), "a 1 ms nanosleep failed");
  check(rem.tv_sec == kMarker && rem.tv_nsec == kMarker, "an uninterrupted nanosleep wrote *rem");
  msg("nanosleep: an uninterrupted sleep leaves *rem alone");
  abi::Timespec now{kMarker, kMarker};
  expect_error("clock_gettime(99)", sys::clock_gettime(99, &now), Error::InvalidArgument);
  check(now.tv_sec == kMarker && now.tv_nsec == kMarker, "clock_gettime(99) wrote the timespec");
  msg("clock_gettime: EINVAL leaves the timespec alone");
}

void test_zero_length() {
  const uintptr_t pointers[] = {0, 0xC0000000, 0xC0100000, 0xFFFFF000};
  for (uintptr_t p : pointers) {
    auto* buffer = reinterpret_cast<void*>(p);
    auto wrote = sys::write(1, buffer, 0);
    check(wrote && wrote.value() == 0, "write(1, {:#x}, 0) did not return 0", p);
    auto got = sys::read(0, buffer, 0);
    check(got && got.value() == 0, "read(0, {:#x}, 0) did not return 0", p);
  }
  expect_error("write(9, NULL, 0)", sys::write(9, nullptr, 0), Error::BadDescriptor);
  msg("read, write: zero bytes return 0 whatever the pointer; a bad descriptor is still EBADF");
}

// argv for `t_errors argc N x x ...` with `count` entries in all (argv[0] included), NULL-terminated.
const char* const* counting_argv(uint32_t count) {
  static char expected[4];
  static const char* argv[kManyArgs + 1];
  format_to(expected, sizeof(expected), "{}", count);
  argv[0] = "t_errors";
  argv[1] = "argc";
  argv[2] = expected;
  for (uint32_t i = 3; i < count; ++i) argv[i] = "x";
  argv[count] = nullptr;
  return argv;
}

void test_spawn_arguments() {
  auto pid = sys::spawn("t_errors", counting_argv(kManyArgs));
  if (!pid) fail_test("spawn with {} arguments: {}", kManyArgs, pid.error());
  int status = 0;
  auto reaped = sys::waitpid(pid.value(), &status, 0);
  check(reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the child with {} arguments did not see them all (status {:#x})", kManyArgs, status);
  msg("spawn: {} arguments work", kManyArgs);

  for (uint32_t i = 0; i + 1 < sizeof(oversized); ++i) oversized[i] = 'o';
  const char* argv[] = {"t_errors", oversized, nullptr};
  expect_error("spawn with a 128 KiB argument", sys::spawn("t_errors", argv), Error::TooBig);
  int ignored = kMarker;
  expect_error("waitpid after the refused spawn", sys::waitpid(-1, &ignored, abi::kWaitNoHang), Error::NoChild);
  msg("spawn: an argument over 128 KiB is E2BIG and starts nothing");
}

// The spawn check's child: argv[2] is how many arguments it should have.
int count_arguments(int argc, char** argv) {
  auto expected = parse_uint(StringView(argv[2]));
  return expected && static_cast<int>(expected.value()) == argc ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "  (no arguments; 'argc N ...' and 'sleep' are its children)", kAnyArgCount);
  if (argc > 2 && StringView(argv[1]) == "argc") return count_arguments(argc, argv);
  if (argc == 2 && StringView(argv[1]) == "sleep") {
    abi::Timespec t{0, 100 * 1000 * 1000};
    return sys::nanosleep(&t, nullptr) ? 0 : 1;
  }
  if (argc > 1) usage_error(argv, "unknown child mode");
  test_begin("t_errors");
  test_waitpid();
  test_time();
  test_zero_length();
  test_spawn_arguments();
  test_end();
  return 0;
}
