#include "mm/address_space.h"

#include <new>

#include "drivers/pit.h"
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
#include "mm/memory_object.h"
#include "mm/executed_file.h"
#include "mm/object_io.h"
#include "mm/read_around.h"
#include "mm/swap.h"
#include "mm/vm_trace_log.h"
#include "kernel/print.h"
#include "lib/rate_limit.h"

namespace cw {

namespace {

inline constexpr uint32_t kInitialStackPages = 1;
inline constexpr uint32_t kKernelFrameReserve = 128;  // 512 KiB: page tables for 512 MiB of mappings
inline constexpr size_t kKernelHeapReserve = 256 * 1024;
RateLimit reserve_reports(1000);  // ticks (1 kHz): a process creating processes in a loop gets one line a second

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

bool is_current_directory(PhysAddr directory) { return cpu::read_cr3() == directory.get(); }

}  // namespace

const char* describe(FaultError error) {
  switch (error) {
    case FaultError::Unmapped: return "access to unmapped memory";
    case FaultError::ProtectionViolation: return "access violates page protection";
    case FaultError::KernelAddress: return "access to kernel memory";
    case FaultError::OutOfMemory: return "out of memory (every pageable frame is pinned)";
    case FaultError::OutOfKernelMemory: return "out of kernel memory (page tables, page records)";
    case FaultError::OutOfSwap: return "out of swap space";
    case FaultError::Io: return "i/o error loading a page";
    case FaultError::BeyondFile: return "access beyond the end of the mapped file";
  }
  return "fault";
}

AddressSpace* AddressSpace::first_space_ = nullptr;

AddressSpace::AddressSpace(mm::PageDirectory directory, const disk::ProgramEntry& program, const ElfPlan& plan)
    : directory_(static_cast<mm::PageDirectory&&>(directory)), plan_(plan), program_(program) {
  cpu::InterruptGuard guard;
  next_space_ = first_space_;
  first_space_ = this;
}

// Gives every region its object. The program's ProgramImage object is the one another address space
// running the same program already maps, if any (shared text), else a new one: the same program
// directory entry (by its first sector), or the same file.
Result<void> AddressSpace::attach_objects() {
  cpu::InterruptGuard guard;
  mm::MemoryObject* image = nullptr;
  for (AddressSpace* space = first_space_; space && !image; space = space->next_space_) {
    for (const mm::Region& region : space->regions_) {
      if (!region.object || region.kind != mm::RegionKind::Image) continue;
      mm::MemoryObject* root = region.object->root();
      if (root->kind() == mm::ObjectKind::ProgramImage && space->file_ == file_ &&
          (file_ || root->key() == program_.start)) {
        image = root;
        break;
      }
    }
  }
  if (image) image->ref();  // held until every image region has its own reference
  else image = TRY(mm::MemoryObject::create(mm::ObjectKind::ProgramImage, program_.start));
  Result<void> result;
  for (mm::Region* region = regions_.begin_mutable(); region != regions_.end(); ++region) {
    if (region->kind == mm::RegionKind::Image && !mm::has(region->protection, mm::Protection::Write)) {
      image->ref();
      region->object = image;
      continue;
    }
    auto object = region->kind == mm::RegionKind::Image ? mm::MemoryObject::create_child(*image)
                                                         : mm::MemoryObject::create(mm::ObjectKind::Anonymous);
    if (!object) {
      result = object.error();
      break;
    }
    region->object = object.value();
  }
  image->unref(pager::page_sink());
  return result;
}

Result<AddressSpace*> AddressSpace::allocate(const disk::ProgramEntry& program, const ElfPlan& plan) {
  // The last kKernelFrameReserve kernel frames and kKernelHeapReserve bytes of kernel heap are kept for
  // the page tables and page records of the processes already running: creating processes without end
  // (fork until refused) then fails here, with ENOMEM, rather than killing a running process at its
  // next fault for want of a page table or a page record.
  const uint32_t frames = free_kernel_frames();
  const size_t heap_free = kernel_heap_stats().free_bytes;
  if (frames < kKernelFrameReserve || heap_free < kKernelHeapReserve) {
    bool report;
    {
      cpu::InterruptGuard guard;
      report = reserve_reports.allow(pit::ticks());
    }
    if (report) {
      kprint("mm: new address space refused (ENOMEM): {} at its reserve ({} kernel frames free, reserve {}; "
             "{} bytes of kernel heap free, reserve {}); {} more refusals since the last report\n",
             frames < kKernelFrameReserve ? "kernel frames" : "kernel heap", frames, kKernelFrameReserve,
             heap_free, kKernelHeapReserve, reserve_reports.suppressed());
    }
    return Error::NoMemory;
  }
  auto directory = TRY(mm::PageDirectory::create(physical_access, kernel_directory_entries()));
  auto memory = kmalloc(sizeof(AddressSpace), alignof(AddressSpace) < 16 ? 16 : alignof(AddressSpace));
  if (!memory) {
    (void)directory.release();
    return Error::NoMemory;
  }
  return new (memory.value()) AddressSpace(static_cast<mm::PageDirectory&&>(directory), program, plan);
}

Result<AddressSpace*> AddressSpace::create(const disk::ProgramEntry& program, const ElfPlan& plan) {
  return lay_out(TRY(allocate(program, plan)));
}

Result<AddressSpace*> AddressSpace::create(mm::ExecutedFile& file, const ElfPlan& plan) {
  AddressSpace* space = TRY(allocate(disk::ProgramEntry{}, plan));
  auto running = file.add_runner();
  if (!running) {
    delete space;
    return running.error();
  }
  space->file_ = &file;
  return lay_out(space);
}

Result<AddressSpace*> AddressSpace::lay_out(AddressSpace* space) {
  const ElfPlan& plan = space->plan_;
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
  if (!space->attach_objects()) {
    delete space;
    return Error::NoMemory;
  }
  return space;
}

Result<AddressSpace*> AddressSpace::fork() {
  AddressSpace* child = TRY(allocate(program_, plan_));
  if (file_) {
    auto running = file_->add_runner();  // a runner already: the file cannot be open for writing
    if (!running) {
      delete child;
      return running.error();
    }
    child->file_ = file_;
  }
  cpu::InterruptGuard guard;
  child->regions_.copy_from(regions_);
  child->heap_start_ = heap_start_;
  child->break_ = break_;
  bool current = is_current_directory(directory_.physical());
  mm::Region* theirs = child->regions_.begin_mutable();
  for (uint32_t i = 0; i < regions_.count(); ++i) theirs[i].object = nullptr;
  for (uint32_t i = 0; i < regions_.count(); ++i) {
    mm::Region& mine = regions_.begin_mutable()[i];
    if (theirs[i].object) continue;  // a later piece of an object forked below
    if (!mine.owns_object_pages()) {  // shared memory, or a program's image object: both map it
      mine.object->ref();
      theirs[i].object = mine.object;
      continue;
    }
    mm::MemoryObject* old = mine.object;
    mm::MemoryObject* keep = nullptr;
    mm::MemoryObject* give = nullptr;
    if (!old->fork(&keep, &give)) {
      delete child;  // regions already forked stay correct: their chains are one object longer
      return Error::NoMemory;
    }
    // Every piece of the object (mprotect and munmap split regions) moves to the two children; the
    // first piece's reference moved with fork(), the others' move here (old keeps its two children's).
    for (uint32_t j = i; j < regions_.count(); ++j) {
      mm::Region& piece = regions_.begin_mutable()[j];
      if (piece.object != old) continue;
      if (j != i) {
        keep->ref();
        give->ref();
        old->unref(pager::page_sink());
      }
      piece.object = keep;
      theirs[j].object = give;
      write_protect_for_fork(piece, current);
    }
  }
  return child;
}

AddressSpace::~AddressSpace() {
  CW_ASSERT(!is_current_directory(directory_.physical()) || !directory_.is_valid());
  pager::forget(*this);
  (void)unlock(VirtAddr(kUserBase), kUserTop - kUserBase);
  {
    cpu::InterruptGuard guard;
    for (mm::Region* region = regions_.begin_mutable(); region != regions_.end(); ++region) {
      if (!region->object) continue;
      unmap_range(region->start, region->end);
      region->object->unref(pager::page_sink());
      region->object = nullptr;
    }
    for (AddressSpace** link = &first_space_; *link; link = &(*link)->next_space_) {
      if (*link == this) {
        *link = next_space_;
        break;
      }
    }
  }
  directory_.destroy_user_half([](VirtAddr page, const mm::EntryView& view) {
    if (view.kind != mm::EntryKind::Empty) PANIC("address space: page {} still mapped at teardown", page);
  });
  if (directory_.is_valid() && !directory_.release()) PANIC("address space: directory still in use");
  if (file_) file_->remove_runner();  // last: the image pages it backed are gone
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
    case mm::FaultDecision::CopyOnWrite:
      break;
  }
  const mm::Region* region = regions_.find(address);
  CW_ASSERT(region != nullptr);
  // The file a mapping shows is the root of its object chain (a private mapping's copies are children).
  if (region->object && region->index_of(address) >= region->object->root()->page_limit())
    return FaultError::BeyondFile;
  return resolve(address.page_base(), *region, access);
}

