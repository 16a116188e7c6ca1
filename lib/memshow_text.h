// memshow's pictures (procs/memshow.cpp), as text: the pool's frames one character each, and a process's
// pages one character each, region by region, optionally coloured with ANSI SGR escapes (the serial
// terminal shows them, and so does the VGA console: drivers/vga_text.cpp interprets them).
// Hardware-independent and host-tested (tests/host/memshow_text_test.cpp); the plain form is what the
// integration tests compare.
//
// Frames, in priority order:      Pages:
//   !  under I/O                    r  resident (mapped here)        #  locked (mlock)
//   #  pinned                       c  cached: in memory, not mapped here
//   A  mapped by several processes  s  in swap
//      (letter of the first)        .  not loaded
//   a  private to one process       upper case (R C S): shared with other processes, or copy-on-write
//   =  cached: nobody maps it
//   .  free
// Process letters: a, b, c, ... in the order of `processes`; '?' past z.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/abi/memshow.h"
#include "lib/abi/structs.h"
#include "lib/format.h"

namespace cw {

struct MemshowProcesses {
  const abi::ProcInfo* list = nullptr;
  size_t count = 0;

  char letter_of(int32_t pid) const;  // '?' for a pid not in the list (or past z)
};

struct MemshowStyle {
  bool color = false;       // ANSI SGR colours
  uint32_t columns = 64;    // characters per row of frames or pages
};

char frame_symbol(const abi::FrameCell& cell, const MemshowProcesses& processes);
char page_symbol(const abi::PageRun& run);

// "frames: N, F free, P pinned, I under I/O, S shared, C cached", the rows ("   0 aaab=.."), and the legend
// naming each process letter.
void write_frame_map(FormatSink& sink, const abi::FrameCell* cells, size_t count,
                     const MemshowProcesses& processes, const MemshowStyle& style);

// For each region (a run's `region` index): "region START-END (N pages): R resident, C cached, S in
// swap, L not loaded; H shared, W copy-on-write, K locked", then its pages in rows prefixed by the
// address of the row's first page. `total` is the number of runs the kernel reported: more than
// `count` adds a line saying the picture was cut short.
void write_page_map(FormatSink& sink, const abi::PageRun* runs, size_t count, size_t total,
                    const MemshowStyle& style);

}  // namespace cw
