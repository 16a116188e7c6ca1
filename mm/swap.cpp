#include "mm/swap.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/sync/lock_guard.h"
#include "mm/cluster_buffer.h"
#include "mm/kernel_layout.h"
#include "mm/slot_remap.h"

namespace cw::swap {

namespace {

block::BlockDevice* device = nullptr;
mm::SwapMap slots;
WaitQueue write_done;

// Slots being written. Each belongs to a frame under I/O, so there are never more than the pool's frames.
struct BusySlot {
  uint32_t slot;
  bool in_use;
  bool free_when_done;
};
inline constexpr uint32_t kMaxBusy = mm::kMaxPageableFrames;
BusySlot busy[kMaxBusy];
// busy[busy_top..] are all unused, so that lookups scan the few entries in flight and not the whole
// table: scanning all 1024 on every swap-in cost about 80k cycles, three times the DMA read itself
// (docs/perf.md "Where a major fault's time goes"). Entries never move (swap_out holds a pointer).
uint32_t busy_top = 0;

// Slots whose page could not be written anywhere: their contents are lost, so reading them is an I/O
// error.
uint32_t failed[mm::kMaxSwapSlots / 32];

// Slots whose sectors failed a write: they stay allocated in `slots` for good, so nothing is put there
// again, and are counted apart from the slots in use.
uint32_t bad[mm::kMaxSwapSlots / 32];
uint32_t bad_count = 0;
// Slots whose page was written elsewhere after a failed write (mm/slot_remap.h).
mm::SlotRemap remap;
// How many slots one page's write tries before its contents are given up: a disk that fails this many
// fresh slots in a row is failing as a whole.
inline constexpr uint32_t kWriteAttempts = 4;

// Precondition (for these two): interrupts off.
BusySlot* find_busy(mm::SwapSlot slot) {
  for (uint32_t i = 0; i < busy_top; ++i)
    if (busy[i].in_use && busy[i].slot == slot.get()) return &busy[i];
  return nullptr;
}

void end_busy(BusySlot& entry) {
  entry.in_use = false;
  while (busy_top > 0 && !busy[busy_top - 1].in_use) --busy_top;
}

void set_failed(mm::SwapSlot slot, bool value) {
  uint32_t bit = 1u << (slot.get() % 32);
  if (value) failed[slot.get() / 32] |= bit; else failed[slot.get() / 32] &= ~bit;
}
bool has_failed(mm::SwapSlot slot) { return (failed[slot.get() / 32] >> (slot.get() % 32)) & 1; }

bool is_bad(mm::SwapSlot slot) { return (bad[slot.get() / 32] >> (slot.get() % 32)) & 1; }
void mark_bad(mm::SwapSlot slot) {
  if (is_bad(slot)) return;
  bad[slot.get() / 32] |= 1u << (slot.get() % 32);
  ++bad_count;
}

// Gives `slot` back to the map, with its replacement if it moved; bad slots stay allocated.
// Precondition: interrupts off.
void release(mm::SwapSlot slot) {
  auto replacement = remap.forget(slot);
  if (replacement && !is_bad(replacement.value())) (void)slots.free(replacement.value());
  if (!is_bad(slot)) (void)slots.free(slot);
}

// After the write to `target` (the home of `slot`) failed: marks it bad and gives `slot` a fresh home.
// False if there is none (swap full, or too many moved slots). Precondition: interrupts off.
bool move_after_failed_write(mm::SwapSlot slot, mm::SwapSlot target, Error error) {
  mark_bad(target);
  auto replacement = slots.allocate();
  if (!replacement) {
    kprint("swap: writing slot {} failed ({}); no free slot to write its page to instead\n", target.get(), error);
    return false;
  }
  if (!remap.move(slot, replacement.value())) {
    (void)slots.free(replacement.value());
    kprint("swap: writing slot {} failed ({}); more than {} slots have moved already\n", target.get(), error,
           mm::SlotRemap::kCapacity);
    return false;
  }
  kprint("swap: writing slot {} failed ({}); slot marked bad ({} in all), its page goes to slot {}\n",
         target.get(), error, bad_count, replacement.value().get());
  return true;
}

}  // namespace

void init(block::BlockDevice* partition) {
  device = partition;
  if (!device) {
    kprint("swap: no swap partition (type 0x82) on the boot disk; pages cannot be swapped out\n");
    return;
  }
  auto count = slots.init_from_sectors(static_cast<uint32_t>(device->sector_count()));
  if (!count) {
    kprint("swap: cannot use {}: {}\n", device->name(), count.error());
    device = nullptr;
    return;
  }
  kprint("swap: {} slots ({} KiB) on {}\n", count.value(), count.value() * 4, device->name());
}

Result<mm::SwapSlot> allocate() {
  cpu::InterruptGuard guard;
  if (!device) return Error::NoSpace;
  auto slot = TRY(slots.allocate());
  set_failed(slot, false);
  return slot;
}

Result<mm::SwapSlot> allocate_run(uint32_t count) {
  cpu::InterruptGuard guard;
  if (!device) return Error::NoSpace;
  auto first = TRY(slots.allocate_run(count));
  for (uint32_t i = 0; i < count; ++i) set_failed(mm::SwapSlot(first.get() + i), false);
  return first;
}

void free(mm::SwapSlot slot) {
  cpu::InterruptGuard guard;
  if (BusySlot* b = find_busy(slot)) {
    b->free_when_done = true;
    return;
  }
  release(slot);
}

void reserve_write(mm::SwapSlot slot) {
  cpu::InterruptGuard guard;
  CW_ASSERT(find_busy(slot) == nullptr);
  for (uint32_t i = 0; i < kMaxBusy; ++i) {
    if (!busy[i].in_use) {
      busy[i] = BusySlot{slot.get(), true, false};
      if (i >= busy_top) busy_top = i + 1;
      return;
    }
  }
  PANIC("swap: more writes in flight than frames in the pool");
}

Result<void> swap_out(PhysAddr frame, mm::SwapSlot slot) {
  BusySlot* entry;
  {
    cpu::InterruptGuard guard;
    entry = find_busy(slot);
    CW_ASSERT(entry != nullptr);
  }
  // A failed write loses nothing yet: the frame still holds the page (it stays under I/O until this
  // returns), so the page is written again to a fresh slot and `slot` is redirected there.
  Result<void> written = Error::Io;
  for (uint32_t attempt = 0; attempt < kWriteAttempts; ++attempt) {
    mm::SwapSlot target;
    {
      cpu::InterruptGuard guard;
      target = remap.home(slot);
    }
    // Swap dies with the boot: no cache flush (block_device.h, Durability).
    written = device->write(target.first_sector(), mm::kSectorsPerSlot, frame_bytes(frame), block::Durability::ThisBoot);
    if (written) break;
    cpu::InterruptGuard guard;
    if (written.error() == Error::NoDevice) {
      // The disk is gone (a stick pulled out): no slot on it can take the page, and none is bad.
      kprint("swap: writing slot {} failed: the swap disk is gone\n", target.get());
      break;
    }
    if (attempt + 1 == kWriteAttempts) {
      mark_bad(target);
      kprint("swap: writing slot {} failed ({}); {} slots in a row failed\n", target.get(), written.error(),
             kWriteAttempts);
      break;
    }
    if (!move_after_failed_write(slot, target, written.error())) break;
  }
  {
    cpu::InterruptGuard guard;
    if (!written) {
      set_failed(slot, true);
      kprint("swap: the page for slot {} could not be written: its owner loses it\n", slot.get());
    }
    bool free_now = entry->free_when_done;
    end_busy(*entry);
    if (free_now) release(slot);
    write_done.wake_all();
  }
  return written;
}

uint32_t swap_out_run(const PhysAddr* frames, const mm::SwapSlot* run, uint32_t n) {
  CW_ASSERT(n >= 1 && n <= mm::ClusterBuffer::kPages && mm::contiguous(frames, n));
  BusySlot* entries[mm::ClusterBuffer::kPages];
  bool intact = true;
  mm::SwapSlot home;
  {
    cpu::InterruptGuard guard;
    home = remap.home(run[0]);
    for (uint32_t i = 0; i < n; ++i) {
      entries[i] = find_busy(run[i]);
      CW_ASSERT(entries[i] != nullptr && run[i].get() == run[0].get() + i);
      intact = intact && remap.home(run[i]).get() == home.get() + i;
    }
  }
  Result<void> written = Error::Io;
  // Swap dies with the boot: no cache flush (block_device.h, Durability).
  if (n > 1 && intact)
    written = device->write(home.first_sector(), n * mm::kSectorsPerSlot, frame_bytes(frames[0]),
                            block::Durability::ThisBoot);
  uint32_t lost = 0;
  if (!written) {
    if (n > 1 && intact)
      kprint("swap: writing slots {}..{} in one command failed ({}); writing them one by one\n", run[0].get(),
             run[n - 1].get(), written.error());
    for (uint32_t i = 0; i < n; ++i)
      if (!swap_out(frames[i], run[i])) ++lost;
    return lost;
  }
  cpu::InterruptGuard guard;
  for (uint32_t i = 0; i < n; ++i) {
    bool free_now = entries[i]->free_when_done;
    end_busy(*entries[i]);
    if (free_now) release(run[i]);
  }
  write_done.wake_all();
  return 0;
}

bool readable_with(mm::SwapSlot first, uint32_t k) {
  mm::SwapSlot slot(first.get() + k);
  if (slot.get() >= slots.capacity() || find_busy(slot) || has_failed(slot)) return false;
  return remap.home(slot).get() == remap.home(mm::SwapSlot(slot.get() - 1)).get() + 1;
}

Result<void> swap_in_run(mm::SwapSlot first, const PhysAddr* frames, uint32_t n) {
  CW_ASSERT(n >= 1 && n <= mm::ClusterBuffer::kPages);
  mm::SwapSlot home;
  {
    cpu::InterruptGuard guard;
    while (find_busy(first)) write_done.wait();
    if (has_failed(first)) return Error::Io;
    for (uint32_t k = 1; k < n; ++k)
      if (!readable_with(first, k)) return Error::Busy;
    home = remap.home(first);
  }
  if (mm::contiguous(frames, n)) return device->read(home.first_sector(), n * mm::kSectorsPerSlot, frame_bytes(frames[0]));
  mm::ClusterBuffer& buffer = mm::read_cluster_buffer();
  LockGuard lock(buffer.lock());
  TRY(device->read(home.first_sector(), n * mm::kSectorsPerSlot, buffer.bytes()));
  for (uint32_t i = 0; i < n; ++i) __builtin_memcpy(frame_bytes(frames[i]), buffer.bytes() + i * kPageSize, kPageSize);
  return {};
}

Result<void> swap_in(mm::SwapSlot slot, PhysAddr frame) {
  mm::SwapSlot home;
  {
    cpu::InterruptGuard guard;
    while (find_busy(slot)) write_done.wait();
    if (has_failed(slot)) return Error::Io;
    home = remap.home(slot);
  }
  return device->read(home.first_sector(), mm::kSectorsPerSlot, frame_bytes(frame));
}

block::BlockDevice* swap_device() { return device; }

uint32_t slots_total() { return slots.capacity(); }
uint32_t slots_used() { return slots.used_count() - bad_count; }
uint32_t slots_bad() { return bad_count; }

}  // namespace cw::swap
