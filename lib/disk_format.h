// The Clockwork disk image format, shared by createimage (which writes it), the bootblock (which reads the
// first pieces of it; boot/bootblock.asm and boot/stage2.asm mirror the offsets marked "bootblock") and
// the kernel.
//
//   LBA 0                 MBR: bootblock code (stage 1), disk signature, partition table, 0x55AA.
//   LBA 1..               stage 2 of the bootblock, kStage2Sectors sectors (in the gap before partition 1)
//   partition 1 (0x7F)    the system partition, bootable:
//       sector 0            Superblock (kernel extent, program directory extent, kernel command line)
//       sector 1..          program directory: ProgramEntry[], kProgramEntriesPerSector per sector
//       4 KiB aligned       kernel: the kernel ELF's loadable segments flattened from their lowest
//                           physical address (what the bootblock copies to kKernelLoadAddress)
//       4 KiB aligned       each program, as its unmodified ELF file, read on demand by the kernel
//   partition 2 (0x82)    the swap partition: raw page-sized slots, slot n at sector n * 8.
//
// All offsets inside a partition are in sectors relative to that partition's first LBA. Every piece
// inside partition 1 starts on a 4 KiB boundary so a page of a program file is a whole run of sectors.
// Multi-byte fields are little-endian (the only byte order i386 and the host tools run on).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::disk {

inline constexpr uint32_t kSectorSize = 512;
inline constexpr uint32_t kSectorsPerPage = 4096 / kSectorSize;

// --- MBR (the partition table layout of the IBM PC; the UEFI spec 2.10 section 5.2.1 restates it) -------
inline constexpr uint32_t kMbrDiskSignatureOffset = 440;
inline constexpr uint32_t kMbrPartitionTableOffset = 446;  // bootblock: 0x1BE
inline constexpr uint32_t kMbrBootSignatureOffset = 510;
inline constexpr uint16_t kMbrBootSignature = 0xAA55;      // bytes 0x55, 0xAA
inline constexpr uint32_t kMbrPartitionCount = 4;
inline constexpr uint8_t kPartitionActive = 0x80;
inline constexpr uint8_t kPartitionTypeSystem = 0x7F;      // "alternative OS development"
inline constexpr uint8_t kPartitionTypeSwap = 0x82;        // Linux swap, as Clockwork uses it raw
inline constexpr uint32_t kPartitionAlignSectors = 2048;   // 1 MiB, as partitioning tools align

// --- Stage 2 of the bootblock: LBA kStage2Lba.., loaded by the MBR code to kStage2Address -----------
// The MBR code only loads it and checks its first dword; stage 2 validates the superblock, loads and
// checksums the kernel and enters protected mode (docs/boot.md).
inline constexpr uint32_t kStage2Lba = 1;                  // bootblock: STAGE2_LBA
inline constexpr uint32_t kStage2Sectors = 8;              // bootblock: STAGE2_SECTORS (4 KiB)
inline constexpr uint32_t kStage2Address = 0x00008000;     // bootblock: STAGE2
inline constexpr uint32_t kStage2Magic = 0x32535743;       // "CWS2" little-endian, stage 2's first dword
static_assert(kStage2Lba + kStage2Sectors <= kPartitionAlignSectors);

struct [[gnu::packed]] MbrPartitionEntry {
  uint8_t status;        // 0x80 active (bootable), 0x00 inactive
  uint8_t chs_first[3];  // unused by Clockwork: filled with the "beyond CHS" marker FE FF FF
  uint8_t type;
  uint8_t chs_last[3];
  uint32_t lba_first;    // bootblock: entry 0 at 0x1BE + 8
  uint32_t sector_count;
};
static_assert(sizeof(MbrPartitionEntry) == 16);
static_assert(offsetof(MbrPartitionEntry, lba_first) == 8);
static_assert(kMbrPartitionTableOffset + kMbrPartitionCount * sizeof(MbrPartitionEntry) ==
              kMbrBootSignatureOffset);

// --- Superblock: sector 0 of the system partition ----------------------------------------------------
inline constexpr uint32_t kSuperblockMagic = 0x4B574C43;  // "CLWK" little-endian; bootblock checks it
// Version 2: stage 2 at LBA 1, Superblock::kernel_checksum, every field validated by the bootblock.
inline constexpr uint16_t kFormatVersion = 2;             // bootblock: SB_VERSION
inline constexpr uint32_t kCmdlineMax = 256;              // bytes including the terminating NUL

// Stage 2 reads the flat kernel in 32 KiB chunks into conventional memory at kKernelBounce and copies
// each to its place from kKernelLoadAddress with the BIOS (INT 15h AH=87h), so conventional memory does
// not bound the kernel's size; kKernelMaxBytes is a sanity bound well below kKernelMemoryEnd.
inline constexpr uint32_t kKernelLoadAddress = 0x00100000;  // physical, 1 MiB
inline constexpr uint32_t kKernelBounce = 0x00010000;       // bootblock: real-mode buffer 0x1000:0000, one chunk
inline constexpr uint32_t kKernelMaxBytes = 4 * 1024 * 1024;
inline constexpr uint32_t kKernelMaxSectors = kKernelMaxBytes / kSectorSize;
// kernel/arch/entry.asm maps the first 64 MiB: the kernel's memory (through .bss) must end below.
inline constexpr uint32_t kKernelMemoryEnd = 0x04000000;

