#include "mm/mmap_layout.h"

#include "lib/abi/mman.h"

namespace cw::mm {

namespace {

// The gaps between regions' reservations, clipped to [lo, hi): the highest (top_down) or lowest that
// holds `length` bytes, placed at its top (top-down) or bottom.
Result<VirtAddr> search(const RegionMap& map, uint32_t length, uint32_t lo, uint32_t hi, bool top_down) {
  const uint32_t n = map.count();
  for (uint32_t k = 0; k <= n; ++k) {
    uint32_t i = top_down ? n - k : k;  // gap i lies between region i - 1 and region i
    uint32_t gap_lo = i == 0 ? kUserBase : map.at(i - 1).end.get();
    uint32_t gap_hi = i == n ? kUserTop : map.at(i).reserved_start().get();
    if (gap_lo < lo) gap_lo = lo;
    if (gap_hi > hi) gap_hi = hi;
    if (gap_hi <= gap_lo || gap_hi - gap_lo < length) continue;
    return VirtAddr(top_down ? gap_hi - length : gap_lo);
  }
  return fail(Error::NoMemory);
}

}  // namespace

Result<VirtAddr> find_unmapped_area(const RegionMap& map, uint32_t length, VirtAddr hint) {
  if (length == 0 || length > kUserTop - kUserBase) return fail(Error::NoMemory);
  if (hint.get() >= kUserBase && hint.get() <= kUserTop - length && map.is_free(hint, hint + length)) return hint;
  if (auto found = search(map, length, kUserBase, kMmapBase, true)) return found.value();
  return search(map, length, kMmapLegacyBase, kUserTop, false);
}

Protection protection_of(uint32_t prot) {
  Protection p = Protection::None;
  if (prot & abi::kProtRead) p = p | Protection::Read;
  if (prot & abi::kProtWrite) p = p | Protection::Write;
  if (prot & abi::kProtExec) p = p | Protection::Execute;
  return p;
}

Result<MmapPlan> plan_mmap(const RegionMap& map, const MmapArgs& a) {
  if (!(a.flags & abi::kMapAnonymous) && !a.file) return fail(Error::BadDescriptor);
  if (a.length == 0) return fail(Error::InvalidArgument);
  uint32_t length;
  if (!checked_align_up(a.length, kPageSize, &length)) return fail(Error::NoMemory);
  uint32_t last_page;
  if (!checked_add(a.pgoff, length / kPageSize, &last_page)) return fail(Error::Overflow);
  if (map.capacity_left() == 0) return fail(Error::NoMemory);
  const bool fixed = (a.flags & (abi::kMapFixed | abi::kMapFixedNoReplace)) != 0;

  MmapPlan plan;
  plan.length = length;
  if (length > kUserTop) return fail(Error::NoMemory);
  if (fixed) {
    if (a.addr > kUserTop - length) return fail(Error::NoMemory);
    if (a.addr & kPageMask) return fail(Error::InvalidArgument);
    if (a.addr < kUserBase) return fail(Error::Permission);
    plan.start = VirtAddr(a.addr);
    if ((a.flags & abi::kMapFixedNoReplace) && map.overlapping(plan.start, plan.start + length) > 0)
      return fail(Error::Exists);
    plan.replace = true;
  } else {
    // Linux rounds a hint down to its page (round_hint_to_min, x86's get_unmapped_area): below the first
    // page that is no hint at all, since kUserBase (mmap_min_addr) is one page.
    plan.start = TRY(find_unmapped_area(map, length, VirtAddr(a.addr & ~kPageMask)));
  }

  switch (a.flags & abi::kMapType) {
    case abi::kMapShared:
      if (a.flags & abi::kMapGrowsDown) return fail(Error::InvalidArgument);
      plan.shared = true;
      break;
    case abi::kMapPrivate: break;
    default: return fail(Error::InvalidArgument);
  }
  if (a.flags & abi::kMapGrowsDown) return fail(Error::InvalidArgument);  // Clockwork: not supported
  if (a.flags & abi::kMapHugeTlb) return fail(Error::NoMemory);
  plan.protection = protection_of(a.prot);
  plan.populate = (a.flags & abi::kMapPopulate) != 0;
  plan.locked = (a.flags & abi::kMapLocked) != 0;
  plan.pgoff = a.pgoff;
  return plan;
}

}  // namespace cw::mm
