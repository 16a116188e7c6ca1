// The kernel heap: operator new/delete over lib/heap_allocator.h, in direct-mapped memory.
//
// Plain `new` is for allocations whose failure is a kernel bug (boot-time structures sized by the
// machine): it panics with the size when the heap is exhausted. Anything sized by user input or that can
// fail at run time uses kmalloc / `new (std::nothrow)` and handles Error::NoMemory.
#pragma once

#include <cstddef>

#include "lib/heap_allocator.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

void init_kernel_heap(VirtAddr base, size_t size);

Result<void*> kmalloc(size_t size, size_t align = HeapAllocator::kMinAlign);
void kfree(void* ptr);

HeapStats kernel_heap_stats();

}  // namespace cw