Result<void> AddressSpace::map_frame(VirtAddr page, PhysAddr frame, bool writable) {
  auto old = directory_.lookup(page);
  if (old) {
    (void)directory_.unmap(page);
    --resident_;
  }
  mm::PageFlags flags = mm::PageFlags::User | mm::PageFlags::Accessed;
  if (writable) flags = flags | mm::PageFlags::Writable;
  // Mapped with A set: the access that faulted is about to happen, and CLOCK then gives a page just
  // loaded one more pass before it can be evicted, which keeps a process that needs several pages for
  // one instruction from losing the first while it waits for the disk to bring in the next.
  TRY(directory_.map(page, frame, flags));
  if (is_current_directory(directory_.physical())) cpu::invalidate_page(page);
  ++resident_;
  return {};
}

void AddressSpace::count_fault(VirtAddr page, PhysAddr frame, const char* how, bool major, bool write) {
  VmCounters& global = pager::global_counters();
  fault_rate_.note(pit::ticks());
  if (major) {
    ++counters_.major_faults;
    ++global.major_faults;
  } else {
    ++counters_.minor_faults;
    ++global.minor_faults;
  }
  if (pager::logging()) kprint("vm: {} (pid {}) fault {} -> frame {} ({})\n", owner_name_, owner_pid_, page, frame, how);
  vmtrace::record_fault(owner_pid_, page, write, frame);
}

