#include "mm/mapping_ops.h"

#include "lib/abi/mman.h"
#include "mm/mmap_layout.h"

namespace cw::mm {

namespace {

uint32_t pages_between(VirtAddr lo, VirtAddr hi) { return (hi - lo) / kPageSize; }

// The first region that lies entirely in [lo, hi), after splitting at lo and hi (or null).
Region* first_inside(RegionMap& map, VirtAddr lo, VirtAddr hi) {
  for (Region* r = map.begin_mutable(); r != map.end(); ++r)
    if (r->start >= lo && r->end <= hi && r->start < r->end) return r;
  return nullptr;
}

// True if [lo, hi) is covered by regions without a hole (a stack's unused reservation is a hole).
bool covered(const RegionMap& map, VirtAddr lo, VirtAddr hi) {
  VirtAddr cursor = lo;
  for (const Region& r : map) {
    if (r.end <= cursor) continue;
    if (r.start > cursor) return false;
    cursor = r.end;
    if (cursor >= hi) return true;
  }
  return cursor >= hi;
}

bool root_is_anonymous(const Region& r) { return r.object && r.object->root()->kind() == ObjectKind::Anonymous; }

// Drops the owned pages of [lo, hi) of `r` (already unmapped). The entries become Zero where an ancestor
// could show through.
Result<void> discard_pages(const Region& r, VirtAddr lo, VirtAddr hi, PageSink& sink) {
  if (!r.owns_object_pages()) return {};
  return r.object->discard(r.index_of(lo), pages_between(lo, hi), sink);
}

}  // namespace

Result<void> unmap(RegionMap& map, VirtAddr start, uint32_t length, MappingHooks& hooks, PageSink& sink) {
  const VirtAddr end = start + length;
  for (const Region& r : map)
    // The heap and the stack refuse; an empty heap is nothing to unmap.
    if (r.start < r.end && r.start < end && start < r.end && !r.splittable()) return fail(Error::InvalidArgument);
  if (map.capacity_left() < map.splits_needed(start, end)) return fail(Error::NoMemory);
  TRY(map.split(start));
  TRY(map.split(end));
  while (Region* r = first_inside(map, start, end)) {
    hooks.unmap_pages(*r, r->start, r->end);
    // With other references (pieces of the same object elsewhere in the map) the pages go now; a failed
    // Zero entry only matters if these indices are mapped again, which can_extend() refuses.
    if (r->object && r->object->references() > 1) (void)discard_pages(*r, r->start, r->end, sink);
    MemoryObject* object = r->object;
    auto removed = map.remove(r->start);
    if (!removed) return fail(removed.error());
    if (object) object->unref(sink);
  }
  return {};
}

Result<void> protect(RegionMap& map, VirtAddr start, uint32_t length, Protection protection, MappingHooks& hooks,
                     PageSink& sink) {
  const VirtAddr end = start + length;
  if (!covered(map, start, end)) return fail(Error::NoMemory);
  for (const Region& r : map) {
    if (!(r.start < end && start < r.end)) continue;
    if (!has(r.max_protection, protection)) return fail(Error::AccessDenied);
    if (!r.splittable() && (r.start < start || r.end > end)) return fail(Error::InvalidArgument);
  }
  if (map.capacity_left() < map.splits_needed(start, end)) return fail(Error::NoMemory);
  TRY(map.split(start));
  TRY(map.split(end));
  VirtAddr boundaries[kMaxRegions];
  uint32_t boundary_count = 0;
  for (Region* r = map.begin_mutable(); r != map.end(); ++r) {
    if (!(r->start < end && start < r->end)) continue;  // after the splits: inside (an empty heap is not)
    if (r->start > start) boundaries[boundary_count++] = r->start;
    const Protection old = r->protection;
    const bool gains_write = has(protection, Protection::Write) && !has(old, Protection::Write);
    if (gains_write && !r->shared && r->object && !r->owns_object_pages()) {
      // Private but mapping a program's shared image object (text made writable): writes must land in a
      // private copy-on-write child, never in the object every process shares.
      auto child = MemoryObject::create_child(*r->object);
      if (!child) return fail(child.error());  // the pieces done so far stay done (Linux does the same)
      // Present entries may stay: they map the parent's frames read-only, which the child sees too,
      // and a write to one faults and copies it into the child.
      r->object->unref(sink);
      r->object = child.value();
    }
    r->protection = protection;
    if (protection == Protection::None) hooks.hide_pages(*r, r->start, r->end);
    else if (has(old, Protection::Write) && !has(protection, Protection::Write)) hooks.write_protect(*r, r->start, r->end);
  }
  map.merge_at(end, sink);
  for (uint32_t i = boundary_count; i > 0; --i) map.merge_at(boundaries[i - 1], sink);
  map.merge_at(start, sink);
  return {};
}

Result<void> unmap_checked(RegionMap& map, uint32_t start, uint32_t length, MappingHooks& hooks, PageSink& sink) {
  if ((start & kPageMask) || start > kUserTop || length > kUserTop - start) return fail(Error::InvalidArgument);
  uint32_t len;
  if (!checked_align_up(length, kPageSize, &len) || len == 0) return fail(Error::InvalidArgument);
  return unmap(map, VirtAddr(start), len, hooks, sink);
}

Result<void> protect_checked(RegionMap& map, uint32_t start, uint32_t length, uint32_t prot, MappingHooks& hooks,
                             PageSink& sink) {
  const uint32_t grows = prot & (abi::kProtGrowsDown | abi::kProtGrowsUp);
  prot &= ~grows;
  if (grows == (abi::kProtGrowsDown | abi::kProtGrowsUp)) return fail(Error::InvalidArgument);
  if (start & kPageMask) return fail(Error::InvalidArgument);
  if (length == 0) return {};
  uint32_t len;
  uint32_t end;
  if (!checked_align_up(length, kPageSize, &len) || !checked_add(start, len, &end)) return fail(Error::NoMemory);
  if (prot & ~(abi::kProtRead | abi::kProtWrite | abi::kProtExec | abi::kProtSem)) return fail(Error::InvalidArgument);
  if (grows) return fail(map.find(VirtAddr(start)) ? Error::InvalidArgument : Error::NoMemory);
  return protect(map, VirtAddr(start), len, protection_of(prot), hooks, sink);
}

bool can_extend(const RegionMap& map, const Region& region, uint32_t count) {
  const uint32_t first = region.index_of(region.end);
  for (const Region& other : map) {
    if (&other == &region || other.object != region.object) continue;
    const uint32_t lo = other.index_of(other.start);
    const uint32_t pages = pages_between(other.start, other.end);
    // Index ranges [first, first + count) and [lo, lo + pages) overlap (modular arithmetic).
    if (lo - first < count || first - lo < pages) return false;
  }
  if (!region.owns_object_pages()) return true;
  for (uint32_t i = 0; i < count; ++i)
    if (region.object->lookup(first + i).object) return false;
  return true;
}

Result<VirtAddr> remap(RegionMap& map, VirtAddr old_address, uint32_t old_length, uint32_t new_length,
                       uint32_t flags, VirtAddr new_address, MappingHooks& hooks, PageSink& sink) {
  if (flags & ~(abi::kMremapMayMove | abi::kMremapFixed | abi::kMremapDontUnmap)) return fail(Error::InvalidArgument);
  if ((flags & abi::kMremapFixed) && !(flags & abi::kMremapMayMove)) return fail(Error::InvalidArgument);
  if (flags & abi::kMremapDontUnmap) return fail(Error::InvalidArgument);  // Clockwork: not supported
  if (!old_address.is_page_aligned()) return fail(Error::InvalidArgument);
  uint32_t old_len = 0;
  uint32_t new_len = 0;
  if (!checked_align_up(old_length, kPageSize, &old_len)) old_len = 0;  // PAGE_ALIGN wraps to 0 on Linux
  if (!checked_align_up(new_length, kPageSize, &new_len) || new_len == 0) return fail(Error::InvalidArgument);
  const Region* found = map.find(old_address);
  if (!found) return fail(Error::BadAddress);
  if (old_len == 0 && !found->shared) return fail(Error::InvalidArgument);  // only shared pages duplicate
  if (!found->splittable()) return fail(Error::InvalidArgument);

  const bool fixed = (flags & abi::kMremapFixed) != 0;
  if (fixed) {
    if (!new_address.is_page_aligned()) return fail(Error::InvalidArgument);
    if (new_len > kUserTop || new_address.get() > kUserTop - new_len) return fail(Error::InvalidArgument);
    if (old_address.get() + old_len > new_address.get() && new_address.get() + new_len > old_address.get())
      return fail(Error::InvalidArgument);
    if (new_address.get() < kUserBase) return fail(Error::Permission);
    TRY(unmap(map, new_address, new_len, hooks, sink));
    if (old_len > new_len) {
      TRY(unmap(map, old_address + new_len, old_len - new_len, hooks, sink));
      old_len = new_len;
    }
  } else if (old_len >= new_len) {
    if (old_len > new_len) TRY(unmap(map, old_address + new_len, old_len - new_len, hooks, sink));
    return old_address;
  }

  // vma_to_resize: the old range must lie inside one region.
  found = map.find(old_address);
  if (!found || old_len > found->end - old_address) return fail(Error::BadAddress);
  const uint32_t grow_pages = (new_len - (new_len > old_len ? old_len : new_len)) / kPageSize;

  if (!fixed && old_address + old_len == found->end) {
    const VirtAddr new_end = old_address + new_len;
    const bool fits = static_cast<uint64_t>(old_address.get()) + new_len <= kUserTop;
    if (fits && new_end > found->end && map.is_free(found->end, new_end) &&
        can_extend(map, *found, grow_pages)) {
      TRY(map.resize(found->start, new_end));
      return old_address;
    }
  }
  if (!(flags & abi::kMremapMayMove)) return fail(Error::NoMemory);

  // Move: the piece [old_address, old_address + old_len) becomes a region of its own, then moves.
  if (map.capacity_left() < map.splits_needed(old_address, old_address + old_len) + (old_len == 0 ? 1 : 0))
    return fail(Error::NoMemory);
  VirtAddr target = new_address;
  if (!fixed) target = TRY(find_unmapped_area(map, new_len, VirtAddr(0)));
  else if (!map.is_free(target, target + new_len)) return fail(Error::NoMemory);
  if (old_len == 0) {
    // mremap(2): an old length of 0 on a shared mapping makes a second mapping of the same pages
    // (from old_address on), and the first one stays.
    Region copy = *found;
    copy.index_base = found->index_base + (target.page().get() - old_address.page().get());
    copy.start = copy.floor = target;
    copy.end = target + new_len;
    copy.object->ref();
    if (auto added = map.add(copy); !added) {
      copy.object->unref(sink);
      return fail(added.error());
    }
    return target;
  }
  TRY(map.split(old_address));
  TRY(map.split(old_address + old_len));
  Region* moving = map.find(old_address);
  if (grow_pages > 0 && !can_extend(map, *moving, grow_pages)) {
    map.merge_at(old_address + old_len, sink);
    map.merge_at(old_address, sink);
    return fail(Error::NoMemory);
  }
  Region moved = *moving;
  hooks.relocate(moved, old_address, target, old_len < new_len ? old_len : new_len);
  (void)map.remove(old_address);
  // The same pages at the new addresses: index_of(target + k) == index_of(old_address + k).
  moved.index_base = moved.index_base + (target.page().get() - old_address.page().get());
  moved.start = moved.floor = target;
  moved.end = target + new_len;
  TRY(map.add(moved));  // cannot fail: the range is free and a slot was just freed
  map.merge_at(moved.start, sink);
  map.merge_at(target + new_len, sink);
  return target;
}

Result<void> advise(RegionMap& map, VirtAddr start, uint32_t length, uint32_t advice, MappingHooks& hooks,
                    PageSink& sink) {
  switch (advice) {
    case abi::kMadvNormal:
    case abi::kMadvRandom:
    case abi::kMadvSequential:
    case abi::kMadvWillNeed:
    case abi::kMadvDontNeed:
    case abi::kMadvFree: break;
    default: return fail(Error::InvalidArgument);
  }
  if (!start.is_page_aligned()) return fail(Error::InvalidArgument);
  uint32_t len;
  if (!checked_align_up(length, kPageSize, &len) || (length != 0 && len == 0)) return fail(Error::InvalidArgument);
  uint32_t end_value;
  if (!checked_add(start.get(), len, &end_value)) return fail(Error::InvalidArgument);
  const VirtAddr end(end_value);
  if (end == start) return {};
  const bool hole = !covered(map, start, end);
  const bool drops = advice == abi::kMadvDontNeed || advice == abi::kMadvFree;
  if (drops) {
    if (hooks.any_locked(start, end)) return fail(Error::InvalidArgument);
    for (const Region& r : map) {
      if (!(r.start < end && start < r.end)) continue;
      const bool private_anonymous = r.owns_object_pages() && root_is_anonymous(r);
      if (advice == abi::kMadvFree && !private_anonymous) return fail(Error::InvalidArgument);
      if (r.owns_object_pages() && !root_is_anonymous(r)) return fail(Error::InvalidArgument);
    }
    for (const Region& r : map) {
      if (!(r.start < end && start < r.end)) continue;
      const VirtAddr lo = r.start > start ? r.start : start;
      const VirtAddr hi = r.end < end ? r.end : end;
      hooks.unmap_pages(r, lo, hi);
      TRY(discard_pages(r, lo, hi, sink));
    }
  }
  if (hole) return fail(Error::NoMemory);
  return {};
}

}  // namespace cw::mm
