// memshow's text pictures (lib/memshow_text.h): symbols, rows, legends and the colour escapes.
#include "lib/memshow_text.h"

#include <gtest/gtest.h>

#include "tests/host/host_page_tables.h"

#include <cstring>
#include <string>
#include <vector>

namespace cw {
namespace {

using test::StringSink;

abi::ProcInfo process(int32_t pid, const char* name) {
  abi::ProcInfo p{};
  p.pid = pid;
  std::strncpy(p.name, name, sizeof(p.name) - 1);
  return p;
}

abi::FrameCell frame(int32_t pid, abi::FrameUse use, uint8_t mappers = 1, uint16_t pins = 0) {
  return abi::FrameCell{pid, use, mappers, pins};
}

TEST(MemshowText, FrameSymbolsInPriorityOrder) {
  std::vector<abi::ProcInfo> procs = {process(1, "shell"), process(4, "memtest")};
  MemshowProcesses p{procs.data(), procs.size()};
  EXPECT_EQ(frame_symbol(frame(0, abi::FrameUse::Free, 0), p), '.');
  EXPECT_EQ(frame_symbol(frame(1, abi::FrameUse::Mapped), p), 'a');
  EXPECT_EQ(frame_symbol(frame(4, abi::FrameUse::Mapped), p), 'b');
  EXPECT_EQ(frame_symbol(frame(4, abi::FrameUse::Mapped, 3), p), 'B');
  EXPECT_EQ(frame_symbol(frame(0, abi::FrameUse::Cached, 0), p), '=');
  EXPECT_EQ(frame_symbol(frame(4, abi::FrameUse::Mapped, 1, 2), p), '#');
  EXPECT_EQ(frame_symbol(frame(4, abi::FrameUse::UnderIo, 1, 1), p), '!');
  EXPECT_EQ(frame_symbol(frame(9, abi::FrameUse::Mapped), p), '?');
}

TEST(MemshowText, FrameMapRowsAndLegend) {
  std::vector<abi::ProcInfo> procs = {process(1, "shell"), process(2, "memtest")};
  std::vector<abi::FrameCell> cells = {frame(1, abi::FrameUse::Mapped), frame(2, abi::FrameUse::Mapped),
                                       frame(2, abi::FrameUse::Mapped, 2), frame(0, abi::FrameUse::Cached, 0),
                                       frame(0, abi::FrameUse::Free, 0)};
  StringSink sink;
  write_frame_map(sink, cells.data(), cells.size(), MemshowProcesses{procs.data(), procs.size()},
                  MemshowStyle{false, 4});
  EXPECT_EQ(sink.text(),
            "frames: 5, 1 free, 0 pinned, 0 under I/O, 1 shared, 1 cached\n"
            "   0 abB=\n"
            "   4 .\n"
            "legend: a=shell(1) b=memtest(2)  A=shared  ==cached  #=pinned  !=I/O  .=free\n");
}

TEST(MemshowText, ColourEscapesOnlyWhenAskedAndOnlyOnChanges) {
  std::vector<abi::ProcInfo> procs = {process(1, "shell")};
  std::vector<abi::FrameCell> cells = {frame(1, abi::FrameUse::Mapped), frame(1, abi::FrameUse::Mapped),
                                       frame(0, abi::FrameUse::Free, 0)};
  StringSink sink;
  write_frame_map(sink, cells.data(), cells.size(), MemshowProcesses{procs.data(), procs.size()},
                  MemshowStyle{true, 8});
  const std::string& t = sink.text();
  EXPECT_NE(t.find("\x1b[0m\x1b[32maa\x1b[0m\x1b[2m.\x1b[0m\n"), std::string::npos) << t;
}

TEST(MemshowText, PageMapPerRegionWithCounts) {
  std::vector<abi::PageRun> runs = {
      {0x08048000, 2, abi::PageUse::Resident, abi::kPageShared, 0, 0},
      {0x0804a000, 1, abi::PageUse::NotLoaded, 0, 0, 0},
      {0x0804c000, 1, abi::PageUse::InSwap, abi::kPageWritable | abi::kPageShared | abi::kPageCow, 1, 0},
      {0x0804d000, 1, abi::PageUse::Resident, abi::kPageWritable | abi::kPageLocked, 1, 0},
      {0x0804e000, 1, abi::PageUse::Cached, abi::kPageWritable, 1, 0},
  };
  StringSink sink;
  write_page_map(sink, runs.data(), runs.size(), runs.size(), MemshowStyle{false, 2});
  EXPECT_EQ(sink.text(),
            "region 0x08048000-0x0804b000 (3 pages): 2 resident, 0 cached, 0 in swap, 1 not loaded; 2 shared, 0 "
            "copy-on-write, 0 locked\n"
            "  0x08048000 RR\n"
            "  0x0804a000 .\n"
            "region 0x0804c000-0x0804f000 (3 pages): 1 resident, 1 cached, 1 in swap, 0 not loaded; 1 shared, 1 "
            "copy-on-write, 1 locked\n"
            "  0x0804c000 S#\n"
            "  0x0804e000 c\n");
}

TEST(MemshowText, LongRunsAndTruncation) {
  std::vector<abi::PageRun> runs = {{0x40000000, 1000, abi::PageUse::NotLoaded, abi::kPageWritable, 0, 0}};
  StringSink sink;
  write_page_map(sink, runs.data(), runs.size(), 7, MemshowStyle{false, 64});
  EXPECT_EQ(sink.text(),
            "region 0x40000000-0x403e8000 (1000 pages): 0 resident, 0 cached, 0 in swap, 1000 not loaded; 0 "
            "shared, 0 copy-on-write, 0 locked\n"
            "  0x40000000-0x403e8000 1000 pages '.'\n"
            "(6 more runs not shown)\n");
}

}  // namespace
}  // namespace cw
