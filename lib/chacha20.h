// The ChaCha20 block function (RFC 8439 2.3): 64 bytes of key stream from a 256-bit key, a 32-bit block
// counter and a 96-bit nonce. The kernel's random generator (kernel/random.h) is built on it.
#pragma once

#include <cstdint>

namespace cw::chacha20 {

inline constexpr uint32_t kBlockBytes = 64;

struct Key {
  uint32_t word[8];
};
struct Nonce {
  uint32_t word[3];
};

// The 16 words of the block for (key, counter, nonce), serialised little-endian into `out`.
void block(const Key& key, uint32_t counter, const Nonce& nonce, uint8_t out[kBlockBytes]);

// One quarter round on four state words (RFC 8439 2.1), exposed for its test vector.
void quarter_round(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d);

}  // namespace cw::chacha20
