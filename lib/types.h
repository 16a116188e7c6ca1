// Strong address and page-number types for a 32-bit machine.
//
// Physical and virtual addresses are different things that happen to share a representation; mixing them
// up is the classic paging bug, so each gets its own type and conversions are explicit. Both are 32 bits
// wide because Clockwork targets i386 without PAE (Intel SDM Vol 3A 4.3, "32-bit paging").
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

namespace cw {

inline constexpr uint32_t kPageShift = 12;
inline constexpr uint32_t kPageSize = 1u << kPageShift;
inline constexpr uint32_t kPageMask = kPageSize - 1;

template <typename Tag>
class PageNumber;

// An address in one address space. Tag distinguishes physical from virtual.
template <typename Tag>
class Address {
public:
  constexpr Address() = default;
  constexpr explicit Address(uint32_t value) : value_(value) {}

  constexpr uint32_t get() const { return value_; }
  constexpr uint32_t page_offset() const { return value_ & kPageMask; }
  constexpr bool is_page_aligned() const { return page_offset() == 0; }
  constexpr Address page_base() const { return Address(value_ & ~kPageMask); }
  constexpr PageNumber<Tag> page() const;

  // Offsets wrap like the hardware's 32-bit arithmetic; callers that must not wrap check with
  // checked_add first.
  constexpr Address operator+(uint32_t offset) const { return Address(value_ + offset); }
  constexpr Address operator-(uint32_t offset) const { return Address(value_ - offset); }
  constexpr uint32_t operator-(Address other) const { return value_ - other.value_; }
  constexpr Address& operator+=(uint32_t offset) { value_ += offset; return *this; }

  constexpr auto operator<=>(const Address&) const = default;

private:
  uint32_t value_ = 0;
};

// A page (or frame) number: an address shifted right by kPageShift.
template <typename Tag>
class PageNumber {
public:
  constexpr PageNumber() = default;
  constexpr explicit PageNumber(uint32_t value) : value_(value) {}

  constexpr uint32_t get() const { return value_; }
  constexpr Address<Tag> address() const { return Address<Tag>(value_ << kPageShift); }
  constexpr PageNumber operator+(uint32_t n) const { return PageNumber(value_ + n); }
  constexpr PageNumber& operator++() { ++value_; return *this; }
  constexpr uint32_t operator-(PageNumber other) const { return value_ - other.value_; }
  constexpr auto operator<=>(const PageNumber&) const = default;

private:
  uint32_t value_ = 0;
};

template <typename Tag>
constexpr PageNumber<Tag> Address<Tag>::page() const {
  return PageNumber<Tag>(value_ >> kPageShift);
}

struct PhysTag;
struct VirtTag;
using PhysAddr = Address<PhysTag>;
using VirtAddr = Address<VirtTag>;
using Pfn = PageNumber<PhysTag>;  // physical frame number
using Vpn = PageNumber<VirtTag>;  // virtual page number

static_assert(sizeof(PhysAddr) == 4 && sizeof(VirtAddr) == 4 && sizeof(Pfn) == 4);
static_assert(PhysAddr(0x12345678).page().get() == 0x12345);
static_assert(VirtAddr(0x12345678).page_base().get() == 0x12345000);
static_assert(Vpn(0xC0000).address().get() == 0xC0000000);

// Round up to a multiple of `align` (a power of two). Returns false instead of wrapping.
constexpr bool checked_align_up(uint32_t value, uint32_t align, uint32_t* out) {
  uint32_t mask = align - 1;
  if (value > UINT32_MAX - mask) return false;
  *out = (value + mask) & ~mask;
  return true;
}

// a + b without wrapping: false if the sum does not fit in 32 bits.
constexpr bool checked_add(uint32_t a, uint32_t b, uint32_t* out) {
  if (a > UINT32_MAX - b) return false;
  *out = a + b;
  return true;
}

constexpr uint32_t div_round_up(uint32_t value, uint32_t divisor) {
  return value / divisor + (value % divisor != 0 ? 1 : 0);
}

}  // namespace cw
