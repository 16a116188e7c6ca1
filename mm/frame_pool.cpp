#include "mm/frame_pool.h"

namespace cw::mm {

Result<void> FramePool::init_checked(uint32_t count) {
  if (count == 0 || count > kMaxPageableFrames) return fail(Error::InvalidArgument);
  if (used_count() != 0) return fail(Error::Busy);
  return {};
}

Result<void> FramePool::init(const Pfn* pfns, uint32_t count) {
  TRY(init_checked(count));
  if (pfns == nullptr) return fail(Error::InvalidArgument);
  // A repeated Pfn would let two pages share one physical frame. N <= 1024, so the quadratic check is a
  // fraction of a millisecond at boot.
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t j = i + 1; j < count; ++j) {
      if (pfns[i] == pfns[j]) return fail(Error::InvalidArgument);
    }
  }
  reset(count);
  for (uint32_t i = 0; i < count; ++i) {
    frames_[i].pfn = pfns[i];
    if (pfns[i] != pfns[0] + i) contiguous_ = false;
  }
  return {};
}

Result<void> FramePool::init_contiguous(Pfn first, uint32_t count) {
  TRY(init_checked(count));
  if (first.get() > UINT32_MAX - (count - 1)) return fail(Error::InvalidArgument);
  reset(count);
  for (uint32_t i = 0; i < count; ++i) frames_[i].pfn = first + i;
  return {};
}

void FramePool::reset(uint32_t count) {
  capacity_ = count;
  for (uint32_t i = 0; i < kMaxPageableFrames; ++i) frames_[i] = FrameInfo{};
  // Pushed highest first so that allocation hands out frame 0, 1, 2, ... on a fresh pool.
  for (uint32_t i = 0; i < count; ++i) free_stack_[i] = static_cast<uint16_t>(count - 1 - i);
  free_top_ = count;
  under_io_count_ = 0;
  pinned_count_ = 0;
  contiguous_ = true;
}

Result<void> FramePool::set_owner(FrameIndex frame, PageOwnerId owner, Vpn vpn) {
  if (!valid(frame)) return Error::Range;
  FrameInfo& f = frames_[frame.get()];
  if (f.state == FrameState::Free || owner.is_none()) return Error::InvalidArgument;
  f.owner = owner;
  f.vpn = vpn;
  return {};
}

Result<FrameIndex> FramePool::allocate(PageOwnerId owner, Vpn vpn) {
  if (owner.is_none()) return fail(Error::InvalidArgument);
  if (free_top_ == 0) return fail(Error::NoMemory);
  uint32_t i = free_stack_[--free_top_];
  FrameInfo& f = frames_[i];
  f.state = FrameState::InUse;
  f.pins = 0;
  f.owner = owner;
  f.vpn = vpn;
  return FrameIndex(i);
}

Result<FrameIndex> FramePool::allocate_at(FrameIndex frame, PageOwnerId owner, Vpn vpn) {
  if (owner.is_none()) return fail(Error::InvalidArgument);
  if (!valid(frame)) return fail(Error::Range);
  if (frames_[frame.get()].state != FrameState::Free) return fail(Error::Busy);
  for (uint32_t k = 0; k < free_top_; ++k) {
    if (free_stack_[k] != frame.get()) continue;
    free_stack_[k] = free_stack_[--free_top_];
    FrameInfo& f = frames_[frame.get()];
    f.state = FrameState::InUse;
    f.pins = 0;
    f.owner = owner;
    f.vpn = vpn;
    return frame;
  }
  return fail(Error::Busy);  // unreachable while the stack and the states agree
}

void FramePool::release(uint32_t i) {
  FrameInfo& f = frames_[i];
  if (f.state == FrameState::UnderIo) --under_io_count_;
  f.state = FrameState::Free;
  f.owner = PageOwnerId::none();
  f.vpn = Vpn();
  free_stack_[free_top_++] = static_cast<uint16_t>(i);
}

Result<void> FramePool::free(FrameIndex frame) {
  if (!valid(frame)) return fail(Error::Range);
  const FrameInfo& f = frames_[frame.get()];
  if (f.state == FrameState::Free) return fail(Error::InvalidArgument);
  if (f.pins != 0) return fail(Error::Busy);
  release(frame.get());
  return {};
}

