// The global mailbox table and reference counting (the lifetime rules are in mailbox.h).
#include "kernel/heap.h"
#include "kernel/ipc/mailbox.h"
#include "kernel/panic.h"
#include "kernel/sync/lock_guard.h"

namespace cw::ipc {

namespace {

// Guards the table and every mailbox's reference count. Lock order: a MailboxTable's lock, then this one;
// never taken while holding a mailbox's own lock.
Mutex registry_lock;
Mailbox* mailboxes[kMaxMailboxes];  // null: a free entry

Result<void> check_name(StringView name) {
  if (name.empty()) return Error::InvalidArgument;
  if (name.size() >= abi::kNameMax) return Error::NameTooLong;
  if (name.find('\0') != StringView::npos) return Error::InvalidArgument;
  return {};
}

}  // namespace

Result<MailboxRef> open_mailbox(StringView name) {
  TRY(check_name(name));
  LockGuard guard(registry_lock);
  Mailbox** free_entry = nullptr;
  for (Mailbox*& entry : mailboxes) {
    if (entry == nullptr) {
      if (free_entry == nullptr) free_entry = &entry;
    } else if (entry->name() == name) {
      ++entry->references_;
      return MailboxRef(entry);
    }
  }
  if (free_entry == nullptr) return Error::NoSpace;
  Mailbox* created = TRY(try_new<Mailbox>(name));
  created->references_ = 1;
  *free_entry = created;
  return MailboxRef(created);
}

uint32_t mailbox_count() {
  LockGuard guard(registry_lock);
  uint32_t n = 0;
  for (Mailbox* entry : mailboxes) n += entry != nullptr;
  return n;
}

namespace detail {

void retain(Mailbox* mailbox) {
  LockGuard guard(registry_lock);
  CW_ASSERT(mailbox->references_ > 0);  // only an existing reference can be shared
  ++mailbox->references_;
}

void release(Mailbox* mailbox) {
  Mailbox* doomed = nullptr;
  {
    LockGuard guard(registry_lock);
    CW_ASSERT(mailbox->references_ > 0);
    if (--mailbox->references_ == 0) {
      for (Mailbox*& entry : mailboxes)
        if (entry == mailbox) entry = nullptr;
      doomed = mailbox;
    }
  }
  // Out of the table with no references: nobody else can reach it any more.
  delete doomed;
}

}  // namespace detail

MailboxRef& MailboxRef::operator=(MailboxRef&& other) {
  if (this != &other) {
    reset();
    mailbox_ = other.mailbox_;
    other.mailbox_ = nullptr;
  }
  return *this;
}

MailboxRef MailboxRef::share() const {
  if (mailbox_ != nullptr) detail::retain(mailbox_);
  return MailboxRef(mailbox_);
}

void MailboxRef::reset() {
  Mailbox* mailbox = mailbox_;
  mailbox_ = nullptr;
  if (mailbox != nullptr) detail::release(mailbox);
}

}  // namespace cw::ipc
