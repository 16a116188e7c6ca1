// The Physical Region Descriptor table of a bus-master IDE transfer (SFF-8038i "Bus Master Programming
// Interface for IDE ATA Controllers" rev 1.0 section 1.2; PIIX4 datasheet section 5.7.4 "Bus Master IDE
// function", "Physical Region Descriptor Format"). Hardware-independent: part of the core, host-tested.
//
// Each entry is two dwords:
//   dword 0  physical base address of a memory region; bit 0 must be 0 (regions are word aligned)
//   dword 1  bits 15:0 byte count (bit 0 must be 0; 0 means 64 KiB), bit 31 EOT: the last entry
// A region must not cross a 64 KiB boundary, so a buffer is cut at every multiple of 64 KiB. The table
// itself is dword aligned and must not cross a 64 KiB boundary either (the driver keeps it at the start
// of a 4 KiB frame).
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::ata {

struct PrdEntry {
  uint32_t base;
  uint32_t count_and_flags;
};
static_assert(sizeof(PrdEntry) == 8, "SFF-8038i: a PRD entry is two dwords");

inline constexpr uint32_t kPrdEndOfTable = 1u << 31;
inline constexpr uint32_t kPrdBoundary = 0x10000;  // regions and the table stay inside one 64 KiB block

// Fills out[0..n) with the regions of the physically contiguous buffer [physical, physical + bytes) and
// returns n; the last entry has EOT. Errors: InvalidArgument if `physical` or `bytes` is odd or `bytes` is
// 0; Range if the buffer runs past 4 GiB; NoSpace if it needs more than `capacity` entries.
Result<uint32_t> build_prd_table(uint32_t physical, uint32_t bytes, PrdEntry* out, uint32_t capacity);

// The byte count an entry moves (decoding the "0 means 64 KiB" rule).
constexpr uint32_t prd_bytes(const PrdEntry& e) {
  uint32_t count = e.count_and_flags & 0xFFFF;
  return count == 0 ? kPrdBoundary : count;
}

}  // namespace cw::ata
