#include "procs/lib/malloc.h"

#include "procs/lib/print.h"
#include "procs/lib/runtime.h"
#include "lib/c_string.h"
#include "procs/lib/syscall.h"

namespace {

uintptr_t move_break(uintptr_t end) { return cw::sys::brk(end); }

// Constant-initialized, so malloc works from global constructors too.
constinit cw::user::BrkHeap heap(&move_break);

[[noreturn]] void heap_misuse(const char* what, const void* ptr) {
  cw::user::eprint("malloc: {} ({})\n", what, ptr);
  abort();
}

}  // namespace

extern "C" {

void* malloc(size_t size) { return heap.allocate(size); }

void free(void* ptr) {
  auto r = heap.release(ptr);
  if (!r) heap_misuse(r.error(), ptr);
}

void* calloc(size_t count, size_t size) {
  if (size != 0 && count > static_cast<size_t>(-1) / size) return nullptr;
  void* p = heap.allocate(count * size);
  // Fresh break pages are zero, but recycled blocks are not.
  if (p != nullptr) memset(p, 0, count * size);
  return p;
}

void* realloc(void* ptr, size_t size) {
  auto r = heap.reallocate(ptr, size);
  if (!r) heap_misuse(r.error(), ptr);
  return r.value();
}

}  // extern "C"

namespace cw::user {

HeapUsage malloc_usage() { return heap.usage(); }

Result<void, const char*> malloc_check() { return heap.check(); }

}  // namespace cw::user
