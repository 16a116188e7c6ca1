// MailboxTable: one process's mailbox descriptors, small ints 0..kSlots-1 naming open mailboxes (what
// mbox_open returns and the other mailbox system calls take).
//
// Each open descriptor holds one reference to its mailbox (mailbox.h). The table is safe to use from
// several threads at once. Destroying the table closes whatever is still open, and close_all() does the
// same explicitly (for process exit).
//
// Typical use in the syscall layer:
//
//   int md = TRY(process->mailboxes.open(kernel_name));
//   ipc::MailboxRef mailbox = TRY(process->mailboxes.get(md));
//   TRY(mailbox->send(kernel_buffer, length));     // the reference keeps it alive even if another
//                                                  // thread closes md meanwhile
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel/ipc/mailbox.h"
#include "kernel/sync/mutex.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::ipc {

class MailboxTable {
public:
  static constexpr int kSlots = 16;

  MailboxTable() = default;
  MailboxTable(const MailboxTable&) = delete;
  MailboxTable& operator=(const MailboxTable&) = delete;

  // Opens (or creates) the mailbox `name` on the lowest free descriptor. Opening the same name twice gives
  // two descriptors for one mailbox. Errors: TooManyFiles (all kSlots in use), then open_mailbox's.
  Result<int> open(StringView name);
  // Closes the descriptor, dropping its reference. BadDescriptor if it is not open.
  Result<void> close(int descriptor);
  // A new reference to the descriptor's mailbox, for the duration of one operation.
  // BadDescriptor if it is not open.
  Result<MailboxRef> get(int descriptor);
  // Closes every open descriptor.
  void close_all();
  // fork(): this (empty) table gets a descriptor for every one open in `parent`, same numbers, each a new
  // reference to the same mailbox.
  void inherit(MailboxTable& parent);

  // Open descriptors (a snapshot).
  int open_count();

private:
  Mutex lock_;                  // guards slots_
  MailboxRef slots_[kSlots];    // empty: a free descriptor
};

}  // namespace cw::ipc
