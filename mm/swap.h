// The swap device: the dedicated swap partition (type 0x82) on the boot disk, in page-sized slots
// (slot n = sectors 8n .. 8n+7), with the slot allocator (mm/swap_map.h) and the bookkeeping that keeps
// concurrent evictions and swap-ins of the same slot apart.
//
// A slot is "busy" while a page is being written to it. A swap-in of that slot waits until the write is
// done, and a slot freed while busy (its owner exited mid-write) is only really freed once the write
// completes, so a new owner can never have its data overwritten by the old write.
#pragma once

#include <cstdint>

#include "drivers/block/block_device.h"
#include "lib/result.h"
#include "lib/types.h"
#include "mm/swap_map.h"

namespace cw::swap {

// Uses `partition` (may be null: no swap, every eviction that needs a write fails with NoSpace).
void init(block::BlockDevice* partition);

Result<mm::SwapSlot> allocate();
// `count` neighbouring slots, the lowest such run (swap clustering: a batch of evicted pages goes to one
// run and is written by one command). Errors: NoSpace (no run that long; nothing allocated).
Result<mm::SwapSlot> allocate_run(uint32_t count);
// Frees `slot`, or defers that until its write completes.
void free(mm::SwapSlot slot);

// Marks `slot` busy before a write to it is started: from this moment a swap-in of the slot waits for the
// write, and freeing it is deferred until the write is done. Called with interrupts off in the same
// critical section that publishes the slot in the victim's page-table entry, so the owner can never read
// the slot before it is written.
void reserve_write(mm::SwapSlot slot);
// Writes the page at `frame` to `slot`, which reserve_write() marked busy, then clears the mark. When
// the disk refuses the write, the slot's sectors are marked bad and the page is written to a fresh slot
// that `slot` is redirected to (mm/slot_remap.h), up to a few times. Errors: Io (no write succeeded:
// the page is lost, and reading `slot` is Io).
Result<void> swap_out(PhysAddr frame, mm::SwapSlot slot);
// Writes the pages at frames[0 .. n), physically contiguous frames in order (mm::contiguous), to
// slots[0 .. n), neighbouring slots in order (slots[i] == slots[0] + i), all marked busy by
// reserve_write(), with one command straight from the frames when their sectors are still neighbours
// (no slot of the run has moved, mm/slot_remap.h), then clears the marks. When that command
// fails, or the run is broken, each page is written on its own by swap_out(), with its retries on fresh
// slots: a failed cluster loses nothing. Returns how many pages could not be written anywhere (their
// owners get Io when they touch them). n <= mm::ClusterBuffer::kPages.
uint32_t swap_out_run(const PhysAddr* frames, const mm::SwapSlot* slots, uint32_t n);
// Reads `slot` (from wherever it moved) into `frame`, after waiting for any write to it. Errors: Io
// (also for a slot whose page could not be written).
Result<void> swap_in(mm::SwapSlot slot, PhysAddr frame);
// Whether slot `first` + k can be read by the same command as `first` (read-around): it is not being
// written, its page was not lost, and its sectors follow those of `first` + k - 1. Precondition:
// interrupts off.
bool readable_with(mm::SwapSlot first, uint32_t k);
// Reads slots first .. first + n - 1 into frames[0 .. n) with one command, after waiting for a write
// to `first`; n <= mm::ClusterBuffer::kPages. Errors: Busy (the run is no longer readable as one,
// readable_with; nothing read, the caller reads page by page), Io.
Result<void> swap_in_run(mm::SwapSlot first, const PhysAddr* frames, uint32_t n);

// The swap partition in use, or nullptr.
block::BlockDevice* swap_device();

uint32_t slots_total();
// Slots holding pages (bad slots not counted).
uint32_t slots_used();
// Slots whose sectors failed a write, never used again.
uint32_t slots_bad();

}  // namespace cw::swap
