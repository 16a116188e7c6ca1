// The mapping calls of an address space: mmap, munmap, mprotect, mremap, madvise. The decisions live in
// the core (mm/mmap_layout.h, mm/mapping_ops.h); this file gives them the page tables, the TLB and
// mlock's records (MmapHooks), and runs each call with interrupts off, so the pager (which walks every
// space's regions for the reverse map) never sees a half-edited region table.
#include "kernel/arch/cpu.h"
#include "mm/address_space.h"
#include "mm/mapping_ops.h"
#include "mm/memory_object.h"
#include "mm/pager.h"

namespace cw {

class AddressSpace::MmapHooks final : public mm::MappingHooks {
public:
  explicit MmapHooks(AddressSpace& space) : space_(space) {}

  void unmap_pages(const mm::Region&, VirtAddr start, VirtAddr end) override { space_.unmap_range(start, end); }

  void hide_pages(const mm::Region&, VirtAddr start, VirtAddr end) override { space_.clear_entries(start, end); }

  void write_protect(const mm::Region&, VirtAddr start, VirtAddr end) override {
    const bool current = cpu::read_cr3() == space_.directory_.physical().get();
    for (VirtAddr page = start; page < end; page += kPageSize) {
      auto mapping = space_.directory_.lookup(page);
      if (!mapping || !mapping.value().writable()) continue;
      (void)space_.directory_.clear_flags(page, mm::PageFlags::Writable);
      if (current) cpu::invalidate_page(page);
    }
  }

  void relocate(const mm::Region&, VirtAddr from, VirtAddr to, uint32_t length) override {
    space_.clear_entries(from, from + length);
    // A locked page stays locked (its frame stays pinned) at its new address.
    for (uint32_t i = 0; i < space_.locked_count_; ++i) {
      VirtAddr page = space_.locked_[i].page.address();
      if (page >= from && page - from < length) space_.locked_[i].page = (to + (page - from)).page();
    }
  }

  bool any_locked(VirtAddr start, VirtAddr end) const override {
    for (uint32_t i = 0; i < space_.locked_count_; ++i) {
      VirtAddr page = space_.locked_[i].page.address();
      if (page >= start && page < end) return true;
    }
    return false;
  }

private:
  AddressSpace& space_;
};

Result<VirtAddr> AddressSpace::install(const mm::MmapPlan& plan, mm::MemoryObject* object, uint32_t index_base,
                                       mm::Protection max_protection) {
  mm::PageSink& sink = pager::page_sink();
  const VirtAddr end = plan.start + plan.length;
  // The splits a MAP_FIXED replacement may need, and the new region.
  if (regions_.capacity_left() < regions_.splits_needed(plan.start, end) + 1) {
    object->unref(sink);
    return Error::NoMemory;
  }
  if (plan.replace) {
    MmapHooks hooks(*this);
    auto cleared = mm::unmap(regions_, plan.start, plan.length, hooks, sink);
    if (!cleared) {
      object->unref(sink);
      return cleared.error();
    }
  }
  mm::Region region{plan.start, end, mm::RegionKind::Mmap, plan.protection, plan.start};
  region.object = object;
  region.index_base = index_base;
  region.shared = plan.shared;
  region.max_protection = max_protection;
  auto added = regions_.add(region);
  if (!added) {  // MAP_FIXED into the stack's reservation (its growth room or guard gap)
    object->unref(sink);
    return Error::NoMemory;
  }
  return plan.start;
}

Result<VirtAddr> AddressSpace::map(const mm::MmapArgs& args, mm::MemoryObject* file, bool file_writable) {
  mm::MmapPlan plan;
  {
    cpu::InterruptGuard guard;
    plan = TRY(mm::plan_mmap(regions_, args));
    if (file) {
      // Page k of the mapping is index pgoff + k of the file's object.
      mm::MemoryObject* object = file;
      mm::Protection max = mm::kAllProtections;
      if (plan.shared) {
        file->ref();
        if (!file_writable) max = mm::Protection::Read | mm::Protection::Execute;
      } else {
        object = TRY(mm::MemoryObject::create_child(*file));
      }
      (void)TRY(install(plan, object, plan.start.page().get() - plan.pgoff, max));
    } else {
      mm::MemoryObject* object = TRY(mm::MemoryObject::create(mm::ObjectKind::Anonymous));
      if (plan.shared) object->mark_shared();
      // Anonymous memory: page k of the mapping is index k of its object.
      (void)TRY(install(plan, object, plan.start.page().get(), mm::kAllProtections));
    }
  }
  if (plan.locked) {
    // Linux checks RLIMIT_MEMLOCK first and says EAGAIN; mlock's own errors otherwise.
    auto locked = lock(plan.start, plan.length);
    if (!locked) {
      cpu::InterruptGuard guard;
      MmapHooks hooks(*this);
      (void)mm::unmap(regions_, plan.start, plan.length, hooks, pager::page_sink());
      return locked.error() == Error::NoMemory ? Error::TryAgain : locked.error();
    }
  }
  if (plan.populate && plan.protection != mm::Protection::None) {
    const mm::Access access = mm::has(plan.protection, mm::Protection::Write) ? mm::Access::Write : mm::Access::Read;
    for (VirtAddr page = plan.start; page < plan.start + plan.length; page += kPageSize)
      if (!prepare_user_page(page, access)) break;
  }
  return plan.start;
}

Result<void> AddressSpace::unmap(uint32_t start, uint32_t length) {
  cpu::InterruptGuard guard;
  MmapHooks hooks(*this);
  return mm::unmap_checked(regions_, start, length, hooks, pager::page_sink());
}

Result<void> AddressSpace::protect(uint32_t start, uint32_t length, uint32_t prot) {
  cpu::InterruptGuard guard;
  MmapHooks hooks(*this);
  return mm::protect_checked(regions_, start, length, prot, hooks, pager::page_sink());
}

Result<VirtAddr> AddressSpace::remap(uint32_t old_address, uint32_t old_length, uint32_t new_length, uint32_t flags,
                                     uint32_t new_address) {
  cpu::InterruptGuard guard;
  MmapHooks hooks(*this);
  return mm::remap(regions_, VirtAddr(old_address), old_length, new_length, flags, VirtAddr(new_address), hooks,
                   pager::page_sink());
}

Result<void> AddressSpace::advise(uint32_t start, uint32_t length, uint32_t advice) {
  cpu::InterruptGuard guard;
  MmapHooks hooks(*this);
  return mm::advise(regions_, VirtAddr(start), length, advice, hooks, pager::page_sink());
}

uint32_t AddressSpace::mmap_pages() const {
  uint32_t pages = 0;
  for (const mm::Region& region : regions_)
    if (region.kind == mm::RegionKind::Mmap) pages += region.size() / kPageSize;
  return pages;
}

}  // namespace cw
