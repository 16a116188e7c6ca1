#include "kernel/fs/proc/contents.h"

#include "drivers/pit.h"
#include "kernel/console_input.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/cpu_features.h"
#include "kernel/arch/trap.h"
#include "kernel/fs/mounts.h"
#include "kernel/fs/program_store.h"
#include "kernel/fs/bin/bin_directory.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/fs/vfs/node_path.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/version.h"
#include "kernel/wall_clock.h"
#include "lib/abi/structs.h"
#include "lib/cpu_flags.h"
#include "lib/proc_text.h"
#include "lib/resource_limits.h"
#include "mm/address_space.h"
#include "mm/executed_file.h"
#include "mm/memory_object.h"
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

// Scheduler ticks (1 ms, drivers/pit.h) in clock ticks (USER_HZ 100), as Linux's nsec_to_clock_t.
constexpr uint64_t clock_ticks(uint64_t ms) { return ms / 10; }

// Linux's state letter: R running or ready, S in an interruptible wait, D in another, T stopped (job
// control), Z a zombie.
char state_letter(const Process& p) {
  if (p.state == ProcessState::Zombie || !p.thread) return 'Z';
  if (p.job.stopped) return 'T';
  switch (p.thread->state) {
    case ThreadState::Blocked:
    case ThreadState::Sleeping: return p.thread->interruptible || p.thread->state == ThreadState::Sleeping ? 'S' : 'D';
    default: return 'R';
  }
}

// What status and stat say of the signal dispositions: SIG_IGN ones, and those with a handler.
void signal_sets(const Process& p, uint64_t& ignored, uint64_t& caught) {
  ignored = caught = 0;
  for (int sig = 1; sig <= 64; ++sig) {
    uint32_t handler = p.signals.action(sig).handler;
    if (handler == abi::kSigIgn) ignored |= uint64_t{1} << (sig - 1);
    else if (handler != abi::kSigDfl) caught |= uint64_t{1} << (sig - 1);
  }
}

// Pages of the regions, all of them or those a test picks.
template <typename Pick>
uint32_t region_pages(const AddressSpace& space, Pick pick) {
  uint32_t pages = 0;
  for (const mm::Region& region : space.regions())
    if (pick(region)) pages += region.size() / kPageSize;
  return pages;
}

// Linux's load_elf_binary: start_code and end_code bound the executable segments (end at their file
// bytes), start_data is the highest segment start and end_data the highest end of file bytes.
void code_and_data(const ElfPlan& plan, proc_text::StatLine& s) {
  uint32_t start_code = ~0u;
  for (uint32_t i = 0; i < plan.segment_count(); ++i) {
    const ElfSegment& seg = plan.segment(i);
    uint32_t file_end = seg.vaddr + seg.filesz;
    if (seg.executable() && seg.vaddr < start_code) start_code = seg.vaddr;
    if (seg.executable() && file_end > s.end_code) s.end_code = file_end;
    if (seg.vaddr > s.start_data) s.start_data = seg.vaddr;
    if (file_end > s.end_data) s.end_data = file_end;
  }
  s.start_code = start_code == ~0u ? 0 : start_code;
}

uint32_t popcount(uint64_t bits) { return static_cast<uint32_t>(__builtin_popcountll(bits)); }

// The CPU's clock in MHz: TSC cycles across 10 ms of the PIT, measured on the first call (under QEMU TCG
// the host's TSC rate, as Linux's calibration gives there too).
uint32_t cpu_mhz() {
  static uint32_t mhz = 0;
  if (mhz == 0) {
    uint64_t start = cpu::read_tsc();
    pit::busy_wait_ms(10);
    mhz = static_cast<uint32_t>((cpu::read_tsc() - start) / 10000);
  }
  return mhz;
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
  s.token_holder = vm.token_holder_pid;
  s.token_waiting = vm.token_waiting;
  s.token_handoffs = vm.token_handoffs;
  s.read_ahead_pages = vm.read_ahead_pages;
  s.read_ahead_used = vm.read_ahead_used;
  s.read_ahead_wasted = vm.read_ahead_wasted;
  s.cluster_writes = vm.cluster_writes;
  s.cluster_pages = vm.cluster_written_pages;
  proc_text::write_vmstat(sink, s);
  return {};
}

