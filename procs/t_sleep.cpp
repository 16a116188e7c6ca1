// t_sleep [slack_ms]: nanosleep and clock_gettime(CLOCK_MONOTONIC).
//   * the clock never goes backwards;
//   * nanosleep(d) for several d (one with tv_sec set) takes between d - 1 ms (one clock tick of
//     granularity) and d + 1 ms + slack_ms (default 30: time to get scheduled again after waking);
//   * malformed timespecs and unknown clocks fail with EINVAL.
// Measured times vary from run to run, so they go on "[t_sleep] info:" lines, which the checker does
// not compare. Runs unchanged on Linux.
//
// Output:  (t_sleep) begin
//          (t_sleep) clock is monotonic
//          (t_sleep) sleep <d> ms: ok          for d = 0, 1, 5, 20, 100, 250, 1050
//          (t_sleep) invalid timespecs rejected
//          (t_sleep) unknown clock rejected
//          (t_sleep) end
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint64_t kMs = 1'000'000;
constexpr uint64_t kTick = 1 * kMs;

void test_monotonic() {
  uint64_t previous = now_ns();
  check(previous != 0, "clock_gettime(CLOCK_MONOTONIC) failed");
  for (int i = 0; i < 1000; ++i) {
    uint64_t now = now_ns();
    check(now >= previous, "the clock went backwards: {} ns after {} ns", now, previous);
    previous = now;
  }
  msg("clock is monotonic");
}

void test_sleep(uint32_t ms, uint64_t slack) {
  abi::Timespec request = timespec_from_ns(ms * kMs);
  abi::Timespec remaining{-1, -1};
  uint64_t before = now_ns();
  auto r = sys::nanosleep(&request, &remaining);
  uint64_t elapsed = now_ns() - before;
  if (!r) fail_test("sleep {} ms: nanosleep: {}", ms, r.error());
  info("sleep {} ms took {} us", ms, elapsed / 1000);
  uint64_t wanted = ms * kMs;
  check(elapsed + kTick >= wanted, "sleep {} ms: woke after only {} us", ms, elapsed / 1000);
  check(elapsed <= wanted + kTick + slack, "sleep {} ms: took {} us, more than {} ms late", ms,
        elapsed / 1000, (kTick + slack) / kMs);
  msg("sleep {} ms: ok", ms);
}

void expect_einval(const char* what, Result<void> r) {
  if (r) fail_test("{}: succeeded, expected EINVAL", what);
  check(r.error() == Error::InvalidArgument, "{}: {}, expected EINVAL", what, r.error());
}

void test_invalid() {
  abi::Timespec too_many_ns{0, 1'000'000'000};
  expect_einval("nanosleep tv_nsec = 1000000000", sys::nanosleep(&too_many_ns, nullptr));
  abi::Timespec negative_ns{0, -1};
  expect_einval("nanosleep tv_nsec = -1", sys::nanosleep(&negative_ns, nullptr));
  abi::Timespec negative_s{-1, 0};
  expect_einval("nanosleep tv_sec = -1", sys::nanosleep(&negative_s, nullptr));
  msg("invalid timespecs rejected");
  abi::Timespec t{};
  expect_einval("clock_gettime(12345)", sys::clock_gettime(12345, &t));
  msg("unknown clock rejected");
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[SLACK_MS]", 1);
  uint64_t slack = arg_uint(argc, argv, 1, 30) * kMs;
  test_begin("t_sleep");
  test_monotonic();
  for (uint32_t ms : {0u, 1u, 5u, 20u, 100u, 250u, 1050u}) test_sleep(ms, slack);
  test_invalid();
  test_end();
  return 0;
}
