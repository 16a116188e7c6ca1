#include "lib/memory_map.h"

namespace cw {

namespace {

constexpr uint64_t kLimit = 1ull << 32;  // everything at or above 4 GiB is out of reach without PAE
constexpr uint64_t kPageMask64 = kPageSize - 1;

// The part of a record below 4 GiB as [start, end); false if nothing is left. Computed without ever
// forming base + length, which can overflow 64 bits in a hostile or buggy table.
bool clipped_span(const disk::E820Entry& entry, uint64_t* start, uint64_t* end) {
  uint64_t base = entry.base;
  uint64_t length = entry.length;
  if (length == 0 || base >= kLimit) return false;
  *start = base;
  *end = length > kLimit - base ? kLimit : base + length;
  return true;
}

// Page numbers of a range: [first, first + pages). Both fit 32 bits (at most 2^20).
uint32_t first_page(const PhysRange& range) { return range.start.get() >> kPageShift; }
uint32_t end_page(const PhysRange& range) { return first_page(range) + range.pages; }

}  // namespace

Result<void> MemoryMap::append_bytes(uint64_t start, uint64_t end) {
  uint64_t first = (start + kPageMask64) & ~kPageMask64;
  uint64_t last = end & ~kPageMask64;
  if (first >= last) return {};  // less than one whole page
  if (count_ == kMaxRanges) return Error::NoSpace;
  ranges_[count_++] = PhysRange{PhysAddr(static_cast<uint32_t>(first)),
                                static_cast<uint32_t>((last - first) >> kPageShift)};
  return {};
}

// A sweep over the record boundaries in ascending order. Between two consecutive boundaries every
// record either covers the whole segment or none of it, so one test per segment decides it; adjacent
// usable segments are joined before the inward page rounding, so two usable records that meet inside a
// page still yield that page. Quadratic in the record count, which the BIOS buffer bounds at 64.
Result<void> MemoryMap::build(const disk::E820Entry* entries, size_t count) {
  count_ = 0;
  uint64_t pos = 0;
  bool in_run = false;
  uint64_t run_start = 0;
  while (pos < kLimit) {
    uint64_t next = kLimit;
    bool usable = false;
    bool reserved = false;
    for (size_t i = 0; i < count; ++i) {
      uint64_t start, end;
      if (!clipped_span(entries[i], &start, &end)) continue;
      if (start > pos && start < next) next = start;
      if (end > pos && end < next) next = end;
      if (start <= pos && pos < end) {
        if (entries[i].type == kE820Usable) usable = true;
        else reserved = true;
      }
    }
    bool good = usable && !reserved;
    if (good && !in_run) {
      run_start = pos;
      in_run = true;
    } else if (!good && in_run) {
      in_run = false;
      if (auto appended = append_bytes(run_start, pos); !appended) return appended;
    }
    pos = next;
  }
  if (in_run) return append_bytes(run_start, kLimit);
  return {};
}

void MemoryMap::erase(size_t index) {
  for (size_t i = index + 1; i < count_; ++i) ranges_[i - 1] = ranges_[i];
  --count_;
}

Result<void> MemoryMap::reserve(PhysAddr start, uint32_t length) {
  if (length == 0) return {};
  uint64_t end = (static_cast<uint64_t>(start.get()) + length + kPageMask64) & ~kPageMask64;
  if (end > kLimit) end = kLimit;
  uint32_t lo = start.get() >> kPageShift;
  uint32_t hi = static_cast<uint32_t>(end >> kPageShift);

  // A carve-out strictly inside one range splits it, needs a free slot and touches no other range.
  for (size_t i = 0; i < count_; ++i) {
    uint32_t r_lo = first_page(ranges_[i]);
    uint32_t r_hi = end_page(ranges_[i]);
    if (lo > r_lo && hi < r_hi) {
      if (count_ == kMaxRanges) return Error::NoSpace;
      for (size_t j = count_; j > i + 1; --j) ranges_[j] = ranges_[j - 1];
      ++count_;
      ranges_[i].pages = lo - r_lo;
      ranges_[i + 1] = PhysRange{Pfn(hi).address(), r_hi - hi};
      return {};
    }
  }
  // Otherwise every overlapped range is dropped or trimmed at one end.
  size_t i = 0;
  while (i < count_) {
    uint32_t r_lo = first_page(ranges_[i]);
    uint32_t r_hi = end_page(ranges_[i]);
    if (hi <= r_lo || lo >= r_hi) {
      ++i;
    } else if (lo <= r_lo && hi >= r_hi) {
      erase(i);
    } else if (lo <= r_lo) {
      ranges_[i] = PhysRange{Pfn(hi).address(), r_hi - hi};
      ++i;
    } else {
      ranges_[i].pages = lo - r_lo;
      ++i;
    }
  }
  return {};
}

Result<PhysAddr> MemoryMap::take_pages(uint32_t count) {
  if (count == 0) return Error::InvalidArgument;
  for (size_t i = 0; i < count_; ++i) {
    PhysRange& range = ranges_[i];
    if (range.pages < count) continue;
    PhysAddr taken = range.start;
    range.pages -= count;
    if (range.pages == 0) erase(i);
    else range.start = Pfn(first_page(range) + count).address();
    return taken;
  }
  return Error::NoMemory;
}

uint32_t MemoryMap::total_usable_pages() const {
  uint32_t total = 0;
  for (const PhysRange& range : *this) total += range.pages;
  return total;
}

bool MemoryMap::contains(PhysAddr address) const {
  uint32_t page = address.get() >> kPageShift;
  for (const PhysRange& range : *this)
    if (page >= first_page(range) && page < end_page(range)) return true;
  return false;
}

}  // namespace cw
