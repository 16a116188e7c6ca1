// HeapAllocator: a general-purpose allocator over one caller-given byte range (the kernel heap).
//
// Layout: the range is carved into physically adjacent blocks, each a 16-byte header followed by its
// payload. Headers hold the block size, the previous block's size (a boundary tag, so both neighbours
// are found in O(1) when freeing) and a checksum keyed by the block's own offset. Free blocks are also on
// a doubly linked, address-ordered free list threaded through their payloads. Allocation is first fit
// over that list (lowest address first); freeing coalesces with free neighbours immediately, so no two
// free blocks are ever adjacent. Allocation and coalescing are O(free blocks) at worst.
//
// Corruption is reported, never ignored: free() validates the header it is given and both neighbours
// before touching anything, the unused tail of every allocation (between the requested size and the
// block end) is filled with a canary pattern and checked on free, and check() validates everything.
// Errors come back as HeapFault so the kernel can panic with heap_fault_string(); the heap itself is
// left as it was found. Not thread-safe: the kernel wraps it in its own lock.
//
// Sizes are 32-bit internally (offsets from the base), so a heap holds at most kMaxCapacity bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw {

enum class HeapFault : uint8_t {
  NotInitialized,   // init() was never called (or failed)
  ForeignPointer,   // the pointer lies outside the heap
  NotAllocated,     // inside the heap but not the start of a live allocation
  DoubleFree,       // the block is already free
  CorruptHeader,    // a block header failed its checksum or does not fit its neighbours
  Overrun,          // the canary after an allocation's requested size was overwritten
  CorruptFreeList,  // the free list disagrees with the blocks
  AccountingMismatch,  // the statistics disagree with the blocks
};

// A short lower-case description, e.g. "block is already free".
const char* heap_fault_string(HeapFault fault);

struct HeapStats {
  size_t capacity = 0;          // managed bytes: used_bytes + free_bytes
  size_t used_bytes = 0;        // allocated blocks including headers and alignment padding
  size_t free_bytes = 0;        // free blocks including headers
  size_t largest_free = 0;      // the largest allocate(n) with default alignment that can succeed now
  size_t allocation_count = 0;  // live allocations
  size_t free_block_count = 0;  // blocks on the free list (a fragmentation measure)
};

class HeapAllocator {
public:
  static constexpr size_t kHeaderSize = 16;
  static constexpr size_t kMinAlign = 16;              // every payload is at least this aligned
  static constexpr size_t kMinBlock = 32;              // header + room for the free-list links
  static constexpr size_t kMaxCapacity = 0xFFFFFFF0u;  // offsets are 32-bit

  HeapAllocator() = default;
  HeapAllocator(const HeapAllocator&) = delete;
  HeapAllocator& operator=(const HeapAllocator&) = delete;

  // Takes over [base, base + size): the start is rounded up to kMinAlign and the length down to a
  // multiple of it. InvalidArgument if fewer than kMinBlock bytes remain, or size > kMaxCapacity.
  // May be called again to start over (everything allocated before is forgotten, and freeing an old
  // pointer is then reported instead of corrupting the new heap).
  Result<void> init(void* base, size_t size);
  bool initialized() const { return base_ != 0; }

  // A block of at least `size` bytes aligned to `align` (a power of two; values below kMinAlign are
  // raised to it). size 0 gives a unique minimal block. Errors: InvalidArgument for a bad alignment,
  // NoMemory when no free block fits (or the heap is not initialized), BadAddress when corruption is
  // met on the way (nothing is changed then; call check() for the HeapFault detail).
  Result<void*> allocate(size_t size, size_t align = kMinAlign);

  // Returns a block from allocate(). nullptr is accepted and ignored. On a fault nothing is changed.
  Result<void, HeapFault> free(void* ptr);

  // Walks every block and the free list and cross-checks them with the statistics.
  Result<void, HeapFault> check() const;

  HeapStats stats() const;
  // True if ptr lies inside the managed range (whether or not it is allocated).
  bool contains(const void* ptr) const;

private:
  struct Header;
  struct Links;

  Header* header_at(uint32_t offset) const;
  Links* links_at(uint32_t offset) const;
  bool header_valid(uint32_t offset) const;
  void write_header(uint32_t offset, uint32_t size, bool used, uint32_t prev_size, uint32_t requested);
  void set_prev_size(uint32_t offset, uint32_t prev_size);
  void link_between(uint32_t prev, uint32_t offset, uint32_t next);
  void list_remove(uint32_t offset);
  bool link_in_range(uint32_t offset) const;
  bool links_plausible(uint32_t offset) const;
  bool find_list_position(uint32_t offset, uint32_t* prev, uint32_t* next) const;
  bool tail_canary_intact(uint32_t offset) const;
  HeapFault classify_bad_free(uint32_t offset) const;
  Result<void, HeapFault> check_blocks() const;

  uintptr_t base_ = 0;   // 0 until init() succeeds
  uint32_t cookie_ = 0;  // keys the header checksums; changes with every init()
  uint32_t capacity_ = 0;
  uint32_t free_head_ = 0;
  uint32_t used_bytes_ = 0;
  uint32_t allocation_count_ = 0;
  uint32_t free_block_count_ = 0;
};

}  // namespace cw
