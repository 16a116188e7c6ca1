#include "mm/kernel_paging.h"

#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "mm/device_window.h"
#include "mm/kernel_layout.h"
#include "mm/pte.h"

namespace cw {

namespace {

alignas(kPageSize) uint32_t directory[pte::kEntriesPerTable];

}  // namespace

void init_kernel_paging(PhysAddr ram_top) {
  uint32_t top = ram_top.get() < kDirectMapBytes ? ram_top.get() : kDirectMapBytes;
  uint32_t large_pages = div_round_up(top, pte::kLargePageSize);
  uint32_t first = pte::directory_index(VirtAddr(kKernelVirtualBase));
  for (uint32_t i = 0; i < large_pages; ++i) {
    directory[first + i] = pte::make_large(PhysAddr(i * pte::kLargePageSize),
                                           pte::kPresent | pte::kWritable | pte::kGlobal);
  }
  // The device window's page table: present from the start, so copies of this directory share it.
  directory[pte::directory_index(VirtAddr(kKernelWindowBase))] =
      pte::make(device_window_table(), pte::kPresent | pte::kWritable);
  // Global pages survive CR3 reloads on process switches: the kernel half is the same everywhere.
  cpu::write_cr4(cpu::read_cr4() | cpu::kCr4PageGlobalEnable);
  cpu::write_cr3(kernel_page_directory());
  kprint("paging: kernel direct map {} MiB at {:#010x}, page 0 unmapped\n", large_pages * 4,
         kKernelVirtualBase);
}

PhysAddr kernel_page_directory() {
  return virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(&directory)));
}

const uint32_t* kernel_directory_entries() { return &directory[0]; }

}  // namespace cw
