#include "kernel/proc/exec_args.h"

#include "kernel/heap.h"
#include "kernel/panic.h"
#include "mm/address_space.h"

namespace cw::proc {

namespace {

inline constexpr uint32_t kFirstCapacity = 4096;
inline constexpr uint32_t kPointerBytes = 4;

// Bytes counted against kMaxBytes once `more` strings of `bytes` are added to `strings` strings.
uint32_t charge(uint32_t used, uint32_t strings, uint32_t bytes, uint32_t more) {
  return used + bytes + kPointerBytes * (strings + more);
}

}  // namespace

ExecArgs::~ExecArgs() {
  if (buffer_) kfree(buffer_);
}

StringView ExecArgs::argument0() const { return argc_ == 0 ? StringView("") : StringView(strings()); }

Result<void> ExecArgs::reserve(uint32_t bytes) {
  if (bytes <= capacity_) return {};
  if (bytes > kMaxBytes) return Error::TooBig;
  uint32_t capacity = capacity_ ? capacity_ : kFirstCapacity;
  while (capacity < bytes) capacity *= 2;
  if (capacity > kMaxBytes) capacity = kMaxBytes;
  char* grown = static_cast<char*>(TRY(kmalloc(capacity)));
  if (buffer_) {
    __builtin_memcpy(grown, buffer_, used_);
    kfree(buffer_);
  }
  buffer_ = grown;
  capacity_ = capacity;
  return {};
}

Result<void> ExecArgs::add(StringView s, Kind kind) {
  CW_ASSERT(kind == Kind::Environment || envc_ == 0);
  uint32_t size = static_cast<uint32_t>(s.size()) + 1;
  if (size > kMaxStringBytes || charge(used_, argc_ + envc_, size, 1) > kMaxBytes) return Error::TooBig;
  TRY(reserve(used_ + size));
  __builtin_memcpy(buffer_ + used_, s.data(), size - 1);
  buffer_[used_ + size - 1] = '\0';
  used_ += size;
  ++(kind == Kind::Argument ? argc_ : envc_);
  return {};
}

Result<void> ExecArgs::add_argument(StringView s) { return add(s, Kind::Argument); }
Result<void> ExecArgs::add_environment(StringView s) { return add(s, Kind::Environment); }

Result<void> ExecArgs::add_user(AddressSpace& space, uint32_t vector, Kind kind) {
  CW_ASSERT(kind == Kind::Environment || envc_ == 0);
  if (vector == 0) return {};
  for (uint32_t index = 0;; ++index) {
    uint32_t pointer = 0;
    TRY(space.copy_in(&pointer, VirtAddr(vector + kPointerBytes * index), sizeof(pointer)));
    if (pointer == 0) return {};
    // Copy into what is left of the buffer; a string longer than that grows the buffer and copies again.
    for (;;) {
      uint32_t limit = kMaxBytes - charge(used_, argc_ + envc_, 0, 1);
      if (limit > kMaxStringBytes) limit = kMaxStringBytes;
      if (charge(used_, argc_ + envc_, 1, 1) > kMaxBytes) return Error::TooBig;
      TRY(reserve(used_ + 1));
      uint32_t room = capacity_ - used_;
      if (room > limit) room = limit;
      auto length = space.copy_string_in(buffer_ + used_, VirtAddr(pointer), room);
      if (length) {
        used_ += length.value() + 1;
        ++(kind == Kind::Argument ? argc_ : envc_);
        break;
      }
      if (length.error() != Error::NameTooLong) return length.error();
      if (room == limit) return Error::TooBig;  // no NUL within the largest string allowed
      TRY(reserve(capacity_ + 1));
    }
  }
}

Result<void> ExecArgs::replace_argument0(const StringView* with, uint32_t count) {
  ExecArgs next;
  for (uint32_t i = 0; i < count; ++i) TRY(next.add_argument(with[i]));
  const char* s = strings();
  for (uint32_t index = 0, at = 0; at < used_; ++index) {
    StringView view(s + at);
    if (index >= argc_) TRY(next.add_environment(view));
    else if (index > 0) TRY(next.add_argument(view));
    at += static_cast<uint32_t>(view.size()) + 1;
  }
  // Take next's buffer; ours goes with next.
  char* buffer = buffer_;
  uint32_t capacity = capacity_;
  buffer_ = next.buffer_;
  capacity_ = next.capacity_;
  used_ = next.used_;
  argc_ = next.argc_;
  envc_ = next.envc_;
  next.buffer_ = buffer;
  next.capacity_ = capacity;
  return {};
}

Result<void> ExecArgs::add_user_arguments(AddressSpace& space, uint32_t vector) {
  return add_user(space, vector, Kind::Argument);
}
Result<void> ExecArgs::add_user_environment(AddressSpace& space, uint32_t vector) {
  return add_user(space, vector, Kind::Environment);
}

}  // namespace cw::proc