Result<void> FramePool::begin_io(FrameIndex frame) {
  if (!valid(frame)) return fail(Error::Range);
  FrameInfo& f = frames_[frame.get()];
  if (f.state == FrameState::Free) return fail(Error::InvalidArgument);
  if (f.state == FrameState::UnderIo) return fail(Error::Busy);
  f.state = FrameState::UnderIo;
  ++under_io_count_;
  return {};
}

Result<void> FramePool::end_io(FrameIndex frame) {
  if (!valid(frame)) return fail(Error::Range);
  FrameInfo& f = frames_[frame.get()];
  if (f.state != FrameState::UnderIo) return fail(Error::InvalidArgument);
  f.state = FrameState::InUse;
  --under_io_count_;
  return {};
}

Result<void> FramePool::pin(FrameIndex frame) {
  if (!valid(frame)) return fail(Error::Range);
  FrameInfo& f = frames_[frame.get()];
  if (f.state == FrameState::Free) return fail(Error::InvalidArgument);
  if (f.pins == UINT16_MAX) return fail(Error::Overflow);
  if (f.pins++ == 0) ++pinned_count_;
  return {};
}

Result<void> FramePool::unpin(FrameIndex frame) {
  if (!valid(frame)) return fail(Error::Range);
  FrameInfo& f = frames_[frame.get()];
  if (f.state == FrameState::Free || f.pins == 0) return fail(Error::InvalidArgument);
  if (--f.pins == 0) --pinned_count_;
  return {};
}

Result<FrameInfo> FramePool::info(FrameIndex frame) const {
  if (!valid(frame)) return fail(Error::Range);
  return frames_[frame.get()];
}

Result<FrameIndex> FramePool::index_of(Pfn pfn) const {
  if (capacity_ == 0) return fail(Error::NotFound);
  if (contiguous_) {
    if (pfn < frames_[0].pfn) return fail(Error::NotFound);
    uint32_t i = pfn - frames_[0].pfn;
    if (i >= capacity_) return fail(Error::NotFound);
    return FrameIndex(i);
  }
  for (uint32_t i = 0; i < capacity_; ++i) {
    if (frames_[i].pfn == pfn) return FrameIndex(i);
  }
  return fail(Error::NotFound);
}

bool FramePool::is_evictable(FrameIndex frame) const {
  if (!valid(frame)) return false;
  const FrameInfo& f = frames_[frame.get()];
  return f.state == FrameState::InUse && f.pins == 0;
}

uint32_t FramePool::count_owned_by(PageOwnerId owner) const {
  uint32_t n = 0;
  if (owner.is_none()) return 0;
  for (uint32_t i = 0; i < capacity_; ++i) {
    if (frames_[i].state != FrameState::Free && frames_[i].owner == owner) ++n;
  }
  return n;
}

bool FramePool::check_consistency() const {
  if (capacity_ > kMaxPageableFrames || free_top_ > capacity_) return false;
  uint32_t free = 0, under_io = 0, pinned = 0;
  for (uint32_t i = 0; i < capacity_; ++i) {
    const FrameInfo& f = frames_[i];
    switch (f.state) {
      case FrameState::Free:
        ++free;
        if (f.pins != 0 || !f.owner.is_none()) return false;
        break;
      case FrameState::UnderIo:
        ++under_io;
        [[fallthrough]];
      case FrameState::InUse:
        if (f.owner.is_none()) return false;
        if (f.pins != 0) ++pinned;
        break;
      default:
        return false;
    }
  }
  if (free != free_top_ || under_io != under_io_count_ || pinned != pinned_count_) return false;
  // The free list holds exactly the Free frames, each once.
  uint32_t seen[kMaxPageableFrames / 32] = {};  // a bitmap: small enough for a kernel stack
  for (uint32_t k = 0; k < free_top_; ++k) {
    uint32_t i = free_stack_[k];
    if (i >= capacity_ || frames_[i].state != FrameState::Free) return false;
    uint32_t bit = 1u << (i % 32);
    if (seen[i / 32] & bit) return false;
    seen[i / 32] |= bit;
  }
  return true;
}

}  // namespace cw::mm
