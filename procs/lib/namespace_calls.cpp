#include "procs/lib/namespace_calls.h"

#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"

namespace cw::sys {

namespace {

uint32_t address(const void* p) { return reinterpret_cast<uint32_t>(p); }

Result<void> done(int32_t raw) {
  TRY(to_result(raw));
  return {};
}

}  // namespace

Result<void> mkdir(const char* path, uint32_t mode) { return done(raw_syscall2(abi::Syscall::Mkdir, address(path), mode)); }
Result<void> rmdir(const char* path) { return done(raw_syscall1(abi::Syscall::Rmdir, address(path))); }
Result<void> unlink(const char* path) { return done(raw_syscall1(abi::Syscall::Unlink, address(path))); }
Result<void> unlinkat(int dirfd, const char* path, uint32_t flags) {
  return done(raw_syscall3(abi::Syscall::Unlinkat, static_cast<uint32_t>(dirfd), address(path), flags));
}
Result<void> rename(const char* from, const char* to) {
  return done(raw_syscall2(abi::Syscall::Rename, address(from), address(to)));
}
Result<void> symlink(const char* target, const char* path) {
  return done(raw_syscall2(abi::Syscall::Symlink, address(target), address(path)));
}
Result<void> truncate64(const char* path, int64_t length) {
  auto bits = static_cast<uint64_t>(length);
  return done(raw_syscall3(abi::Syscall::Truncate64, address(path), static_cast<uint32_t>(bits),
                           static_cast<uint32_t>(bits >> 32)));
}
Result<void> ftruncate64(int fd, int64_t length) {
  auto bits = static_cast<uint64_t>(length);
  return done(raw_syscall3(abi::Syscall::Ftruncate64, static_cast<uint32_t>(fd), static_cast<uint32_t>(bits),
                           static_cast<uint32_t>(bits >> 32)));
}

}  // namespace cw::sys
