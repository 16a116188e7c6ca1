#include "procs/lib/brk_heap.h"

namespace cw::user {

namespace {

// A block's tag is one of these xor'ed with its own address, so a stray pointer into the middle of
// some other data is very unlikely to look like a block header.
constexpr uint32_t kUsedMagic = 0x55534544;  // "USED"
constexpr uint32_t kFreeMagic = 0x46524545;  // "FREE"

constexpr size_t round_up(size_t value, size_t align) { return (value + align - 1) & ~(align - 1); }

}  // namespace

struct BrkHeap::Header {
  uint32_t size;       // the whole block, header included; a multiple of kAlign, >= kMinBlock
  uint32_t prev_size;  // size of the block just below; 0 for the first block
  uint32_t tag;        // kUsedMagic or kFreeMagic, xor'ed with the address
  uint32_t requested;  // used blocks: the size the caller asked for (realloc copies this much)

  struct Links {  // free blocks only, in the payload
    Header* next;
    Header* prev;
  };

  uintptr_t addr() const { return reinterpret_cast<uintptr_t>(this); }
  uint32_t tag_for(uint32_t magic) const { return magic ^ static_cast<uint32_t>(addr()); }
  bool is_used() const { return tag == tag_for(kUsedMagic); }
  bool is_free() const { return tag == tag_for(kFreeMagic); }
  void mark_used(size_t bytes) {
    tag = tag_for(kUsedMagic);
    requested = static_cast<uint32_t>(bytes);
  }
  void mark_free() {
    tag = tag_for(kFreeMagic);
    requested = 0;
  }
  Links* links() const { return reinterpret_cast<Links*>(addr() + sizeof(Header)); }
  void* payload() { return reinterpret_cast<void*>(addr() + sizeof(Header)); }
};

namespace {

using Header = BrkHeap::Header;

Header* at(uintptr_t address) { return reinterpret_cast<Header*>(address); }

// The block size that holds `size` payload bytes. Precondition: size <= kMaxRequest.
size_t block_size_for(size_t size) {
  size_t need = round_up(size + BrkHeap::kHeaderSize, BrkHeap::kAlign);
  return need < BrkHeap::kMinBlock ? BrkHeap::kMinBlock : need;
}

}  // namespace

void* BrkHeap::allocate(size_t size) {
  static_assert(sizeof(Header) == kHeaderSize && kMinBlock >= kHeaderSize + sizeof(Header::Links));
  if (size > kMaxRequest) return nullptr;
  size_t need = block_size_for(size);
  Header* block = find_fit(need);
  if (block == nullptr) {
    if (!grow(need)) return nullptr;
    block = find_fit(need);  // the top block now fits
    if (block == nullptr) return nullptr;
  }
  use(block, need, size);
  return block->payload();
}

Result<void, const char*> BrkHeap::release(void* ptr) {
  if (ptr == nullptr) return {};
  auto block = live_block(ptr);
  if (!block) return block.error();
  free_and_merge(block.value());
  trim();
  return {};
}

Result<void*, const char*> BrkHeap::reallocate(void* ptr, size_t size) {
  if (ptr == nullptr) return allocate(size);
  auto checked = live_block(ptr);
  if (!checked) return checked.error();
  Header* block = checked.value();
  if (size == 0) {
    free_and_merge(block);
    trim();
    return static_cast<void*>(nullptr);
  }
  if (size > kMaxRequest) return static_cast<void*>(nullptr);
  size_t need = block_size_for(size);
  if (block->size < need) {
    Header* next = next_of(block);
    if (next != nullptr && next->is_free() && block->size + next->size >= need) absorb_next(block);
  }
  if (block->size >= need) {  // in place: shrink, or grown by absorbing the free block above
    split_tail(block, need);
    block->requested = static_cast<uint32_t>(size);
    return ptr;
  }
  void* moved = allocate(size);
  if (moved == nullptr) return moved;
  __builtin_memcpy(moved, ptr, block->requested < size ? block->requested : size);
  free_and_merge(block);
  trim();
  return moved;
}

size_t BrkHeap::usable_size(const void* ptr) const {
  return at(reinterpret_cast<uintptr_t>(ptr) - kHeaderSize)->size - kHeaderSize;
}

bool BrkHeap::initialize() {
  if (start_ != 0) return true;
  uintptr_t current = move_break_(0);
  if (current == 0 || current > UINTPTR_MAX - kAlign) return false;
  start_ = end_ = round_up(current, kAlign);
  return true;
}

// Moves the break up so that the top block is free and at least `need` bytes.
bool BrkHeap::grow(size_t need) {
  if (!initialize()) return false;
  size_t have = (last_ != nullptr && last_->is_free()) ? last_->size : 0;
  if (have >= need) return true;
  size_t step = round_up(need - have, kGrowStep);
  if (end_ > UINTPTR_MAX - step) return false;
  uintptr_t new_end = end_ + step;
  if (move_break_(new_end) != new_end) return false;
  if (have != 0) {
    last_->size += static_cast<uint32_t>(step);
  } else {
    Header* block = at(end_);
    block->size = static_cast<uint32_t>(step);
    block->prev_size = last_ != nullptr ? last_->size : 0;
    block->mark_free();
    list_insert(block);
    last_ = block;
  }
  end_ = new_end;
  return true;
}

// Gives a large free top block back to the kernel, keeping kGrowStep of it for the next allocation.
void BrkHeap::trim() {
  if (last_ == nullptr || !last_->is_free() || last_->size < kTrimThreshold) return;
  uintptr_t new_end = last_->addr() + kGrowStep;
  if (move_break_(new_end) != new_end) return;
  last_->size = kGrowStep;
  end_ = new_end;
}

BrkHeap::Header* BrkHeap::find_fit(size_t need) const {
  for (Header* block = free_head_; block != nullptr; block = block->links()->next)
    if (block->size >= need) return block;
  return nullptr;
}

// Takes free `block` off the list for an allocation of `need` block bytes; a large enough remainder
// stays free in its place.
void BrkHeap::use(Header* block, size_t need, size_t requested) {
  if (block->size - need >= kMinBlock) {
    Header* rest = at(block->addr() + need);
    rest->size = static_cast<uint32_t>(block->size - need);
    rest->prev_size = static_cast<uint32_t>(need);
    rest->mark_free();
    list_replace(block, rest);
    block->size = static_cast<uint32_t>(need);
    set_next_prev_size(rest);
    if (last_ == block) last_ = rest;
  } else {
    list_remove(block);
  }
  block->mark_used(requested);
}

// Cuts a used block down to `need` bytes if the tail is big enough to be a block of its own.
void BrkHeap::split_tail(Header* block, size_t need) {
  if (block->size - need < kMinBlock) return;
  Header* rest = at(block->addr() + need);
  rest->size = static_cast<uint32_t>(block->size - need);
  rest->prev_size = static_cast<uint32_t>(need);
  block->size = static_cast<uint32_t>(need);
  if (last_ == block) last_ = rest;
  rest->mark_used(0);
  free_and_merge(rest);
}

// Merges the free block above `block` into it. Precondition: that block exists and is free.
BrkHeap::Header* BrkHeap::absorb_next(Header* block) {
  Header* next = next_of(block);
  list_remove(next);
  block->size += next->size;
  if (last_ == next) last_ = block;
  set_next_prev_size(block);
  return block;
}

// Frees a used block, coalescing it with free neighbours, and puts the result on the free list.
void BrkHeap::free_and_merge(Header* block) {
  block->mark_free();
  Header* next = next_of(block);
  if (next != nullptr && next->is_free()) {
    list_remove(next);
    block->size += next->size;
    if (last_ == next) last_ = block;
  }
  Header* prev = prev_of(block);
  if (prev != nullptr && prev->is_free()) {
    prev->size += block->size;  // prev is already on the list
    if (last_ == block) last_ = prev;
    block = prev;
  } else {
    list_insert(block);
  }
  set_next_prev_size(block);
}

Result<BrkHeap::Header*, const char*> BrkHeap::live_block(const void* ptr) const {
  uintptr_t address = reinterpret_cast<uintptr_t>(ptr);
  if (start_ == 0 || address < start_ + kHeaderSize || address >= end_ || (address - start_) % kAlign != 0)
    return "pointer does not belong to the heap";
  Header* block = at(address - kHeaderSize);
  if (block->is_free()) return "double free";
  if (!block->is_used()) return "pointer is not the start of an allocation";
  if (block->size < kMinBlock || block->size % kAlign != 0 || block->size > end_ - block->addr() ||
      block->prev_size > block->addr() - start_)
    return "corrupt block header";
  Header* prev = prev_of(block);
  if (prev != nullptr && prev->size != block->prev_size) return "corrupt header below the block";
  Header* next = next_of(block);
  if (next != nullptr && next->prev_size != block->size) return "corrupt header above the block";
  return block;
}

BrkHeap::Header* BrkHeap::next_of(const Header* block) const {
  uintptr_t next = block->addr() + block->size;
  return next < end_ ? at(next) : nullptr;
}

BrkHeap::Header* BrkHeap::prev_of(const Header* block) const {
  return block->prev_size != 0 ? at(block->addr() - block->prev_size) : nullptr;
}

void BrkHeap::set_next_prev_size(Header* block) {
  if (Header* next = next_of(block)) next->prev_size = block->size;
}

void BrkHeap::list_insert(Header* block) {
  Header* prev = nullptr;
  Header* cur = free_head_;
  while (cur != nullptr && cur->addr() < block->addr()) {
    prev = cur;
    cur = cur->links()->next;
  }
  block->links()->next = cur;
  block->links()->prev = prev;
  if (cur != nullptr) cur->links()->prev = block;
  if (prev != nullptr) prev->links()->next = block; else free_head_ = block;
}

void BrkHeap::list_remove(Header* block) {
  Header* next = block->links()->next;
  Header* prev = block->links()->prev;
  if (next != nullptr) next->links()->prev = prev;
  if (prev != nullptr) prev->links()->next = next; else free_head_ = next;
}

void BrkHeap::list_replace(Header* old_block, Header* new_block) {
  Header* next = old_block->links()->next;
  Header* prev = old_block->links()->prev;
  new_block->links()->next = next;
  new_block->links()->prev = prev;
  if (next != nullptr) next->links()->prev = new_block;
  if (prev != nullptr) prev->links()->next = new_block; else free_head_ = new_block;
}

HeapUsage BrkHeap::usage() const {
  HeapUsage usage;
  if (start_ == 0) return usage;
  usage.heap_bytes = end_ - start_;
  for (uintptr_t a = start_; a < end_; a += at(a)->size) {
    const Header* block = at(a);
    if (block->is_free()) {
      usage.free_bytes += block->size;
      ++usage.free_blocks;
    } else {
      usage.used_bytes += block->size;
      ++usage.allocations;
    }
  }
  return usage;
}

Result<void, const char*> BrkHeap::check() const {
  if (start_ == 0) return {};
  size_t free_count = 0;
  uint32_t prev_size = 0;
  bool prev_free = false;
  const Header* last = nullptr;
  for (uintptr_t a = start_; a < end_;) {
    const Header* block = at(a);
    if (end_ - a < kMinBlock) return "block header runs past the end of the heap";
    if (block->size < kMinBlock || block->size % kAlign != 0 || block->size > end_ - a)
      return "block size is invalid";
    if (block->prev_size != prev_size) return "boundary tag does not match the block below";
    if (block->is_free()) {
      if (prev_free) return "two adjacent free blocks (missed coalescing)";
      ++free_count;
      prev_free = true;
    } else if (block->is_used()) {
      if (block->requested > block->size - kHeaderSize) return "requested size exceeds the block";
      prev_free = false;
    } else {
      return "block tag is invalid";
    }
    prev_size = block->size;
    last = block;
    a += block->size;
  }
  if (last != last_) return "top block pointer is stale";
  size_t listed = 0;
  const Header* prev = nullptr;
  for (const Header* block = free_head_; block != nullptr; block = block->links()->next) {
    if (++listed > free_count) return "free list holds blocks that are not free (or loops)";
    if (block->addr() < start_ || block->addr() >= end_ || !block->is_free())
      return "free list holds a block that is not free";
    if (block->links()->prev != prev) return "free list back link is wrong";
    if (prev != nullptr && prev->addr() >= block->addr()) return "free list is not address-ordered";
    prev = block;
  }
  if (listed != free_count) return "free list misses free blocks";
  return {};
}

}  // namespace cw::user