struct [[gnu::packed]] Superblock {
  uint32_t magic;             // kSuperblockMagic                       bootblock: offset 0
  uint16_t version;           // kFormatVersion                         bootblock: offset 4
  uint16_t superblock_size;   // sizeof(Superblock)                     bootblock: offset 6
  uint32_t kernel_start;      // first sector, relative to the partition bootblock: offset 8
  uint32_t kernel_sectors;    // sectors of flat kernel image           bootblock: offset 12
  uint32_t kernel_entry;      // physical entry point                   bootblock: offset 16
  uint32_t kernel_load;       // physical load address (kKernelLoadAddress)  bootblock: offset 20
  uint32_t kernel_memsz;      // bytes from kernel_load to the end of .bss   bootblock: offset 24
  uint32_t progdir_start;     // first sector of the program directory       bootblock: offset 28
  uint32_t progdir_count;     // number of ProgramEntry records              bootblock: offset 32
  uint32_t partition_sectors; // size of the system partition                bootblock: offset 36
  uint32_t kernel_checksum;   // lib/crc32.h over the kernel_sectors sectors bootblock: offset 40
  uint32_t reserved[7];       // zero
  char cmdline[kCmdlineMax];  // NUL-terminated kernel command line
  uint8_t pad[kSectorSize - 72 - kCmdlineMax];
};
static_assert(sizeof(Superblock) == kSectorSize);
static_assert(offsetof(Superblock, magic) == 0 && offsetof(Superblock, version) == 4);
static_assert(offsetof(Superblock, superblock_size) == 6);
static_assert(offsetof(Superblock, kernel_start) == 8);
static_assert(offsetof(Superblock, kernel_sectors) == 12);
static_assert(offsetof(Superblock, kernel_entry) == 16);
static_assert(offsetof(Superblock, kernel_load) == 20 && offsetof(Superblock, kernel_memsz) == 24);
static_assert(offsetof(Superblock, progdir_start) == 28 && offsetof(Superblock, progdir_count) == 32);
static_assert(offsetof(Superblock, partition_sectors) == 36 && offsetof(Superblock, kernel_checksum) == 40);
static_assert(offsetof(Superblock, reserved) == 44);
static_assert(offsetof(Superblock, cmdline) == 72);

// --- Program directory -------------------------------------------------------------------------------
inline constexpr uint32_t kProgramNameMax = 24;  // bytes including the terminating NUL
inline constexpr uint32_t kMaxPrograms = 256;

struct [[gnu::packed]] ProgramEntry {
  char name[kProgramNameMax];  // NUL-terminated, [A-Za-z0-9_.-]+
  uint32_t start;              // first sector of the ELF file, relative to the partition, 4 KiB aligned
  uint32_t size;               // ELF file size in bytes
};
static_assert(sizeof(ProgramEntry) == 32);
inline constexpr uint32_t kProgramEntriesPerSector = kSectorSize / sizeof(ProgramEntry);
static_assert(kSectorSize % sizeof(ProgramEntry) == 0);

// --- Boot handoff: what the bootblock leaves for the kernel ------------------------------------------
// On entry to the kernel (32-bit protected mode, paging off, interrupts off, flat 4 GiB segments, no
// valid stack): eax = kBootMagic, ebx = kBootInfoAddress. The superblock copy and the E820 map sit at
// fixed addresses in conventional memory, which the kernel must read before it reuses low memory.
inline constexpr uint32_t kBootMagic = 0x2BADC10C;
inline constexpr uint32_t kBootInfoAddress = 0x00000600;   // bootblock: BOOT_INFO
inline constexpr uint32_t kSuperblockAddress = 0x00007E00;  // bootblock: SUPERBLOCK
inline constexpr uint32_t kE820Address = 0x00001000;        // bootblock: E820_BUF
inline constexpr uint32_t kE820MaxEntries = 64;             // bootblock: E820_MAX

// One BIOS int 15h, eax=E820h record (ACPI 6.4 section 15.1, "INT 15H, E820H"). The bootblock asks for
// 24-byte records but a BIOS may answer with 20, so `attributes` is not meaningful and is ignored.
struct [[gnu::packed]] E820Entry {
  uint64_t base;
  uint64_t length;
  uint32_t type;        // 1 usable, 2 reserved, 3 ACPI reclaimable, 4 ACPI NVS, 5 bad
  uint32_t attributes;
};
static_assert(sizeof(E820Entry) == 24);

// Written field by field by the bootblock's 16-bit code, hence the narrow fields.
struct [[gnu::packed]] BootInfo {
  uint8_t boot_drive;      // BIOS drive number (0x80: first hard disk, or a USB stick)   bootblock: +0
  uint8_t unspecified;     // not written by the bootblock
  uint16_t e820_count;     // records at kE820Address                                     bootblock: +2
  uint32_t partition_lba;  // first LBA of the system partition                          bootblock: +4
};
static_assert(sizeof(BootInfo) == 8);
static_assert(offsetof(BootInfo, e820_count) == 2 && offsetof(BootInfo, partition_lba) == 4);
static_assert(kE820Address + kE820MaxEntries * sizeof(E820Entry) <= kSuperblockAddress);
static_assert(kStage2Address == kSuperblockAddress + kSectorSize);
static_assert(kKernelBounce >= kStage2Address + kStage2Sectors * kSectorSize);

}  // namespace cw::disk
