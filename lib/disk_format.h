// The Clockwork disk image format, shared by createimage (which writes it), the bootblock (which reads the
// first pieces of it; boot/bootblock.asm mirrors the offsets marked "bootblock") and the kernel.
//
//   LBA 0                 MBR: bootblock code, disk signature, partition table, 0x55AA.
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
inline constexpr uint16_t kFormatVersion = 1;
inline constexpr uint32_t kCmdlineMax = 256;              // bytes including the terminating NUL

// The bootblock reads the flat kernel into conventional memory at kKernelBounce, then copies it to
// kKernelLoadAddress once in protected mode. The bounce buffer bounds the kernel size.
inline constexpr uint32_t kKernelLoadAddress = 0x00100000;  // physical, 1 MiB
// From the end of the superblock (0x7E00 + 512): 544 KiB; the 32 KiB chunks stay 32 KiB aligned, so no
// BIOS read crosses a 64 KiB boundary.
inline constexpr uint32_t kKernelBounce = 0x00008000;       // bootblock: real-mode buffer 0x0800:0000
inline constexpr uint32_t kKernelBounceEnd = 0x00090000;    // below the EBDA and video memory
inline constexpr uint32_t kKernelMaxBytes = kKernelBounceEnd - kKernelBounce;
inline constexpr uint32_t kKernelMaxSectors = kKernelMaxBytes / kSectorSize;

struct [[gnu::packed]] Superblock {
  uint32_t magic;             // kSuperblockMagic                       bootblock: offset 0
  uint16_t version;           // kFormatVersion
  uint16_t superblock_size;   // sizeof(Superblock)
  uint32_t kernel_start;      // first sector, relative to the partition bootblock: offset 8
  uint32_t kernel_sectors;    // sectors of flat kernel image           bootblock: offset 12
  uint32_t kernel_entry;      // physical entry point                   bootblock: offset 16
  uint32_t kernel_load;       // physical load address (kKernelLoadAddress)
  uint32_t kernel_memsz;      // bytes from kernel_load to the end of .bss
  uint32_t progdir_start;     // first sector of the program directory
  uint32_t progdir_count;     // number of ProgramEntry records
  uint32_t partition_sectors; // size of the system partition
  uint32_t reserved[8];
  char cmdline[kCmdlineMax];  // NUL-terminated kernel command line
  uint8_t pad[kSectorSize - 72 - kCmdlineMax];
};
static_assert(sizeof(Superblock) == kSectorSize);
static_assert(offsetof(Superblock, kernel_start) == 8);
static_assert(offsetof(Superblock, kernel_sectors) == 12);
static_assert(offsetof(Superblock, kernel_entry) == 16);
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
static_assert(kKernelBounce >= kSuperblockAddress + kSectorSize);

}  // namespace cw::disk
