// read, write and ioctl: through the caller's file descriptors (kernel/fs/fd_table.h) to the file
// behind each: the console (kernel/fs/console_file.h) or a pipe (kernel/fs/pipe.h).
#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

int32_t sys_write(const Args& a) {
  auto fd = static_cast<int32_t>(a.a[0]);
  uint32_t address = a.a[1], length = a.a[2];
  fs::File* file = proc::current()->files.get(fd);
  if (!file || !file->writable()) return error_return(Error::BadDescriptor);
  // Nothing to move, so nothing to check: 0 whatever the pointer, as Linux gives an i386 program on an
  // x86-64 kernel (every 32-bit address is a user address there).
  if (length == 0) return 0;
  // Verified up front, so a partly bad buffer writes nothing rather than a prefix.
  auto checked = current_space().verify(VirtAddr(address), length, mm::Access::Read);
  if (!checked) return error_return(checked.error());
  return to_return(file->write(address, length));
}

int32_t sys_read(const Args& a) {
  auto fd = static_cast<int32_t>(a.a[0]);
  uint32_t address = a.a[1], length = a.a[2];
  fs::File* file = proc::current()->files.get(fd);
  if (!file || !file->readable()) return error_return(Error::BadDescriptor);
  if (length == 0) return 0;  // as write(): no byte is touched, so no pointer is refused
  // Refuse a bad buffer before blocking for input, not after a line has been consumed.
  auto checked = current_space().verify(VirtAddr(address), length, mm::Access::Write);
  if (!checked) return error_return(checked.error());
  return to_return(file->read(address, length));
}

int32_t sys_ioctl(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file) return error_return(Error::BadDescriptor);
  return to_return(file->ioctl(a.a[1], a.a[2]));
}

}  // namespace cw::syscall
