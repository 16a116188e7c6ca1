// Random bytes for user space (AT_RANDOM today; getrandom(2) can draw from the same source).
//
// The source: RDRAND where CPUID.01H:ECX[30] says the CPU has it (Intel SDM Vol 2B, RDRAND), else a
// 64-bit generator (splitmix64) whose state is stirred with the time-stamp counter on every call. The
// fallback is unpredictable enough for glibc's stack-protector canary and pointer guard under an
// emulator, but it is not a cryptographic generator: docs/abi.md says so.
#pragma once

#include <cstddef>

namespace cw::entropy {

void fill(void* out, size_t length);

}  // namespace cw::entropy
