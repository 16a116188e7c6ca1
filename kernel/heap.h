// The kernel heap: operator new/delete over lib/heap_allocator.h, in direct-mapped memory.
//
// Plain `new` is for allocations whose failure is a kernel bug (boot-time structures sized by the
// machine): it panics with the size when the heap is exhausted. Anything that can fail at run time (one
// per process, per thread, sized by user input) uses try_new / kmalloc and handles Error::NoMemory.
#pragma once

#include <cstddef>
#include <new>
#include <utility>

#include "lib/heap_allocator.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

void init_kernel_heap(VirtAddr base, size_t size);

Result<void*> kmalloc(size_t size, size_t align = HeapAllocator::kMinAlign);
void kfree(void* ptr);

HeapStats kernel_heap_stats();

// Constructs a T on the kernel heap, or reports NoMemory. Release with `delete`.
template <typename T, typename... Args>
Result<T*> try_new(Args&&... args) {
  void* memory = TRY(kmalloc(sizeof(T), alignof(T) < HeapAllocator::kMinAlign ? HeapAllocator::kMinAlign
                                                                              : alignof(T)));
  return new (memory) T(std::forward<Args>(args)...);
}

}  // namespace cw
