// /proc's text (lib/proc_text.h): the maps, meminfo, vmstat, uptime and version formats of Linux.
#include "lib/proc_text.h"
#include "lib/load_average.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/host/host_page_tables.h"

namespace cw {
namespace {

using test::StringSink;

TEST(ProcText, MapsLineOfAFileMappingPadsTheNameToColumn49) {
  StringSink sink;
  proc_text::MapsLine line;
  line.start = 0x08048000;
  line.end = 0x080ef000;
  line.read = true;
  line.execute = true;
  line.device_major = 0;
  line.device_minor = 2;
  line.inode = 3;
  line.name = "/bin/busybox";
  proc_text::write_maps_line(sink, line);
  // As a 32-bit Linux prints it: the header, spaces to column 48, one more, then the name.
  EXPECT_EQ(sink.text(), "08048000-080ef000 r-xp 00000000 00:02 3          /bin/busybox\n");
  EXPECT_EQ(sink.text().find('/'), 49u);
}

TEST(ProcText, MapsLineOfAnAnonymousMappingEndsAfterTheInode) {
  StringSink sink;
  proc_text::MapsLine line;
  line.start = 0xb7f00000;
  line.end = 0xb7f10000;
  line.read = true;
  line.write = true;
  line.shared = true;
  proc_text::write_maps_line(sink, line);
  EXPECT_EQ(sink.text(), "b7f00000-b7f10000 rw-s 00000000 00:00 0 \n");
}

TEST(ProcText, MapsLineOffsetAndLongHeader) {
  StringSink sink;
  proc_text::MapsLine line;
  line.start = 0x080f0000;
  line.end = 0x080f2000;
  line.read = true;
  line.write = true;
  line.offset = 0xa7000;
  line.device_major = 0x1f;
  line.device_minor = 0xab;
  line.inode = 123456789;
  line.name = "[heap]";
  proc_text::write_maps_line(sink, line);
  EXPECT_EQ(sink.text(), "080f0000-080f2000 rw-p 000a7000 1f:ab 123456789  [heap]\n");
}

TEST(ProcText, MeminfoUsesLinuxColumns) {
  StringSink sink;
  proc_text::MemInfo info;
  info.total_pages = 29;
  info.free_pages = 3;
  info.locked_pages = 1;
  info.swap_total = 4096;
  info.swap_free = 4000;
  proc_text::write_meminfo(sink, info);
  EXPECT_EQ(sink.text(),
            "MemTotal:            116 kB\n"
            "MemFree:              12 kB\n"
            "MemAvailable:         12 kB\n"
            "Buffers:               0 kB\n"
            "Mlocked:               4 kB\n"
            "SwapTotal:         16384 kB\n"
            "SwapFree:          16000 kB\n");
}

TEST(ProcText, VmstatNamesAndSums) {
  StringSink sink;
  proc_text::VmStatText s;
  s.free_pages = 5;
  s.minor_faults = 10;
  s.major_faults = 4;
  s.swap_ins = 2;
  s.swap_outs = 3;
  s.sectors_read = 64;
  s.sectors_written = 24;
  s.evictions = 7;
  s.writes_avoided = 1;
  s.pool_pages = 29;
  s.swap_slots_used = 3;
  s.swap_slots_bad = 2;
  s.memory_objects = 9;
  s.read_ahead_pages = 6;
  s.read_ahead_used = 4;
  s.read_ahead_wasted = 1;
  s.cluster_writes = 2;
  s.cluster_pages = 11;
  proc_text::write_vmstat(sink, s);
  EXPECT_EQ(sink.text(),
            "nr_free_pages 5\n"
            "nr_mlock 0\n"
            "pgpgin 32\n"
            "pgpgout 12\n"
            "pswpin 2\n"
            "pswpout 3\n"
            "pgfault 14\n"
            "pgmajfault 4\n"
            "pgsteal_direct 7\n"
            "cw_writes_avoided 1\n"
            "cw_pool_pages 29\n"
            "cw_swap_slots_used 3\n"
            "cw_swap_slots_bad 2\n"
            "cw_memory_objects 9\n"
            "cw_token_holder 0\n"
            "cw_token_waiting 0\n"
            "cw_token_handoffs 0\n"
            "cw_readahead_pages 6\n"
            "cw_readahead_used 4\n"
            "cw_readahead_wasted 1\n"
            "cw_swap_cluster_writes 2\n"
            "cw_swap_cluster_pages 11\n");
}

TEST(ProcText, UptimeHasTwoDecimals) {
  StringSink sink;
  proc_text::write_uptime(sink, 12345, 1009);
  EXPECT_EQ(sink.text(), "12.34 1.00\n");
  StringSink zero;
  proc_text::write_uptime(zero, 5, 0);
  EXPECT_EQ(zero.text(), "0.00 0.00\n");
}

TEST(ProcText, Version) {
  StringSink sink;
  proc_text::write_version(sink, "6.1.0-clockwork-0.1", "g++ 12", "#1");
  EXPECT_EQ(sink.text(), "Clockwork version 6.1.0-clockwork-0.1 (g++ 12) #1\n");
}

TEST(ProcText, StatHasLinuxs52Fields) {
  StringSink sink;
  proc_text::StatLine s;
  s.pid = 7;
  s.name = "busybox";
  s.state = 'S';
  s.ppid = 1;
  s.pgrp = 7;
  s.session = 1;
  s.tty_nr = 0x501;
  s.tpgid = 7;
  s.minor_faults = 99;
  s.major_faults = 3;
  s.child_minor_faults = 5;
  s.utime = 12;
  s.start_time = 345;
  s.vsize = 3133440;
  s.rss = 408;
  s.start_code = 0x08048000;
  s.end_code = 0x081cd000;
  s.start_stack = 0xbffffe00;
  s.blocked = (uint64_t{1} << 1) | (uint64_t{1} << 40) | (uint64_t{1} << 31);  // SIGINT, signal 41, 32
  s.caught = uint64_t{1} << 16;                                                // SIGCHLD
  s.start_brk = 0x081f0000;
  proc_text::write_stat(sink, s);
  // Laid out as Linux 6.1 prints it for a process (fields counted from 1 as in proc(5)).
  EXPECT_EQ(sink.text(),
            "7 (busybox) S 1 7 1 1281 7 0 99 5 3 0 12 0 0 0 20 0 1 0 345 3133440 408 4294967295 134512640 "
            "136105984 3221224960 0 0 0 2 0 65536 0 0 0 17 0 0 0 0 0 0 0 0 136249344 0 0 0 0 0\n");
  std::string text = sink.text();
  size_t fields = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == ' ' || text[i] == '\n') ++fields;
  EXPECT_EQ(fields, 52u);
}

TEST(ProcText, StatOfAZombieHasNoMemoryFieldsAndItsExitCode) {
  StringSink sink;
  proc_text::StatLine s;
  s.pid = 9;
  s.name = "a-very-long-program-name";
  s.state = 'Z';
  s.ppid = 7;
  s.has_memory = false;
  s.start_brk = 0x1234;  // ignored without memory
  s.exit_code = 3 << 8;
  proc_text::write_stat(sink, s);
  EXPECT_EQ(sink.text(),
            "9 (a-very-long-pro) Z 7 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 0 0 4294967295 0 0 0 0 0 0 0 0 0 0 0 0 "
            "17 0 0 0 0 0 0 0 0 0 0 0 0 0 768\n");
}

TEST(ProcText, StatusUsesLinuxNamesAndColumns) {
  StringSink sink;
  proc_text::StatusText s;
  s.name = "cat";
  s.state = 'R';
  s.pid = 14;
  s.ppid = 1;
  s.pgrp = 14;
  s.session = 1;
  s.fd_size = 256;
  s.vm_size = 765;
  s.vm_rss = 12;
  s.vm_data = 90;
  s.vm_stack = 33;
  s.vm_exe = 5;
  s.queued_signals = 1;
  s.signal_limit = 96363;
  s.pending = uint64_t{1} << 13;  // SIGPIPE
  s.ignored = uint64_t{1} << 1;
  proc_text::write_status(sink, s);
  EXPECT_EQ(sink.text(),
            "Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t14\nNgid:\t0\nPid:\t14\nPPid:\t1\nTracerPid:\t0\n"
            "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t256\nGroups:\t \nNStgid:\t14\nNSpid:\t14\nNSpgid:\t14\n"
            "NSsid:\t1\nVmSize:\t    3060 kB\nVmLck:\t       0 kB\nVmRSS:\t      48 kB\nVmData:\t     360 kB\n"
            "VmStk:\t     132 kB\nVmExe:\t      20 kB\nVmLib:\t       0 kB\nThreads:\t1\nSigQ:\t1/96363\n"
            "SigPnd:\t0000000000002000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n"
            "SigIgn:\t0000000000000002\nSigCgt:\t0000000000000000\nCapInh:\t0000000000000000\n"
            "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
            "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n");
}

TEST(ProcText, StatusOfAZombieHasNoMemoryLines) {
  StringSink sink;
  proc_text::StatusText s;
  s.name = "sh";
  s.state = 'Z';
  s.umask = 0755;
  s.has_memory = false;
  proc_text::write_status(sink, s);
  EXPECT_NE(sink.text().find("Umask:\t0755\nState:\tZ (zombie)\n"), std::string::npos);
  EXPECT_EQ(sink.text().find("Vm"), std::string::npos);
}

}  // namespace
}  // namespace cw

