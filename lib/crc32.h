// CRC-32 as in IEEE 802.3 and zlib (reflected polynomial 0xEDB88320, initial value and final xor
// 0xFFFFFFFF; crc32("123456789") = 0xCBF43926). The superblock's kernel_checksum uses it; boot/stage2.asm
// computes the same value bit by bit, so this version is bitwise too (no table to keep in sync).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw {

// Continues a CRC over `size` more bytes; start with crc32_update(kCrc32Init, ...) and finish with
// crc32_final. crc32() does all three for one buffer.
inline constexpr uint32_t kCrc32Init = 0xFFFFFFFFu;
uint32_t crc32_update(uint32_t state, const void* data, size_t size);
inline constexpr uint32_t crc32_final(uint32_t state) { return state ^ 0xFFFFFFFFu; }
inline uint32_t crc32(const void* data, size_t size) { return crc32_final(crc32_update(kCrc32Init, data, size)); }

}  // namespace cw
