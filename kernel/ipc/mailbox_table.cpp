#include "kernel/ipc/mailbox_table.h"

#include <utility>

#include "kernel/sync/lock_guard.h"

namespace cw::ipc {

Result<int> MailboxTable::open(StringView name) {
  LockGuard guard(lock_);
  for (int i = 0; i < kSlots; ++i) {
    if (slots_[i]) continue;
    slots_[i] = TRY(open_mailbox(name));
    return i;
  }
  return Error::TooManyFiles;
}

Result<void> MailboxTable::close(int descriptor) {
  MailboxRef closing;
  {
    LockGuard guard(lock_);
    if (descriptor < 0 || descriptor >= kSlots || !slots_[descriptor]) return Error::BadDescriptor;
    closing = std::move(slots_[descriptor]);
  }
  // `closing` drops the reference here, outside the table's lock.
  return {};
}

Result<MailboxRef> MailboxTable::get(int descriptor) {
  LockGuard guard(lock_);
  if (descriptor < 0 || descriptor >= kSlots || !slots_[descriptor]) return Error::BadDescriptor;
  return slots_[descriptor].share();
}

void MailboxTable::inherit(MailboxTable& parent) {
  for (int i = 0; i < kSlots; ++i) {
    auto shared = parent.get(i);
    if (!shared) continue;
    LockGuard guard(lock_);
    slots_[i] = std::move(shared.value());
  }
}

void MailboxTable::close_all() {
  for (int i = 0; i < kSlots; ++i) {
    MailboxRef closing;      // destroyed after `guard`: the reference drops outside the table's lock
    LockGuard guard(lock_);
    closing = std::move(slots_[i]);
  }
}

int MailboxTable::open_count() {
  LockGuard guard(lock_);
  int n = 0;
  for (const MailboxRef& slot : slots_) n += static_cast<bool>(slot);
  return n;
}

}  // namespace cw::ipc
