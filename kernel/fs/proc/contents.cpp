#include "kernel/fs/proc/contents.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/fs/bin/bin_directory.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/version.h"
#include "lib/abi/structs.h"
#include "lib/proc_text.h"
#include "mm/address_space.h"
#include "mm/pager.h"

namespace cw::fs::proc {

namespace {

abi::VmStat system_stat() {
  abi::VmStat vm{};
  pager::fill_vm_stat(vm);
  return vm;
}

// The process whose memory a file shows: not reaped, not yet exited.
Process* live_process(int32_t pid) {
  Process* p = cw::proc::find(pid);
  if (!p || p->state == ProcessState::Zombie || !p->space) return nullptr;
  return p;
}

Result<uint32_t> copy_target(StringView text, char* out, uint32_t capacity) {
  if (text.size() > capacity) return Error::Range;
  __builtin_memcpy(out, text.data(), text.size());
  return static_cast<uint32_t>(text.size());
}

// An image region maps the ELF file from the page holding its segment's first byte, as Linux's
// elf_map does: the offset is that of the region's start in the file. A region covering only bss (no
// file bytes) is anonymous on Linux; false then.
bool image_offset(const ElfPlan& plan, const mm::Region& region, uint64_t& offset) {
  for (uint32_t i = 0; i < plan.segment_count(); ++i) {
    const ElfSegment& s = plan.segment(i);
    uint32_t page_vaddr = s.vaddr & ~(kPageSize - 1);
    uint32_t file_end = s.vaddr + s.filesz;
    if (s.filesz == 0 || region.start.get() < page_vaddr || region.start.get() >= file_end) continue;
    offset = (s.offset & ~(kPageSize - 1)) + (region.start.get() - page_vaddr);
    return true;
  }
  return false;
}

}  // namespace

bool process_exists(int32_t pid) {
  cpu::InterruptGuard guard;
  return cw::proc::find(pid) != nullptr;
}

Result<void> generate_meminfo(int32_t, FormatSink& sink) {
  abi::VmStat vm = system_stat();
  proc_text::MemInfo info;
  info.page_size = kPageSize;
  info.total_pages = vm.pageable_frames;
  info.free_pages = vm.free_frames;
  info.locked_pages = vm.pinned_frames;
  info.swap_total = vm.swap_slots_total;
  // Bad slots (a write to them failed; mm/swap.h) are never used again: not free.
  info.swap_free = vm.swap_slots_total - vm.swap_slots_used - vm.swap_slots_bad;
  proc_text::write_meminfo(sink, info);
  return {};
}

Result<void> generate_vmstat(int32_t, FormatSink& sink) {
  abi::VmStat vm = system_stat();
  proc_text::VmStatText s;
  s.free_pages = vm.free_frames;
  s.mlocked_pages = vm.pinned_frames;
  s.minor_faults = vm.minor_faults;
  s.major_faults = vm.major_faults;
  s.swap_ins = vm.swap_ins;
  s.swap_outs = vm.swap_outs;
  s.sectors_read = vm.sectors_read;
  s.sectors_written = vm.sectors_written;
  s.evictions = vm.evictions;
  s.writes_avoided = vm.writes_avoided;
  s.pool_pages = vm.pageable_frames;
  s.swap_slots_used = vm.swap_slots_used;
  s.swap_slots_bad = vm.swap_slots_bad;
  s.memory_objects = vm.memory_objects;
  proc_text::write_vmstat(sink, s);
  return {};
}

Result<void> generate_uptime(int32_t, FormatSink& sink) {
  // One PIT tick is a millisecond (drivers/pit.h).
  proc_text::write_uptime(sink, pit::ticks(), sched::idle_ticks());
  return {};
}

Result<void> generate_version(int32_t, FormatSink& sink) {
  char release[48];
  size_t n = format_to(release, sizeof(release), "6.1.0-clockwork-{}", kVersion);  // as uname's release
  proc_text::write_version(sink, StringView(release, n), "gcc version " __VERSION__, "#1");
  return {};
}

Result<void> generate_maps(int32_t pid, FormatSink& sink) {
  if (!cw::proc::find(pid)) return Error::NotFound;
  Process* p = live_process(pid);
  if (!p) return {};  // a zombie: its memory is gone, and Linux's maps of one reads empty
  const AddressSpace& space = *p->space;
  const char* program = space.program().name;
  char path[8 + abi::kNameMax];
  size_t path_length = format_to(path, sizeof(path), "/bin/{}", program);
  auto inode = bin::inode_of(StringView(program));
  for (const mm::Region& region : space.regions()) {
    if (region.start == region.end) continue;  // an empty heap: Linux has no vma for it
    proc_text::MapsLine line;
    line.start = region.start.get();
    line.end = region.end.get();
    line.read = region.protection != mm::Protection::None;
    line.write = mm::has(region.protection, mm::Protection::Write);
    line.execute = mm::has(region.protection, mm::Protection::Execute);
    line.shared = region.shared;
    switch (region.kind) {
      case mm::RegionKind::Image:
        if (image_offset(space.plan(), region, line.offset)) {
          line.device_minor = device_number(FsDevice::Bin);
          line.inode = inode ? inode.value() : 0;
          line.name = StringView(path, path_length);
        }
        break;
      case mm::RegionKind::Heap: line.name = "[heap]"; break;
      case mm::RegionKind::Stack: line.name = "[stack]"; break;
      case mm::RegionKind::Mmap:
        // Anonymous: offset, device and inode 0, no name (Linux shows a file's offset only).
        // FIXME: a file mapping (mmap of a /tmp file) shows as anonymous until regions name their file.
        break;
    }
    proc_text::write_maps_line(sink, line);
  }
  return {};
}

Result<uint32_t> exe_target(int32_t pid, char* out, uint32_t capacity) {
  cpu::InterruptGuard guard;
  Process* p = live_process(pid);
  if (!p) return Error::NotFound;
  char path[8 + abi::kNameMax];
  size_t n = format_to(path, sizeof(path), "/bin/{}", p->space->program().name);
  return copy_target(StringView(path, n), out, capacity);
}

Result<uint32_t> self_target(int32_t, char* out, uint32_t capacity) {
  Process* p = cw::proc::current();
  if (!p) return Error::NotFound;
  char digits[12];
  size_t n = format_to(digits, sizeof(digits), "{}", p->pid);
  return copy_target(StringView(digits, n), out, capacity);
}

}  // namespace cw::fs::proc
