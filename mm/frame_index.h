// Identifiers used throughout mm/: which pageable frame (FrameIndex) and which memory object owns the page
// it holds (PageOwnerId; mm/memory_object.h).
//
// A FrameIndex is a dense 0..N-1 position in the frame pool, distinct from the frame's physical frame
// number (Pfn): policies and metadata arrays index by FrameIndex, the page tables hold Pfns, and the pool
// translates between them. Keeping them different types stops one being used for the other.
#pragma once

#include <cstdint>

namespace cw::mm {

class FrameIndex {
public:
  constexpr FrameIndex() = default;
  constexpr explicit FrameIndex(uint32_t value) : value_(value) {}

  constexpr uint32_t get() const { return value_; }
  constexpr auto operator<=>(const FrameIndex&) const = default;

private:
  uint32_t value_ = 0;
};

// Opaque to the pool and the policies: the kernel stores a pointer to the MemoryObject that owns the page
// (a frame has exactly one owner even when many address spaces map it; mm/memory_object.h). Zero means
// "no owner" and is what a free frame reports.
class PageOwnerId {
public:
  constexpr PageOwnerId() = default;
  constexpr explicit PageOwnerId(uintptr_t value) : value_(value) {}

  static constexpr PageOwnerId none() { return PageOwnerId(); }
  constexpr uintptr_t get() const { return value_; }
  constexpr bool is_none() const { return value_ == 0; }
  constexpr auto operator<=>(const PageOwnerId&) const = default;

private:
  uintptr_t value_ = 0;
};

}  // namespace cw::mm
