// Fakes shared by the host tests of page-table walkers (mm/page_report, mm/page_map): page-table frames
// in host memory at made-up physical addresses, and a FormatSink that collects text.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "lib/format.h"
#include "mm/page_table.h"

namespace cw::test {

// Page-table frames from 0x00300000 up, in host memory; never freed.
class HostTables final : public mm::PhysicalAccess {
public:
  uint32_t* table(PhysAddr frame) override { return tables_.at((frame.get() - kBase) / kPageSize)->data(); }
  Result<PhysAddr> allocate_table() override {
    tables_.push_back(std::make_unique<std::array<uint32_t, 1024>>());
    tables_.back()->fill(0);
    return PhysAddr(kBase + (tables_.size() - 1) * kPageSize);
  }
  void free_table(PhysAddr) override {}

private:
  static constexpr uint32_t kBase = 0x00300000;
  std::vector<std::unique_ptr<std::array<uint32_t, 1024>>> tables_;
};

class StringSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override { text_.append(text, length); }
  const std::string& text() const { return text_; }

private:
  std::string text_;
};

}  // namespace cw::test
