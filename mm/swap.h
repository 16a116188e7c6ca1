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
// Reads `slot` (from wherever it moved) into `frame`, after waiting for any write to it. Errors: Io
// (also for a slot whose page could not be written).
Result<void> swap_in(mm::SwapSlot slot, PhysAddr frame);

// The swap partition in use, or nullptr.
block::BlockDevice* swap_device();

uint32_t slots_total();
// Slots holding pages (bad slots not counted).
uint32_t slots_used();
// Slots whose sectors failed a write, never used again.
uint32_t slots_bad();

}  // namespace cw::swap
