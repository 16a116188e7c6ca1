#include "procs/lib/clock.h"

#include "procs/lib/syscall.h"

namespace cw::user {

uint64_t now_ns() {
  abi::Timespec t{};
  if (!sys::clock_gettime(abi::kClockMonotonic, &t)) return 0;
  return ns_from_timespec(t);
}

uint64_t now_ms() { return now_ns() / 1'000'000; }

Result<void> sleep_ms(uint32_t ms) {
  abi::Timespec request = timespec_from_ns(static_cast<uint64_t>(ms) * 1'000'000);
  return sys::nanosleep(&request, nullptr);
}

}  // namespace cw::user
