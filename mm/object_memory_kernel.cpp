#include "mm/object_memory.h"

#include "kernel/heap.h"

namespace cw::mm {

Result<void*> allocate_object_memory(size_t size) { return kmalloc(size, 16); }
void free_object_memory(void* memory) { kfree(memory); }

}  // namespace cw::mm
