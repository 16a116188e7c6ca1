#include "drivers/ata/ata_identify.h"

namespace cw::ata {

namespace {

inline constexpr uint16_t kConfigNotAta = 1u << 15;
inline constexpr uint16_t kConfigCompactFlash = 0x848A;
inline constexpr uint16_t kCapabilityDma = 1u << 8;
inline constexpr uint16_t kCapabilityLba = 1u << 9;
inline constexpr uint16_t kWord88Valid = 1u << 2;  // word 53
inline constexpr uint16_t kValidMask = 0xC000, kValidValue = 0x4000;  // words 83 and 106: bits 15:14 = 01
inline constexpr uint16_t kSupportsLba48 = 1u << 10;
inline constexpr uint16_t kSupportsFlushCache = 1u << 12;
inline constexpr uint16_t kSupportsFlushCacheExt = 1u << 13;
inline constexpr uint16_t kLongLogicalSector = 1u << 12;
inline constexpr uint8_t kIntegritySignature = 0xA5;

// Copies the ATA string of (N - 1) / 2 words from `first` (high byte first) into `out` and trims trailing
// spaces and NULs.
template <size_t N>
void copy_string(const uint16_t (&words)[kIdentifyWords], size_t first, char (&out)[N]) {
  static_assert(N % 2 == 1, "two characters per word plus the NUL");
  size_t length = N - 1;
  for (size_t i = 0; i < length / 2; ++i) {
    uint16_t w = words[first + i];
    out[2 * i] = static_cast<char>(w >> 8);
    out[2 * i + 1] = static_cast<char>(w & 0xFF);
  }
  while (length > 0 && (out[length - 1] == ' ' || out[length - 1] == '\0')) --length;
  out[length] = '\0';
}

bool valid(uint16_t word) { return (word & kValidMask) == kValidValue; }

}  // namespace

Result<Identity> parse_identify(const uint16_t (&words)[kIdentifyWords]) {
  if ((words[255] & 0xFF) == kIntegritySignature) {
    uint8_t sum = 0;
    for (uint16_t w : words) sum = static_cast<uint8_t>(sum + (w & 0xFF) + (w >> 8));
    if (sum != 0) return fail(Error::InvalidArgument);
  }
  if ((words[0] & kConfigNotAta) != 0 && words[0] != kConfigCompactFlash) return fail(Error::NoDevice);
  if ((words[49] & kCapabilityLba) == 0) return fail(Error::NotImplemented);
  if (valid(words[106]) && (words[106] & kLongLogicalSector) != 0) {
    uint32_t logical_words = words[117] | (uint32_t{words[118]} << 16);
    if (logical_words != 256) return fail(Error::NotImplemented);
  }

  Identity id;
  copy_string(words, 10, id.serial);
  copy_string(words, 23, id.firmware);
  copy_string(words, 27, id.model);
  if (valid(words[83])) {
    id.lba48 = (words[83] & kSupportsLba48) != 0;
    id.flush_cache = (words[83] & kSupportsFlushCache) != 0;
    id.flush_cache_ext = (words[83] & kSupportsFlushCacheExt) != 0;
  }
  id.dma = (words[49] & kCapabilityDma) != 0;
  id.mwdma_supported = static_cast<uint8_t>(words[63] & 0x07);
  id.mwdma_selected = static_cast<uint8_t>((words[63] >> 8) & 0x07);
  if ((words[53] & kWord88Valid) != 0) {
    id.udma_supported = static_cast<uint8_t>(words[88] & 0x7F);
    id.udma_selected = static_cast<uint8_t>((words[88] >> 8) & 0x7F);
  }
  uint64_t lba28_sectors = words[60] | (uint64_t{words[61]} << 16);
  uint64_t lba48_sectors = 0;
  for (size_t i = 0; i < 4; ++i) lba48_sectors |= uint64_t{words[100 + i]} << (16 * i);
  id.sectors = id.lba48 && lba48_sectors != 0 ? lba48_sectors : lba28_sectors;
  if (id.sectors == 0 || id.sectors > (uint64_t{1} << 48)) return fail(Error::InvalidArgument);
  return id;
}

}  // namespace cw::ata
