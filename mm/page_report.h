// The page report behind the page_dump system call (the shell's `pt`): every page of every region of one
// address space, whether it is resident, in swap or not loaded. Hardware-independent (it reads the
// regions and the page directory only), so the host tests check the exact text.
//
// Format, regions in ascending order, each a header line followed by its pages in ascending order:
//   region 0x08048000-0x0804c000 image r-x, 4 pages: 1 resident, 1 in swap, 2 not loaded
//   0x08048000 -> 0x01234000 U-R A-                resident: format_mapping_line (mm/page_table.h)
//   0x08049000 in swap slot 4                      evicted, its contents in that swap slot
//   0x0804a000-0x0804c000 not loaded (2 pages)     a run of consecutive pages with no PTE
// Ranges are [start-end), as in Linux's /proc/PID/maps; a run of one page is printed as its address
// alone. "Not loaded" pages were never touched, or were evicted clean with nothing to save: either way
// their next touch rebuilds them from the program image or zero-fills them.
#pragma once

#include <cstdint>

#include "lib/format.h"
#include "mm/page_table.h"
#include "mm/region_map.h"

namespace cw::mm {

struct PageCounts {
  uint32_t resident = 0;
  uint32_t in_swap = 0;
  uint32_t not_loaded = 0;
  friend constexpr bool operator==(const PageCounts&, const PageCounts&) = default;
};

// Writes the report (format above) and returns the totals over all regions. Pages outside every region
// are not listed (the pager never leaves an entry there).
PageCounts write_page_report(FormatSink& sink, const RegionMap& regions, const PageDirectory& directory);

// "image", "heap", "stack" or "mmap" (a MAP_SHARED region is reported as "shared").
const char* describe(RegionKind kind);

}  // namespace cw::mm
