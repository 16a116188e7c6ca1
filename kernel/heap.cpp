#include "kernel/heap.h"

#include <new>

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "lib/rate_limit.h"

namespace cw {

namespace {

HeapAllocator heap;
RateLimit exhaustion_reports(1000);  // ticks (1 kHz): at most one line a second

}  // namespace

void init_kernel_heap(VirtAddr base, size_t size) {
  if (!heap.init(reinterpret_cast<void*>(base.get()), size)) PANIC("heap: cannot initialise {} bytes", size);
}

Result<void*> kmalloc(size_t size, size_t align) {
  HeapStats stats;
  bool report;
  {
    cpu::InterruptGuard guard;
    auto block = heap.allocate(size, align);
    if (block || block.error() != Error::NoMemory) return block;
    stats = heap.stats();
    report = exhaustion_reports.allow(pit::ticks());
  }
  // The caller refuses its request (ENOMEM); the line says which resource ran out.
  if (report) {
    kprint("heap: kernel heap exhausted: {} bytes refused, {} of {} bytes free (largest block {}); {} more "
           "refusals since the last report\n",
           size, stats.free_bytes, stats.capacity, stats.largest_free, exhaustion_reports.suppressed());
  }
  return Error::NoMemory;
}

void kfree(void* ptr) {
  if (ptr == nullptr) return;
  cpu::InterruptGuard guard;
  auto freed = heap.free(ptr);
  if (!freed) PANIC("heap: bad free of {}: {}", ptr, heap_fault_string(freed.error()));
}

HeapStats kernel_heap_stats() {
  cpu::InterruptGuard guard;
  return heap.stats();
}

}  // namespace cw

namespace {

void* must_allocate(size_t size, size_t align) {
  auto block = cw::kmalloc(size == 0 ? 1 : size, align);
  if (!block) PANIC("heap: out of memory allocating {} bytes", size);
  return block.value();
}

size_t align_of(std::align_val_t align) {
  size_t a = static_cast<size_t>(align);
  return a < cw::HeapAllocator::kMinAlign ? cw::HeapAllocator::kMinAlign : a;
}

}  // namespace

void* operator new(size_t size) { return must_allocate(size, cw::HeapAllocator::kMinAlign); }
void* operator new[](size_t size) { return must_allocate(size, cw::HeapAllocator::kMinAlign); }
void* operator new(size_t size, std::align_val_t align) { return must_allocate(size, align_of(align)); }
void* operator new[](size_t size, std::align_val_t align) { return must_allocate(size, align_of(align)); }
void operator delete(void* ptr) noexcept { cw::kfree(ptr); }
void operator delete[](void* ptr) noexcept { cw::kfree(ptr); }
void operator delete(void* ptr, size_t) noexcept { cw::kfree(ptr); }
void operator delete[](void* ptr, size_t) noexcept { cw::kfree(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { cw::kfree(ptr); }
void operator delete[](void* ptr, std::align_val_t) noexcept { cw::kfree(ptr); }
void operator delete(void* ptr, size_t, std::align_val_t) noexcept { cw::kfree(ptr); }
void operator delete[](void* ptr, size_t, std::align_val_t) noexcept { cw::kfree(ptr); }
