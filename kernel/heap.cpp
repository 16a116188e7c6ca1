#include "kernel/heap.h"

#include <new>

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw {

namespace {

HeapAllocator heap;

}  // namespace

void init_kernel_heap(VirtAddr base, size_t size) {
  if (!heap.init(reinterpret_cast<void*>(base.get()), size)) PANIC("heap: cannot initialise {} bytes", size);
}

Result<void*> kmalloc(size_t size, size_t align) {
  cpu::InterruptGuard guard;
  return heap.allocate(size, align);
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