namespace cw {
namespace {

using test::StringSink;

TEST(ProcTextSystem, LoadAvgAsLinuxPrintsIt) {
  StringSink sink;
  proc_text::LoadAvgText load;
  load.averages[0] = 164;                                   // 0.08
  load.averages[1] = 2 * LoadAverage::kOne + LoadAverage::kOne / 4;  // 2.25
  load.averages[2] = 0;
  load.running = 1;
  load.total = 5;
  load.last_pid = 42;
  proc_text::write_loadavg(sink, load);
  EXPECT_EQ(sink.text(), "0.08 2.25 0.00 1/5 42\n");
}

TEST(ProcTextSystem, StatHasTheCpuLinesAndCounters) {
  StringSink sink;
  proc_text::SystemStatText s;
  s.busy_ms = 1234;
  s.idle_ms = 5678;
  s.interrupts = 99;
  s.context_switches = 7;
  s.boot_time = 1700000000;
  s.processes = 12;
  s.running = 1;
  s.blocked = 2;
  proc_text::write_system_stat(sink, s);
  EXPECT_EQ(sink.text(),
            "cpu  123 0 0 567 0 0 0 0 0 0\n"
            "cpu0 123 0 0 567 0 0 0 0 0 0\n"
            "intr 99\n"
            "ctxt 7\n"
            "btime 1700000000\n"
            "processes 12\n"
            "procs_running 1\n"
            "procs_blocked 2\n"
            "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

TEST(ProcTextSystem, MountLine) {
  StringSink sink;
  proc_text::write_mount_line(sink, {"tmpfs", "/tmp", "tmpfs", "rw,nosuid,nodev"});
  EXPECT_EQ(sink.text(), "tmpfs /tmp tmpfs rw,nosuid,nodev 0 0\n");
}

TEST(ProcTextSystem, CpuInfoFieldsProgramsParse) {
  StringSink sink;
  proc_text::CpuInfoText cpu;
  cpu.vendor = "GenuineIntel";
  cpu.model_name = "QEMU Virtual CPU version 2.5+";
  cpu.family = 6;
  cpu.model = 6;
  cpu.stepping = 3;
  cpu.mhz = 2300;
  cpu.flags = "fpu tsc";
  proc_text::write_cpuinfo(sink, cpu);
  std::string text = sink.text();
  EXPECT_EQ(text.rfind("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 6\n", 0), 0u);
  EXPECT_NE(text.find("\nmodel name\t: QEMU Virtual CPU version 2.5+\n"), std::string::npos);
  EXPECT_NE(text.find("\ncpu MHz\t\t: 2300.000\n"), std::string::npos);
  EXPECT_NE(text.find("\nflags\t\t: fpu tsc\n"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 2), "\n\n");  // an empty line ends each processor
}

}  // namespace
}  // namespace cw
