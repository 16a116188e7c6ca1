// Kernel access to the pages of a memory object that no address space needs to map: the data of a
// tmpfs file (kernel/fs/tmpfs/tmpfs_file.h) lives in an anonymous, shared MemoryObject, so its pages come
// from the pageable pool and are evicted to swap and read back like any user page.
//
// A page is used in three steps: pin_page brings it in (zero fill the first time, a swap-in after an
// eviction, or a wait while another thread fills it, the same steps as the fault path in
// mm/address_space.cpp) and pins its frame so the pager cannot take it; the caller copies through the
// kernel's direct map (frame_bytes, mm/kernel_layout.h), possibly sleeping on the user buffer
// meanwhile; unpin_page releases it and, after a write, marks the page dirty, since no page-table entry
// records that write.
//
// Concurrency: the caller serialises the operations on one object (the file's mutex): no two pin_page of
// the same page race, and drop_pages never meets a page pinned by another thread.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"

namespace cw {

class AddressSpace;

namespace mm {

class MemoryObject;

// The page's frame, resident and pinned. `faulting`: the address space on whose behalf (the pager's
// paging token). Errors: NoMemory (every frame pinned, or no kernel memory for the page record), NoSpace
// (the victim needed a swap slot and swap is full), Io (the swap read failed).
Result<PhysAddr> pin_page(MemoryObject& object, uint32_t index, AddressSpace& faulting);
// Undoes pin_page; `written` marks the page dirty (and no longer known to be zeros).
void unpin_page(MemoryObject& object, uint32_t index, PhysAddr frame, bool written);
// True if the page has contents of its own (resident or on swap); false for a page never written or
// known to be zeros, which a reader can take as zeros without bringing anything in.
bool has_contents(const MemoryObject& object, uint32_t index);
// Copies `length` bytes at byte `offset` of the object (page i holds bytes [4096 i, 4096 (i + 1))) into
// the kernel buffer `out`: a page without contents gives zeros, any other is pinned for its copy. For
// the image pages of a file an address space runs (mm/executed_file.h). Errors: those of pin_page.
Result<void> read_bytes(MemoryObject& object, uint64_t offset, uint8_t* out, uint32_t length,
                        AddressSpace& faulting);
// Drops pages [first, first + count): unmapped from every address space that maps them, frames and swap
// slots freed. A page that a fault is filling is waited for first; a page pinned by mlock stays, zeroed.
// Errors: NoMemory (from MemoryObject::discard).
Result<void> drop_pages(MemoryObject& object, uint32_t first, uint32_t count);

}  // namespace mm
}  // namespace cw
