#include "procs/lib/fd.h"

#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"

namespace cw::sys {

using abi::Syscall;

namespace {

Result<int> as_int(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return static_cast<int>(r.value());
}

Result<void> as_void(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return {};
}

uint32_t u(int v) { return static_cast<uint32_t>(v); }

}  // namespace

Result<void> close(int fd) { return as_void(raw_syscall1(Syscall::Close, u(fd))); }
Result<int> dup(int fd) { return as_int(raw_syscall1(Syscall::Dup, u(fd))); }
Result<int> dup2(int old_fd, int new_fd) { return as_int(raw_syscall2(Syscall::Dup2, u(old_fd), u(new_fd))); }
Result<int> dup3(int old_fd, int new_fd, uint32_t flags) {
  return as_int(raw_syscall3(Syscall::Dup3, u(old_fd), u(new_fd), flags));
}
Result<int> fcntl(int fd, uint32_t command, uint32_t argument) {
  return as_int(raw_syscall3(Syscall::Fcntl64, u(fd), command, argument));
}
Result<void> pipe(int fds[2]) { return as_void(raw_syscall1(Syscall::Pipe, reinterpret_cast<uint32_t>(fds))); }
Result<void> pipe2(int fds[2], uint32_t flags) {
  return as_void(raw_syscall2(Syscall::Pipe2, reinterpret_cast<uint32_t>(fds), flags));
}

int32_t fstat64(int fd, void* stat64) {
  return raw_syscall2(Syscall::Fstat64, u(fd), reinterpret_cast<uint32_t>(stat64));
}
int32_t fstatat64(int dirfd, const char* path, void* stat64, uint32_t flags) {
  return raw_syscall4(Syscall::Fstatat64, u(dirfd), reinterpret_cast<uint32_t>(path),
                      reinterpret_cast<uint32_t>(stat64), flags);
}
int32_t statx(int dirfd, const char* path, uint32_t flags, uint32_t mask, void* statx) {
  return raw_syscall5(Syscall::Statx, u(dirfd), reinterpret_cast<uint32_t>(path), flags, mask,
                      reinterpret_cast<uint32_t>(statx));
}

int32_t poll(uint32_t fds, uint32_t count, int timeout_ms) {
  return raw_syscall3(Syscall::Poll, fds, count, static_cast<uint32_t>(timeout_ms));
}
int32_t select(uint32_t nfds, uint32_t readfds, uint32_t writefds, uint32_t exceptfds, uint32_t timeout) {
  return raw_syscall5(Syscall::Newselect, nfds, readfds, writefds, exceptfds, timeout);
}

}  // namespace cw::sys
