#include "mm/page_map.h"

#include "mm/memory_object.h"

namespace cw::mm {

PageView classify_page(const Region& region, const PageDirectory& directory, VirtAddr page) {
  PageView view;
  if (has(region.protection, Protection::Write)) view.flags |= abi::kPageWritable;
  auto entry = directory.inspect(page);
  if (entry) view.entry = entry.value();
  bool mapped = entry && view.entry.kind == EntryKind::Present;
  if (mapped) view.use = abi::PageUse::Resident;
  if (!region.object) return view;
  MemoryObject::Found found = region.object->lookup(region.index_of(page));
  if (!found.object) return view;
  if (region.shared || is_shareable(*found.object)) view.flags |= abi::kPageShared;
  if ((view.flags & abi::kPageWritable) && !region.shared && found.object != region.object)
    view.flags |= abi::kPageCow;
  if (mapped) return view;
  if (found.entry->resident()) {
    view.use = abi::PageUse::Cached;
  } else if (found.entry->has_slot()) {
    view.use = abi::PageUse::InSwap;
    view.slot = found.entry->slot().get();
  }
  return view;
}

}  // namespace cw::mm
