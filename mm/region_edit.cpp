// RegionMap editing for the mapping calls: split, merge, and the questions munmap/mprotect/mremap ask
// before they change anything (mm/mapping_ops.h). Core: no hardware, host-tested.
#include "mm/memory_object.h"
#include "mm/region_map.h"

namespace cw::mm {

bool Region::owns_object_pages() const {
  if (!object || shared) return false;
  // A program's image object (the root, read-only text) is shared by every process running it.
  return !(object->kind() == ObjectKind::ProgramImage && object->parent() == nullptr);
}

Result<void> RegionMap::split(VirtAddr at) {
  if (!at.is_page_aligned()) return fail(Error::InvalidArgument);
  for (uint32_t i = 0; i < count_; ++i) {
    Region& r = regions_[i];
    if (!(r.start < at && at < r.end)) continue;
    if (!r.splittable()) return fail(Error::InvalidArgument);
    if (count_ == kMaxRegions) return fail(Error::NoMemory);
    for (uint32_t j = count_; j > i + 1; --j) regions_[j] = regions_[j - 1];
    Region& second = regions_[i + 1];
    second = r;
    second.start = second.floor = at;
    r.end = at;
    if (second.object) second.object->ref();
    ++count_;
    return {};
  }
  return {};
}

void RegionMap::merge_at(VirtAddr at, PageSink& sink) {
  for (uint32_t i = 0; i + 1 < count_; ++i) {
    Region& a = regions_[i];
    Region& b = regions_[i + 1];
    if (a.end != at || b.start != at) continue;
    // Equal index_base means page indices continue across the boundary.
    bool alike = a.kind == b.kind && a.splittable() && a.protection == b.protection &&
                 a.max_protection == b.max_protection && a.object == b.object && a.index_base == b.index_base &&
                 a.shared == b.shared;
    if (!alike) return;
    a.end = b.end;
    MemoryObject* object = b.object;
    for (uint32_t j = i + 1; j + 1 < count_; ++j) regions_[j] = regions_[j + 1];
    --count_;
    if (object) object->unref(sink);  // `a` still holds a reference: the object stays
    return;
  }
}

uint32_t RegionMap::overlapping(VirtAddr lo, VirtAddr hi) const {
  uint32_t n = 0;
  for (uint32_t i = 0; i < count_; ++i)
    if (regions_[i].start < hi && lo < regions_[i].end) ++n;
  return n;
}

uint32_t RegionMap::splits_needed(VirtAddr lo, VirtAddr hi) const {
  uint32_t n = 0;
  for (uint32_t i = 0; i < count_; ++i) {
    const Region& r = regions_[i];
    if (r.start < lo && lo < r.end) ++n;
    if (r.start < hi && hi < r.end) ++n;
  }
  return n;
}

}  // namespace cw::mm