Result<void> generate_uptime(int32_t, FormatSink& sink) {
  // One PIT tick is a millisecond (drivers/pit.h).
  proc_text::write_uptime(sink, pit::ticks(), sched::idle_ticks());
  return {};
}

Result<void> generate_loadavg(int32_t, FormatSink& sink) {
  proc_text::LoadAvgText load;
  for (int i = 0; i < 3; ++i) load.averages[i] = sched::load_average(i);
  sched::ThreadCounts counts = sched::thread_counts();
  load.running = counts.running;
  load.total = counts.total;
  load.last_pid = cw::proc::last_pid();
  proc_text::write_loadavg(sink, load);
  return {};
}

Result<void> generate_system_stat(int32_t, FormatSink& sink) {
  proc_text::SystemStatText s;
  uint64_t now = pit::ticks();
  s.idle_ms = sched::idle_ticks();
  s.busy_ms = now > s.idle_ms ? now - s.idle_ms : 0;
  s.interrupts = trap::interrupt_count();
  s.context_switches = sched::context_switches();
  int64_t boot = wall_clock::boot_seconds();
  s.boot_time = boot > 0 ? static_cast<uint64_t>(boot) : 0;
  s.processes = static_cast<uint64_t>(cw::proc::last_pid());
  sched::ThreadCounts counts = sched::thread_counts();
  s.running = counts.running;
  s.blocked = counts.blocked;
  proc_text::write_system_stat(sink, s);
  return {};
}

Result<void> generate_mounts(int32_t, FormatSink& sink) {
  fs::write_mounts(sink);
  return {};
}

Result<void> generate_cpuinfo(int32_t, FormatSink& sink) {
  cpu::CpuidResult vendor = cpu::cpuid(0);
  char vendor_text[13];
  __builtin_memcpy(vendor_text, &vendor.ebx, 4);
  __builtin_memcpy(vendor_text + 4, &vendor.edx, 4);
  __builtin_memcpy(vendor_text + 8, &vendor.ecx, 4);
  vendor_text[12] = '\0';
  cpu::CpuidResult id = cpu::cpuid(1);
  char brand[49];
  cpu::brand_string(brand);
  char flags[640];
  BufferSink flag_sink(flags, sizeof(flags));
  write_cpu_flags(flag_sink, id.edx, id.ecx);
  // SDM Vol 2A, CPUID leaf 01H EAX: the displayed family adds the extended family for family 15, the
  // displayed model the extended model for families 6 and 15.
  uint32_t family = (id.eax >> 8) & 0xF, model = (id.eax >> 4) & 0xF;
  if (family == 0xF) family += (id.eax >> 20) & 0xFF;
  if (family == 0x6 || family >= 0xF) model += ((id.eax >> 16) & 0xF) << 4;
  proc_text::CpuInfoText info;
  info.vendor = StringView(vendor_text);
  info.model_name = StringView(brand);
  info.family = family;
  info.model = model;
  info.stepping = id.eax & 0xF;
  info.mhz = cpu_mhz();
  info.flags = flag_sink.view();
  proc_text::write_cpuinfo(sink, info);
  return {};
}

Result<void> generate_version(int32_t, FormatSink& sink) {
  char release[48];
  size_t n = format_to(release, sizeof(release), "6.1.0-clockwork-{}", kVersion);  // as uname's release
  proc_text::write_version(sink, StringView(release, n), "gcc version " __VERSION__, "#1");
  return {};
}

