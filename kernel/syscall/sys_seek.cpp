// File positions: lseek (19), _llseek (140), and the positioned transfers pread64 (180) and pwrite64
// (181), which leave the position alone (Linux fs/read_write.c). On i386 a 64-bit offset arrives as two
// registers, low word first. lseek's 32-bit result that cannot hold the new position is EOVERFLOW, with
// the position already moved, as Linux's ksys_lseek leaves it.
#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

// A descriptor that has a position to move (O_PATH has none: EBADF, as Linux's fdget_pos).
Result<fs::File*> seekable(uint32_t fd) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(fd));
  if (!file || file->path_only()) return Error::BadDescriptor;
  return file;
}

uint64_t join(uint32_t low, uint32_t high) { return (uint64_t{high} << 32) | low; }

}  // namespace

int32_t sys_lseek(const Args& a) {
  auto file = seekable(a.a[0]);
  if (!file) return error_return(file.error());
  auto position = file.value()->seek(static_cast<int32_t>(a.a[1]), a.a[2]);
  if (!position) return error_return(position.error());
  if (position.value() > 0x7fffffffu) return error_return(Error::Overflow);
  return static_cast<int32_t>(position.value());
}

// _llseek(fd, offset_high, offset_low, loff_t* result, whence).
int32_t sys_llseek(const Args& a) {
  auto file = seekable(a.a[0]);
  if (!file) return error_return(file.error());
  auto position = file.value()->seek(static_cast<int64_t>(join(a.a[2], a.a[1])), a.a[4]);
  if (!position) return error_return(position.error());
  return to_return(write_user(a.a[3], position.value()));
}

// pread64(fd, buf, count, offset_low, offset_high).
int32_t sys_pread64(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file || !file->readable()) return error_return(Error::BadDescriptor);
  auto offset = static_cast<int64_t>(join(a.a[3], a.a[4]));
  if (offset < 0) return error_return(Error::InvalidArgument);
  if (a.a[2] == 0) return 0;
  auto checked = current_space().verify(VirtAddr(a.a[1]), a.a[2], mm::Access::Write);
  if (!checked) return error_return(checked.error());
  return to_return(file->read_at(static_cast<uint64_t>(offset), a.a[1], a.a[2]));
}

// pwrite64(fd, buf, count, offset_low, offset_high). O_APPEND does not move the offset here: Linux
// documents that as a bug it keeps, and so does Clockwork (the data goes at `offset`).
int32_t sys_pwrite64(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file || !file->writable()) return error_return(Error::BadDescriptor);
  auto offset = static_cast<int64_t>(join(a.a[3], a.a[4]));
  if (offset < 0) return error_return(Error::InvalidArgument);
  if (a.a[2] == 0) return 0;
  auto checked = current_space().verify(VirtAddr(a.a[1]), a.a[2], mm::Access::Read);
  if (!checked) return error_return(checked.error());
  return to_return(file->write_at(static_cast<uint64_t>(offset), a.a[1], a.a[2]));
}

// getdents64(fd, dirp, count): whole struct linux_dirent64 records (kernel/fs/node_file.cpp).
int32_t sys_getdents64(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file || file->path_only()) return error_return(Error::BadDescriptor);
  if (a.a[2] == 0) return error_return(Error::InvalidArgument);
  auto checked = current_space().verify(VirtAddr(a.a[1]), a.a[2], mm::Access::Write);
  if (!checked) return error_return(checked.error());
  return to_return(file->read_directory(a.a[1], a.a[2]));
}

}  // namespace cw::syscall
