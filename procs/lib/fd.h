// File-descriptor calls for user programs (docs/abi.md "Descriptors"): raw wrappers of Linux's close,
// dup, dup2, dup3, fcntl64, pipe and pipe2.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::sys {

inline constexpr uint32_t kOpenNonblock = 04000;
inline constexpr uint32_t kOpenCloexec = 02000000;
inline constexpr uint32_t kFdCloexec = 1;
inline constexpr uint32_t kFcntlDupFd = 0, kFcntlGetFd = 1, kFcntlSetFd = 2, kFcntlGetFl = 3, kFcntlSetFl = 4;
inline constexpr uint32_t kFcntlDupFdCloexec = 1030;

Result<void> close(int fd);
Result<int> dup(int fd);
Result<int> dup2(int old_fd, int new_fd);
Result<int> dup3(int old_fd, int new_fd, uint32_t flags);
Result<int> fcntl(int fd, uint32_t command, uint32_t argument = 0);
Result<void> pipe(int fds[2]);
Result<void> pipe2(int fds[2], uint32_t flags);
// fstat64(197), fstatat64(300) and statx(383), raw: 0 or -errno (lib/abi/stat.h has the layouts).
int32_t fstat64(int fd, void* stat64);
int32_t fstatat64(int dirfd, const char* path, void* stat64, uint32_t flags);
int32_t statx(int dirfd, const char* path, uint32_t flags, uint32_t mask, void* statx);
// poll(168) and _newselect(142), raw: the result or -errno (pointers passed as addresses).
int32_t poll(uint32_t fds, uint32_t count, int timeout_ms);
int32_t select(uint32_t nfds, uint32_t readfds, uint32_t writefds, uint32_t exceptfds, uint32_t timeout);

}  // namespace cw::sys
