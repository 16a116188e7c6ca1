// Mailboxes: named, bounded, blocking message queues, the kernel side of system calls 1001-1005.
//
// A mailbox holds up to kMailboxCapacity messages of 0..kMaxMessageSize bytes each, delivered whole and
// in FIFO order. Any number of threads may send and receive on one mailbox.
//
// Naming and lifetime. Mailboxes live in one global table of kMaxMailboxes entries, by name (1 to
// abi::kNameMax - 1 bytes, no NUL; compared byte for byte). open_mailbox(name) returns the mailbox of
// that name, creating it if there is none, as a MailboxRef: a counted reference. The mailbox lives
// while any reference exists; when the last one is dropped, it leaves the table and is freed together
// with any messages nobody received (like a pipe whose ends are all closed). Opening the name again
// later creates a new, empty mailbox. Every operation in progress holds a reference too (the syscall
// layer gets one from MailboxTable::get), so a mailbox is never freed under a blocked sender/receiver.
//
// All functions here work on kernel memory and run in thread context (they may block). The syscall
// layer copies messages between user memory and a kernel buffer and maps descriptors to mailboxes with
// MailboxTable (mailbox_table.h).
//
// Blocking send/receive wait until they can complete; there is no timeout and no cancellation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel/sync/cond_var.h"
#include "kernel/sync/mutex.h"
#include "lib/abi/structs.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::ipc {

inline constexpr uint32_t kMailboxCapacity = 16;   // messages per mailbox
inline constexpr uint32_t kMaxMessageSize = 256;   // bytes per message
inline constexpr uint32_t kMaxMailboxes = 32;      // mailboxes in the system

class Mailbox;
class MailboxRef;
Result<MailboxRef> open_mailbox(StringView name);

namespace detail {
void retain(Mailbox* mailbox);
void release(Mailbox* mailbox);
}  // namespace detail

class Mailbox {
public:
  // Only the registry (open_mailbox) creates mailboxes; the name is valid (checked there).
  explicit Mailbox(StringView name);
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  StringView name() const { return StringView(name_, name_length_); }

  // Queues a copy of data[0, length). Blocks while the mailbox is full.
  // TooBig if length > kMaxMessageSize (nothing is queued). length 0 is a valid, empty message.
  Result<void> send(const void* data, size_t length);
  // Copies the oldest message into buffer[0, capacity), removes it and returns its size. Blocks while
  // the mailbox is empty. Range if the message is longer than `capacity`: the message then stays at the
  // head of the queue, untouched, so the caller can retry with a buffer of at least kMaxMessageSize.
  Result<size_t> receive(void* buffer, size_t capacity);
  // As send/receive, but TryAgain instead of blocking.
  Result<void> try_send(const void* data, size_t length);
  Result<size_t> try_receive(void* buffer, size_t capacity);

  // capacity, count, max_message (the size limit, kMaxMessageSize), and the threads blocked in send
  // (waiting for space) and in receive (waiting for a message) right now.
  abi::MboxStatus status() const;
  // Counted references (open descriptors plus operations in progress); a snapshot for diagnostics.
  uint32_t references() const { return references_; }

private:
  friend Result<MailboxRef> open_mailbox(StringView name);
  friend void detail::retain(Mailbox*);
  friend void detail::release(Mailbox*);

  Result<void> send_locked(const void* data, size_t length, bool block);
  Result<size_t> receive_locked(void* buffer, size_t capacity, bool block);

  char name_[abi::kNameMax] = {};
  uint32_t name_length_ = 0;
  uint32_t references_ = 0;  // guarded by the registry's lock

  mutable Mutex lock_;       // guards everything below
  CondVar not_full_;
  CondVar not_empty_;
  uint32_t head_ = 0;        // slot of the oldest message
  uint32_t count_ = 0;
  uint16_t lengths_[kMailboxCapacity] = {};
  uint8_t slots_[kMailboxCapacity][kMaxMessageSize];
};

// A counted reference to a mailbox (like a shared pointer): dropping it, by destruction or reset(),
// releases the reference. Move-only; share() makes a second reference explicitly.
class MailboxRef {
public:
  MailboxRef() = default;
  MailboxRef(MailboxRef&& other) : mailbox_(other.mailbox_) { other.mailbox_ = nullptr; }
  MailboxRef& operator=(MailboxRef&& other);
  MailboxRef(const MailboxRef&) = delete;
  MailboxRef& operator=(const MailboxRef&) = delete;
  ~MailboxRef() { reset(); }

  MailboxRef share() const;  // another reference to the same mailbox (empty if this one is empty)
  void reset();              // drops the reference; may free the mailbox

  Mailbox* get() const { return mailbox_; }
  Mailbox* operator->() const { return mailbox_; }
  Mailbox& operator*() const { return *mailbox_; }
  explicit operator bool() const { return mailbox_ != nullptr; }

private:
  friend Result<MailboxRef> open_mailbox(StringView name);
  explicit MailboxRef(Mailbox* counted) : mailbox_(counted) {}  // adopts a reference already counted

  Mailbox* mailbox_ = nullptr;
};

// The mailbox named `name`, created (empty) if it does not exist.
// Errors: InvalidArgument (empty name or a NUL inside), NameTooLong (abi::kNameMax bytes or more),
// NoSpace (kMaxMailboxes mailboxes exist), NoMemory.
Result<MailboxRef> open_mailbox(StringView name);

// Mailboxes that exist now (a snapshot, for tests and diagnostics).
uint32_t mailbox_count();

}  // namespace cw::ipc
