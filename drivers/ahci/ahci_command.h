// The memory structures an AHCI port reads for one command (Serial ATA AHCI 1.3.1 section 4.2): the
// command header in the command list, the command FIS (a Register Host-to-Device FIS, Serial ATA 3.0
// section 10.3.4) and the physical region descriptor table of the command table. Hardware-independent:
// part of the core, host-tested.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::ahci {

// Command header (section 4.2.2), 32 bytes; the command list holds 32 of them, slot n at 32 * n.
struct CommandHeader {
  uint32_t flags;         // bits 4:0 CFL (command FIS length in dwords), bit 6 W (write), 31:16 PRDTL
  uint32_t transferred;   // PRDBC: bytes moved, written by the HBA
  uint32_t table;         // CTBA: physical address of the command table, 128-byte aligned
  uint32_t table_high;    // CTBAU
  uint32_t reserved[4];
};
static_assert(sizeof(CommandHeader) == 32);

// PRDT entry (section 4.2.3.3), 16 bytes: a region of at most 4 MiB, word aligned, even length.
struct PrdtEntry {
  uint32_t base;
  uint32_t base_high;
  uint32_t reserved;
  uint32_t count;  // bits 21:0 byte count - 1 (bit 0 always 1), bit 31 interrupt on completion
};
static_assert(sizeof(PrdtEntry) == 16);

inline constexpr uint32_t kPrdtMaxBytes = 4u << 20;
inline constexpr uint32_t kFisLengthDwords = 5;        // a Register H2D FIS is 20 bytes
inline constexpr uint32_t kHeaderWrite = 1u << 6;
inline constexpr uint8_t kFisTypeRegisterH2D = 0x27;
inline constexpr uint8_t kFisCommand = 0x80;           // byte 1 bit 7: the FIS carries a command
inline constexpr uint8_t kDeviceLba = 0x40;

// Writes the 20-byte Register H2D FIS of an ATA command with 48-bit LBA and count into fis[0..20).
void build_command_fis(uint8_t* fis, uint8_t command, uint64_t lba, uint16_t count);

// Fills out[0..n) with the regions of the physically contiguous buffer [physical, physical + bytes) and
// returns n. Errors: InvalidArgument for an odd address or size or 0 bytes; Range past 4 GiB (the driver
// does not use 64-bit addressing); NoSpace beyond `capacity` entries.
Result<uint32_t> build_prdt(uint32_t physical, uint32_t bytes, PrdtEntry* out, uint32_t capacity);

// The header of a command with `prdt_entries` regions at command table `table`.
CommandHeader make_header(uint32_t table, uint32_t prdt_entries, bool write);

}  // namespace cw::ahci
