#include "kernel/ipc/mailbox.h"

#include "kernel/panic.h"
#include "kernel/sync/lock_guard.h"

namespace cw::ipc {

Mailbox::Mailbox(StringView name) {
  CW_ASSERT(!name.empty() && name.size() < abi::kNameMax);
  __builtin_memcpy(name_, name.data(), name.size());
  name_length_ = name.size();
}

Mailbox::~Mailbox() {
  // The registry frees a mailbox only with no references left, and every blocked thread holds one.
  CW_ASSERT(references_ == 0);
  CW_ASSERT(not_full_.waiters() == 0 && not_empty_.waiters() == 0 && !lock_.is_locked());
}

Result<void> Mailbox::send(const void* data, size_t length) { return send_locked(data, length, true); }

Result<void> Mailbox::try_send(const void* data, size_t length) { return send_locked(data, length, false); }

Result<size_t> Mailbox::receive(void* buffer, size_t capacity) { return receive_locked(buffer, capacity, true); }

Result<size_t> Mailbox::try_receive(void* buffer, size_t capacity) {
  return receive_locked(buffer, capacity, false);
}

Result<void> Mailbox::send_locked(const void* data, size_t length, bool block) {
  if (length > kMaxMessageSize) return Error::TooBig;
  CW_ASSERT(data != nullptr || length == 0);
  LockGuard guard(lock_);
  while (count_ == kMailboxCapacity) {
    if (!block) return Error::TryAgain;
    TRY(not_full_.wait_interruptible(lock_));  // a killed sender gives up
  }
  uint32_t slot = (head_ + count_) % kMailboxCapacity;
  if (length > 0) __builtin_memcpy(slots_[slot], data, length);
  lengths_[slot] = static_cast<uint16_t>(length);
  ++count_;
  not_empty_.signal();
  return {};
}

Result<size_t> Mailbox::receive_locked(void* buffer, size_t capacity, bool block) {
  CW_ASSERT(buffer != nullptr || capacity == 0);
  LockGuard guard(lock_);
  while (count_ == 0) {
    if (!block) return Error::TryAgain;
    TRY(not_empty_.wait_interruptible(lock_));  // a killed receiver gives up
  }
  size_t length = lengths_[head_];
  if (length > capacity) return Error::Range;  // the message stays queued
  if (length > 0) __builtin_memcpy(buffer, slots_[head_], length);
  head_ = (head_ + 1) % kMailboxCapacity;
  --count_;
  not_full_.signal();
  return length;
}

abi::MboxStatus Mailbox::status() const {
  LockGuard guard(lock_);
  abi::MboxStatus status{};
  status.capacity = kMailboxCapacity;
  status.count = count_;
  status.max_message = kMaxMessageSize;
  status.senders_blocked = not_full_.waiters();
  status.receivers_blocked = not_empty_.waiters();
  return status;
}

}  // namespace cw::ipc
