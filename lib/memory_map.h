// MemoryMap: the usable physical memory below 4 GiB, as a sorted list of disjoint page runs.
//
// build() turns the BIOS E820 records into that list. The records may be unsorted, overlapping or
// zero-length and may reach above 4 GiB. A byte is usable when some type-1 (usable) record covers it and
// no record of any other type does: reserved, ACPI and bad memory win every overlap, because handing
// out a frame the firmware still owns is far worse than wasting one. Each maximal usable stretch is then
// shrunk inward to whole pages. The kernel then carves out what it already uses with reserve() (the
// first 1 MiB, the kernel image, the heap) and takes frames with take_pages().
//
// Capacity is fixed (no allocation this early in boot); running out of slots is reported as NoSpace.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/disk_format.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

// A run of whole pages. A run may end exactly at 4 GiB, so its end is 64-bit.
struct PhysRange {
  PhysAddr start;      // page aligned
  uint32_t pages = 0;  // > 0 for every range in a MemoryMap

  uint64_t byte_length() const { return static_cast<uint64_t>(pages) << kPageShift; }
  uint64_t end() const { return start.get() + byte_length(); }  // exclusive
};

class MemoryMap {
public:
  static constexpr size_t kMaxRanges = 64;
  static constexpr uint32_t kE820Usable = 1;

  // Replaces the contents with the usable pages described by `entries` (their `attributes` field is
  // ignored). NoSpace if more than kMaxRanges ranges result; the map then keeps the lowest kMaxRanges,
  // so the caller may warn and carry on.
  Result<void> build(const disk::E820Entry* entries, size_t count);

  // Removes [start, start + length) from the usable set, widened outward to whole pages (a partly used
  // page is not free). Parts outside the map, or beyond 4 GiB, are ignored; length 0 is a no-op.
  // NoSpace if it would split a range while the map is full; the map is then unchanged.
  Result<void> reserve(PhysAddr start, uint32_t length);

  // First fit: removes the lowest run of `count` contiguous pages and returns its start.
  // InvalidArgument for count 0, NoMemory if no range is long enough.
  Result<PhysAddr> take_pages(uint32_t count);

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const PhysRange& operator[](size_t i) const { return ranges_[i]; }
  const PhysRange* begin() const { return ranges_; }
  const PhysRange* end() const { return ranges_ + count_; }

  uint32_t total_usable_pages() const;
  uint64_t total_usable_bytes() const { return static_cast<uint64_t>(total_usable_pages()) << kPageShift; }
  // True if the page holding `address` is in the map.
  bool contains(PhysAddr address) const;

private:
  Result<void> append_bytes(uint64_t start, uint64_t end);
  void erase(size_t index);

  PhysRange ranges_[kMaxRanges];
  size_t count_ = 0;
};

}  // namespace cw
