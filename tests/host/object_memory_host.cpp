// The host tests' storage for memory objects (mm/object_memory.h): malloc, so that ASan sees every
// object and page-table leaf, and a switch to make the next allocations fail.
#include "tests/host/object_memory_host.h"

#include <cstdlib>

namespace cw::mm {

namespace {
int failures_after = -1;
}  // namespace

void fail_object_memory_after(int successes) { failures_after = successes; }

Result<void*> allocate_object_memory(size_t size) {
  if (failures_after == 0) return Error::NoMemory;
  if (failures_after > 0) --failures_after;
  void* memory = std::aligned_alloc(16, (size + 15) & ~size_t{15});
  if (!memory) return Error::NoMemory;
  return memory;
}

void free_object_memory(void* memory) { std::free(memory); }

}  // namespace cw::mm