namespace {

// Page `index` of a ProgramFile object's file into `bytes` (already zeroed): the part of the page the
// file covers, nothing past its end; the sectors read. Errors: Io, NotFound (the program is not in the
// directory; it never leaves, the directory is fixed at boot).
Result<uint32_t> read_file_page(const mm::MemoryObject& file, uint32_t index, uint8_t* bytes) {
  const disk::ProgramEntry* program = programs::find_by_start(file.key());
  if (!program) return Error::NotFound;
  uint64_t offset = uint64_t{index} * kPageSize;
  if (offset >= program->size) return uint32_t{0};
  uint32_t left = program->size - static_cast<uint32_t>(offset);
  uint32_t length = left < kPageSize ? left : static_cast<uint32_t>(kPageSize);
  TRY(programs::read(*program, static_cast<uint32_t>(offset), bytes, length));
  return (length + disk::kSectorSize - 1) / disk::kSectorSize;
}

}  // namespace

// One fault, in steps: look the page up in the region's object chain; map it if it is resident and the
// access allows; otherwise take a frame (which may sleep), check that nothing changed meanwhile, fill it
// (swap-in, image read, zero fill or a copy of an ancestor's page), record it in its object, and look
// again. Each object a step works on is held (ref) across the sleep, so it is neither freed nor merged.
Result<void, FaultError> AddressSpace::resolve(VirtAddr page, const mm::Region& region, mm::Access access) {
  enum class Step : uint8_t { SwapIn, ImageRead, ZeroFill, Copy };
  mm::MemoryObject* own = region.object;
  const uint32_t index = region.index_of(page);
  const bool writable = mm::has(region.protection, mm::Protection::Write);
  const bool write = access == mm::Access::Write;
  // A private writable region keeps every page it fills in its own object: it will likely be written.
  const bool fill_own = writable && !region.shared;
  const char* how = "mapped";
  bool major = false;
  FaultError failure = FaultError::Io;  // what a failed fill reports
  mm::PageSink& sink = pager::page_sink();
  for (;;) {
    Step step;
    mm::MemoryObject* target;
    mm::SwapSlot slot;
    mm::FrameIndex source_frame;
    {
      cpu::InterruptGuard guard;
      mm::MemoryObject::Found found = own->lookup(index);
      if (found.object && found.entry->resident()) {
        mm::FrameIndex frame = found.entry->frame();
        if (pager::under_io(frame)) {  // someone is filling it: wait, then look again
          pager::wait_for_io();
          continue;
        }
        // A page read ahead is used now, whether it is mapped or copied.
        if ((found.entry->flags & mm::PageEntry::kReadAhead) != 0) {
          readaround::note_used(*found.object, *found.entry);
          ++counters_.read_ahead_used;
        }
        bool mine = found.object == own || region.shared;
        if (!write || mine) {
          PhysAddr address = pager::address_of(frame);
          if (!map_frame(page, address, writable && mine)) return FaultError::OutOfKernelMemory;
          count_fault(page, address, how, major, write);
          if (magic_break::armed()) {
            const Process* process = proc::current();
            magic_break::on_fault_resolved(*this, process ? process->name : "?", process ? process->pid : 0);
          }
          return {};
        }
        step = Step::Copy;
        target = found.object;  // held: the source of the copy
        source_frame = frame;
      } else if (found.object && found.entry->has_slot()) {
        step = Step::SwapIn;
        target = found.object;
        slot = found.entry->slot();
      } else {
        bool zero = found.object != nullptr || own->root()->kind() == mm::ObjectKind::Anonymous;
        step = zero ? Step::ZeroFill : Step::ImageRead;
        target = zero || fill_own ? own : own->root();
      }
      target->ref();
    }
    mm::MemoryObject& owner = step == Step::Copy ? *own : *target;
    auto frame = pager::allocate(owner, index, *this);
    if (!frame) {
      cpu::InterruptGuard guard;
      target->unref(sink);
      return frame.error() == Error::NoSpace ? FaultError::OutOfSwap : FaultError::OutOfMemory;
    }
    uint8_t* bytes = frame_bytes(frame.value());
    // Claim the entry, unless the page changed while we slept (then drop the frame and start over).
    mm::PageEntry* entry = nullptr;
    bool stale = false;
    {
      cpu::InterruptGuard guard;
      mm::MemoryObject::Found found = own->lookup(index);
      switch (step) {
        case Step::Copy:
          stale = found.object != target || !found.entry->resident() || found.entry->frame() != source_frame;
          break;
        case Step::SwapIn:
          stale = found.object != target || found.entry->resident() || !found.entry->has_slot() ||
                  found.entry->slot() != slot;
          break;
        default: {  // someone filled the page, or it went to swap, while we slept
          const mm::PageEntry* mine = target->own(index);
          stale = mine && (mine->resident() || mine->has_slot());
          break;
        }
      }
      if (!stale) {
        auto created = owner.own_or_create(index);
        if (!created) {
          pager::release(frame.value());
          target->unref(sink);
          return FaultError::OutOfKernelMemory;
        }
        entry = created.value();
        if (step == Step::Copy) __builtin_memcpy(bytes, frame_bytes(pager::address_of(source_frame)), kPageSize);
        entry->set_frame(pager::frame_index(frame.value()));  // from now on others wait for it
      } else {
        pager::release(frame.value());
        target->unref(sink);
      }
    }
    if (stale) continue;
    bool ok = true;
    switch (step) {
      case Step::Copy: how = "copy-on-write"; break;
      case Step::ZeroFill:
        __builtin_memset(bytes, 0, kPageSize);
        how = "zero-fill";
        break;
      case Step::SwapIn: {
        // With the following pages in the following slots when read-around can have them (0: alone).
        uint32_t pages = readaround::swap_in(*target, *own, index, slot, frame.value(), *this);
        ok = pages > 0 || swap::swap_in(slot, frame.value()).has_value();
        if (pages == 0) pages = 1;
        major = true;
        how = "swap-in";
        cpu::InterruptGuard guard;
        ++counters_.swap_ins;
        counters_.sectors_read += pages * mm::kSectorsPerSlot;
        VmCounters& global = pager::global_counters();
        ++global.swap_ins;
        global.sectors_read += pages * mm::kSectorsPerSlot;
        break;
      }
      case Step::ImageRead: {
        __builtin_memset(bytes, 0, kPageSize);
        how = "image";
        // With the following pages of the file in one command when read-around can have them: a program
        // on the disk (an image from a /tmp file reads that file's pages, already in memory).
        uint32_t around_sectors = 0;
        bool on_disk = target->kind() == mm::ObjectKind::ProgramFile || !file_;
        if (target == target->root() && on_disk &&
            readaround::read_program(*target, index, frame.value(), *this, &around_sectors) > 0) {
          counters_.sectors_read += around_sectors;
          pager::global_counters().sectors_read += around_sectors;
          major = true;
          break;
        }
        if (target->root()->kind() == mm::ObjectKind::ProgramFile) {
          auto sectors = read_file_page(*target->root(), index, bytes);
          ok = sectors.has_value();
          if (ok) {
            counters_.sectors_read += sectors.value();
            pager::global_counters().sectors_read += sectors.value();
          }
          major = true;
          break;
        }
        // Image objects are indexed by the page's original virtual page (index_base 0), which mremap keeps.
        PageInfo info = plan_.page(Vpn(index));
        major = info.piece_count > 0;
        for (uint32_t i = 0; ok && file_ && i < info.piece_count; ++i) {
          const PagePiece& piece = info.pieces[i];
          auto read = mm::read_bytes(file_->pages(), piece.file_offset, bytes + piece.page_offset, piece.length,
                                     *this);
          ok = read.has_value();
          if (!ok && read.error() == Error::NoMemory) failure = FaultError::OutOfMemory;
          if (!ok && read.error() == Error::NoSpace) failure = FaultError::OutOfSwap;
        }
        for (uint32_t i = 0; ok && !file_ && i < info.piece_count; ++i) {
          const PagePiece& piece = info.pieces[i];
          ok = programs::read(program_, piece.file_offset, bytes + piece.page_offset, piece.length).has_value();
          uint32_t sectors = (piece.file_offset + piece.length - 1) / disk::kSectorSize -
                             piece.file_offset / disk::kSectorSize + 1;
          counters_.sectors_read += sectors;
          pager::global_counters().sectors_read += sectors;
        }
        break;
      }
    }
    {
      cpu::InterruptGuard guard;
      if (!ok) {
        entry->frame_plus1 = 0;  // a swap slot stays: its failed write or read is remembered there
        pager::release(frame.value());
        target->unref(sink);
        return failure;
      }
      if (step == Step::ZeroFill) entry->flags = mm::PageEntry::kZero;
      if (step == Step::ImageRead) entry->flags = 0;
      pager::commit(frame.value());
      if (step == Step::Copy) {
        for (uint32_t i = 0; i < locked_count_; ++i) {
          if (locked_[i].page != page.page()) continue;
          if (pager::move_lock(locked_[i].frame, frame.value())) locked_[i].frame = frame.value();
        }
      }
      target->unref(sink);
    }
  }
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
    case FaultError::OutOfKernelMemory:
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
    if (new_end < old_end) {
      cpu::InterruptGuard guard;
      unmap_range(new_end, old_end);
      // Growing the heap again must show zeros, whatever an ancestor (before a fork) held there.
      const mm::Region* shrunk = regions_.heap();
      (void)shrunk->object->discard(shrunk->index_of(new_end), (old_end - new_end) / kPageSize, pager::page_sink());
    }
  }
  break_ = new_break;
  return break_;
}

