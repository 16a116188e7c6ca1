#include "lib/heap_allocator.h"

#include <new>

namespace cw {

// Block header. `size_flags` is the whole block size (a multiple of 16) with bit 0 set while allocated.
// `requested` is the size the caller asked for (0 for free blocks); bytes from there to the block end
// hold the tail canary. `check` ties all of it to the block's offset and the per-init cookie, so a
// stray write, a header copied from elsewhere or a pointer into the middle of a block does not validate.
struct HeapAllocator::Header {
  uint32_t size_flags;
  uint32_t prev_size;  // size of the physically previous block; 0 for the first block
  uint32_t requested;
  uint32_t check;
};

// Free-list links, stored in the first bytes of a free block's payload. The list is kept in address
// order: first fit over it then prefers low addresses, which keeps fragmentation down, and a strictly
// increasing list cannot contain a cycle, which makes corruption checks simple.
struct HeapAllocator::Links {
  uint32_t next;
  uint32_t prev;
};

namespace {

constexpr uint32_t kUsedBit = 1;
constexpr uint32_t kNone = 0xFFFFFFFFu;  // end of the free list (never a valid offset: not 16-aligned)
constexpr uint8_t kCanary = 0xCA;

constexpr uint32_t mix(uint32_t h, uint32_t v) {
  h ^= v;
  h *= 0x9E3779B1u;
  return h ^ (h >> 15);
}

constexpr uint32_t header_checksum(uint32_t cookie, uint32_t offset, uint32_t size_flags,
                                   uint32_t prev_size, uint32_t requested) {
  return mix(mix(mix(mix(cookie, offset), size_flags), prev_size), requested);
}

constexpr uint64_t align_up64(uint64_t value, uint64_t align) { return (value + align - 1) & ~(align - 1); }
constexpr uint32_t round16(uint32_t value) { return (value + 15u) & ~15u; }

}  // namespace

const char* heap_fault_string(HeapFault fault) {
  switch (fault) {
    case HeapFault::NotInitialized: return "heap not initialized";
    case HeapFault::ForeignPointer: return "pointer outside the heap";
    case HeapFault::NotAllocated: return "pointer is not a live allocation";
    case HeapFault::DoubleFree: return "block is already free";
    case HeapFault::CorruptHeader: return "corrupted block header";
    case HeapFault::Overrun: return "write past the end of an allocation";
    case HeapFault::CorruptFreeList: return "corrupted free list";
    case HeapFault::AccountingMismatch: return "heap statistics disagree with the blocks";
  }
  return "unknown heap fault";
}

// --- Headers -------------------------------------------------------------------------------------------

HeapAllocator::Header* HeapAllocator::header_at(uint32_t offset) const {
  static_assert(sizeof(Header) == kHeaderSize && alignof(Header) <= kMinAlign);
  static_assert(kHeaderSize + sizeof(Links) <= kMinBlock && kMinBlock % kMinAlign == 0);
  return reinterpret_cast<Header*>(base_ + offset);
}

HeapAllocator::Links* HeapAllocator::links_at(uint32_t offset) const {
  return reinterpret_cast<Links*>(base_ + offset + kHeaderSize);
}

// A header is valid if its checksum matches and its fields are self-consistent and inside the heap.
// Precondition: offset + kHeaderSize <= capacity_.
bool HeapAllocator::header_valid(uint32_t offset) const {
  const Header* h = header_at(offset);
  if (h->check != header_checksum(cookie_, offset, h->size_flags, h->prev_size, h->requested)) return false;
  uint32_t size = h->size_flags & ~kUsedBit;
  if (size < kMinBlock || (size & 15u) != 0 || size > capacity_ - offset) return false;
  if ((h->size_flags & kUsedBit) != 0 ? h->requested > size - kHeaderSize : h->requested != 0) return false;
  return true;
}

void HeapAllocator::write_header(uint32_t offset, uint32_t size, bool used, uint32_t prev_size,
                                 uint32_t requested) {
  uint32_t size_flags = size | (used ? kUsedBit : 0);
  uint32_t check = header_checksum(cookie_, offset, size_flags, prev_size, requested);
  new (header_at(offset)) Header{size_flags, prev_size, requested, check};
}

// Precondition: the header at `offset` was validated, or this would launder a corrupted one.
void HeapAllocator::set_prev_size(uint32_t offset, uint32_t prev_size) {
  Header* h = header_at(offset);
  write_header(offset, h->size_flags & ~kUsedBit, (h->size_flags & kUsedBit) != 0, prev_size, h->requested);
}

bool HeapAllocator::tail_canary_intact(uint32_t offset) const {
  const Header* h = header_at(offset);
  uint32_t size = h->size_flags & ~kUsedBit;
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(base_ + offset);
  for (uint32_t i = kHeaderSize + h->requested; i < size; ++i)
    if (bytes[i] != kCanary) return false;
  return true;
}

// --- Free list -------------------------------------------------------------------------------------------

// Links `offset` between the adjacent nodes `prev` and `next` (either may be kNone).
void HeapAllocator::link_between(uint32_t prev, uint32_t offset, uint32_t next) {
  new (links_at(offset)) Links{next, prev};
  if (prev != kNone) links_at(prev)->next = offset;
  else free_head_ = offset;
  if (next != kNone) links_at(next)->prev = offset;
  ++free_block_count_;
}

void HeapAllocator::list_remove(uint32_t offset) {
  Links* links = links_at(offset);
  if (links->prev != kNone) links_at(links->prev)->next = links->next;
  else free_head_ = links->next;
  if (links->next != kNone) links_at(links->next)->prev = links->prev;
  --free_block_count_;
}

// A link is kNone or an offset where a whole minimal block fits, so reading its links stays in bounds.
bool HeapAllocator::link_in_range(uint32_t offset) const {
  return offset == kNone || (offset <= capacity_ - kMinBlock && (offset & 15u) == 0);
}

// Before following a link we make sure it names a valid free block whose neighbours are in address
// order and point back at it.
bool HeapAllocator::links_plausible(uint32_t offset) const {
  if (offset == kNone) return true;
  if (!link_in_range(offset) || !header_valid(offset)) return false;
  if ((header_at(offset)->size_flags & kUsedBit) != 0) return false;
  const Links* links = links_at(offset);
  if (!link_in_range(links->next) || !link_in_range(links->prev)) return false;
  if (links->next != kNone && links->next <= offset) return false;
  if (links->prev != kNone && links->prev >= offset) return false;
  if (links->prev == kNone ? free_head_ != offset : links_at(links->prev)->next != offset) return false;
  if (links->next != kNone && links_at(links->next)->prev != offset) return false;
  return true;
}

// Finds the neighbours a new free block at `offset` gets in the address-ordered list. False if the list
// is found corrupted on the way.
bool HeapAllocator::find_list_position(uint32_t offset, uint32_t* prev, uint32_t* next) const {
  *prev = kNone;
  *next = free_head_;
  while (*next != kNone && *next < offset) {
    if (!links_plausible(*next)) return false;
    *prev = *next;
    *next = links_at(*next)->next;
  }
  return links_plausible(*next);
}

// --- Public operations -----------------------------------------------------------------------------

Result<void> HeapAllocator::init(void* base, size_t size) {
  base_ = 0;
  uintptr_t start = reinterpret_cast<uintptr_t>(base);
  uintptr_t aligned = (start + (kMinAlign - 1)) & ~static_cast<uintptr_t>(kMinAlign - 1);
  if (base == nullptr || aligned < start || size > kMaxCapacity || size < aligned - start)
    return Error::InvalidArgument;
  uint32_t capacity = static_cast<uint32_t>(size - (aligned - start)) & ~15u;
  if (capacity < kMinBlock) return Error::InvalidArgument;

  // A fresh cookie per init() makes headers left over from an earlier life of the range invalid.
  cookie_ = mix(mix(cookie_ + 0x6B1D5A3Cu, static_cast<uint32_t>(aligned)), capacity);
  base_ = aligned;
  capacity_ = capacity;
  free_head_ = kNone;
  used_bytes_ = 0;
  allocation_count_ = 0;
  free_block_count_ = 0;
  write_header(0, capacity, false, 0, 0);
  link_between(kNone, 0, kNone);
  return {};
}

bool HeapAllocator::contains(const void* ptr) const {
  uintptr_t p = reinterpret_cast<uintptr_t>(ptr);
  return initialized() && p >= base_ && p - base_ < capacity_;
}

Result<void*> HeapAllocator::allocate(size_t size, size_t align) {
  if (align == 0 || (align & (align - 1)) != 0) return Error::InvalidArgument;
  if (!initialized()) return Error::NoMemory;
  if (align < kMinAlign) align = kMinAlign;
  if (size > capacity_ - kHeaderSize || align > capacity_) return Error::NoMemory;
  uint32_t need = round16(static_cast<uint32_t>(size)) + static_cast<uint32_t>(kHeaderSize);
  if (need < kMinBlock) need = kMinBlock;

  // First fit. For a large alignment the payload may have to move up inside the free block; the gap in
  // front becomes a free block of its own, so it must be 0 or at least kMinBlock.
  for (uint32_t offset = free_head_; offset != kNone; offset = links_at(offset)->next) {
    if (!links_plausible(offset)) return Error::BadAddress;
    uint32_t block_size = header_at(offset)->size_flags;
    uint64_t payload = static_cast<uint64_t>(base_) + offset + kHeaderSize;
    uint64_t aligned = align_up64(payload, align);
    if (aligned != payload && aligned - payload < kMinBlock) aligned = align_up64(payload + kMinBlock, align);
    uint64_t gap = aligned - payload;
    if (gap + need > block_size) continue;

    // Carve [offset, end) into: an optional free gap, the allocation, an optional free rest. The block
    // after `end` gets a new boundary tag, so validate it before anything changes. The gap and the rest
    // lie where the old free block was, so they take its place in the address-ordered list.
    uint32_t end = offset + block_size;
    if (end < capacity_ && !header_valid(end)) return Error::BadAddress;
    uint32_t prev_size = header_at(offset)->prev_size;
    uint32_t list_prev = links_at(offset)->prev;
    uint32_t list_next = links_at(offset)->next;
    list_remove(offset);
    uint32_t used_offset = offset + static_cast<uint32_t>(gap);
    if (gap != 0) {
      write_header(offset, static_cast<uint32_t>(gap), false, prev_size, 0);
      link_between(list_prev, offset, list_next);
      list_prev = offset;
      prev_size = static_cast<uint32_t>(gap);
    }
    uint32_t used_size = end - used_offset;
    uint32_t last_offset = used_offset;  // the block that now ends at `end`
    if (used_size - need >= kMinBlock) {
      used_size = need;
      last_offset = used_offset + need;
      write_header(last_offset, end - last_offset, false, need, 0);
      link_between(list_prev, last_offset, list_next);
    }
    uint32_t requested = static_cast<uint32_t>(size);
    write_header(used_offset, used_size, true, prev_size, requested);
    if (end < capacity_) set_prev_size(end, end - last_offset);
    __builtin_memset(reinterpret_cast<void*>(base_ + used_offset + kHeaderSize + requested), kCanary,
                     used_size - kHeaderSize - requested);
    used_bytes_ += used_size;
    ++allocation_count_;
    return reinterpret_cast<void*>(base_ + used_offset + kHeaderSize);
  }
  return Error::NoMemory;
}

// Called when `offset` does not hold a valid allocated header: decide what the caller did wrong.
HeapFault HeapAllocator::classify_bad_free(uint32_t offset) const {
  // A header that validates as free belongs to a free block, or is the stale header of a block that
  // was freed and merged into a neighbour: either way this pointer was freed before.
  if (header_valid(offset)) return HeapFault::DoubleFree;
  // Otherwise either the header was overwritten or the pointer never was a block start. A walk tells
  // them apart: if every block validates, the pointer is not a block.
  if (!check_blocks()) return HeapFault::CorruptHeader;
  return HeapFault::NotAllocated;
}

Result<void, HeapFault> HeapAllocator::free(void* ptr) {
  if (ptr == nullptr) return {};
  if (!initialized()) return HeapFault::NotInitialized;
  uintptr_t p = reinterpret_cast<uintptr_t>(ptr);
  if (p < base_ || p - base_ >= capacity_) return HeapFault::ForeignPointer;
  if (p - base_ < kHeaderSize || ((p - base_) & 15u) != 0) return HeapFault::NotAllocated;
  uint32_t offset = static_cast<uint32_t>(p - base_ - kHeaderSize);
  if (!header_valid(offset) || (header_at(offset)->size_flags & kUsedBit) == 0)
    return classify_bad_free(offset);

  Header* h = header_at(offset);
  uint32_t size = h->size_flags & ~kUsedBit;
  uint32_t prev_size = h->prev_size;
  if (!tail_canary_intact(offset)) return HeapFault::Overrun;

  // Validate everything this free will rewrite before changing anything, so a fault leaves the heap as
  // it was: both neighbours, their list links, and the block after a free next neighbour (whose
  // boundary tag changes when that neighbour is absorbed).
  uint32_t next = offset + size;
  bool has_next = next < capacity_;
  if (has_next && (!header_valid(next) || header_at(next)->prev_size != size)) return HeapFault::CorruptHeader;
  uint32_t prev = offset - prev_size;
  bool has_prev = offset != 0;
  if (has_prev && (prev_size > offset || (prev_size & 15u) != 0 || !header_valid(prev) ||
                   (header_at(prev)->size_flags & ~kUsedBit) != prev_size))
    return HeapFault::CorruptHeader;
  bool next_free = has_next && (header_at(next)->size_flags & kUsedBit) == 0;
  bool prev_free = has_prev && (header_at(prev)->size_flags & kUsedBit) == 0;
  if ((next_free && !links_plausible(next)) || (prev_free && !links_plausible(prev)))
    return HeapFault::CorruptFreeList;
  if (next_free) {
    uint32_t next_size = header_at(next)->size_flags;
    uint32_t after = next + next_size;
    if (after < capacity_ && (!header_valid(after) || header_at(after)->prev_size != next_size))
      return HeapFault::CorruptHeader;
  }
  uint32_t list_prev = kNone, list_next = kNone;
  if (!prev_free && !next_free && !find_list_position(offset, &list_prev, &list_next))
    return HeapFault::CorruptFreeList;

  used_bytes_ -= size;
  --allocation_count_;
  // Mark free first: if this block is merged away, its stale header still says "free", so freeing the
  // same pointer again is reported as a double free.
  write_header(offset, size, false, prev_size, 0);
  uint32_t start = offset;
  uint32_t merged = size;
  if (next_free) {
    // The merged block takes over the next block's place in the list (unless prev absorbs both).
    merged += header_at(next)->size_flags;
    list_prev = links_at(next)->prev;
    list_next = links_at(next)->next;
    list_remove(next);
  }
  if (prev_free) {
    // prev keeps its list place: it stays the lowest address of the merged block.
    start = prev;
    merged += prev_size;
    write_header(start, merged, false, header_at(prev)->prev_size, 0);
  } else {
    write_header(start, merged, false, prev_size, 0);
    link_between(list_prev, start, list_next);
  }
  if (start + merged < capacity_) set_prev_size(start + merged, merged);
  return {};
}

// The physical walk: headers, boundary tags, no adjacent free blocks, canaries, totals.
Result<void, HeapFault> HeapAllocator::check_blocks() const {
  uint32_t offset = 0;
  uint32_t prev_size = 0;
  bool prev_free = false;
  uint32_t used = 0, allocations = 0, free_blocks = 0;
  while (offset < capacity_) {
    if (!header_valid(offset)) return HeapFault::CorruptHeader;
    const Header* h = header_at(offset);
    uint32_t size = h->size_flags & ~kUsedBit;
    bool is_free = (h->size_flags & kUsedBit) == 0;
    if (h->prev_size != prev_size) return HeapFault::CorruptHeader;
    if (is_free && prev_free) return HeapFault::CorruptFreeList;  // coalescing was missed
    if (is_free) {
      ++free_blocks;
    } else {
      if (!tail_canary_intact(offset)) return HeapFault::Overrun;
      used += size;
      ++allocations;
    }
    prev_size = size;
    prev_free = is_free;
    offset += size;
  }
  if (offset != capacity_) return HeapFault::CorruptHeader;
  if (used != used_bytes_ || allocations != allocation_count_) return HeapFault::AccountingMismatch;
  if (free_blocks != free_block_count_) return HeapFault::CorruptFreeList;
  return {};
}

Result<void, HeapFault> HeapAllocator::check() const {
  if (!initialized()) return HeapFault::NotInitialized;
  if (auto blocks = check_blocks(); !blocks) return blocks;
  // Both the blocks and the free list are in address order, so the list must name exactly the free
  // blocks the walk meets, in the same order.
  uint32_t node = free_head_;
  for (uint32_t offset = 0; offset < capacity_; offset += header_at(offset)->size_flags & ~kUsedBit) {
    if ((header_at(offset)->size_flags & kUsedBit) != 0) continue;
    if (node != offset || !links_plausible(node)) return HeapFault::CorruptFreeList;
    node = links_at(node)->next;
  }
  if (node != kNone) return HeapFault::CorruptFreeList;
  return {};
}

HeapStats HeapAllocator::stats() const {
  HeapStats s;
  if (!initialized()) return s;
  s.capacity = capacity_;
  s.used_bytes = used_bytes_;
  s.free_bytes = capacity_ - used_bytes_;
  s.allocation_count = allocation_count_;
  s.free_block_count = free_block_count_;
  for (uint32_t offset = free_head_; offset != kNone; offset = links_at(offset)->next) {
    if (!links_plausible(offset)) break;  // stats never fault; check() reports the corruption
    size_t payload = (header_at(offset)->size_flags & ~kUsedBit) - kHeaderSize;
    if (payload > s.largest_free) s.largest_free = payload;
  }
  return s;
}

}  // namespace cw
