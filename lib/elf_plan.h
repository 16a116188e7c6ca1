// ELF planning: validate a static i386 executable once and describe how its pages are built.
//
// plan_elf() is the single gatekeeper for untrusted ELF files. createimage runs it on the kernel and on
// every user program; the kernel runs it again when it execs a program (the disk may have been edited)
// and then asks the plan, page by page, what to put in a faulting page. Everything a later stage relies
// on - offsets inside the file, no wrap-around, no overlap, user range - is checked here, so the demand
// pager can trust the numbers without re-checking them.
//
// Freestanding: no allocation, no libc; the plan is a fixed-size value.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/elf32.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

// Every reason plan_elf() rejects a file. describe() gives a one-line message for each.
enum class ElfError : uint8_t {
  TruncatedHeader,        // the file is shorter than an ELF header
  HeaderNotInBuffer,      // the caller's buffer is shorter than an ELF header
  BadMagic,               // e_ident does not start with 7F 'E' 'L' 'F'
  NotElf32,               // EI_CLASS is not ELFCLASS32
  NotLittleEndian,        // EI_DATA is not ELFDATA2LSB
  BadVersion,             // EI_VERSION or e_version is not EV_CURRENT
  NotI386,                // e_machine is not EM_386
  NotExecutable,          // e_type is not ET_EXEC (shared objects and PIEs are not supported)
  BadPhentsize,           // e_phentsize is not sizeof(Elf32_Phdr)
  NoProgramHeaders,       // e_phnum is 0
  TooManyProgramHeaders,  // e_phnum > kElfMaxProgramHeaders (includes PN_XNUM)
  PhdrsOutsideFile,       // the program header table does not lie inside the file
  PhdrsNotInBuffer,       // the table is inside the file but not inside the caller's buffer
  DynamicNotSupported,    // PT_INTERP or PT_DYNAMIC present: only static executables run
  SegmentOutsideFile,     // a PT_LOAD's p_offset + p_filesz wraps or passes the end of the file
  FileszExceedsMemsz,     // a PT_LOAD has p_filesz > p_memsz
  SegmentWraps,           // a PT_LOAD's p_vaddr + p_memsz wraps past 4 GiB
  SegmentOutOfRange,      // a PT_LOAD lies (partly) outside [limits.lowest, limits.highest)
  BadAlignment,           // p_align is neither 0, 1 nor a power of two
  NotCongruent,           // p_vaddr and p_offset differ modulo the page size (or modulo p_align)
  TooManySegments,        // more than kElfMaxSegments non-empty PT_LOAD segments
  NoLoadSegments,         // no non-empty PT_LOAD segment
  SegmentsOverlap,        // two PT_LOAD segments share a virtual byte
  EntryNotExecutable,     // e_entry is not inside an executable (PF_X) segment
};

// A one-line, lower-case description, e.g. "segment lies outside the file". Never null.
const char* describe(ElfError error);

inline constexpr uint32_t kElfMaxSegments = 16;
// Bounds the program header table to 52 + 64 * 32 = 2100 bytes, so the first page of a file always
// holds the header and the whole table: the kernel reads one page and plans from it.
inline constexpr uint32_t kElfMaxProgramHeaders = 64;

// Where segments may be placed: every byte of every segment must lie in [lowest, highest).
struct ElfLimits {
  uint32_t lowest;
  uint32_t highest;  // exclusive
};

// User space: page 0 stays unmapped (null-pointer traps); the kernel owns 0xC0000000 and above.
inline constexpr uint32_t kUserSpaceEnd = 0xC0000000;
inline constexpr ElfLimits kUserElfLimits{kPageSize, kUserSpaceEnd};

// One non-empty PT_LOAD segment, as validated: offset + filesz lies inside the file, filesz <= memsz,
// memsz > 0, vaddr + memsz does not wrap and lies inside the limits.
struct ElfSegment {
  uint32_t vaddr;
  uint32_t memsz;
  uint32_t offset;  // file offset of the first byte
  uint32_t filesz;  // bytes [vaddr, vaddr + filesz) come from the file, the rest up to memsz is zero
  uint32_t paddr;   // only meaningful for the kernel image (its load address)
  uint32_t flags;   // elf::kPfR | kPfW | kPfX

  constexpr uint32_t end() const { return vaddr + memsz; }  // exclusive; never wraps
  constexpr bool readable() const { return (flags & elf::kPfR) != 0; }
  constexpr bool writable() const { return (flags & elf::kPfW) != 0; }
  constexpr bool executable() const { return (flags & elf::kPfX) != 0; }
};

// A run of file bytes to copy into a page.
struct PagePiece {
  uint32_t file_offset;  // where the bytes are in the ELF file
  uint32_t length;       // > 0
  uint32_t page_offset;  // where they go in the page; page_offset + length <= kPageSize
};

// What one virtual page of the image contains.
struct PageInfo {
  bool in_image = false;    // some segment covers at least one byte of the page; if false all else is 0
  bool writable = false;    // some segment touching the page is writable
  bool executable = false;  // some segment touching the page is executable
  uint32_t piece_count = 0;
  // Sorted by page_offset, pairwise disjoint. Bytes of the page not covered by a piece are zero (bss,
  // gaps between segments that share the page, and the slack before/after the segments).
  PagePiece pieces[kElfMaxSegments] = {};
};

// A validated executable. Only plan_elf() creates one.
class ElfPlan {
public:
  VirtAddr entry() const { return VirtAddr(entry_); }

  // Segments sorted by ascending vaddr; their byte ranges are disjoint (two may share a page).
  uint32_t segment_count() const { return count_; }
  // Precondition: index < segment_count().
  const ElfSegment& segment(uint32_t index) const { return segments_[index]; }

  // One past the highest byte of any segment: the heap (brk) starts at the next page boundary.
  VirtAddr end() const { return VirtAddr(segments_[count_ - 1].end()); }

  // The contents and protection of one virtual page. Pages outside the image give in_image == false.
  PageInfo page(Vpn page) const;

  // Where the program header table is in the process's memory (AT_PHDR: glibc finds PT_TLS through it):
  // PT_PHDR's address, else the address of the segment bytes that load the table from the file; 0 if
  // no segment loads it (Linux would then point at unmapped memory). Its entries: phnum() of 32 bytes.
  VirtAddr phdr_address() const { return VirtAddr(phdr_address_); }
  uint32_t phnum() const { return phnum_; }

private:
  friend Result<ElfPlan, ElfError> plan_elf(const uint8_t*, size_t, uint32_t, const ElfLimits&);
  ElfPlan() = default;

  uint32_t entry_ = 0;
  uint32_t phdr_address_ = 0;
  uint32_t phnum_ = 0;
  uint32_t count_ = 0;  // >= 1 once planned
  ElfSegment segments_[kElfMaxSegments] = {};
};

// Validates an ELF file and plans its loading.
//   bytes:     the start of the file; `available` bytes of it are readable. Must cover the ELF header
//              and should cover the program header table (a page always does, see above).
//   file_size: the full size of the file, which bounds every offset in it.
//   limits:    the virtual range the segments must lie in (kUserElfLimits for programs).
// Only the header and program headers are read; segment contents are never touched.
Result<ElfPlan, ElfError> plan_elf(const uint8_t* bytes, size_t available, uint32_t file_size,
                                   const ElfLimits& limits);

}  // namespace cw
