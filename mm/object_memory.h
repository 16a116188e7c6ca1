// Where memory objects (mm/memory_object.h) get their storage: the kernel heap in the kernel
// (mm/object_memory_kernel.cpp), malloc in the host tests (tests/host/object_memory_host.cpp). A seam at
// link time, so that the core compiles unchanged into both.
#pragma once

#include <cstddef>

#include "lib/result.h"

namespace cw::mm {

// `size` bytes aligned to 16. Errors: NoMemory.
Result<void*> allocate_object_memory(size_t size);
void free_object_memory(void* memory);

}  // namespace cw::mm
