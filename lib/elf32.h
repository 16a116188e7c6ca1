// ELF32 file structures and the constants Clockwork uses.
//
// Layouts and values follow the System V ABI, "Object Files" chapter (gABI 4.1, Figures 4-3 "ELF Header",
// 4-4/4-5 e_ident, and "Program Header"), together with the Intel386 psABI supplement (EM_386, 4 KiB
// pages, little-endian ELFCLASS32). Only what a static-executable loader needs is defined: no sections,
// no symbols, no relocations.
//
// The structs mirror the file bytes exactly; they are plain data and carry no invariants. Validation
// lives in lib/elf_plan.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::elf {

// --- e_ident (gABI "ELF Identification") -------------------------------------------------------------
inline constexpr uint32_t kIdentSize = 16;
inline constexpr uint32_t kIdentClass = 4;    // EI_CLASS
inline constexpr uint32_t kIdentData = 5;     // EI_DATA
inline constexpr uint32_t kIdentVersion = 6;  // EI_VERSION
inline constexpr uint8_t kMagic[4] = {0x7F, 'E', 'L', 'F'};
inline constexpr uint8_t kClass32 = 1;        // ELFCLASS32
inline constexpr uint8_t kDataLsb = 1;        // ELFDATA2LSB: two's complement, little-endian
inline constexpr uint8_t kVersionCurrent = 1; // EV_CURRENT, in both e_ident and e_version

// --- e_type / e_machine -------------------------------------------------------------------------------
inline constexpr uint16_t kTypeExec = 2;      // ET_EXEC: fixed-address executable
inline constexpr uint16_t kTypeDyn = 3;       // ET_DYN: shared object / PIE (rejected)
inline constexpr uint16_t kMachine386 = 3;    // EM_386 (i386 psABI)

// --- Program header types and flags (gABI "Program Header", "Segment Permissions") -------------------
inline constexpr uint32_t kPtNull = 0;
inline constexpr uint32_t kPtLoad = 1;
inline constexpr uint32_t kPtDynamic = 2;
inline constexpr uint32_t kPtInterp = 3;
inline constexpr uint32_t kPtNote = 4;
inline constexpr uint32_t kPtPhdr = 6;
inline constexpr uint32_t kPtGnuStack = 0x6474E551;  // GNU extension: stack permissions marker

inline constexpr uint32_t kPfX = 1;  // PF_X
inline constexpr uint32_t kPfW = 2;  // PF_W
inline constexpr uint32_t kPfR = 4;  // PF_R

// PN_XNUM: e_phnum value meaning "the real count is in section header 0" (not supported).
inline constexpr uint16_t kPnXnum = 0xFFFF;

// Elf32_Ehdr.
struct FileHeader {
  uint8_t ident[kIdentSize];
  uint16_t type;
  uint16_t machine;
  uint32_t version;
  uint32_t entry;
  uint32_t phoff;
  uint32_t shoff;
  uint32_t flags;
  uint16_t ehsize;
  uint16_t phentsize;
  uint16_t phnum;
  uint16_t shentsize;
  uint16_t shnum;
  uint16_t shstrndx;
};
static_assert(sizeof(FileHeader) == 52);
static_assert(offsetof(FileHeader, entry) == 24);
static_assert(offsetof(FileHeader, phoff) == 28);
static_assert(offsetof(FileHeader, phentsize) == 42);
static_assert(offsetof(FileHeader, phnum) == 44);

// Elf32_Phdr. Note the ELF32 field order differs from ELF64 (p_flags comes after p_memsz).
struct ProgramHeader {
  uint32_t type;
  uint32_t offset;
  uint32_t vaddr;
  uint32_t paddr;
  uint32_t filesz;
  uint32_t memsz;
  uint32_t flags;
  uint32_t align;
};
static_assert(sizeof(ProgramHeader) == 32);
static_assert(offsetof(ProgramHeader, vaddr) == 8);
static_assert(offsetof(ProgramHeader, flags) == 24);

}  // namespace cw::elf
