#include "lib/chacha20.h"

namespace cw::chacha20 {

namespace {

constexpr uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

}  // namespace

void quarter_round(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d) {
  a += b; d ^= a; d = rotl(d, 16);
  c += d; b ^= c; b = rotl(b, 12);
  a += b; d ^= a; d = rotl(d, 8);
  c += d; b ^= c; b = rotl(b, 7);
}

void block(const Key& key, uint32_t counter, const Nonce& nonce, uint8_t out[kBlockBytes]) {
  // "expand 32-byte k", then key, counter, nonce (RFC 8439 2.3).
  uint32_t initial[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (int i = 0; i < 8; ++i) initial[4 + i] = key.word[i];
  initial[12] = counter;
  for (int i = 0; i < 3; ++i) initial[13 + i] = nonce.word[i];
  uint32_t x[16];
  for (int i = 0; i < 16; ++i) x[i] = initial[i];
  for (int round = 0; round < 10; ++round) {  // 20 rounds: 10 column + diagonal pairs
    quarter_round(x[0], x[4], x[8], x[12]);
    quarter_round(x[1], x[5], x[9], x[13]);
    quarter_round(x[2], x[6], x[10], x[14]);
    quarter_round(x[3], x[7], x[11], x[15]);
    quarter_round(x[0], x[5], x[10], x[15]);
    quarter_round(x[1], x[6], x[11], x[12]);
    quarter_round(x[2], x[7], x[8], x[13]);
    quarter_round(x[3], x[4], x[9], x[14]);
  }
  for (int i = 0; i < 16; ++i) {
    uint32_t v = x[i] + initial[i];
    for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<uint8_t>(v >> (8 * b));
  }
}

}  // namespace cw::chacha20
