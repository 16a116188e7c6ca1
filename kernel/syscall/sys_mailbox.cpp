// Mailbox system calls: mbox_open, mbox_close, mbox_send, mbox_recv, mbox_status. Messages are copied
// between user memory and a kernel buffer; the mailbox itself (kernel/ipc/mailbox.h) only sees kernel
// memory, so no user page is touched while a mailbox lock is held.
#include "kernel/ipc/mailbox.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

Result<ipc::MailboxRef> mailbox_of(uint32_t descriptor) {
  if (descriptor >= static_cast<uint32_t>(ipc::MailboxTable::kSlots)) return Error::BadDescriptor;
  return proc::current()->mailboxes.get(static_cast<int>(descriptor));
}

}  // namespace

int32_t sys_mbox_open(const Args& a) {
  char name[abi::kNameMax];
  auto length = current_space().copy_string_in(name, VirtAddr(a.a[0]), sizeof(name));
  if (!length) return error_return(length.error());
  if (length.value() == 0) return error_return(Error::InvalidArgument);
  return to_return(proc::current()->mailboxes.open(StringView(name, length.value())));
}

int32_t sys_mbox_close(const Args& a) {
  if (a.a[0] >= static_cast<uint32_t>(ipc::MailboxTable::kSlots)) return error_return(Error::BadDescriptor);
  return to_return(proc::current()->mailboxes.close(static_cast<int>(a.a[0])));
}

int32_t sys_mbox_send(const Args& a) {
  uint32_t length = a.a[2];
  if (length > ipc::kMaxMessageSize) return error_return(Error::TooBig);
  uint8_t message[ipc::kMaxMessageSize];
  auto copied = current_space().copy_in(message, VirtAddr(a.a[1]), length);
  if (!copied) return error_return(copied.error());
  auto mailbox = mailbox_of(a.a[0]);
  if (!mailbox) return error_return(mailbox.error());
  return to_return(mailbox.value().get()->send(message, length));
}

int32_t sys_mbox_recv(const Args& a) {
  uint32_t capacity = a.a[2];
  auto checked = current_space().verify(VirtAddr(a.a[1]), capacity, mm::Access::Write);
  if (!checked) return error_return(checked.error());
  auto mailbox = mailbox_of(a.a[0]);
  if (!mailbox) return error_return(mailbox.error());
  uint8_t message[ipc::kMaxMessageSize];
  uint32_t room = capacity < ipc::kMaxMessageSize ? capacity : ipc::kMaxMessageSize;
  auto received = mailbox.value().get()->receive(message, room);
  if (!received) return error_return(received.error());
  // The message has left the mailbox: a bad buffer now would lose it, which is why the range was
  // verified against the regions before receiving.
  auto copied = current_space().copy_out(VirtAddr(a.a[1]), message, received.value());
  if (!copied) return error_return(copied.error());
  return static_cast<int32_t>(received.value());
}

int32_t sys_mbox_status(const Args& a) {
  auto mailbox = mailbox_of(a.a[0]);
  if (!mailbox) return error_return(mailbox.error());
  return to_return(write_user(a.a[1], mailbox.value().get()->status()));
}

}  // namespace cw::syscall