// Our pages of `region` now belong to a hidden parent, which both sides share read-only; their D bits
// move to the entries with them. Interrupts off.
void AddressSpace::write_protect_for_fork(const mm::Region& region, bool current) {
  for (VirtAddr page = region.start; page < region.end; page += kPageSize) {
    auto mapping = directory_.lookup(page);
    if (!mapping || !mapping.value().writable()) continue;
    keep_dirty_bit(region, page, mapping.value());
    (void)directory_.clear_flags(page, mm::PageFlags::Writable | mm::PageFlags::Dirty);
    if (current) cpu::invalidate_page(page);
  }
}

// A PTE with D set is the only record that its page differs from the page's swap copy: before the PTE
// stops being that record (it is removed, or write-protected by fork), the entry of the page it maps
// gets the dirty flag. Interrupts off.
void AddressSpace::keep_dirty_bit(const mm::Region& region, VirtAddr page, const mm::Mapping& mapping) {
  if (!mapping.dirty) return;
  mm::MemoryObject::Found found = region.object->lookup(region.index_of(page));
  if (found.entry && found.entry->resident() && pager::address_of(found.entry->frame()) == mapping.frame)
    found.entry->flags |= mm::PageEntry::kDirty;
}

// Clears the PTEs of [start, end) (interrupts off). The pages stay with their objects; a dirty bit is
// handed to the page's entry so that the write is not forgotten.
void AddressSpace::unmap_range(VirtAddr start, VirtAddr end) {
  (void)unlock(start, end - start);
  clear_entries(start, end);
}

