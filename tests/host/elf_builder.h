// A tiny in-memory ELF32 i386 executable builder for host tests.
//
// build() produces a well-formed file: the ELF header at 0, the program header table at `phoff`, and every
// other byte filled with pattern_byte(offset), so a test can tell exactly which file bytes ended up where.
// Tests that need a malformed file build a good one and corrupt it with patch().
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "lib/elf32.h"

namespace cw::test {

inline uint8_t pattern_byte(uint32_t file_offset) {
  return static_cast<uint8_t>(file_offset * 131u + (file_offset >> 8) + 7u);
}

struct TestSegment {
  uint32_t type = elf::kPtLoad;
  uint32_t vaddr = 0;
  uint32_t offset = 0;
  uint32_t filesz = 0;
  uint32_t memsz = 0;
  uint32_t flags = elf::kPfR;
  uint32_t paddr = 0;  // 0: same as vaddr
  uint32_t align = 0x1000;
};

class ElfBuilder {
public:
  ElfBuilder& entry(uint32_t address) {
    entry_ = address;
    return *this;
  }
  ElfBuilder& phoff(uint32_t offset) {
    phoff_ = offset;
    return *this;
  }
  // Pads the file to at least `size` bytes.
  ElfBuilder& min_size(uint32_t size) {
    min_size_ = size;
    return *this;
  }
  ElfBuilder& segment(const TestSegment& s) {
    segments_.push_back(s);
    return *this;
  }
  // The common case: a PT_LOAD with paddr == vaddr.
  ElfBuilder& load(uint32_t vaddr, uint32_t offset, uint32_t filesz, uint32_t memsz, uint32_t flags) {
    return segment(TestSegment{elf::kPtLoad, vaddr, offset, filesz, memsz, flags, 0, 0x1000});
  }

  std::vector<uint8_t> build() const {
    const auto table_size = static_cast<uint32_t>(segments_.size() * sizeof(elf::ProgramHeader));
    uint32_t size = std::max<uint32_t>({min_size_, sizeof(elf::FileHeader), phoff_ + table_size});
    for (const TestSegment& s : segments_) {
      if (s.type == elf::kPtLoad) size = std::max(size, s.offset + s.filesz);
    }
    std::vector<uint8_t> bytes(size);
    for (uint32_t i = 0; i < size; ++i) bytes[i] = pattern_byte(i);

    elf::FileHeader header{};
    std::memcpy(header.ident, elf::kMagic, sizeof elf::kMagic);
    header.ident[elf::kIdentClass] = elf::kClass32;
    header.ident[elf::kIdentData] = elf::kDataLsb;
    header.ident[elf::kIdentVersion] = elf::kVersionCurrent;
    header.type = elf::kTypeExec;
    header.machine = elf::kMachine386;
    header.version = elf::kVersionCurrent;
    header.entry = entry_;
    header.phoff = phoff_;
    header.ehsize = sizeof(elf::FileHeader);
    header.phentsize = sizeof(elf::ProgramHeader);
    header.phnum = static_cast<uint16_t>(segments_.size());
    std::memcpy(bytes.data(), &header, sizeof header);

    for (size_t i = 0; i < segments_.size(); ++i) {
      const TestSegment& s = segments_[i];
      const elf::ProgramHeader ph{s.type,   s.offset, s.vaddr, s.paddr != 0 ? s.paddr : s.vaddr,
                                  s.filesz, s.memsz,  s.flags, s.align};
      std::memcpy(bytes.data() + phoff_ + i * sizeof ph, &ph, sizeof ph);
    }
    return bytes;
  }

private:
  uint32_t entry_ = 0;
  uint32_t phoff_ = sizeof(elf::FileHeader);
  uint32_t min_size_ = 0;
  std::vector<TestSegment> segments_;
};

// Overwrites a field of a built file, e.g. patch<uint16_t>(bytes, offsetof(elf::FileHeader, machine), 62).
template <typename T>
void patch(std::vector<uint8_t>& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

// Offset of field `member` of program header `index` in a file built with the default phoff.
inline size_t phdr_field(size_t index, size_t member_offset) {
  return sizeof(elf::FileHeader) + index * sizeof(elf::ProgramHeader) + member_offset;
}

}  // namespace cw::test
