#include "mm/swap.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/sched/wait_queue.h"
#include "mm/kernel_layout.h"

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

// Slots whose write failed: their contents are lost, so reading them is an I/O error.
uint32_t failed[mm::kMaxSwapSlots / 32];

BusySlot* find_busy(mm::SwapSlot slot) {
  for (auto& b : busy)
    if (b.in_use && b.slot == slot.get()) return &b;
  return nullptr;
}

void* frame_pointer(PhysAddr frame) { return reinterpret_cast<void*>(phys_to_virt(frame).get()); }

void set_failed(mm::SwapSlot slot, bool value) {
  uint32_t bit = 1u << (slot.get() % 32);
  if (value) failed[slot.get() / 32] |= bit; else failed[slot.get() / 32] &= ~bit;
}
bool has_failed(mm::SwapSlot slot) { return (failed[slot.get() / 32] >> (slot.get() % 32)) & 1; }

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

void free(mm::SwapSlot slot) {
  cpu::InterruptGuard guard;
  if (BusySlot* b = find_busy(slot)) {
    b->free_when_done = true;
    return;
  }
  (void)slots.free(slot);
}

void reserve_write(mm::SwapSlot slot) {
  cpu::InterruptGuard guard;
  CW_ASSERT(find_busy(slot) == nullptr);
  for (auto& b : busy) {
    if (!b.in_use) {
      b = BusySlot{slot.get(), true, false};
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
  auto written = device->write(slot.first_sector(), mm::kSectorsPerSlot, frame_pointer(frame));
  {
    cpu::InterruptGuard guard;
    if (!written) {
      set_failed(slot, true);
      kprint("swap: writing slot {} failed: {}\n", slot.get(), written.error());
    }
    bool release = entry->free_when_done;
    entry->in_use = false;
    if (release) (void)slots.free(slot);
    write_done.wake_all();
  }
  return written;
}

Result<void> swap_in(mm::SwapSlot slot, PhysAddr frame) {
  {
    cpu::InterruptGuard guard;
    while (find_busy(slot)) write_done.wait();
    if (has_failed(slot)) return Error::Io;
  }
  return device->read(slot.first_sector(), mm::kSectorsPerSlot, frame_pointer(frame));
}

uint32_t slots_total() { return slots.capacity(); }
uint32_t slots_used() { return slots.used_count(); }

}  // namespace cw::swap
