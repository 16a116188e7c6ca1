// The pager: owns the bounded pool of pageable frames (PAGEABLE_PAGES, mm/pageable_pages_default.h; limits
// in mm/config.h) from which every user page is backed, and the replacement policy that picks a victim
// when the pool is empty.
//
// Page directories and page tables do NOT come from this pool: they are kernel frames
// (mm/physical_memory.h), held for the life of the address space, so they can never be evicted and a
// process that cannot get them is refused at spawn time. The pool holds user pages only.
//
// Every frame holds one page of one memory object (mm/memory_object.h): the pool records that owner and
// index, and the owner's PageEntry records the frame. Frame life cycle: allocate() hands out a frame in
// state UnderIo (nobody may evict it while it is being filled); the caller fills it, then calls commit()
// (InUse, known to the policy). release() returns a frame when its object lets the page go (through
// page_sink()).
//
// When the pool is empty, allocate() evicts: the policy picks a victim, every page-table entry that maps
// it is cleared (the reverse map, AddressSpace::unmap_everywhere), and the page is written to swap only
// if some mapper dirtied it or it has no valid copy elsewhere (mm/writeback.h): a clean page that still
// has its swap slot, or that was never written (image or zero-fill contents), is dropped without I/O. A
// page keeps its swap slot (in its PageEntry) after swap-in, so evicting it again while clean costs
// nothing.
#pragma once

#include <cstdint>

#include "lib/abi/structs.h"
#include "lib/cmdline.h"
#include "lib/result.h"
#include "lib/types.h"
#include "mm/frame_index.h"
#include "mm/frame_pool.h"
#include "mm/swap_map.h"
#include "mm/vm_counters.h"

namespace cw {

class AddressSpace;
namespace mm {
class MemoryObject;
class PageSink;
}  // namespace mm

namespace pager {

// Takes the pool's frames from the kernel frame allocator. `pageable_pages=N` and `policy=NAME` on the
// command line override the build defaults; bad values are reported and the defaults used. `vmlog` on
// the command line logs every fault and eviction to the console.
void init(const CommandLine& cmdline);
bool logging();

// A frame for page `index` of `owner`, UnderIo, evicting another page if the pool is empty (which may
// sleep for a swap write); `faulting` is the address space that needs it (the paging token). The caller
// records the frame in the owner's PageEntry. Errors: NoMemory when every frame is pinned, NoSpace when
// the victim needs a swap slot and swap is full.
Result<PhysAddr> allocate(mm::MemoryObject& owner, uint32_t index, AddressSpace& faulting);
// For read-around: a frame for page `index` of `owner`, UnderIo, only if one can be had without waiting
// or writing: the frame physically after `after` if it is free (a run of such frames is one buffer for
// the disk command, mm/cluster_buffer.h), another free frame, or else (FreeOrClean), when no other
// process holds the paging token, the victim the policy chooses (sparing the token holder's pages as for
// any fill) if it can be dropped without a write. Never sleeps. Errors: NoMemory (FreeOnly, no free
// frame), Busy (none to be had that cheaply). Precondition: interrupts off.
enum class Speculative : uint8_t { FreeOnly, FreeOrClean };
Result<PhysAddr> allocate_speculative(mm::MemoryObject& owner, uint32_t index, const AddressSpace& faulting,
                                      PhysAddr after, Speculative how);
// The frame is filled: InUse, tracked by the policy.
void commit(PhysAddr frame);
// The page is gone for good: frees the frame (its object already forgot it).
void release(PhysAddr frame);
// Where memory objects return frames and slots.
mm::PageSink& page_sink();
// Sleeps until some frame leaves UnderIo (returns at once if none is under I/O): for a fault that found
// its page being filled or written by someone else.
void wait_for_io();
bool under_io(mm::FrameIndex frame);
PhysAddr address_of(mm::FrameIndex frame);
mm::FrameIndex frame_index(PhysAddr frame);
// Whether `frame` is one of the pageable pool's frames (not a kernel frame or device memory).
bool in_pool(PhysAddr frame);

// The address space is going away: drop any reference the pager keeps to it (the paging token).
void forget(AddressSpace& space);

// Pins a resident frame so it cannot be evicted (nested); for frames a system call is using.
Result<void> pin(PhysAddr frame);
void unpin(PhysAddr frame);

// mlock's pins, counted system-wide: at most the pool's size less kMinPageableFrames frames may be
// locked at once, so eviction always keeps room for the worst-case instruction of any process (mm/config.h)
// and no set of locking processes can wedge the others. Errors: TryAgain (EAGAIN, as Linux's mlock when
// it cannot lock) at the limit; those of pin().
Result<void> lock_frame(PhysAddr frame);
void unlock_frame(PhysAddr frame);
// The page a lock was on was copied (copy-on-write): the lock moves to the copy, outside the limit check.
Result<void> move_lock(PhysAddr from, PhysAddr to);
uint32_t locked_frames();
uint32_t lockable_frames();  // the system-wide limit

VmCounters& global_counters();
void fill_vm_stat(abi::VmStat& out);

// For memshow (mm/memory_picture.h), with interrupts off: the pool's size, one frame's metadata, and the
// memory object whose page it holds (null if the frame is Free).
uint32_t frame_count();
mm::FrameInfo frame_info(mm::FrameIndex frame);
mm::MemoryObject* frame_owner(const mm::FrameInfo& info);

}  // namespace pager
}  // namespace cw
