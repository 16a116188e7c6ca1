#include "mm/object_io.h"

#include "kernel/arch/cpu.h"
#include "mm/address_space.h"
#include "mm/kernel_layout.h"
#include "mm/memory_object.h"
#include "mm/pager.h"
#include "mm/read_around.h"
#include "mm/swap.h"

namespace cw::mm {

bool has_contents(const MemoryObject& object, uint32_t index) {
  cpu::InterruptGuard guard;
  const PageEntry* entry = object.own(index);
  return entry && (entry->resident() || entry->has_slot());
}

// In steps, as AddressSpace::resolve: look the page up; pin it if it is resident and settled; otherwise
// take a frame (which may sleep), check that nobody filled the page meanwhile, claim the entry, fill the
// frame (zeros or a swap-in), commit it, and look again. The object is held across the sleeps.
Result<PhysAddr> pin_page(MemoryObject& object, uint32_t index, AddressSpace& faulting) {
  PageSink& sink = pager::page_sink();
  for (;;) {
    bool swap_in = false;
    SwapSlot slot;
    {
      cpu::InterruptGuard guard;
      PageEntry* entry = object.own(index);
      if (entry && entry->resident()) {
        FrameIndex frame = entry->frame();
        if (pager::under_io(frame)) {  // an eviction or fill in flight: wait, then look again
          pager::wait_for_io();
          continue;
        }
        if ((entry->flags & PageEntry::kReadAhead) != 0) readaround::note_used(object, *entry);
        PhysAddr address = pager::address_of(frame);
        TRY(pager::pin(address));
        return address;
      }
      if (entry && entry->has_slot()) {
        swap_in = true;
        slot = entry->slot();
      }
      object.ref();
    }
    auto frame = pager::allocate(object, index, faulting);
    if (!frame) {
      cpu::InterruptGuard guard;
      object.unref(sink);
      return frame.error();
    }
    PageEntry* entry = nullptr;
    {
      cpu::InterruptGuard guard;
      PageEntry* now = object.own(index);
      bool stale = swap_in ? (!now || now->resident() || !now->has_slot() || now->slot() != slot)
                           : (now && (now->resident() || now->has_slot()));
      if (!stale) {
        auto created = object.own_or_create(index);
        if (!created) {
          pager::release(frame.value());
          object.unref(sink);
          return Error::NoMemory;
        }
        entry = created.value();
        entry->set_frame(pager::frame_index(frame.value()));  // from now on others wait for it
      } else {
        pager::release(frame.value());
        object.unref(sink);
        continue;
      }
    }
    bool ok = true;
    if (swap_in) {
      ok = swap::swap_in(slot, frame.value()).has_value();
      cpu::InterruptGuard guard;
      VmCounters& global = pager::global_counters();
      ++global.swap_ins;
      global.sectors_read += kSectorsPerSlot;
    } else {
      __builtin_memset(frame_bytes(frame.value()), 0, kPageSize);
    }
    cpu::InterruptGuard guard;
    if (!ok) {
      entry->frame_plus1 = 0;  // the slot stays: its failed read is remembered there
      pager::release(frame.value());
      object.unref(sink);
      return Error::Io;
    }
    if (!swap_in) entry->flags = PageEntry::kZero;
    pager::commit(frame.value());
    object.unref(sink);
  }
}

void unpin_page(MemoryObject& object, uint32_t index, PhysAddr frame, bool written) {
  cpu::InterruptGuard guard;
  if (written) {
    PageEntry* entry = object.own(index);
    if (entry) entry->flags = static_cast<uint8_t>((entry->flags | PageEntry::kDirty) & ~PageEntry::kZero);
  }
  pager::unpin(frame);
}

Result<void> read_bytes(MemoryObject& object, uint64_t offset, uint8_t* out, uint32_t length,
                        AddressSpace& faulting) {
  while (length > 0) {
    const uint32_t index = static_cast<uint32_t>(offset / kPageSize);
    const uint32_t within = static_cast<uint32_t>(offset % kPageSize);
    const uint32_t piece = length < kPageSize - within ? length : kPageSize - within;
    if (has_contents(object, index)) {
      PhysAddr frame = TRY(pin_page(object, index, faulting));
      __builtin_memcpy(out, frame_bytes(frame) + within, piece);
      unpin_page(object, index, frame, false);
    } else {
      __builtin_memset(out, 0, piece);
    }
    out += piece;
    offset += piece;
    length -= piece;
  }
  return {};
}

Result<void> drop_pages(MemoryObject& object, uint32_t first, uint32_t count) {
  for (;;) {
    {
      cpu::InterruptGuard guard;
      // A page being filled (a fault of a process that maps the object) is dropped once it is filled.
      bool filling = false;
      for (uint32_t i = 0; i < count && !filling; ++i) {
        const PageEntry* entry = object.own(first + i);
        filling = entry && entry->resident() && pager::under_io(entry->frame());
      }
      if (!filling) {
        for (uint32_t i = 0; i < count; ++i) {
          PageEntry* entry = object.own(first + i);
          if (!entry || entry->empty()) continue;
          if (entry->resident()) {
            PhysAddr frame = pager::address_of(entry->frame());
            if (pager::frame_info(entry->frame()).pins != 0) {
              // Locked by mlock in some mapping: the frame cannot be freed under the lock, so the page
              // stays (past the end, it is never read) with zeros, and goes with the object.
              __builtin_memset(frame_bytes(frame), 0, kPageSize);
              continue;
            }
            (void)AddressSpace::unmap_everywhere(object, first + i, frame, nullptr);
          }
          TRY(object.discard(first + i, 1, pager::page_sink()));
        }
        return {};
      }
    }
    pager::wait_for_io();
  }
}

}  // namespace cw::mm
