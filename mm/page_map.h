// What each virtual page of an address space is, from its regions, its page directory and the memory
// objects behind them: the classification behind the page report (mm/page_report.h, the shell's `pt`)
// and memshow's virtual map (lib/abi/memshow.h PageRun). Hardware-independent and host-tested.
//
//   Resident   a present page-table entry maps it here
//   Cached     not mapped here, but the object chain holds it in a frame (another process brought it in,
//              or the program's page cache keeps it): the next touch maps it without I/O
//   InSwap     not in memory; the object chain keeps its contents in a swap slot
//   NotLoaded  nothing holds it: never touched, or dropped clean; the next touch rebuilds it
// and, as flags, whether the page lives in an object other processes may map (shared), whether a write
// would copy it (copy-on-write: a private writable region whose page is still in an ancestor object),
// and whether the region is writable.
#pragma once

#include <cstdint>

#include "lib/abi/memshow.h"
#include "mm/page_table.h"
#include "mm/region_map.h"

namespace cw::mm {

struct PageView {
  abi::PageUse use = abi::PageUse::NotLoaded;
  uint8_t flags = 0;   // abi::kPageShared | kPageCow | kPageWritable (kPageLocked is the caller's)
  EntryView entry;     // the page-table entry (kind Present for Resident)
  uint32_t slot = 0;   // InSwap: the slot
};

PageView classify_page(const Region& region, const PageDirectory& directory, VirtAddr page);

// Writes the pages of every region as runs of consecutive pages with the same use and flags (a new
// region always starts a new run); `is_locked(Vpn)` adds kPageLocked. Writes at most `max` runs and
// returns how many there are in all (so a caller with too small a buffer can tell).
template <typename IsLocked>
uint32_t build_page_runs(const RegionMap& regions, const PageDirectory& directory, IsLocked&& is_locked,
                         abi::PageRun* out, uint32_t max) {
  uint32_t count = 0;
  uint8_t region_index = 0;
  for (const Region& region : regions) {
    abi::PageRun run{};
    bool open = false;
    for (uint32_t a = region.start.get(); a < region.end.get(); a += kPageSize) {
      PageView view = classify_page(region, directory, VirtAddr(a));
      uint8_t flags = static_cast<uint8_t>(view.flags | (is_locked(VirtAddr(a).page()) ? abi::kPageLocked : 0));
      if (open && run.use == view.use && run.flags == flags) {
        ++run.pages;
        continue;
      }
      if (open && count++ < max) out[count - 1] = run;
      run = abi::PageRun{a, 1, view.use, flags, region_index, 0};
      open = true;
    }
    if (open && count++ < max) out[count - 1] = run;
    ++region_index;
  }
  return count;
}

}  // namespace cw::mm
