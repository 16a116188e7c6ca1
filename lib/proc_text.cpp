#include "lib/proc_text.h"

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
}

void write_uptime(FormatSink& sink, uint64_t uptime_ms, uint64_t idle_ms) {
  seconds(sink, uptime_ms);
  sink.write(" ", 1);
  seconds(sink, idle_ms);
  sink.write("\n", 1);
}

void write_version(FormatSink& sink, StringView release, StringView compiler, StringView build) {
  format(sink, "Clockwork version {} ({}) {}\n", release, compiler, build);
}

}  // namespace cw::proc_text
