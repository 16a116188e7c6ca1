#include "mm/region_map.h"

namespace cw::mm {

namespace {

// Half-open intervals [a_lo, a_hi) and [b_lo, b_hi) share an address. An empty interval collides only
// with an interval strictly around its point.
constexpr bool intersects(uint32_t a_lo, uint32_t a_hi, uint32_t b_lo, uint32_t b_hi) {
  return a_lo < b_hi && b_lo < a_hi;
}

constexpr uint32_t page_up(uint32_t value) { return (value + kPageMask) & ~kPageMask; }  // value <= kUserTop

}  // namespace

int32_t RegionMap::index_of_start(VirtAddr start) const {
  for (uint32_t i = 0; i < count_; ++i) {
    if (regions_[i].start == start) return static_cast<int32_t>(i);
  }
  return -1;
}

const Region* RegionMap::find_kind(RegionKind kind) const {
  for (uint32_t i = 0; i < count_; ++i) {
    if (regions_[i].kind == kind) return &regions_[i];
  }
  return nullptr;
}

const Region* RegionMap::heap() const { return find_kind(RegionKind::Heap); }
const Region* RegionMap::stack() const { return find_kind(RegionKind::Stack); }

bool RegionMap::collides(VirtAddr lo, VirtAddr hi, uint32_t skip) const {
  for (uint32_t i = 0; i < count_; ++i) {
    if (i == skip) continue;
    const Region& r = regions_[i];
    if (intersects(lo.get(), hi.get(), r.reserved_start().get(), r.end.get())) return true;
  }
  return false;
}

Result<void> RegionMap::add(const Region& candidate) {
  Region region = candidate;
  if (region.kind != RegionKind::Stack) region.floor = region.start;
  if (!region.start.is_page_aligned() || !region.end.is_page_aligned() || !region.floor.is_page_aligned()) {
    return fail(Error::InvalidArgument);
  }
  if (region.end < region.start || (region.start == region.end && region.splittable())) {
    return fail(Error::InvalidArgument);
  }
  if (region.start.get() < kUserBase || region.end.get() > kUserTop) return fail(Error::InvalidArgument);
  if (region.kind == RegionKind::Stack &&
      (region.floor > region.start || region.floor.get() < kUserBase + kStackGuardGap)) {
    return fail(Error::InvalidArgument);  // also catches a max size that wrapped below 0
  }
  if ((region.kind == RegionKind::Heap || region.kind == RegionKind::Stack) && find_kind(region.kind) != nullptr)
    return fail(Error::Exists);
  if (collides(region.reserved_start(), region.end, kMaxRegions)) return fail(Error::Exists);
  if (count_ == kMaxRegions) return fail(Error::NoMemory);

  uint32_t at = count_;
  while (at > 0 && regions_[at - 1].start > region.start) {
    regions_[at] = regions_[at - 1];
    --at;
  }
  regions_[at] = region;
  ++count_;
  return {};
}

const Region* RegionMap::find(VirtAddr address) const {
  for (uint32_t i = 0; i < count_; ++i) {
    if (regions_[i].contains(address)) return &regions_[i];
    if (regions_[i].start > address) break;
  }
  return nullptr;
}

Region* RegionMap::find(VirtAddr address) {
  return const_cast<Region*>(static_cast<const RegionMap*>(this)->find(address));
}

Result<void> RegionMap::resize(VirtAddr start, VirtAddr new_end) {
  const int32_t index = index_of_start(start);
  if (index < 0) return fail(Error::NotFound);
  Region& region = regions_[index];
  if (region.kind == RegionKind::Stack || !new_end.is_page_aligned() || new_end < start ||
      new_end.get() > kUserTop || (new_end == start && region.splittable())) {
    return fail(Error::InvalidArgument);
  }
  if (new_end > region.end && collides(region.end, new_end, static_cast<uint32_t>(index))) {
    return fail(Error::NoMemory);
  }
  region.end = new_end;
  return {};
}

Result<void> RegionMap::grow_stack(VirtAddr address) {
  const Region* found = stack();
  if (found == nullptr) return fail(Error::NotFound);
  Region& s = regions_[found - regions_];
  const VirtAddr page = address.page_base();
  if (page < s.floor) return fail(Error::NoMemory);
  // The reservation guarantees no other region lies in [floor, start), so the order is unchanged.
  if (page < s.start) s.start = page;
  return {};
}

Result<Region> RegionMap::remove(VirtAddr start) {
  const int32_t index = index_of_start(start);
  if (index < 0) return fail(Error::NotFound);
  const Region removed = regions_[index];
  for (uint32_t i = static_cast<uint32_t>(index); i + 1 < count_; ++i) regions_[i] = regions_[i + 1];
  --count_;
  return removed;
}

Result<VirtAddr> add_image_regions(RegionMap& map, const ElfPlan& plan) {
  // Every segment covers the pages [page_down(vaddr), page_up(end)); between two consecutive boundaries
  // of those spans the set of covering segments, hence the protection, is constant.
  uint32_t bounds[2 * kElfMaxSegments];
  uint32_t bound_count = 0;
  auto insert_sorted = [&](uint32_t b) {
    uint32_t at = bound_count++;
    for (; at > 0 && bounds[at - 1] > b; --at) bounds[at] = bounds[at - 1];
    bounds[at] = b;
  };
  for (uint32_t i = 0; i < plan.segment_count(); ++i) {
    insert_sorted(plan.segment(i).vaddr & ~kPageMask);
    insert_sorted(page_up(plan.segment(i).end()));
  }

  struct Run {
    uint32_t lo, hi;
    Protection protection;
  };
  Run runs[2 * kElfMaxSegments];
  uint32_t run_count = 0;
  for (uint32_t k = 0; k + 1 < bound_count; ++k) {
    const uint32_t lo = bounds[k];
    const uint32_t hi = bounds[k + 1];
    Protection p = Protection::None;
    for (uint32_t i = 0; i < plan.segment_count() && lo < hi; ++i) {
      const ElfSegment& s = plan.segment(i);
      if ((s.vaddr & ~kPageMask) > lo || page_up(s.end()) < hi) continue;
      p = p | Protection::Read;
      if (s.writable()) p = p | Protection::Write;
      if (s.executable()) p = p | Protection::Execute;
    }
    if (p == Protection::None) continue;  // an empty interval or a gap between segments
    if (run_count > 0 && runs[run_count - 1].hi == lo && runs[run_count - 1].protection == p) {
      runs[run_count - 1].hi = hi;
    } else {
      runs[run_count++] = Run{lo, hi, p};
    }
  }

  for (uint32_t i = 0; i < run_count; ++i) {
    const Run& r = runs[i];
    Result<void> added = map.add(Region::image(VirtAddr(r.lo), VirtAddr(r.hi), r.protection));
    if (!added) {
      for (uint32_t j = 0; j < i; ++j) (void)map.remove(VirtAddr(runs[j].lo));
      return fail(added.error());
    }
  }
  return VirtAddr(page_up(plan.end().get()));
}

FaultDecision classify_fault(const RegionMap& map, VirtAddr address, Access access, PteState pte,
                             VirtAddr user_esp) {
  if (address.get() >= kUserTop) return FaultDecision::KernelAddress;
  if (const Region* r = map.find(address)) {
    if (!permits(r->protection, access)) return FaultDecision::ProtectionViolation;
    if (pte.present) {
      // The region allows the write but the page is mapped read-only: it is shared copy-on-write.
      if (access == Access::Write && !pte.writable) return FaultDecision::CopyOnWrite;
      return FaultDecision::Spurious;
    }
    return r->kind == RegionKind::Image ? FaultDecision::LoadImagePage : FaultDecision::ZeroFill;
  }
  const Region* s = map.stack();
  // address < kUserTop, so address + kStackFaultSlack cannot wrap.
  if (s != nullptr && address >= s->floor && address < s->start &&
      address.get() + kStackFaultSlack >= user_esp.get()) {
    if (!permits(s->protection, access)) return FaultDecision::ProtectionViolation;
    return FaultDecision::GrowStackThenZeroFill;
  }
  return FaultDecision::Unmapped;
}

const char* describe(FaultDecision decision) {
  switch (decision) {
    case FaultDecision::LoadImagePage: return "load image page";
    case FaultDecision::ZeroFill: return "zero fill";
    case FaultDecision::GrowStackThenZeroFill: return "grow stack, zero fill";
    case FaultDecision::ProtectionViolation: return "protection violation";
    case FaultDecision::Unmapped: return "unmapped address";
    case FaultDecision::KernelAddress: return "kernel address";
    case FaultDecision::Spurious: return "spurious (already resolved)";
    case FaultDecision::CopyOnWrite: return "copy on write";
  }
  return "unknown fault decision";
}

void RegionMap::copy_from(const RegionMap& other) {
  for (uint32_t i = 0; i < other.count_; ++i) regions_[i] = other.regions_[i];
  count_ = other.count_;
}

}  // namespace cw::mm
