// BrkHeap: the user-space allocator behind malloc/free/realloc (malloc.h), on memory obtained by moving
// the program break.
//
// Why not lib/heap_allocator.h: HeapAllocator manages one fixed range given to init(), and calling
// init() again forgets every allocation, so it cannot follow a break that grows. This one can.
//
// Layout: [start, end) is tiled by blocks, each a 16-byte header followed by its payload (16-byte
// aligned). Headers carry the block size and the size of the block below (a boundary tag), so both
// neighbours are found in O(1). Free blocks sit on an address-ordered doubly linked list threaded
// through their payloads; allocation is first fit over it and freeing coalesces with free neighbours at
// once, so no two free blocks are ever adjacent. When nothing fits, the break grows in kGrowStep
// multiples (the top block absorbs it); a free top block larger than kTrimThreshold is shrunk back to
// kGrowStep by lowering the break, so memory does return to the kernel.
//
// The break is moved only through the MoveBreak function given to the constructor (sys::brk in user
// programs, a fake in host tests); nothing else may move it while the heap is in use. Not thread-safe
// (user processes are single-threaded).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw::user {

struct HeapUsage {
  size_t heap_bytes = 0;   // end - start: everything obtained from the break
  size_t used_bytes = 0;   // allocated blocks, headers included
  size_t free_bytes = 0;   // free blocks, headers included
  size_t allocations = 0;  // live allocations
  size_t free_blocks = 0;  // a fragmentation measure
};

class BrkHeap {
public:
  // brk(2) semantics: end == 0 returns the current break; otherwise moves the break to `end` and
  // returns the new break, or the unchanged old one on failure.
  using MoveBreak = uintptr_t (*)(uintptr_t end);

  static constexpr size_t kAlign = 16;
  static constexpr size_t kHeaderSize = 16;
  static constexpr size_t kMinBlock = 32;                 // header + the two free-list links
  static constexpr size_t kGrowStep = 16 * 1024;
  static constexpr size_t kTrimThreshold = 128 * 1024;
  static constexpr size_t kMaxRequest = 0x7FFF0000;       // keeps every size computation in 32 bits

  constexpr explicit BrkHeap(MoveBreak move_break) : move_break_(move_break) {}
  BrkHeap(const BrkHeap&) = delete;
  BrkHeap& operator=(const BrkHeap&) = delete;

  // At least `size` bytes, 16-byte aligned; size 0 gives a unique minimal block. nullptr when size
  // exceeds kMaxRequest or the break cannot grow far enough.
  void* allocate(size_t size);

  // Frees a block from allocate(); nullptr is ignored. A pointer that is not a live allocation (double
  // free, foreign or interior pointer, smashed header) is reported and nothing is changed.
  Result<void, const char*> release(void* ptr);

  // realloc semantics: nullptr -> allocate; size 0 -> release and return nullptr; otherwise the block
  // is resized in place when it (or it plus a free neighbour above) fits, else moved. The value is
  // nullptr if memory ran out, and then the old block is untouched. Bad pointers as for release().
  Result<void*, const char*> reallocate(void* ptr, size_t size);

  // Payload bytes of a live allocation (>= the size asked for). Precondition: ptr is live.
  size_t usable_size(const void* ptr) const;

  HeapUsage usage() const;
  // Walks every block and the free list and cross-checks them; the error names the first problem.
  Result<void, const char*> check() const;

  // The block header; opaque outside brk_heap.cpp.
  struct Header;

private:
  bool initialize();
  bool grow(size_t need);
  void trim();
  Header* find_fit(size_t need) const;
  void use(Header* block, size_t need, size_t requested);
  void split_tail(Header* block, size_t need);
  Header* absorb_next(Header* block);
  void free_and_merge(Header* block);
  Result<Header*, const char*> live_block(const void* ptr) const;
  Header* next_of(const Header* block) const;
  Header* prev_of(const Header* block) const;
  void set_next_prev_size(Header* block);

  void list_insert(Header* block);
  void list_remove(Header* block);
  void list_replace(Header* old_block, Header* new_block);

  MoveBreak move_break_;
  uintptr_t start_ = 0;  // first block; 0 until the first allocation
  uintptr_t end_ = 0;    // the break as this heap last set it
  Header* last_ = nullptr;       // the block ending at end_
  Header* free_head_ = nullptr;  // lowest free block
};

}  // namespace cw::user
