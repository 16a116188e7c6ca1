#include "kernel/random.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/cpu_features.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "lib/chacha20.h"

namespace cw::random {

namespace {

inline constexpr uint32_t kCpuidEcxRdrand = 1u << 30;
inline constexpr int kRdrandRetries = 10;  // Intel's DRNG guide: retry up to 10 times on CF=0
inline constexpr int kJitterSamples = 32;

chacha20::Key key{};
uint64_t counter = 0;  // the nonce: one per request, so no (key, nonce) pair repeats
bool seeded = false;

bool rdrand32(uint32_t& out) {
  for (int i = 0; i < kRdrandRetries; ++i) {
    uint8_t ok;
    asm volatile("rdrand %0; setc %1" : "=r"(out), "=qm"(ok));
    if (ok) return true;
  }
  return false;
}

// Folds 32 bits into the key through a ChaCha block, so every input bit affects the whole key.
void mix(uint32_t value) {
  key.word[0] ^= value;
  uint8_t block[chacha20::kBlockBytes];
  chacha20::block(key, 0, chacha20::Nonce{{0xFFFFFFFF, 0, 0}}, block);
  __builtin_memcpy(key.word, block, sizeof(key.word));
}

}  // namespace

bool has_rdrand() { return (cpu::cpuid(1).ecx & kCpuidEcxRdrand) != 0; }

void init() {
  CW_ASSERT(cpu::interrupts_enabled());  // the jitter seed halts until timer ticks
  bool from_rdrand = has_rdrand();
  if (from_rdrand) {
    for (int i = 0; i < 8 && from_rdrand; ++i) from_rdrand = rdrand32(key.word[i]);
  }
  if (!from_rdrand) {
    for (int i = 0; i < kJitterSamples; ++i) {
      uint64_t tick = pit::ticks();
      while (pit::ticks() == tick) cpu::halt();
      mix(static_cast<uint32_t>(cpu::read_tsc()));
    }
  }
  seeded = true;
  kprint("random: seeded from {}\n", from_rdrand ? "RDRAND" : "TSC/PIT jitter");
}

void fill(uint8_t* out, size_t length) {
  cpu::InterruptGuard guard;  // one request at a time: the key and counter are shared
  CW_ASSERT(seeded);  // init() runs at boot, before the first system call
  mix(static_cast<uint32_t>(cpu::read_tsc()));
  uint32_t rd;
  if (has_rdrand() && rdrand32(rd)) mix(rd);
  chacha20::Nonce nonce{{static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32), 0x67657472}};
  ++counter;
  // All output comes from the key as it was on entry; block 0's first 32 bytes replace it before
  // returning, and nothing derived from the replacement is ever output.
  chacha20::Key current = key;
  uint8_t block[chacha20::kBlockBytes];
  chacha20::block(current, 0, nonce, block);
  __builtin_memcpy(key.word, block, sizeof(key.word));
  size_t done = length < chacha20::kBlockBytes - 32 ? length : chacha20::kBlockBytes - 32;
  __builtin_memcpy(out, block + 32, done);
  for (uint32_t index = 1; done < length; ++index) {
    chacha20::block(current, index, nonce, block);
    size_t n = length - done < chacha20::kBlockBytes ? length - done : chacha20::kBlockBytes;
    __builtin_memcpy(out + done, block, n);
    done += n;
  }
  __builtin_memset(&current, 0, sizeof(current));
  __builtin_memset(block, 0, sizeof(block));
}

}  // namespace cw::random
