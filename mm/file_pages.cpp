#include "mm/file_pages.h"

namespace cw::mm {

bool FileChunks::next(FileChunk* out) {
  if (done_ >= length_) return false;
  uint64_t at = offset_ + done_;
  uint32_t in_page = static_cast<uint32_t>(at % kFilePageSize);
  uint32_t room = kFilePageSize - in_page;
  uint32_t left = length_ - done_;
  out->index = static_cast<uint32_t>(at / kFilePageSize);
  out->offset = in_page;
  out->length = left < room ? left : room;
  out->position = done_;
  done_ += out->length;
  return true;
}

uint32_t readable_bytes(uint64_t size, uint64_t offset, uint32_t length) {
  if (offset >= size) return 0;
  uint64_t left = size - offset;
  return left < length ? static_cast<uint32_t>(left) : length;
}

Result<uint32_t> writable_bytes(uint64_t offset, uint32_t length) {
  if (length == 0) return uint32_t{0};
  if (offset >= kMaxObjectFileSize) return Error::FileTooBig;
  uint64_t room = kMaxObjectFileSize - offset;
  return room < length ? static_cast<uint32_t>(room) : length;
}

TruncatePlan plan_truncate(uint64_t old_size, uint64_t new_size) {
  TruncatePlan plan;
  if (new_size >= old_size) return plan;
  uint32_t keep = pages_for(new_size);
  plan.first_dropped = keep;
  plan.dropped = pages_for(old_size) - keep;
  uint32_t tail = static_cast<uint32_t>(new_size % kFilePageSize);
  if (tail != 0) {
    plan.zero_tail = true;
    plan.tail_index = static_cast<uint32_t>(new_size / kFilePageSize);
    plan.tail_offset = tail;
  }
  return plan;
}

}  // namespace cw::mm