void AddressSpace::clear_entries(VirtAddr start, VirtAddr end) {
  bool current = is_current_directory(directory_.physical());
  for (VirtAddr page = start; page < end; page += kPageSize) {
    auto mapping = directory_.lookup(page);
    if (!mapping) continue;
    if (const mm::Region* region = regions_.find(page)) keep_dirty_bit(*region, page, mapping.value());
    (void)directory_.unmap(page);
    if (current) cpu::invalidate_page(page);
    --resident_;
  }
}

uint32_t AddressSpace::unmap_everywhere(const mm::MemoryObject& owner, uint32_t index, PhysAddr frame,
                                        const mm::SwapSlot* written_to) {
  bool written = written_to != nullptr;
  uint32_t count = 0;
  for_each_mapper(owner, index, frame, [&](AddressSpace& space, VirtAddr page) {
    if (pager::logging() && written)
      kprint("vm: {} (pid {}) evict {} frame {} (written to swap slot {})\n", space.owner_name_, space.owner_pid_,
             page, frame, written_to->get());
    else if (pager::logging())
      kprint("vm: {} (pid {}) evict {} frame {} (dropped, no write)\n", space.owner_name_, space.owner_pid_, page,
             frame);
    (void)space.directory_.unmap(page);
    if (is_current_directory(space.directory_.physical())) cpu::invalidate_page(page);
    --space.resident_;
    ++space.counters_.evictions;
    if (written) {
      ++space.counters_.swap_outs;
      space.counters_.sectors_written += mm::kSectorsPerSlot;
    } else {
      ++space.counters_.writes_avoided;
    }
    ++count;
  });
  return count;
}

