// The mapping calls' work on a RegionMap and its memory objects: munmap, mprotect, mremap, madvise
// (core: no hardware, host-tested with a fake MappingHooks). What touches page tables, the TLB and
// mlock's records goes through MappingHooks, which the kernel's AddressSpace implements
// (mm/address_space_mmap.cpp); frames and swap slots the objects let go of go to the PageSink.
//
// Page ownership: a region that owns_object_pages() (private anonymous memory, a private copy of an
// image) is the only mapper of its object's pages at its indices, so unmapping or discarding them frees
// their frames and slots at once. A shared mapping's pages stay with its object until the last mapping
// of it goes (another process may still map them), and a program's image object is never touched.
//
// Every function either fails before changing anything or succeeds, except where stated.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"
#include "mm/memory_object.h"
#include "mm/region_map.h"

namespace cw::mm {

class MappingHooks {
public:
  // Clears this address space's page-table entries in [start, end) of `region` (a dirty bit is kept in
  // the page's object entry) and drops mlock's locks on those pages.
  virtual void unmap_pages(const Region& region, VirtAddr start, VirtAddr end) = 0;
  // Clears the entries as unmap_pages does but keeps the locks (mprotect to PROT_NONE: the pages stay
  // locked, as on Linux, and fault in again when the protection allows).
  virtual void hide_pages(const Region& region, VirtAddr start, VirtAddr end) = 0;
  // Present entries in [start, end) lose write permission (mprotect without PROT_WRITE).
  virtual void write_protect(const Region& region, VirtAddr start, VirtAddr end) = 0;
  // mremap moves [from, from + length) of `region` to `to`: the entries at `from` are cleared as in
  // unmap_pages (the pages stay in the object and fault in at `to`), but locks move with their pages.
  virtual void relocate(const Region& region, VirtAddr from, VirtAddr to, uint32_t length) = 0;
  // True if some page in [start, end) is locked by mlock.
  virtual bool any_locked(VirtAddr start, VirtAddr end) const = 0;

protected:
  ~MappingHooks() = default;
};

// munmap of [start, start + length): both page-aligned, length > 0, inside user space. Regions are
// split where the range cuts them; what lies inside is unmapped, its owned pages freed, and the
// regions' object references dropped. Nothing mapped there: success. Errors: InvalidArgument if the
// range covers a page of the heap or the stack (Clockwork: only image and mmap regions can be unmapped);
// NoMemory if the splits do not fit in the region table.
Result<void> unmap(RegionMap& map, VirtAddr start, uint32_t length, MappingHooks& hooks, PageSink& sink);

// mprotect of [start, start + length) (page-aligned, length > 0) to `protection`: splits, changes,
// merges alike neighbours again. Entries of pages that lose write permission are write-protected;
// PROT_NONE clears them, keeping locks (a present i386 page is always readable). Gaining write
// permission changes no entry: the next write faults and copies on write as before. Errors: NoMemory (a hole in the range, or
// the table is full); AccessDenied (more than a region's max_protection); InvalidArgument (part of the
// heap or the stack: those change only whole).
Result<void> protect(RegionMap& map, VirtAddr start, uint32_t length, Protection protection, MappingHooks& hooks,
                     PageSink& sink);

// mremap (Linux mm/mremap.c): `flags` are MREMAP_*; lengths as given by the caller (rounded here).
// An old length of 0 on a shared mapping (with MAYMOVE) makes a second mapping of the same pages.
// Errors, in Linux's order: InvalidArgument (unknown flags, FIXED without MAYMOVE, DONTUNMAP (not
// supported), unaligned addresses, new length 0, old length 0 of a private mapping, a FIXED target
// past user space or overlapping the source, a heap or stack region);
// BadAddress (the old range is not inside one region); NoMemory (no room to grow in place and no
// MAYMOVE, no free range to move to, the table is full). With FIXED the target range is unmapped
// first (as Linux does; that part stays done if a later step fails). Returns the new address.
Result<VirtAddr> remap(RegionMap& map, VirtAddr old_address, uint32_t old_length, uint32_t new_length,
                       uint32_t flags, VirtAddr new_address, MappingHooks& hooks, PageSink& sink);

// madvise (Linux mm/madvise.c) for MADV_NORMAL, RANDOM, SEQUENTIAL, WILLNEED (hints: checked, no
// effect), DONTNEED (private anonymous pages are discarded: the next touch reads zeros; shared and image
// pages are only unmapped, their contents stay) and FREE (as DONTNEED, private anonymous only).
// Errors: InvalidArgument (another advice, unaligned start, a length that wraps, DONTNEED over locked
// pages or a private image region, FREE over anything but private anonymous memory); NoMemory (a hole
// in the range: the advice is still applied to the mapped parts, as on Linux; or no memory for the zero
// entries that hide an ancestor's pages).
Result<void> advise(RegionMap& map, VirtAddr start, uint32_t length, uint32_t advice, MappingHooks& hooks,
                    PageSink& sink);

// The system calls' own checks, in Linux's order, around unmap() and protect(): i386 user space ends at
// kUserTop (TASK_SIZE).
// munmap (mm/mmap.c): EINVAL for an unaligned start, a range past kUserTop, or a length of 0 (after
// rounding up to a page); then unmap().
Result<void> unmap_checked(RegionMap& map, uint32_t start, uint32_t length, MappingHooks& hooks, PageSink& sink);
// mprotect (mm/mprotect.c): EINVAL for PROT_GROWSDOWN together with PROT_GROWSUP, an unaligned start;
// length 0 succeeds; ENOMEM if the range wraps; EINVAL for bits other than PROT_READ, WRITE, EXEC, SEM;
// EINVAL for PROT_GROWSDOWN or PROT_GROWSUP on a mapped range (no region grows), ENOMEM for a hole;
// then protect().
Result<void> protect_checked(RegionMap& map, uint32_t start, uint32_t length, uint32_t prot, MappingHooks& hooks,
                             PageSink& sink);

// True if `region` can extend to cover `count` more pages after its end without exposing stale pages:
// no page of its object's chain at those indices (for a region owning its pages), and no other region
// of `map` mapping the same object at any of them.
bool can_extend(const RegionMap& map, const Region& region, uint32_t count);

}  // namespace cw::mm