namespace {

// The file a Mmap region maps, for its maps line: a /tmp file (the object's backer, with a reference) or
// a /bin program file (by its directory entry), and the offset of the region's start in it.
struct MappedFile {
  uint32_t start = 0;  // the region's start: the line it names
  Node* node = nullptr;  // a /tmp file, one reference
  const disk::ProgramEntry* program = nullptr;
  uint64_t offset = 0;
  char* path = nullptr;  // the node's absolute path, kmalloc'ed
  uint32_t length = 0;
};
inline constexpr uint32_t kMaxMappedFiles = 32;  // more file mappings than this show as anonymous

// The node of the file `space` runs (a /tmp file: its pages' backer, kept alive by the space's runner),
// with a reference; null for a program of the program directory.
Node* executed_node(const AddressSpace& space) {
  cpu::InterruptGuard guard;
  mm::ExecutedFile* file = space.executed_file();
  if (!file) return nullptr;
  auto* node = static_cast<Node*>(const_cast<void*>(file->pages().backer()));
  node->ref();
  return node;
}

// First pass, interrupts off so the regions stay as they are: which Mmap regions map a file.
uint32_t find_mapped_files(const AddressSpace& space, MappedFile (&out)[kMaxMappedFiles]) {
  cpu::InterruptGuard guard;
  uint32_t n = 0;
  for (const mm::Region& region : space.regions()) {
    if (region.kind != mm::RegionKind::Mmap || !region.object || n == kMaxMappedFiles) continue;
    const mm::MemoryObject* root = region.object->root();
    MappedFile f;
    f.start = region.start.get();
    f.offset = static_cast<uint64_t>(region.index_of(region.start)) * kPageSize;
    if (root->kind() == mm::ObjectKind::ProgramFile) {
      f.program = programs::find_by_start(root->key());
    } else if (auto* node = static_cast<Node*>(const_cast<void*>(root->backer()));
               node && node->references() > 0) {  // 0: its destructor is about to clear the backer
      node->ref();
      f.node = node;
    }
    if (f.program || f.node) out[n++] = f;
  }
  return n;
}

}  // namespace

Result<void> generate_maps(int32_t pid, FormatSink& sink) {
  if (!cw::proc::find(pid)) return Error::NotFound;
  Process* p = live_process(pid);
  if (!p) return {};  // a zombie: its memory is gone, and Linux's maps of one reads empty
  const AddressSpace& space = *p->space;
  // File mappings are named by path, which a walk finds and which may sleep: outside the region loop.
  MappedFile files[kMaxMappedFiles];
  uint32_t file_count = find_mapped_files(space, files);
  Result<void> made;
  char* scratch = file_count > 0 ? static_cast<char*>(kmalloc(kPathMax).value_or(nullptr)) : nullptr;
  if (file_count > 0 && !scratch) made = Error::NoMemory;
  for (uint32_t i = 0; made && i < file_count; ++i) {
    if (!files[i].node) continue;
    auto begin = display_path(*files[i].node, scratch, kPathMax);
    if (!begin) continue;  // no path (kernel/fs/vfs/node_path.h): the line stays anonymous
    files[i].length = kPathMax - 1 - begin.value();
    auto copy = kmalloc(files[i].length);
    if (!copy) {
      made = Error::NoMemory;
      break;
    }
    files[i].path = static_cast<char*>(copy.value());
    __builtin_memcpy(files[i].path, scratch + begin.value(), files[i].length);
  }
  if (scratch) kfree(scratch);

  // The image's file: a /bin program by name, or the /tmp file the space runs by path.
  const char* program = space.program().name;
  char path[8 + abi::kNameMax];
  size_t path_length = format_to(path, sizeof(path), "/bin/{}", program);
  auto bin_inode = bin::inode_of(StringView(program));
  uint64_t inode = bin_inode ? bin_inode.value() : 0;
  uint32_t image_device = device_number(FsDevice::Bin);
  NodeRef image_node(executed_node(space));
  char* image_path = nullptr;
  if (made && image_node) {
    image_path = static_cast<char*>(kmalloc(kPathMax).value_or(nullptr));
    if (!image_path) made = Error::NoMemory;
  }
  StringView image_name(path, path_length);
  if (image_path) {
    auto length = copy_display_path(*image_node, image_path, kPathMax);
    image_name = StringView(image_path, length ? length.value() : 0);  // no path: no name
    inode = image_node->number();
    image_device = image_node->device();
  }

  if (made) {
    char program_path[8 + abi::kNameMax];
    cpu::InterruptGuard guard;
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
            line.device_minor = image_device;
            line.inode = inode;
            line.name = image_name;
          }
          break;
        case mm::RegionKind::Heap: line.name = "[heap]"; break;
        case mm::RegionKind::Stack: line.name = "[stack]"; break;
        case mm::RegionKind::Mmap:
          // A file's mapping: its offset, device, inode and path, as Linux's; anonymous otherwise
          // (offset, device and inode 0, no name).
          for (uint32_t i = 0; i < file_count; ++i) {
            const MappedFile& f = files[i];
            if (f.start != line.start || (!f.path && !f.program)) continue;
            line.offset = f.offset;
            if (f.program) {
              size_t n = format_to(program_path, sizeof(program_path), "/bin/{}", f.program->name);
              line.name = StringView(program_path, n);
              line.device_minor = device_number(FsDevice::Bin);
              auto number = bin::inode_of(StringView(f.program->name));
              line.inode = number ? number.value() : 0;
            } else {
              line.name = StringView(f.path, f.length);
              line.device_minor = f.node->device();
              line.inode = f.node->number();
            }
            break;
          }
          break;
      }
      proc_text::write_maps_line(sink, line);
    }
  }
  for (uint32_t i = 0; i < file_count; ++i) {
    if (files[i].path) kfree(files[i].path);
    if (files[i].node) files[i].node->unref();
  }
  if (image_path) kfree(image_path);
  return made;
}

