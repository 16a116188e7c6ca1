#include "mm/page_report.h"

#include "mm/page_map.h"

namespace cw::mm {

namespace {

enum class PageState : uint8_t { Resident, InSwap, NotLoaded };

struct ReportView {
  PageState state = PageState::NotLoaded;
  EntryView entry;
  uint32_t slot = 0;
};

// A page resident in the object but not mapped here (another process brought it in) is "not loaded"
// for this process: its next touch maps it without I/O (mm/page_map.h calls it Cached).
ReportView view_of(const Region& region, const PageDirectory& directory, VirtAddr page) {
  PageView page_view = classify_page(region, directory, page);
  ReportView view;
  view.entry = page_view.entry;
  view.slot = page_view.slot;
  if (page_view.use == abi::PageUse::Resident) view.state = PageState::Resident;
  if (page_view.use == abi::PageUse::InSwap) view.state = PageState::InSwap;
  return view;
}

PageCounts count_pages(const Region& region, const PageDirectory& directory) {
  PageCounts counts;
  for (uint32_t a = region.start.get(); a < region.end.get(); a += kPageSize) {
    switch (view_of(region, directory, VirtAddr(a)).state) {
      case PageState::Resident: ++counts.resident; break;
      case PageState::InSwap: ++counts.in_swap; break;
      case PageState::NotLoaded: ++counts.not_loaded; break;
    }
  }
  return counts;
}

void write_not_loaded_run(FormatSink& sink, uint32_t start, uint32_t end) {
  uint32_t pages = (end - start) / kPageSize;
  if (pages == 1) format(sink, "{} not loaded\n", VirtAddr(start));
  else format(sink, "{}-{} not loaded ({} pages)\n", VirtAddr(start), VirtAddr(end), pages);
}

void write_region(FormatSink& sink, const Region& region, const PageDirectory& directory, const PageCounts& counts) {
  const char protection[] = {
      has(region.protection, Protection::Read) ? 'r' : '-',
      has(region.protection, Protection::Write) ? 'w' : '-',
      has(region.protection, Protection::Execute) ? 'x' : '-',
      '\0',
  };
  uint32_t pages = region.size() / kPageSize;
  format(sink, "region {}-{} {} {}, {} page{}: {} resident, {} in swap, {} not loaded\n", region.start, region.end,
         region.shared ? "shared" : describe(region.kind), static_cast<const char*>(protection), pages, pages == 1 ? "" : "s", counts.resident,
         counts.in_swap, counts.not_loaded);
  uint32_t run_start = 0;
  bool in_run = false;
  for (uint32_t a = region.start.get(); a < region.end.get(); a += kPageSize) {
    ReportView view = view_of(region, directory, VirtAddr(a));
    if (view.state == PageState::NotLoaded) {
      if (!in_run) run_start = a;
      in_run = true;
      continue;
    }
    if (in_run) write_not_loaded_run(sink, run_start, a);
    in_run = false;
    if (view.state == PageState::Resident) {
      format_mapping_line(sink, VirtAddr(a), view.entry.mapping);
      sink.write("\n", 1);
    } else {
      format(sink, "{} in swap slot {}\n", VirtAddr(a), view.slot);
    }
  }
  if (in_run) write_not_loaded_run(sink, run_start, region.end.get());
}

}  // namespace

const char* describe(RegionKind kind) {
  switch (kind) {
    case RegionKind::Image: return "image";
    case RegionKind::Heap: return "heap";
    case RegionKind::Stack: return "stack";
    case RegionKind::Mmap: return "mmap";
  }
  return "?";
}

PageCounts write_page_report(FormatSink& sink, const RegionMap& regions, const PageDirectory& directory) {
  PageCounts total;
  for (const Region& region : regions) {
    PageCounts counts = count_pages(region, directory);
    write_region(sink, region, directory, counts);
    total.resident += counts.resident;
    total.in_swap += counts.in_swap;
    total.not_loaded += counts.not_loaded;
  }
  return total;
}

}  // namespace cw::mm
