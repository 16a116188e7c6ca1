// lib/chacha20.h against the test vectors of RFC 8439.
#include "lib/chacha20.h"

#include <gtest/gtest.h>

using namespace cw::chacha20;

TEST(ChaCha20, QuarterRoundVector) {  // RFC 8439 2.1.1
  uint32_t a = 0x11111111, b = 0x01020304, c = 0x9b8d6f43, d = 0x01234567;
  quarter_round(a, b, c, d);
  EXPECT_EQ(a, 0xea2a92f4u);
  EXPECT_EQ(b, 0xcb1cf8ceu);
  EXPECT_EQ(c, 0x4581472eu);
  EXPECT_EQ(d, 0x5881c4bbu);
}

TEST(ChaCha20, BlockVector) {  // RFC 8439 2.3.2: key 00..1f, nonce 000000090000004a00000000, counter 1
  Key key;
  for (uint32_t i = 0; i < 8; ++i) {
    uint32_t b = 4 * i;
    key.word[i] = b | (b + 1) << 8 | (b + 2) << 16 | (b + 3) << 24;
  }
  Nonce nonce{{0x09000000, 0x4a000000, 0x00000000}};
  uint8_t out[kBlockBytes];
  block(key, 1, nonce, out);
  const uint8_t expected[16] = {0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
                                0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4};
  for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], expected[i]) << i;
  const uint8_t tail[4] = {0xa2, 0x50, 0x3c, 0x4e};  // the block's last four bytes
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out[60 + i], tail[i]) << i;
}
