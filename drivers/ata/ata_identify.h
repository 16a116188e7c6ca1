// Decoding the 256-word IDENTIFY DEVICE data block (ATA/ATAPI-6 clause 8, IDENTIFY DEVICE, "IDENTIFY
// DEVICE information" table). Hardware-independent: part of the core, host-tested.
//
// Words used:
//   0        general configuration: bit 15 = 0 for an ATA device (0x848A marks a CompactFlash card)
//   10-19    serial number, 23-26 firmware revision, 27-46 model number: ASCII, two characters per word,
//            the first in the high byte, padded with spaces
//   49       capabilities: bit 8 DMA supported, bit 9 LBA supported
//   53       field validity: bit 2 word 88 valid
//   60-61    sectors addressable with 28-bit LBA
//   63       multiword DMA: bits 2:0 modes 0-2 supported, bits 10:8 the mode selected (at most one bit)
//   83       command sets supported (valid if bits 15:14 = 01): bit 10 48-bit address feature set,
//            bit 12 FLUSH CACHE, bit 13 FLUSH CACHE EXT
//   88       Ultra DMA (valid if word 53 bit 2): bits 6:0 modes 0-6 supported, bits 14:8 the mode selected
//   100-103  sectors addressable with 48-bit LBA
//   106      sector sizes (valid if bits 15:14 = 01): bit 12 logical sector longer than 256 words,
//   117-118  logical sector size in words
//   255      integrity word: if bits 7:0 are 0xA5, the sum of all 512 bytes is 0 modulo 256
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::ata {

inline constexpr size_t kIdentifyWords = 256;

struct Identity {
  char model[41] = {};     // NUL-terminated, trailing spaces removed
  char serial[21] = {};
  char firmware[9] = {};
  bool lba48 = false;      // 48-bit addressing supported (READ/WRITE SECTORS EXT)
  bool flush_cache = false;
  bool flush_cache_ext = false;
  uint64_t sectors = 0;    // addressable 512-byte sectors: the 48-bit count when lba48, else the 28-bit one
  bool dma = false;             // word 49 bit 8: READ/WRITE DMA (EXT) supported
  uint8_t mwdma_supported = 0;  // word 63 bits 2:0, bit n = multiword DMA mode n
  uint8_t mwdma_selected = 0;   // word 63 bits 10:8
  uint8_t udma_supported = 0;   // word 88 bits 6:0, bit n = Ultra DMA mode n (0 if word 88 is not valid)
  uint8_t udma_selected = 0;    // word 88 bits 14:8

  StringView model_view() const { return StringView(model); }
};

// Errors: InvalidArgument if the integrity checksum is present and wrong, or the sector count is 0 or
// beyond 48 bits; NoDevice if word 0 says it is not an ATA device; NotImplemented if it cannot do LBA (CHS only)
// or its logical sectors are not 512 bytes.
Result<Identity> parse_identify(const uint16_t (&words)[kIdentifyWords]);

}  // namespace cw::ata
