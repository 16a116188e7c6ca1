// The C allocation functions, on a BrkHeap (brk_heap.h) that owns the program break: a program using
// malloc must not move the break itself with sys::brk.
//
// Misuse that the heap detects (double free, freeing a pointer it never returned, a smashed block
// header) prints "malloc: <problem> (<pointer>)" on stderr and calls abort(), which kills the process
// with SIGILL; a silently corrupted heap would only fail later and further from the bug.
#pragma once

#include <cstddef>

#include "lib/result.h"
#include "procs/lib/brk_heap.h"

extern "C" {

// 16-byte aligned; nullptr when memory (the break) runs out. malloc(0) returns a unique pointer.
void* malloc(size_t size);
void free(void* ptr);
// nullptr when count * size overflows or memory runs out; the memory is zeroed.
void* calloc(size_t count, size_t size);
// C semantics; realloc(p, 0) frees p and returns nullptr. On failure p is left untouched.
void* realloc(void* ptr, size_t size);

}  // extern "C"

namespace cw::user {

// Counters of the process heap, and a full consistency check (tests use both).
HeapUsage malloc_usage();
Result<void, const char*> malloc_check();

}  // namespace cw::user