Result<void> generate_stat(int32_t pid, FormatSink& sink) {
  Process* p = cw::proc::find(pid);
  if (!p) return Error::NotFound;
  Process* live = live_process(pid);
  proc_text::StatLine s;
  s.pid = p->pid;
  s.name = StringView(p->name);
  s.state = state_letter(*p);
  s.ppid = p->parent_pid;
  s.pgrp = p->pgid;
  s.session = p->sid;
  s.tty_nr = (5 << 8) | 1;  // new_encode_dev(5, 1): the console is every process's terminal
  int32_t foreground = console_input::foreground();
  s.tpgid = foreground != 0 ? foreground : p->sid;  // as TIOCGPGRP answers (kernel/fs/console_file.cpp)
  Usage usage = p->usage;
  if (live) {
    usage.minor_faults = live->space->counters().minor_faults;
    usage.major_faults = live->space->counters().major_faults;
    usage.cpu_ticks = live->thread ? live->thread->cpu_ticks : usage.cpu_ticks;
  }
  s.minor_faults = usage.minor_faults;
  s.major_faults = usage.major_faults;
  s.child_minor_faults = p->reaped_children.minor_faults;
  s.child_major_faults = p->reaped_children.major_faults;
  // Clockwork does not tell user from system time: all of it is utime.
  s.utime = clock_ticks(usage.cpu_ticks);
  s.child_utime = clock_ticks(p->reaped_children.cpu_ticks);
  s.start_time = clock_ticks(p->start_tick);
  s.pending = p->signals.pending().bits();
  s.blocked = p->signals.blocked().bits();
  signal_sets(*p, s.ignored, s.caught);
  if (live) {
    const AddressSpace& space = *live->space;
    s.vsize = region_pages(space, [](const mm::Region&) { return true; }) * kPageSize;
    s.rss = space.resident_pages();
    code_and_data(space.plan(), s);
    s.start_stack = p->user_stack;
    for (const mm::Region& region : space.regions())
      if (region.kind == mm::RegionKind::Heap) s.start_brk = region.start.get();
  } else {
    s.has_memory = false;
    s.exit_code = p->status_word;
  }
  proc_text::write_stat(sink, s);
  return {};
}

