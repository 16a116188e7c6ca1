#include "mm/physical_memory.h"

#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "lib/memory_map.h"
#include "mm/kernel_layout.h"
#include "mm/kernel_paging.h"

extern "C" char __kernel_start[];
extern "C" char __kernel_end[];

namespace cw {

namespace {

inline constexpr uint32_t kLowMemoryBytes = 0x100000;   // BIOS data, handoff, VGA, ROMs
inline constexpr uint32_t kMinHeapPages = 1024;          // 4 MiB
inline constexpr uint32_t kMaxHeapPages = 4096;          // 16 MiB

MemoryMap memory_map;
struct PhysicalMemoryStats {
  uint32_t usable_pages;       // from E820, after the first-MiB and kernel-image reservations
  uint32_t heap_pages;
  uint32_t free_frames;        // currently in the frame allocator
  uint32_t total_frames;       // handed to the frame allocator at boot
};
PhysicalMemoryStats stats;

// Free frames form a singly linked list threaded through the frames themselves (via the direct map):
// no bookkeeping memory, O(1) allocate and free.
PhysAddr free_list_head;
bool free_list_empty = true;

uint32_t* frame_word(PhysAddr frame) { return reinterpret_cast<uint32_t*>(phys_to_virt(frame).get()); }

void push_free(PhysAddr frame) {
  *frame_word(frame) = free_list_empty ? 0xFFFFFFFF : free_list_head.get();
  free_list_head = frame;
  free_list_empty = false;
  ++stats.free_frames;
}

}  // namespace

void init_physical_memory(const BootParams& params) {
  if (!memory_map.build(params.e820, params.e820_count))
    kprint("memory: more than {} usable ranges; using the lowest\n", MemoryMap::kMaxRanges);
  if (memory_map.empty()) PANIC("memory: the BIOS reported no usable memory (E820)");

  uint64_t ram_top = 0;
  for (const PhysRange& r : memory_map) ram_top = r.end();
  uint32_t kernel_start = virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(__kernel_start))).get();
  uint32_t kernel_end = virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(__kernel_end))).get();
  if (!memory_map.reserve(PhysAddr(0), kLowMemoryBytes) ||
      !memory_map.reserve(PhysAddr(kernel_start), kernel_end - kernel_start))
    PANIC("memory: cannot reserve low memory and the kernel image");
  stats.usable_pages = memory_map.total_usable_pages();
  kprint("memory: {} KiB usable above 1 MiB in {} ranges, kernel image {} KiB at {:#010x}\n",
         stats.usable_pages * 4, memory_map.size(), (kernel_end - kernel_start) / 1024, kernel_start);
  for (const PhysRange& r : memory_map)
    kprint("  usable {:#010x} - {:#010x} ({} pages)\n", r.start.get(), r.end(), r.pages);

  // The boot page directory maps only 64 MiB; the kernel directory maps all RAM that fits the direct map.
  init_kernel_paging(PhysAddr(ram_top > kDirectMapBytes ? kDirectMapBytes : static_cast<uint32_t>(ram_top)));

  uint32_t heap_pages = stats.usable_pages / 8;
  heap_pages = heap_pages < kMinHeapPages ? kMinHeapPages : heap_pages > kMaxHeapPages ? kMaxHeapPages : heap_pages;
  auto heap = memory_map.take_pages(heap_pages);
  if (!heap || heap.value().get() + heap_pages * kPageSize > kDirectMapBytes)
    PANIC("memory: no {} KiB contiguous run below the direct-map limit for the kernel heap", heap_pages * 4);
  init_kernel_heap(phys_to_virt(heap.value()), heap_pages * kPageSize);
  stats.heap_pages = heap_pages;

  for (const PhysRange& r : memory_map) {
    for (uint32_t i = 0; i < r.pages; ++i) {
      PhysAddr frame = r.start + i * kPageSize;
      if (!is_direct_mapped(frame)) break;
      push_free(frame);
    }
  }
  stats.total_frames = stats.free_frames;
  kprint("memory: kernel heap {} KiB at {:#010x}, {} frames free\n", heap_pages * 4, heap.value().get(),
         stats.free_frames);
}

Result<PhysAddr> allocate_kernel_frame() {
  cpu::InterruptGuard guard;
  if (free_list_empty) return Error::NoMemory;
  PhysAddr frame = free_list_head;
  uint32_t next = *frame_word(frame);
  free_list_empty = next == 0xFFFFFFFF;
  free_list_head = PhysAddr(next);
  --stats.free_frames;
  __builtin_memset(frame_word(frame), 0, kPageSize);
  return frame;
}

uint32_t free_kernel_frames() {
  cpu::InterruptGuard guard;
  return stats.free_frames;
}

void free_kernel_frame(PhysAddr frame) {
  CW_ASSERT(frame.is_page_aligned() && is_direct_mapped(frame));
  cpu::InterruptGuard guard;
  push_free(frame);
}

}  // namespace cw
