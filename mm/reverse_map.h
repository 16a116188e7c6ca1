// The reverse map: from a page of a memory object to the address spaces and virtual pages that map it.
// Clockwork keeps no per-frame list of mappers; a frame has exactly one owner (object, index), and the
// mappers are found from the regions (after Linux's object-based rmap for file pages): a region maps the
// owner's page at index i if the region's object is the owner or descends from it, and the region's
// page for i lies inside the region. Whether that page table entry really holds the frame (a nearer
// object in the chain may have its own copy) is the caller's check against the PTE.
#pragma once

#include <cstdint>

#include "lib/types.h"
#include "mm/memory_object.h"
#include "mm/region_map.h"

namespace cw::mm {

// The virtual page at which `region` would map page `index` of `owner`, if it can see that object's
// pages at all.
inline bool region_may_map(const Region& region, const MemoryObject* owner, uint32_t index, VirtAddr* page) {
  if (!region.object || !region.object->descends_from(owner)) return false;
  uint32_t vpn = index + region.index_base;
  if (vpn < region.start.page().get() || vpn >= region.end.page().get()) return false;
  *page = Vpn(vpn).address();
  return true;
}

}  // namespace cw::mm