Result<void> generate_status(int32_t pid, FormatSink& sink) {
  Process* p = cw::proc::find(pid);
  if (!p) return Error::NotFound;
  Process* live = live_process(pid);
  proc_text::StatusText s;
  s.name = StringView(p->name);
  s.umask = p->umask;
  s.state = state_letter(*p);
  s.pid = p->pid;
  s.ppid = p->parent_pid;
  s.pgrp = p->pgid;
  s.session = p->sid;
  s.fd_size = fs::FdTable::kMaxFds;
  s.page_size = kPageSize;
  if (live) {
    const AddressSpace& space = *live->space;
    s.vm_size = region_pages(space, [](const mm::Region&) { return true; });
    s.vm_locked = space.locked_pages();
    s.vm_rss = space.resident_pages();
    // Linux's data_vm (private, writable, not the stack), stack_vm and exec_vm of the program.
    s.vm_data = region_pages(space, [](const mm::Region& r) {
      return r.kind != mm::RegionKind::Stack && !r.shared && mm::has(r.protection, mm::Protection::Write);
    });
    s.vm_stack = region_pages(space, [](const mm::Region& r) { return r.kind == mm::RegionKind::Stack; });
    s.vm_exe = region_pages(space, [](const mm::Region& r) {
      return r.kind == mm::RegionKind::Image && mm::has(r.protection, mm::Protection::Execute) &&
             !mm::has(r.protection, mm::Protection::Write);
    });
  } else {
    s.has_memory = false;
  }
  s.pending = p->signals.pending().bits();
  s.queued_signals = popcount(s.pending);  // one instance a signal (docs/signals.md)
  auto limit = p->limits.get(limits::kSigpending);
  s.signal_limit = limit ? limit.value().rlim_cur : 0;
  s.blocked = p->signals.blocked().bits();
  signal_sets(*p, s.ignored, s.caught);
  proc_text::write_status(sink, s);
  return {};
}

Result<void> generate_cmdline(int32_t pid, FormatSink& sink) {
  Process* p = cw::proc::find(pid);
  if (!p) return Error::NotFound;
  if (!live_process(pid)) return {};  // a zombie's memory, and its arguments, are gone
  StringView text = p->command_line.text();
  sink.write(text.data(), text.size());
  return {};
}

Result<uint32_t> exe_target(int32_t pid, char* out, uint32_t capacity) {
  NodeRef file;
  {
    cpu::InterruptGuard guard;
    Process* p = live_process(pid);
    if (!p) return Error::NotFound;
    file = NodeRef(executed_node(*p->space));
    if (!file) {
      char path[8 + abi::kNameMax];
      size_t n = format_to(path, sizeof(path), "/bin/{}", p->space->program().name);
      return copy_target(StringView(path, n), out, capacity);
    }
  }
  return copy_display_path(*file, out, capacity);  // a /tmp file; may sleep: no guard held
}

Result<uint32_t> cwd_target(int32_t pid, char* out, uint32_t capacity) {
  NodeRef directory;
  {
    cpu::InterruptGuard guard;
    Process* p = live_process(pid);
    if (!p) return Error::NotFound;
    Node* node = p->cwd ? p->cwd : &root();
    node->ref();
    directory = NodeRef(node);
  }
  return copy_display_path(*directory, out, capacity);  // may sleep: no guard held
}

Result<uint32_t> root_target(int32_t pid, char* out, uint32_t capacity) {
  {
    cpu::InterruptGuard guard;
    if (!live_process(pid)) return Error::NotFound;
  }
  return copy_target("/", out, capacity);
}

Result<uint32_t> self_target(int32_t, char* out, uint32_t capacity) {
  Process* p = cw::proc::current();
  if (!p) return Error::NotFound;
  char digits[12];
  size_t n = format_to(digits, sizeof(digits), "{}", p->pid);
  return copy_target(StringView(digits, n), out, capacity);
}

}  // namespace cw::fs::proc
