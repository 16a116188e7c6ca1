#include "mm/address_space.h"

#include <new>

#include "kernel/arch/cpu.h"
#include "kernel/debug/magic_break.h"
#include "kernel/fs/program_store.h"
#include "kernel/heap.h"
#include "kernel/panic.h"
#include "kernel/proc/process.h"
#include "mm/kernel_layout.h"
#include "mm/kernel_paging.h"
#include "mm/pager.h"
#include "mm/physical_memory.h"
#include "mm/swap.h"
#include "kernel/print.h"

namespace cw {

namespace {

inline constexpr uint32_t kInitialStackPages = 1;

// The kernel's PhysicalAccess: page tables are kernel frames reached through the direct map.
class KernelPhysicalAccess final : public mm::PhysicalAccess {
public:
  uint32_t* table(PhysAddr frame) override {
    return reinterpret_cast<uint32_t*>(phys_to_virt(frame).get());
  }
  Result<PhysAddr> allocate_table() override { return allocate_kernel_frame(); }
  void free_table(PhysAddr frame) override { free_kernel_frame(frame); }
};
KernelPhysicalAccess physical_access;

uint8_t* frame_bytes(PhysAddr frame) { return reinterpret_cast<uint8_t*>(phys_to_virt(frame).get()); }

mm::PageFlags flags_for(mm::Protection protection) {
  mm::PageFlags flags = mm::PageFlags::User;
  if (mm::has(protection, mm::Protection::Write)) flags = flags | mm::PageFlags::Writable;
  return flags;
}

bool is_current_directory(PhysAddr directory) { return cpu::read_cr3() == directory.get(); }

}  // namespace

const char* describe(FaultError error) {
  switch (error) {
    case FaultError::Unmapped: return "access to unmapped memory";
    case FaultError::ProtectionViolation: return "access violates page protection";
    case FaultError::KernelAddress: return "access to kernel memory";
    case FaultError::OutOfMemory: return "out of memory (every pageable frame is pinned)";
    case FaultError::OutOfSwap: return "out of swap space";
    case FaultError::Io: return "i/o error loading a page";
  }
  return "fault";
}

AddressSpace::AddressSpace(mm::PageDirectory directory, const disk::ProgramEntry& program, const ElfPlan& plan)
    : directory_(static_cast<mm::PageDirectory&&>(directory)), plan_(plan), program_(program) {}

Result<AddressSpace*> AddressSpace::create(const disk::ProgramEntry& program, const ElfPlan& plan) {
  auto directory = TRY(mm::PageDirectory::create(physical_access, kernel_directory_entries()));
  auto memory = kmalloc(sizeof(AddressSpace), alignof(AddressSpace) < 16 ? 16 : alignof(AddressSpace));
  if (!memory) {
    (void)directory.release();
    return Error::NoMemory;
  }
  auto* space = new (memory.value()) AddressSpace(static_cast<mm::PageDirectory&&>(directory), program, plan);
  auto image_end = mm::add_image_regions(space->regions_, plan);
  bool ok = image_end.has_value();
  if (ok) {
    space->heap_start_ = space->break_ = image_end.value();
    ok = space->regions_.add(mm::Region::heap(image_end.value(), image_end.value())).has_value() &&
         space->regions_.add(mm::Region::stack(VirtAddr(kUserTop), kInitialStackPages * kPageSize))
             .has_value();
  }
  if (!ok) {
    delete space;
    return Error::BadExecutable;
  }
  return space;
}

AddressSpace::~AddressSpace() {
  CW_ASSERT(!is_current_directory(directory_.physical()) || !directory_.is_valid());
  pager::forget(*this);
  (void)unlock(VirtAddr(kUserBase), kUserTop - kUserBase);
  directory_.destroy_user_half([](VirtAddr, const mm::EntryView& view) {
    if (view.kind == mm::EntryKind::Present) pager::release(view.mapping.frame);
    if (view.kind == mm::EntryKind::Info) swap::free(mm::SwapSlot(view.info));
  });
  if (directory_.is_valid() && !directory_.release()) PANIC("address space: directory still in use");
}

Result<void, FaultError> AddressSpace::handle_fault(VirtAddr address, mm::Access access, VirtAddr user_esp) {
  auto view = directory_.inspect(address);
  mm::PteState pte;
  if (view && view.value().kind == mm::EntryKind::Present) {
    pte.present = true;
    pte.writable = view.value().mapping.writable();
  }
  mm::FaultDecision decision = mm::classify_fault(regions_, address, access, pte, user_esp);
  switch (decision) {
    case mm::FaultDecision::Unmapped: return FaultError::Unmapped;
    case mm::FaultDecision::ProtectionViolation: return FaultError::ProtectionViolation;
    case mm::FaultDecision::KernelAddress: return FaultError::KernelAddress;
    case mm::FaultDecision::Spurious:
      cpu::invalidate_page(address.page_base());
      return {};
    case mm::FaultDecision::GrowStackThenZeroFill:
      if (!regions_.grow_stack(address)) return FaultError::Unmapped;
      break;
    case mm::FaultDecision::LoadImagePage:
    case mm::FaultDecision::ZeroFill:
      break;
  }
  const mm::Region* region = regions_.find(address);
  CW_ASSERT(region != nullptr);
  return load(address.page_base(), *region, decision);
}

Result<void, FaultError> AddressSpace::load(VirtAddr page, const mm::Region& region, mm::FaultDecision decision) {
  // A page evicted to swap keeps its slot number in its not-present PTE.
  auto previous = directory_.inspect(page);
  bool swapped = previous && previous.value().kind == mm::EntryKind::Info;
  mm::SwapSlot slot(swapped ? previous.value().info : 0);
  auto frame = pager::allocate(*this, page);
  if (!frame) return frame.error() == Error::NoSpace ? FaultError::OutOfSwap : FaultError::OutOfMemory;
  uint8_t* bytes = frame_bytes(frame.value());
  bool from_disk = false;
  VmCounters& global = pager::global_counters();
  if (swapped) {
    if (!swap::swap_in(slot, frame.value())) {
      pager::release(frame.value());
      return FaultError::Io;
    }
    from_disk = true;
    ++counters_.swap_ins;
    counters_.sectors_read += mm::kSectorsPerSlot;
    cpu::InterruptGuard guard;
    ++global.swap_ins;
    global.sectors_read += mm::kSectorsPerSlot;
  } else {
    __builtin_memset(bytes, 0, kPageSize);
  }
  if (!swapped && decision == mm::FaultDecision::LoadImagePage) {
    PageInfo info = plan_.page(page.page());
    for (uint32_t i = 0; i < info.piece_count; ++i) {
      const PagePiece& piece = info.pieces[i];
      if (!programs::read(program_, piece.file_offset, bytes + piece.page_offset, piece.length)) {
        pager::release(frame.value());
        return FaultError::Io;
      }
      uint32_t sectors = (piece.file_offset + piece.length - 1) / disk::kSectorSize -
                         piece.file_offset / disk::kSectorSize + 1;
      counters_.sectors_read += sectors;
      global.sectors_read += sectors;
      from_disk = true;
    }
  }
  // Mapped with A set: the access that faulted is about to happen, and CLOCK then gives a page just
  // loaded one more pass before it can be evicted, which keeps a process that needs several pages for
  // one instruction from losing the first while it waits for the disk to bring in the next.
  auto mapped = directory_.map(page, frame.value(), flags_for(region.protection) | mm::PageFlags::Accessed);
  if (!mapped) {
    if (swapped) (void)directory_.set_not_present_info(page, slot.get());
    pager::release(frame.value());
    return FaultError::OutOfMemory;  // no frame for a page table
  }
  pager::commit(frame.value(), swapped ? &slot : nullptr);
  ++resident_;
  if (pager::logging())
    kprint("vm: {} (pid {}) fault {} -> frame {} ({})\n", owner_name_, owner_pid_, page, frame.value(),
           swapped ? "swap-in" : from_disk ? "image" : "zero-fill");
  if (from_disk) {
    ++counters_.major_faults;
    ++global.major_faults;
  } else {
    ++counters_.minor_faults;
    ++global.minor_faults;
  }
  if (magic_break::armed()) {
    const Process* process = proc::current();
    magic_break::on_fault_resolved(*this, process ? process->name : "?", process ? process->pid : 0);
  }
  return {};
}

Result<void> AddressSpace::prepare_user_page(VirtAddr address, mm::Access access) {
  auto view = directory_.inspect(address);
  if (view && view.value().kind == mm::EntryKind::Present &&
      (access != mm::Access::Write || view.value().mapping.writable()))
    return {};
  // Fault the page in as the process itself would; the stack may not grow on the kernel's behalf.
  const mm::Region* region = regions_.find(address);
  if (!region || !mm::permits(region->protection, access)) return Error::BadAddress;
  auto loaded = handle_fault(address, access, VirtAddr(region->start));
  if (loaded) return {};
  // The buffer is valid; the system could not bring it in. Say which, as Linux does (ENOMEM when no
  // frame can be had, EIO when the disk failed), rather than blaming the pointer.
  switch (loaded.error()) {
    case FaultError::OutOfMemory:
    case FaultError::OutOfSwap: return Error::NoMemory;
    case FaultError::Io: return Error::Io;
    default: return Error::BadAddress;
  }
}

Result<void> AddressSpace::verify(VirtAddr start, uint32_t length, mm::Access access) const {
  TRY(mm::check_user_range(start, length, access));
  mm::UserPageChunks chunks(start, length);
  mm::UserChunk chunk;
  while (chunks.next(&chunk)) {
    const mm::Region* region = regions_.find(chunk.page);
    if (!region || !mm::permits(region->protection, access)) return Error::BadAddress;
  }
  return {};
}

Result<void> AddressSpace::copy_in(void* destination, VirtAddr source, uint32_t length) {
  TRY(mm::check_user_range(source, length, mm::Access::Read));
  auto* out = static_cast<uint8_t*>(destination);
  mm::UserPageChunks chunks(source, length);
  mm::UserChunk chunk;
  while (chunks.next(&chunk)) {
    for (;;) {
      TRY(prepare_user_page(chunk.page, mm::Access::Read));
      cpu::InterruptGuard guard;  // the frame cannot be evicted while interrupts are off
      auto mapping = directory_.lookup(chunk.page);
      if (!mapping) continue;  // evicted between the two steps: fault it in again
      __builtin_memcpy(out + chunk.position, frame_bytes(mapping.value().frame) + chunk.offset, chunk.length);
      break;
    }
  }
  return {};
}

Result<void> AddressSpace::copy_out(VirtAddr destination, const void* source, uint32_t length) {
  TRY(mm::check_user_range(destination, length, mm::Access::Write));
  const auto* in = static_cast<const uint8_t*>(source);
  mm::UserPageChunks chunks(destination, length);
  mm::UserChunk chunk;
  while (chunks.next(&chunk)) {
    for (;;) {
      TRY(prepare_user_page(chunk.page, mm::Access::Write));
      cpu::InterruptGuard guard;
      auto mapping = directory_.lookup(chunk.page);
      if (!mapping || !mapping.value().writable()) continue;
      __builtin_memcpy(frame_bytes(mapping.value().frame) + chunk.offset, in + chunk.position, chunk.length);
      // The write went through the direct map, so the CPU did not mark the user PTE dirty: do it here, or
      // the pager would drop the new contents as clean.
      (void)directory_.set_flags(chunk.page, mm::PageFlags::Accessed | mm::PageFlags::Dirty);
      break;
    }
  }
  return {};
}

Result<uint32_t> AddressSpace::copy_string_in(char* destination, VirtAddr source, uint32_t capacity) {
  char bytes[kPageSize];
  return mm::scan_user_string(source, capacity, destination, [&](const mm::UserChunk& chunk) -> Result<const char*> {
    TRY(copy_in(bytes, chunk.address(), chunk.length));
    return static_cast<const char*>(bytes);
  });
}

VirtAddr AddressSpace::set_break(VirtAddr new_break) {
  if (new_break < heap_start_) return break_;
  uint32_t new_end_value;
  if (!checked_align_up(new_break.get(), kPageSize, &new_end_value)) return break_;
  VirtAddr new_end(new_end_value);
  const mm::Region* heap = regions_.heap();
  CW_ASSERT(heap != nullptr);
  VirtAddr old_end = heap->end;
  if (new_end != old_end) {
    if (!regions_.resize(heap_start_, new_end)) return break_;
    if (new_end < old_end) unmap_range(new_end, old_end);
  }
  break_ = new_break;
  return break_;
}

void AddressSpace::unmap_range(VirtAddr start, VirtAddr end) {
  (void)unlock(start, end - start);
  for (VirtAddr page = start; page < end; page += kPageSize) {
    auto view = directory_.inspect(page);
    if (!view || view.value().kind == mm::EntryKind::Empty) continue;
    if (view.value().kind == mm::EntryKind::Info) {
      swap::free(mm::SwapSlot(view.value().info));
      *directory_.entry(page).value() = 0;
      continue;
    }
    auto old = directory_.unmap(page);
    if (is_current_directory(directory_.physical())) cpu::invalidate_page(page);
    pager::release(old.value().frame);
    --resident_;
  }
}

void AddressSpace::detach(VirtAddr page, const mm::SwapSlot* slot, bool written) {
  if (slot) {
    (void)directory_.set_not_present_info(page, slot->get());
  } else {
    (void)directory_.unmap(page);
  }
  if (is_current_directory(directory_.physical())) cpu::invalidate_page(page);
  --resident_;
  ++counters_.evictions;
  if (written) {
    ++counters_.swap_outs;
    counters_.sectors_written += mm::kSectorsPerSlot;
  } else {
    ++counters_.writes_avoided;
  }
}

bool AddressSpace::is_locked(Vpn page) const {
  for (uint32_t i = 0; i < locked_count_; ++i)
    if (locked_[i] == page) return true;
  return false;
}

Result<void> AddressSpace::lock(VirtAddr start, uint32_t length) {
  TRY(mm::check_user_range(start, length, mm::Access::Read));
  // All or nothing: pages this call locked are unlocked again if a later page fails.
  const uint32_t before = locked_count_;
  auto undo = [&](Error error) -> Result<void> {
    cpu::InterruptGuard guard;
    while (locked_count_ > before) {
      auto mapping = directory_.lookup(locked_[--locked_count_].address());
      if (mapping) pager::unlock_frame(mapping.value().frame);
    }
    return error;
  };
  mm::UserPageChunks chunks(start, length);
  mm::UserChunk chunk;
  while (chunks.next(&chunk)) {
    if (is_locked(chunk.page.page())) continue;
    if (locked_count_ == kMaxLockedPages) return undo(Error::NoMemory);
    for (;;) {
      auto present = prepare_user_page(chunk.page, mm::Access::Read);
      if (!present) return undo(present.error());
      cpu::InterruptGuard guard;
      auto mapping = directory_.lookup(chunk.page);
      if (!mapping) continue;  // evicted in between: fault it in again
      auto locked = pager::lock_frame(mapping.value().frame);
      if (!locked) return undo(locked.error());
      locked_[locked_count_++] = chunk.page.page();
      break;
    }
  }
  return {};
}

Result<void> AddressSpace::unlock(VirtAddr start, uint32_t length) {
  uint64_t end = static_cast<uint64_t>(start.page_base().get()) + length;
  cpu::InterruptGuard guard;
  for (uint32_t i = 0; i < locked_count_;) {
    uint32_t address = locked_[i].address().get();
    if (address >= start.page_base().get() && address < end) {
      auto mapping = directory_.lookup(locked_[i].address());
      if (mapping) pager::unlock_frame(mapping.value().frame);
      locked_[i] = locked_[--locked_count_];
    } else {
      ++i;
    }
  }
  return {};
}

void AddressSpace::clear_accessed(VirtAddr page) {
  auto before = directory_.clear_flags(page, mm::PageFlags::Accessed);
  if (before && before.value().accessed && is_current_directory(directory_.physical()))
    cpu::invalidate_page(page);
}

void AddressSpace::set_owner(int32_t pid, const char* name) {
  owner_pid_ = pid;
  size_t i = 0;
  for (; name[i] != '\0' && i + 1 < sizeof(owner_name_); ++i) owner_name_[i] = name[i];
  owner_name_[i] = '\0';
}

void AddressSpace::dump(FormatSink& sink) const {
  directory_.for_each_mapping([&sink](VirtAddr page, const mm::Mapping& mapping) {
    mm::format_mapping_line(sink, page, mapping);
    sink.write("\n", 1);
  });
}

}  // namespace cw
