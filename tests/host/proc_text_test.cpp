// /proc's text (lib/proc_text.h): the maps, meminfo, vmstat, uptime and version formats of Linux.
#include "lib/proc_text.h"

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
            "cw_memory_objects 9\n");
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

}  // namespace
}  // namespace cw
