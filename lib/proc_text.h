// The text of /proc's generated files (kernel/fs/proc/), in the formats Linux prints, so that programs
// parsing Linux's /proc (busybox free, top, ps, a script's grep) read Clockwork's. Hardware-independent
// and host-tested (tests/host/proc_text_test.cpp); the kernel fills the value structures from the pager,
// the swap map and the process table, and writes the text into a buffer the open file owns.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/format.h"
#include "lib/string_view.h"

namespace cw::proc_text {

// One line of /proc/PID/maps (Linux fs/proc/task_mmu.c show_map_vma, show_vma_header_prefix):
//   "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then, for a named mapping, spaces up to column
//   25 + 6 * sizeof(void*) - 1 = 48 (i386), one more space and the name; then '\n'.
// A mapping with no name ends after the inode's trailing space, as Linux's does.
struct MapsLine {
  uint32_t start = 0;
  uint32_t end = 0;          // exclusive
  bool read = false;
  bool write = false;
  bool execute = false;
  bool shared = false;       // 's' (VM_MAYSHARE) or 'p'
  uint64_t offset = 0;       // bytes into the file
  uint32_t device_major = 0;
  uint32_t device_minor = 0;
  uint64_t inode = 0;
  StringView name;           // "/bin/busybox", "[heap]", "[stack]", or empty
};
void write_maps_line(FormatSink& sink, const MapsLine& line);

// /proc/meminfo (Linux fs/proc/meminfo.c): "Name:" padded to 16 characters, the value in KiB right
// aligned in 8, " kB". Values in pages of `page_size` bytes. Clockwork's RAM for programs is the pageable
// pool (kernel memory is fixed at boot and not counted, like Linux's reserved memory); it has no buffer
// cache (Buffers 0) and no page cache apart from memory objects' pages (counted as used).
struct MemInfo {
  uint32_t page_size = 4096;
  uint64_t total_pages = 0;    // MemTotal: the pageable pool
  uint64_t free_pages = 0;     // MemFree and MemAvailable: free frames
  uint64_t locked_pages = 0;   // Mlocked: pinned frames (mlock, pages under I/O)
  uint64_t swap_total = 0;     // SwapTotal: swap slots (one page each)
  uint64_t swap_free = 0;      // SwapFree (neither in use nor bad)
};
void write_meminfo(FormatSink& sink, const MemInfo& info);

// /proc/vmstat (Linux mm/vmstat.c vmstat_text): "name value" lines. Linux's names where Clockwork
// counts the same event; Clockwork's own counters carry the prefix "cw_".
struct VmStatText {
  uint64_t free_pages = 0;      // nr_free_pages
  uint64_t mlocked_pages = 0;   // nr_mlock
  uint64_t minor_faults = 0;    // pgfault counts every fault (minor + major), as Linux's does
  uint64_t major_faults = 0;    // pgmajfault
  uint64_t swap_ins = 0;        // pswpin
  uint64_t swap_outs = 0;       // pswpout
  uint64_t sectors_read = 0;    // pgpgin: KiB read from disk (512-byte sectors / 2), as Linux counts
  uint64_t sectors_written = 0; // pgpgout
  uint64_t evictions = 0;       // pgsteal_direct: frames reclaimed in the faulting process's path
  uint64_t writes_avoided = 0;  // cw_writes_avoided: clean pages dropped instead of written
  uint64_t pool_pages = 0;      // cw_pool_pages
  uint64_t swap_slots_used = 0; // cw_swap_slots_used
  uint64_t swap_slots_bad = 0;  // cw_swap_slots_bad: slots a failed write retired
  uint64_t memory_objects = 0;  // cw_memory_objects
  uint64_t token_holder = 0;    // cw_token_holder: pid holding the paging token (0: none; docs/vm.md)
  uint64_t token_waiting = 0;   // cw_token_waiting: allocations waiting in line for it
  uint64_t token_handoffs = 0;  // cw_token_handoffs: turns of the load control
  uint64_t read_ahead_pages = 0;   // cw_readahead_pages: pages read beside a faulting page (docs/vm.md)
  uint64_t read_ahead_used = 0;    // cw_readahead_used: of those, touched before eviction
  uint64_t read_ahead_wasted = 0;  // cw_readahead_wasted: evicted untouched
  uint64_t cluster_writes = 0;     // cw_swap_cluster_writes: multi-page swap write commands
  uint64_t cluster_pages = 0;      // cw_swap_cluster_pages: pages they wrote
};
void write_vmstat(FormatSink& sink, const VmStatText& stat);

// /proc/uptime (Linux fs/proc/uptime.c): seconds since boot and seconds the CPU spent idle, each with two
// decimals: "12.34 10.05\n". Inputs in milliseconds.
void write_uptime(FormatSink& sink, uint64_t uptime_ms, uint64_t idle_ms);

// /proc/loadavg (Linux fs/proc/loadavg.c): the three load averages with two decimals, running/total
// threads, the last pid handed out: "0.08 0.02 0.01 1/5 42\n". Averages in lib/load_average.h's fixed
// point.
struct LoadAvgText {
  uint32_t averages[3] = {0, 0, 0};
  uint32_t running = 0;
  uint32_t total = 0;
  int32_t last_pid = 0;
};
void write_loadavg(FormatSink& sink, const LoadAvgText& load);

// /proc/stat (Linux fs/proc/stat.c show_stat): the "cpu" line (two spaces) and "cpu0" of one CPU, with
// the ten times in clock ticks (USER_HZ 100): user nice system idle iowait irq softirq steal guest
// guest_nice; then intr (the total), ctxt, btime, processes (forks since boot), procs_running,
// procs_blocked, and softirq (the total and ten zeros). Clockwork does not split user and system time:
// every busy tick is user time; it counts no nice, iowait, irq or steal time.
struct SystemStatText {
  uint64_t busy_ms = 0;  // the CPU ran something other than the idle thread
  uint64_t idle_ms = 0;
  uint64_t interrupts = 0;
  uint64_t context_switches = 0;
  uint64_t boot_time = 0;  // seconds since the epoch (kernel/wall_clock.h)
  uint64_t processes = 0;
  uint32_t running = 0;
  uint32_t blocked = 0;
};
void write_system_stat(FormatSink& sink, const SystemStatText& stat);

// One line of /proc/mounts (Linux fs/proc_namespace.c show_vfsmnt): "device dir type options 0 0\n".
struct MountLine {
  StringView device;
  StringView dir;
  StringView type;
  StringView options;
};
void write_mount_line(FormatSink& sink, const MountLine& line);

// /proc/cpuinfo for one x86 CPU (Linux arch/x86/kernel/cpu/proc.c show_cpuinfo): the fields programs
// read (processor, vendor_id, cpu family, model, model name, stepping, cpu MHz, cache size omitted,
// flags, bogomips, address sizes), "name\t: value" with Linux's tab padding, then an empty line.
struct CpuInfoText {
  StringView vendor;      // "GenuineIntel"
  StringView model_name;  // the brand string, or empty
  uint32_t family = 0;
  uint32_t model = 0;
  uint32_t stepping = 0;
  uint32_t mhz = 0;       // measured clock, whole MHz
  StringView flags;       // "fpu vme de ..." in Linux's order
};
void write_cpuinfo(FormatSink& sink, const CpuInfoText& cpu);

// /proc/version (Linux fs/proc/version.c prints "Linux version <release> ..."): "Clockwork version
// <release> (<compiler>) <build>\n".
void write_version(FormatSink& sink, StringView release, StringView compiler, StringView build);

// /proc/PID/stat (Linux fs/proc/array.c do_task_stat, proc(5)): the 52 fields on one line, "pid (comm)
// state ppid ...". Fields Clockwork does not track are 0, as Linux prints them for a reader that may not
// see them; a process without memory (a zombie) has its memory fields 0, as Linux's (no mm). Times in
// clock ticks (USER_HZ 100). comm is cut to 15 characters (TASK_COMM_LEN).
struct StatLine {
  int32_t pid = 0;
  StringView name;
  char state = 'R';
  int32_t ppid = 0;
  int32_t pgrp = 0;
  int32_t session = 0;
  int32_t tty_nr = 0;           // new_encode_dev of the controlling terminal
  int32_t tpgid = -1;           // its foreground group, -1 without one
  uint64_t minor_faults = 0;
  uint64_t child_minor_faults = 0;
  uint64_t major_faults = 0;
  uint64_t child_major_faults = 0;
  uint64_t utime = 0;
  uint64_t stime = 0;
  uint64_t child_utime = 0;
  uint64_t child_stime = 0;
  int32_t num_threads = 1;
  uint64_t start_time = 0;      // ticks after boot
  uint32_t vsize = 0;           // bytes
  uint32_t rss = 0;             // pages
  uint32_t rss_limit = ~0u;     // RLIMIT_RSS in bytes (RLIM_INFINITY)
  uint32_t start_code = 0;
  uint32_t end_code = 0;
  uint32_t start_stack = 0;
  uint64_t pending = 0;         // signal sets, bit n-1 for signal n; stat shows the low 31 bits
  uint64_t blocked = 0;
  uint64_t ignored = 0;
  uint64_t caught = 0;
  bool has_memory = true;       // false: start_data .. env_end print as 0
  uint32_t start_data = 0;
  uint32_t end_data = 0;
  uint32_t start_brk = 0;
  uint32_t arg_start = 0;
  uint32_t arg_end = 0;
  uint32_t env_start = 0;
  uint32_t env_end = 0;
  int32_t exit_code = 0;        // the wait status of a zombie, 0 while it runs
};
void write_stat(FormatSink& sink, const StatLine& stat);

// /proc/PID/status (Linux fs/proc/array.c proc_pid_status): "Name:\tvalue" lines in Linux's order. The
// memory lines ("VmSize:\t%8lu kB") only for a process with memory, as Linux's; the lines for what
// Clockwork does not have (namespaces, capabilities beyond root's, seccomp) carry Linux's values for a
// root process with none of them.
struct StatusText {
  StringView name;
  uint32_t umask = 022;
  char state = 'R';
  int32_t pid = 0;
  int32_t ppid = 0;
  int32_t pgrp = 0;
  int32_t session = 0;
  uint32_t fd_size = 0;          // FDSize: descriptor slots
  bool has_memory = true;
  uint32_t page_size = 4096;
  uint32_t vm_size = 0;          // pages, VmSize: every region
  uint32_t vm_locked = 0;        // VmLck
  uint32_t vm_rss = 0;           // VmRSS: resident pages
  uint32_t vm_data = 0;          // VmData: private writable regions other than the stack
  uint32_t vm_stack = 0;         // VmStk
  uint32_t vm_exe = 0;           // VmExe: the program's executable regions
  uint32_t threads = 1;
  uint32_t queued_signals = 0;   // SigQ: pending now / RLIMIT_SIGPENDING
  uint64_t signal_limit = 0;
  uint64_t pending = 0;
  uint64_t blocked = 0;
  uint64_t ignored = 0;
  uint64_t caught = 0;
};
void write_status(FormatSink& sink, const StatusText& status);

// Linux's state letters and the names status gives them (fs/proc/array.c task_state_array).
const char* state_name(char state);

}  // namespace cw::proc_text
