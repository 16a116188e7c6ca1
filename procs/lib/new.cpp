// Global operator new/delete on malloc (malloc.h). Without exceptions there is nothing to throw: an
// allocation failure in `new` ends the program with a message, since `new` may not return null.
#include <cstddef>
#include <new>

#include "procs/lib/malloc.h"
#include "procs/lib/print.h"
#include "procs/lib/runtime.h"

namespace {

void* allocate_or_die(size_t size) {
  void* p = malloc(size);
  if (p == nullptr) {
    cw::user::eprint("fatal: operator new: out of memory ({} bytes)\n", size);
    abort();
  }
  return p;
}

}  // namespace

void* operator new(size_t size) { return allocate_or_die(size); }
void* operator new[](size_t size) { return allocate_or_die(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
