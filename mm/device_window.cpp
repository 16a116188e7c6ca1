#include "mm/device_window.h"

#include "kernel/arch/cpu.h"
#include "mm/kernel_layout.h"
#include "mm/pte.h"

namespace cw {

namespace {

alignas(kPageSize) uint32_t window_table[pte::kEntriesPerTable];
uint32_t pages_used = 0;

static_assert(kDeviceWindowBytes == pte::kEntriesPerTable * kPageSize);

}  // namespace

PhysAddr device_window_table() { return virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(&window_table))); }

Result<VirtAddr> map_device_memory(PhysAddr base, uint32_t size) {
  uint32_t first = base.get() & ~(kPageSize - 1);
  uint64_t end = static_cast<uint64_t>(base.get()) + size;
  if (size == 0 || end > (1ull << 32)) return Error::InvalidArgument;
  uint32_t pages = static_cast<uint32_t>((end - first + kPageSize - 1) / kPageSize);
  if (pages > pte::kEntriesPerTable - pages_used) return Error::NoSpace;
  uint32_t virtual_first = kKernelWindowBase + pages_used * kPageSize;
  for (uint32_t i = 0; i < pages; ++i) {
    window_table[pages_used + i] =
        pte::make(PhysAddr(first + i * kPageSize),
                  pte::kPresent | pte::kWritable | pte::kCacheDisable | pte::kWriteThrough | pte::kGlobal);
    // Never mapped before, but a speculative walk may have cached "not present": drop it.
    cpu::invalidate_page(VirtAddr(virtual_first + i * kPageSize));
  }
  pages_used += pages;
  return VirtAddr(virtual_first + (base.get() - first));
}

}  // namespace cw
