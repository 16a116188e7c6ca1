#include "lib/elf_plan.h"

#include "lib/elf32.h"

namespace cw {

const char* describe(ElfError error) {
  switch (error) {
    case ElfError::TruncatedHeader: return "file is too small to hold an ELF header";
    case ElfError::HeaderNotInBuffer: return "buffer is too small to hold the ELF header";
    case ElfError::BadMagic: return "not an ELF file (bad magic)";
    case ElfError::NotElf32: return "not a 32-bit ELF file";
    case ElfError::NotLittleEndian: return "not a little-endian ELF file";
    case ElfError::BadVersion: return "unsupported ELF version";
    case ElfError::NotI386: return "not an i386 ELF file";
    case ElfError::NotExecutable: return "not a fixed-address executable (ET_EXEC)";
    case ElfError::BadPhentsize: return "program header entry size is not 32";
    case ElfError::NoProgramHeaders: return "no program headers";
    case ElfError::TooManyProgramHeaders: return "too many program headers";
    case ElfError::PhdrsOutsideFile: return "program header table lies outside the file";
    case ElfError::PhdrsNotInBuffer: return "program header table lies outside the readable buffer";
    case ElfError::DynamicNotSupported: return "dynamically linked; only static executables are supported";
    case ElfError::SegmentOutsideFile: return "segment lies outside the file";
    case ElfError::FileszExceedsMemsz: return "segment file size exceeds its memory size";
    case ElfError::SegmentWraps: return "segment wraps around the end of the address space";
    case ElfError::SegmentOutOfRange: return "segment lies outside the allowed address range";
    case ElfError::BadAlignment: return "segment alignment is not a power of two";
    case ElfError::NotCongruent: return "segment address and file offset differ modulo the page size";
    case ElfError::TooManySegments: return "too many loadable segments";
    case ElfError::NoLoadSegments: return "no loadable segments";
    case ElfError::SegmentsOverlap: return "loadable segments overlap";
    case ElfError::EntryNotExecutable: return "entry point is not inside an executable segment";
  }
  return "unknown ELF error";
}

namespace {

// Copies a structure out of the file bytes: the buffer need not be aligned. The file is little-endian
// and so are both i386 and the x86-64 hosts, so no byte swapping is needed.
template <typename T>
T load(const uint8_t* bytes) {
  T value;
  auto* out = reinterpret_cast<uint8_t*>(&value);
  for (size_t i = 0; i < sizeof(T); ++i) out[i] = bytes[i];
  return value;
}

constexpr bool is_power_of_two(uint32_t value) { return value != 0 && (value & (value - 1)) == 0; }

Result<void, ElfError> check_header(const elf::FileHeader& header) {
  for (uint32_t i = 0; i < 4; ++i) {
    if (header.ident[i] != elf::kMagic[i]) return ElfError::BadMagic;
  }
  if (header.ident[elf::kIdentClass] != elf::kClass32) return ElfError::NotElf32;
  if (header.ident[elf::kIdentData] != elf::kDataLsb) return ElfError::NotLittleEndian;
  if (header.ident[elf::kIdentVersion] != elf::kVersionCurrent || header.version != elf::kVersionCurrent) {
    return ElfError::BadVersion;
  }
  if (header.machine != elf::kMachine386) return ElfError::NotI386;
  if (header.type != elf::kTypeExec) return ElfError::NotExecutable;
  if (header.phentsize != sizeof(elf::ProgramHeader)) return ElfError::BadPhentsize;
  if (header.phnum == 0) return ElfError::NoProgramHeaders;
  if (header.phnum > kElfMaxProgramHeaders) return ElfError::TooManyProgramHeaders;
  return {};
}

// Validates one PT_LOAD in isolation (overlap and entry need all segments and are checked later).
Result<void, ElfError> check_load(const elf::ProgramHeader& ph, uint32_t file_size, const ElfLimits& limits) {
  uint32_t file_end = 0;
  if (!checked_add(ph.offset, ph.filesz, &file_end) || file_end > file_size) {
    return ElfError::SegmentOutsideFile;
  }
  if (ph.filesz > ph.memsz) return ElfError::FileszExceedsMemsz;
  if (ph.memsz == 0) return {};  // occupies nothing; the caller drops it
  uint32_t end = 0;
  if (!checked_add(ph.vaddr, ph.memsz, &end)) return ElfError::SegmentWraps;
  if (ph.vaddr < limits.lowest || end > limits.highest) return ElfError::SegmentOutOfRange;
  if (ph.align > 1 && !is_power_of_two(ph.align)) return ElfError::BadAlignment;
  // Demand paging maps file page N of a segment onto virtual page N of it, which only works if the two
  // agree on the offset within the page. The gABI requires the same modulo p_align.
  if ((ph.vaddr & kPageMask) != (ph.offset & kPageMask)) return ElfError::NotCongruent;
  if (ph.align > 1 && (ph.vaddr & (ph.align - 1)) != (ph.offset & (ph.align - 1))) {
    return ElfError::NotCongruent;
  }
  return {};
}

void sort_by_vaddr(ElfSegment* segments, uint32_t count) {
  for (uint32_t i = 1; i < count; ++i) {
    ElfSegment moving = segments[i];
    uint32_t j = i;
    for (; j > 0 && segments[j - 1].vaddr > moving.vaddr; --j) segments[j] = segments[j - 1];
    segments[j] = moving;
  }
}

}  // namespace

Result<ElfPlan, ElfError> plan_elf(const uint8_t* bytes, size_t available, uint32_t file_size,
                                   const ElfLimits& limits) {
  // Bytes past the end of the file are not part of it, whatever the buffer holds.
  if (available > file_size) available = file_size;
  if (file_size < sizeof(elf::FileHeader)) return ElfError::TruncatedHeader;
  if (available < sizeof(elf::FileHeader)) return ElfError::HeaderNotInBuffer;

  const auto header = load<elf::FileHeader>(bytes);
  TRY(check_header(header));

  // phnum <= 64, so the table size cannot overflow; the offset still can.
  const uint32_t table_size = header.phnum * static_cast<uint32_t>(sizeof(elf::ProgramHeader));
  uint32_t table_end = 0;
  if (!checked_add(header.phoff, table_size, &table_end) || table_end > file_size) {
    return ElfError::PhdrsOutsideFile;
  }
  if (table_end > available) return ElfError::PhdrsNotInBuffer;

  ElfPlan plan;
  plan.entry_ = header.entry;
  plan.phnum_ = header.phnum;
  bool have_pt_phdr = false;
  for (uint32_t i = 0; i < header.phnum; ++i) {
    const auto ph = load<elf::ProgramHeader>(bytes + header.phoff + i * sizeof(elf::ProgramHeader));
    if (ph.type == elf::kPtInterp || ph.type == elf::kPtDynamic) return ElfError::DynamicNotSupported;
    if (ph.type == elf::kPtPhdr) {
      plan.phdr_address_ = ph.vaddr;
      have_pt_phdr = true;
    }
    if (ph.type != elf::kPtLoad) continue;
    TRY(check_load(ph, file_size, limits));
    if (ph.memsz == 0) continue;
    if (plan.count_ == kElfMaxSegments) return ElfError::TooManySegments;
    plan.segments_[plan.count_++] = ElfSegment{ph.vaddr, ph.memsz, ph.offset, ph.filesz, ph.paddr, ph.flags};
  }
  if (plan.count_ == 0) return ElfError::NoLoadSegments;
  // Without PT_PHDR the table is in memory if a segment loads the file bytes that hold it (the usual
  // case: the first PT_LOAD starts at offset 0). Linux (fs/binfmt_elf.c) then gives the same address.
  for (uint32_t i = 0; i < plan.count_ && !have_pt_phdr; ++i) {
    const ElfSegment& s = plan.segments_[i];
    if (header.phoff >= s.offset && table_end <= s.offset + s.filesz) {
      plan.phdr_address_ = s.vaddr + (header.phoff - s.offset);
      break;
    }
  }

  // The gABI asks for PT_LOAD entries in ascending p_vaddr order; sorting instead of trusting that
  // makes the overlap check a single pass and keeps page() output ordered.
  sort_by_vaddr(plan.segments_, plan.count_);
  for (uint32_t i = 1; i < plan.count_; ++i) {
    if (plan.segments_[i].vaddr < plan.segments_[i - 1].end()) return ElfError::SegmentsOverlap;
  }

  bool entry_ok = false;
  for (uint32_t i = 0; i < plan.count_; ++i) {
    const ElfSegment& s = plan.segments_[i];
    if (s.executable() && header.entry >= s.vaddr && header.entry < s.end()) entry_ok = true;
  }
  if (!entry_ok) return ElfError::EntryNotExecutable;
  return plan;
}

PageInfo ElfPlan::page(Vpn page) const {
  PageInfo info;
  // Inclusive last bytes, so the page at 0xFFFFF000 needs no 33-bit arithmetic.
  const uint32_t first = page.address().get();
  const uint32_t last = first + kPageMask;
  for (uint32_t i = 0; i < count_; ++i) {
    const ElfSegment& s = segments_[i];
    if (s.vaddr > last || s.end() - 1 < first) continue;
    info.in_image = true;
    info.writable = info.writable || s.writable();
    info.executable = info.executable || s.executable();
    if (s.filesz == 0) continue;
    const uint32_t lo = s.vaddr > first ? s.vaddr : first;
    const uint32_t file_last = s.vaddr + s.filesz - 1;
    const uint32_t hi = file_last < last ? file_last : last;
    if (lo > hi) continue;  // only the zero-filled tail of this segment reaches the page
    info.pieces[info.piece_count++] = PagePiece{s.offset + (lo - s.vaddr), hi - lo + 1, lo - first};
  }
  return info;
}

}  // namespace cw
