// Identifiers used throughout mm/: which pageable frame (FrameIndex) and which address space owns it
// (AddressSpaceId).
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

// Opaque to mm/: the kernel may store a pid or a pointer to its address-space object. Zero means "no
// owner" and is what a free frame reports.
class AddressSpaceId {
public:
  constexpr AddressSpaceId() = default;
  constexpr explicit AddressSpaceId(uintptr_t value) : value_(value) {}

  static constexpr AddressSpaceId none() { return AddressSpaceId(); }
  constexpr uintptr_t get() const { return value_; }
  constexpr bool is_none() const { return value_ == 0; }
  constexpr auto operator<=>(const AddressSpaceId&) const = default;

private:
  uintptr_t value_ = 0;
};

}  // namespace cw::mm