uint32_t AddressSpace::shared_resident_pages() const {
  uint32_t shared = 0;
  for (const mm::Region& region : regions_) {
    for (VirtAddr page = region.start; page < region.end; page += kPageSize) {
      if (!directory_.lookup(page)) continue;
      mm::MemoryObject::Found found = region.object->lookup(region.index_of(page));
      if (found.object && mm::is_shareable(*found.object)) ++shared;
    }
  }
  return shared;
}

uint32_t AddressSpace::working_set_estimate() const {
  uint32_t referenced = 0;
  directory_.for_each_mapping([&](VirtAddr, const mm::Mapping& m) {
    if (m.accessed && pager::in_pool(m.frame)) ++referenced;
  });
  return referenced;
}

bool AddressSpace::sees(const mm::MemoryObject& object) const {
  for (const mm::Region& region : regions_)
    if (region.object && region.object->descends_from(&object)) return true;
  return false;
}

bool AddressSpace::is_locked(Vpn page) const {
  for (uint32_t i = 0; i < locked_count_; ++i)
    if (locked_[i].page == page) return true;
  return false;
}

Result<void> AddressSpace::lock(VirtAddr start, uint32_t length) {
  TRY(mm::check_user_range(start, length, mm::Access::Read));
  // All or nothing: pages this call locked are unlocked again if a later page fails.
  const uint32_t before = locked_count_;
  auto undo = [&](Error error) -> Result<void> {
    cpu::InterruptGuard guard;
    while (locked_count_ > before) pager::unlock_frame(locked_[--locked_count_].frame);
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
      locked_[locked_count_++] = LockedPage{chunk.page.page(), mapping.value().frame};
      break;
    }
  }
  return {};
}

Result<void> AddressSpace::unlock(VirtAddr start, uint32_t length) {
  uint64_t end = static_cast<uint64_t>(start.page_base().get()) + length;
  cpu::InterruptGuard guard;
  for (uint32_t i = 0; i < locked_count_;) {
    uint32_t address = locked_[i].page.address().get();
    if (address >= start.page_base().get() && address < end) {
      pager::unlock_frame(locked_[i].frame);
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
