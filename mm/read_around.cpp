#include "mm/read_around.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/program_store.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"
#include "mm/address_space.h"
#include "mm/cluster_buffer.h"
#include "mm/kernel_layout.h"
#include "mm/memory_object.h"
#include "mm/pager.h"
#include "mm/read_around_window.h"
#include "mm/swap.h"

namespace cw::readaround {

namespace {

mm::ReadAroundWindow program_window;
mm::ReadAroundWindow swap_window;
bool cluster_writes = true;

// Program pages are those of a program's own objects, read from its file; every other page that read-around
// brings in comes from swap.
bool is_program_page(const mm::MemoryObject& owner) {
  return owner.parent() == nullptr && owner.kind() != mm::ObjectKind::Anonymous;
}
mm::ReadAroundWindow& window_for(const mm::MemoryObject& owner) {
  return is_program_page(owner) ? program_window : swap_window;
}

// The faulting page (0) and the extra pages claimed for one command.
struct Run {
  PhysAddr frames[mm::ClusterBuffer::kPages];
  mm::PageEntry* entries[mm::ClusterBuffer::kPages] = {};
  uint32_t count = 1;
};

// Takes a frame for page `index` of `object` and names it in `entry` (others now wait for it), as the
// fault path claims its own page. False if no frame can be had cheaply. Swap pages take free frames
// only: their workloads are mostly dirty, where every policy pass that finds a dirty victim would be
// wasted (about 60k cycles), and swap clustering leaves free frames behind each batch. Precondition:
// interrupts off.
bool claim(mm::MemoryObject& object, uint32_t index, mm::PageEntry* entry, const AddressSpace& faulting,
           pager::Speculative how, Run& run) {
  auto frame = pager::allocate_speculative(object, index, faulting, run.frames[run.count - 1], how);
  if (!frame) return false;
  if (!entry) {
    auto created = object.own_or_create(index);
    if (!created) {
      pager::release(frame.value());
      return false;
    }
    entry = created.value();
  }
  entry->set_frame(pager::frame_index(frame.value()));
  run.entries[run.count] = entry;
  run.frames[run.count] = frame.value();
  ++run.count;
  return true;
}

// The command failed: the extra pages go back to what they were (a slot stays where there was one).
void abandon(Run& run) {
  cpu::InterruptGuard guard;
  for (uint32_t k = 1; k < run.count; ++k) {
    mm::PageEntry* entry = run.entries[k];
    entry->frame_plus1 = 0;
    if (!entry->has_slot()) *entry = mm::PageEntry{};
    pager::release(run.frames[k]);
  }
}

void commit_extras(Run& run, bool from_swap) {
  cpu::InterruptGuard guard;
  VmCounters& global = pager::global_counters();
  for (uint32_t k = 1; k < run.count; ++k) {
    run.entries[k]->flags = static_cast<uint8_t>((run.entries[k]->flags | mm::PageEntry::kReadAhead) &
                                                 ~mm::PageEntry::kZero);
    pager::commit(run.frames[k]);
    ++global.read_ahead_pages;
    if (from_swap) ++global.swap_ins;
  }
}

void switch_option(const CommandLine& cmdline, StringView key, bool* value) {
  StringView given = cmdline.get(key, "on");
  if (given == "off") *value = false;
  else if (given != "on") kprint("readaround: {}={} refused (on or off); using on\n", key, given);
}

// Where the bytes of page `index` of a program object start in its file, if the page is exactly one
// whole page of the file (or the file's last, partial page, for a ProgramFile): only such pages are read
// by one command with their neighbours. `length` gets the bytes of the file in the page.
bool file_span(const mm::MemoryObject& root, const disk::ProgramEntry& program, const ElfPlan& plan,
               uint32_t index, uint32_t* offset, uint32_t* length) {
  if (root.kind() == mm::ObjectKind::ProgramFile) {
    uint64_t at = uint64_t{index} * kPageSize;
    if (at >= program.size) return false;
    *offset = static_cast<uint32_t>(at);
    uint32_t left = program.size - *offset;
    *length = left < kPageSize ? left : static_cast<uint32_t>(kPageSize);
    return true;
  }
  // A ProgramImage page: read-only (data pages are copied on write), one piece covering the whole page.
  PageInfo info = plan.page(Vpn(index));
  if (!info.in_image || info.writable || info.piece_count != 1) return false;
  const PagePiece& piece = info.pieces[0];
  if (piece.page_offset != 0 || piece.length != kPageSize) return false;
  *offset = piece.file_offset;
  *length = kPageSize;
  return true;
}

}  // namespace

void init(const CommandLine& cmdline) {
  bool around = true, swap_around = true;
  switch_option(cmdline, "readaround", &around);
  switch_option(cmdline, "swapreadaround", &swap_around);
  switch_option(cmdline, "swapcluster", &cluster_writes);
  program_window.set_enabled(around);
  swap_window.set_enabled(around && swap_around);
  if (!around || !swap_around || !cluster_writes)
    kprint("readaround: program pages {}, swap pages {}; clustered swap writes {}\n", around ? "on" : "off",
           around && swap_around ? "on" : "off", cluster_writes ? "on" : "off");
}

bool swap_clustering() { return cluster_writes; }

void note_wasted(const mm::MemoryObject& owner) { window_for(owner).on_wasted(); }

void note_used(const mm::MemoryObject& owner, mm::PageEntry& entry) {
  entry.flags = static_cast<uint8_t>(entry.flags & ~mm::PageEntry::kReadAhead);
  ++pager::global_counters().read_ahead_used;
  window_for(owner).on_used();
}

uint32_t swap_in(mm::MemoryObject& object, mm::MemoryObject& seen_from, uint32_t index, mm::SwapSlot slot,
                 PhysAddr frame, const AddressSpace& faulting) {
  Run run;
  run.frames[0] = frame;
  {
    cpu::InterruptGuard guard;
    uint32_t want = swap_window.pages_for_fault();
    for (uint32_t k = 1; k <= want && run.count < mm::ClusterBuffer::kPages && index + k > index; ++k) {
      uint32_t j = index + k;
      mm::PageEntry* entry = object.own(j);
      // The neighbour must be out, in the next slot, readable by the same command, and the page the
      // faulting process would see there.
      if (!entry || entry->resident() || !entry->has_slot() || entry->slot().get() != slot.get() + k) break;
      if (!swap::readable_with(slot, k) || seen_from.lookup(j).object != &object) break;
      if (!claim(object, j, entry, faulting, pager::Speculative::FreeOnly, run)) break;
    }
    if (run.count == 1) return 0;
  }
  if (!swap::swap_in_run(slot, run.frames, run.count)) {
    abandon(run);
    return 0;
  }
  commit_extras(run, true);
  return run.count;
}

uint32_t read_program(mm::MemoryObject& root, uint32_t index, PhysAddr frame, const AddressSpace& faulting,
                      uint32_t* sectors) {
  Run run;
  run.frames[0] = frame;
  const disk::ProgramEntry* program = nullptr;
  uint32_t first = 0, length = 0;
  {
    cpu::InterruptGuard guard;
    uint32_t want = program_window.pages_for_fault();
    if (want == 0) return 0;
    program = root.kind() == mm::ObjectKind::ProgramFile ? programs::find_by_start(root.key()) : &faulting.program();
    if (!program || !file_span(root, *program, faulting.plan(), index, &first, &length)) return 0;
    for (uint32_t k = 1; k <= want && run.count < mm::ClusterBuffer::kPages && length == k * kPageSize; ++k) {
      uint32_t j = index + k, offset = 0, bytes = 0;
      if (j < index || j >= root.page_limit()) break;
      if (!file_span(root, *program, faulting.plan(), j, &offset, &bytes) || offset != first + k * kPageSize) break;
      mm::PageEntry* entry = root.own(j);
      if (entry && !entry->empty()) break;  // resident, or being filled by another fault
      if (!claim(root, j, entry, faulting, pager::Speculative::FreeOrClean, run)) break;
      length += bytes;
    }
    if (run.count == 1) return 0;
  }
  // The sectors that cover the run's bytes, in one command, scattered into the frames.
  const uint32_t skip = first % block::kSectorSize;
  const uint32_t count = (skip + length + block::kSectorSize - 1) / block::kSectorSize;
  bool ok;
  block::Partition* system = programs::system_partition();
  if (skip == 0 && mm::contiguous(run.frames, run.count)) {  // straight into the frames
    ok = system->read(program->start + first / block::kSectorSize, count, frame_bytes(run.frames[0])).has_value();
  } else {
    mm::ClusterBuffer& buffer = mm::read_cluster_buffer();
    LockGuard lock(buffer.lock());
    ok = system->read(program->start + first / block::kSectorSize, count, buffer.bytes()).has_value();
    for (uint32_t k = 0; ok && k < run.count; ++k) {
      uint32_t left = length - k * kPageSize;
      __builtin_memcpy(frame_bytes(run.frames[k]), buffer.bytes() + skip + k * kPageSize,
                       left < kPageSize ? left : static_cast<uint32_t>(kPageSize));
    }
  }
  if (!ok) {
    abandon(run);
    return 0;
  }
  // Past the end of the file a page holds zeros (only the last page of a ProgramFile run is partial).
  uint32_t tail = length - (run.count - 1) * kPageSize;
  if (tail < kPageSize) __builtin_memset(frame_bytes(run.frames[run.count - 1]) + tail, 0, kPageSize - tail);
  commit_extras(run, false);
  *sectors = count;
  return run.count;
}

}  // namespace cw::readaround
