#include "kernel/entropy.h"

#include <cstdint>

#include "kernel/arch/cpu.h"
#include "kernel/arch/cpu_features.h"

namespace cw::entropy {

namespace {

inline constexpr uint32_t kCpuidRdrand = 1u << 30;  // CPUID.01H:ECX
inline constexpr int kRdrandRetries = 10;            // Intel's DRNG guide: retry a few times, then give up

uint64_t state = 0;

uint64_t splitmix64() {
  state += 0x9E3779B97F4A7C15ull;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool rdrand32(uint32_t* out) {
  for (int i = 0; i < kRdrandRetries; ++i) {
    uint8_t ok;
    asm volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok) : : "cc");
    if (ok) return true;
  }
  return false;
}

bool has_rdrand() {
  static int known = -1;
  if (known < 0) known = (cpu::cpuid(1).ecx & kCpuidRdrand) != 0 ? 1 : 0;
  return known == 1;
}

uint32_t next_word() {
  uint32_t word;
  if (has_rdrand() && rdrand32(&word)) return word;
  cpu::InterruptGuard guard;
  state ^= cpu::read_tsc();
  return static_cast<uint32_t>(splitmix64() >> 16);
}

}  // namespace

void fill(void* out, size_t length) {
  auto* bytes = static_cast<uint8_t*>(out);
  while (length > 0) {
    uint32_t word = next_word();
    size_t n = length < sizeof(word) ? length : sizeof(word);
    __builtin_memcpy(bytes, &word, n);
    bytes += n;
    length -= n;
  }
}

}  // namespace cw::entropy
