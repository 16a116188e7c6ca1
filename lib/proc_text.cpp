#include "lib/proc_text.h"

#include "lib/load_average.h"

namespace cw::proc_text {

namespace {

void spaces(FormatSink& sink, size_t count) {
  static constexpr char kSpaces[] = "                                ";
  while (count > 0) {
    size_t n = count < sizeof(kSpaces) - 1 ? count : sizeof(kSpaces) - 1;
    sink.write(kSpaces, n);
    count -= n;
  }
}

// Linux's name column: 25 + 6 * sizeof(void *) - 1 characters on a 32-bit kernel.
constexpr size_t kMapsNameColumn = 25 + 6 * 4 - 1;

// meminfo: the name and its colon take 16 columns, then the value right-aligned in 8 (Linux show_val_kb).
void meminfo_line(FormatSink& sink, StringView name, uint64_t pages, uint32_t page_size) {
  sink.write(name.data(), name.size());
  sink.write(":", 1);
  if (name.size() + 1 < 16) spaces(sink, 16 - name.size() - 1);
  format(sink, "{:8} kB\n", pages * (page_size / 1024));
}

void vmstat_line(FormatSink& sink, StringView name, uint64_t value) { format(sink, "{} {}\n", name, value); }

// "S.CC": two decimals, truncated as Linux's uptime does.
void seconds(FormatSink& sink, uint64_t ms) { format(sink, "{}.{:02}", ms / 1000, (ms % 1000) / 10); }

// Linux's TASK_COMM_LEN is 16, NUL included: stat and status show at most 15 characters of the name.
StringView comm(StringView name) { return name.size() > 15 ? StringView(name.data(), 15) : name; }

// stat's signal fields: the first word of the set, without bit 31 (Linux masks it with 0x7fffffff).
uint64_t stat_signals(uint64_t set) { return set & 0x7fffffffu; }

void status_memory(FormatSink& sink, StringView name, uint32_t pages, uint32_t page_size) {
  format(sink, "{}:\t{:8} kB\n", name, static_cast<uint64_t>(pages) * (page_size / 1024));
}

void status_set(FormatSink& sink, StringView name, uint64_t set) { format(sink, "{}:\t{:016x}\n", name, set); }

}  // namespace

void write_maps_line(FormatSink& sink, const MapsLine& line) {
  char header[96];
  size_t length = format_to(header, sizeof(header), "{:08x}-{:08x} {}{}{}{} {:08x} {:02x}:{:02x} {} ", line.start,
                            line.end, line.read ? 'r' : '-', line.write ? 'w' : '-', line.execute ? 'x' : '-',
                            line.shared ? 's' : 'p', line.offset, line.device_major, line.device_minor,
                            line.inode);
  sink.write(header, length);
  if (line.name.size() > 0) {
    // seq_pad: spaces up to the column, then one more before the name.
    if (length < kMapsNameColumn) spaces(sink, kMapsNameColumn - length);
    sink.write(" ", 1);
    sink.write(line.name.data(), line.name.size());
  }
  sink.write("\n", 1);
}

void write_meminfo(FormatSink& sink, const MemInfo& info) {
  meminfo_line(sink, "MemTotal", info.total_pages, info.page_size);
  meminfo_line(sink, "MemFree", info.free_pages, info.page_size);
  meminfo_line(sink, "MemAvailable", info.free_pages, info.page_size);
  meminfo_line(sink, "Buffers", 0, info.page_size);
  meminfo_line(sink, "Mlocked", info.locked_pages, info.page_size);
  meminfo_line(sink, "SwapTotal", info.swap_total, info.page_size);
  meminfo_line(sink, "SwapFree", info.swap_free, info.page_size);
}

void write_vmstat(FormatSink& sink, const VmStatText& s) {
  vmstat_line(sink, "nr_free_pages", s.free_pages);
  vmstat_line(sink, "nr_mlock", s.mlocked_pages);
  vmstat_line(sink, "pgpgin", s.sectors_read / 2);
  vmstat_line(sink, "pgpgout", s.sectors_written / 2);
  vmstat_line(sink, "pswpin", s.swap_ins);
  vmstat_line(sink, "pswpout", s.swap_outs);
  vmstat_line(sink, "pgfault", s.minor_faults + s.major_faults);
  vmstat_line(sink, "pgmajfault", s.major_faults);
  vmstat_line(sink, "pgsteal_direct", s.evictions);
  vmstat_line(sink, "cw_writes_avoided", s.writes_avoided);
  vmstat_line(sink, "cw_pool_pages", s.pool_pages);
  vmstat_line(sink, "cw_swap_slots_used", s.swap_slots_used);
  vmstat_line(sink, "cw_swap_slots_bad", s.swap_slots_bad);
  vmstat_line(sink, "cw_memory_objects", s.memory_objects);
  vmstat_line(sink, "cw_token_holder", s.token_holder);
  vmstat_line(sink, "cw_token_waiting", s.token_waiting);
  vmstat_line(sink, "cw_token_handoffs", s.token_handoffs);
  vmstat_line(sink, "cw_readahead_pages", s.read_ahead_pages);
  vmstat_line(sink, "cw_readahead_used", s.read_ahead_used);
  vmstat_line(sink, "cw_readahead_wasted", s.read_ahead_wasted);
  vmstat_line(sink, "cw_swap_cluster_writes", s.cluster_writes);
  vmstat_line(sink, "cw_swap_cluster_pages", s.cluster_pages);
}

void write_uptime(FormatSink& sink, uint64_t uptime_ms, uint64_t idle_ms) {
  seconds(sink, uptime_ms);
  sink.write(" ", 1);
  seconds(sink, idle_ms);
  sink.write("\n", 1);
}

void write_loadavg(FormatSink& sink, const LoadAvgText& load) {
  for (int i = 0; i < 3; ++i)
    format(sink, "{}.{:02} ", LoadAverage::whole(load.averages[i]), LoadAverage::hundredths(load.averages[i]));
  format(sink, "{}/{} {}\n", load.running, load.total, load.last_pid);
}

void write_system_stat(FormatSink& sink, const SystemStatText& stat) {
  // Clock ticks (USER_HZ 100) from milliseconds, as Linux's nsec_to_clock_t.
  uint64_t user = stat.busy_ms / 10, idle = stat.idle_ms / 10;
  format(sink, "cpu  {} 0 0 {} 0 0 0 0 0 0\n", user, idle);
  format(sink, "cpu0 {} 0 0 {} 0 0 0 0 0 0\n", user, idle);
  format(sink, "intr {}\nctxt {}\nbtime {}\nprocesses {}\nprocs_running {}\nprocs_blocked {}\n", stat.interrupts,
         stat.context_switches, stat.boot_time, stat.processes, stat.running, stat.blocked);
  format(sink, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

void write_mount_line(FormatSink& sink, const MountLine& line) {
  format(sink, "{} {} {} {} 0 0\n", line.device, line.dir, line.type, line.options);
}

void write_cpuinfo(FormatSink& sink, const CpuInfoText& cpu) {
  format(sink, "processor\t: 0\nvendor_id\t: {}\ncpu family\t: {}\nmodel\t\t: {}\n", cpu.vendor, cpu.family,
         cpu.model);
  format(sink, "model name\t: {}\nstepping\t: {}\ncpu MHz\t\t: {}.000\n", cpu.model_name, cpu.stepping, cpu.mhz);
  format(sink, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
  format(sink, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 1\nwp\t\t: yes\nflags\t\t: {}\n", cpu.flags);
  // bogomips: Linux's calibrated delay loop gives about twice the clock in MHz.
  format(sink, "bogomips\t: {}.00\nclflush size\t: 64\ncache_alignment\t: 64\n", 2 * cpu.mhz);
  format(sink, "address sizes\t: 32 bits physical, 32 bits virtual\n\n");
}

void write_version(FormatSink& sink, StringView release, StringView compiler, StringView build) {
  format(sink, "Clockwork version {} ({}) {}\n", release, compiler, build);
}

const char* state_name(char state) {
  switch (state) {
    case 'R': return "R (running)";
    case 'S': return "S (sleeping)";
    case 'D': return "D (disk sleep)";
    case 'T': return "T (stopped)";
    case 'Z': return "Z (zombie)";
    default: return "X (dead)";
  }
}

void write_stat(FormatSink& sink, const StatLine& s) {
  format(sink, "{} ({}) {} {} {} {} {} {} 0 {} {} {} {} {} {} {} {} 20 0 {} 0 {} {} {} {} ", s.pid, comm(s.name),
         s.state, s.ppid, s.pgrp, s.session, s.tty_nr, s.tpgid, s.minor_faults, s.child_minor_faults,
         s.major_faults, s.child_major_faults, s.utime, s.stime, s.child_utime, s.child_stime, s.num_threads,
         s.start_time, s.vsize, s.rss, s.rss_limit);
  // startcode endcode startstack kstkesp kstkeip, the four signal sets, wchan nswap cnswap, exit_signal
  // (SIGCHLD) processor rt_priority policy delayacct_blkio_ticks guest_time cguest_time.
  format(sink, "{} {} {} 0 0 {} {} {} {} 0 0 0 17 0 0 0 0 0 0 ", s.start_code, s.end_code, s.start_stack,
         stat_signals(s.pending), stat_signals(s.blocked), stat_signals(s.ignored), stat_signals(s.caught));
  if (s.has_memory)
    format(sink, "{} {} {} {} {} {} {} ", s.start_data, s.end_data, s.start_brk, s.arg_start, s.arg_end,
           s.env_start, s.env_end);
  else
    format(sink, "0 0 0 0 0 0 0 ");
  format(sink, "{}\n", s.exit_code);
}

void write_status(FormatSink& sink, const StatusText& s) {
  char umask[5] = {static_cast<char>('0' + ((s.umask >> 9) & 7)), static_cast<char>('0' + ((s.umask >> 6) & 7)),
                   static_cast<char>('0' + ((s.umask >> 3) & 7)), static_cast<char>('0' + (s.umask & 7)), '\0'};
  format(sink, "Name:\t{}\nUmask:\t{}\nState:\t{}\n", comm(s.name), StringView(umask, 4), state_name(s.state));
  format(sink, "Tgid:\t{}\nNgid:\t0\nPid:\t{}\nPPid:\t{}\nTracerPid:\t0\n", s.pid, s.pid, s.ppid);
  format(sink, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
  format(sink, "FDSize:\t{}\nGroups:\t \n", s.fd_size);
  format(sink, "NStgid:\t{}\nNSpid:\t{}\nNSpgid:\t{}\nNSsid:\t{}\n", s.pid, s.pid, s.pgrp, s.session);
  if (s.has_memory) {
    status_memory(sink, "VmSize", s.vm_size, s.page_size);
    status_memory(sink, "VmLck", s.vm_locked, s.page_size);
    status_memory(sink, "VmRSS", s.vm_rss, s.page_size);
    status_memory(sink, "VmData", s.vm_data, s.page_size);
    status_memory(sink, "VmStk", s.vm_stack, s.page_size);
    status_memory(sink, "VmExe", s.vm_exe, s.page_size);
    status_memory(sink, "VmLib", 0, s.page_size);
  }
  format(sink, "Threads:\t{}\nSigQ:\t{}/{}\n", s.threads, s.queued_signals, s.signal_limit);
  status_set(sink, "SigPnd", s.pending);
  status_set(sink, "ShdPnd", 0);
  status_set(sink, "SigBlk", s.blocked);
  status_set(sink, "SigIgn", s.ignored);
  status_set(sink, "SigCgt", s.caught);
  // Every Clockwork process is root with every capability (Linux 6.1's CAP_LAST_CAP is 40).
  status_set(sink, "CapInh", 0);
  status_set(sink, "CapPrm", 0x1ffffffffffull);
  status_set(sink, "CapEff", 0x1ffffffffffull);
  status_set(sink, "CapBnd", 0x1ffffffffffull);
  status_set(sink, "CapAmb", 0);
  format(sink, "NoNewPrivs:\t0\nSeccomp:\t0\n");
}

}  // namespace cw::proc_text
