#include "mm/user_range.h"

namespace cw::mm {

Result<void> check_user_range(VirtAddr start, uint32_t length, Access) {
  if (length == 0) {
    if (start.get() >= kUserTop) return fail(Error::BadAddress);
    return {};
  }
  uint32_t end = 0;
  if (!checked_add(start.get(), length, &end)) return fail(Error::BadAddress);
  if (start.get() < kUserBase || end > kUserTop) return fail(Error::BadAddress);
  return {};
}

bool UserPageChunks::next(UserChunk* out) {
  if (remaining_ == 0) return false;
  const uint32_t offset = next_.page_offset();
  const uint32_t room = kPageSize - offset;
  const uint32_t length = remaining_ < room ? remaining_ : room;
  *out = UserChunk{next_.page_base(), offset, length, position_};
  position_ += length;
  remaining_ -= length;
  if (next_.page_base().get() == 0xFFFFF000u) remaining_ = 0;  // a wrapping range: never go past 4 GiB
  next_ = next_.page_base() + kPageSize;
  return true;
}

uint32_t user_range_page_count(VirtAddr start, uint32_t length) {
  if (length == 0) return 0;
  const uint32_t last = start.get() + (length - 1);
  return (last >> kPageShift) - (start.get() >> kPageShift) + 1;
}

Result<UserChunk> UserStringScanner::next_chunk() {
  if (consumed_ >= capacity_) return fail(Error::NameTooLong);
  if (!is_user_address(next_)) return fail(Error::BadAddress);
  const uint32_t offset = next_.page_offset();
  const uint32_t room = kPageSize - offset;
  const uint32_t left = capacity_ - consumed_;
  pending_ = left < room ? left : room;
  return UserChunk{next_.page_base(), offset, pending_, consumed_};
}

bool UserStringScanner::consume(const char* bytes) {
  if (done_ || pending_ == 0) return done_;
  for (uint32_t i = 0; i < pending_; ++i) {
    if (destination_ != nullptr) destination_[consumed_] = bytes[i];
    if (bytes[i] == '\0') {
      done_ = true;
      pending_ = 0;
      return true;
    }
    ++consumed_;
  }
  next_ = next_ + pending_;  // may reach kUserTop (or wrap to 0): next_chunk() then reports BadAddress
  pending_ = 0;
  return false;
}

}  // namespace cw::mm
