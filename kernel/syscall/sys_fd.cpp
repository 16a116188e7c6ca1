// Descriptor calls (Linux fs/file.c, fs/fcntl.c, fs/pipe.c): close (6), dup (41), dup2 (63), dup3 (330),
// fcntl (55) and fcntl64 (221), pipe (42) and pipe2 (331). The table is kernel/fs/fd_table.h.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/pipe.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

// fcntl commands (asm-generic/fcntl.h) and the one descriptor flag.
inline constexpr uint32_t kDupFd = 0, kGetFd = 1, kSetFd = 2, kGetFl = 3, kSetFl = 4, kDupFdCloexec = 1030;
inline constexpr uint32_t kFdCloexec = 1;  // FD_CLOEXEC

fs::FdTable& files() { return proc::current()->files; }

int32_t duplicate(int32_t fd, int32_t lowest, bool cloexec) {
  fs::File* file = files().get(fd);
  if (!file) return error_return(Error::BadDescriptor);
  if (lowest < 0 || static_cast<uint32_t>(lowest) >= fs::FdTable::kMaxFds) return error_return(Error::InvalidArgument);
  file->ref();
  return to_return(files().install(file, lowest, cloexec));
}

int32_t duplicate_to(int32_t old_fd, int32_t new_fd, bool cloexec) {
  fs::File* file = files().get(old_fd);
  if (!file) return error_return(Error::BadDescriptor);
  if (new_fd < 0 || static_cast<uint32_t>(new_fd) >= fs::FdTable::kMaxFds) return error_return(Error::BadDescriptor);
  files().install_at(file, new_fd, cloexec);
  return new_fd;
}

int32_t make_pipe(uint32_t fds_address, uint32_t flags) {
  if (flags & ~(fs::kOpenCloexec | fs::kOpenNonblock)) return error_return(Error::InvalidArgument);
  // The result array is checked first, so a bad pointer opens nothing.
  auto ok = current_space().verify(VirtAddr(fds_address), 2 * sizeof(int32_t), mm::Access::Write);
  if (!ok) return error_return(ok.error());
  auto ends = fs::create_pipe(flags & fs::kOpenNonblock);
  if (!ends) return error_return(ends.error());
  bool cloexec = (flags & fs::kOpenCloexec) != 0;
  auto read_fd = files().install(ends.value().read_end, 0, cloexec);
  if (!read_fd) {
    ends.value().write_end->unref();
    return error_return(read_fd.error());
  }
  auto write_fd = files().install(ends.value().write_end, 0, cloexec);
  if (!write_fd) {
    (void)files().close(read_fd.value());
    return error_return(write_fd.error());
  }
  int32_t fds[2] = {read_fd.value(), write_fd.value()};
  auto written = current_space().copy_out(VirtAddr(fds_address), fds, sizeof(fds));
  if (!written) {
    (void)files().close(fds[0]);
    (void)files().close(fds[1]);
    return error_return(written.error());
  }
  return 0;
}

}  // namespace

int32_t sys_close(const Args& a) { return to_return(files().close(static_cast<int32_t>(a.a[0]))); }

int32_t sys_dup(const Args& a) { return duplicate(static_cast<int32_t>(a.a[0]), 0, false); }

int32_t sys_dup2(const Args& a) {
  auto old_fd = static_cast<int32_t>(a.a[0]);
  auto new_fd = static_cast<int32_t>(a.a[1]);
  if (old_fd == new_fd) return files().get(old_fd) ? new_fd : error_return(Error::BadDescriptor);
  return duplicate_to(old_fd, new_fd, false);
}

int32_t sys_dup3(const Args& a) {
  auto old_fd = static_cast<int32_t>(a.a[0]);
  auto new_fd = static_cast<int32_t>(a.a[1]);
  uint32_t flags = a.a[2];
  if ((flags & ~fs::kOpenCloexec) != 0 || old_fd == new_fd) return error_return(Error::InvalidArgument);
  return duplicate_to(old_fd, new_fd, (flags & fs::kOpenCloexec) != 0);
}

int32_t sys_fcntl64(const Args& a) {
  auto fd = static_cast<int32_t>(a.a[0]);
  uint32_t command = a.a[1], argument = a.a[2];
  fs::File* file = files().get(fd);
  if (!file) return error_return(Error::BadDescriptor);
  switch (command) {
    case kDupFd: return duplicate(fd, static_cast<int32_t>(argument), false);
    case kDupFdCloexec: return duplicate(fd, static_cast<int32_t>(argument), true);
    case kGetFd: return files().cloexec(fd).value() ? static_cast<int32_t>(kFdCloexec) : 0;
    case kSetFd: return to_return(files().set_cloexec(fd, (argument & kFdCloexec) != 0));
    case kGetFl: return static_cast<int32_t>(file->status_flags());
    case kSetFl:
      file->set_status_flags(argument);
      return 0;
    default: return error_return(Error::InvalidArgument);  // locks, owners, leases, seals: not here
  }
}

int32_t sys_pipe(const Args& a) { return make_pipe(a.a[0], 0); }
int32_t sys_pipe2(const Args& a) { return make_pipe(a.a[0], a.a[1]); }

}  // namespace cw::syscall
