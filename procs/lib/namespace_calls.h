// Name-space and file-size calls for user programs (docs/abi.md "Files"): raw wrappers of Linux's mkdir,
// rmdir, unlink, unlinkat, rename, symlink, truncate64 and ftruncate64 (kernel/syscall/sys_namespace.cpp).
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::sys {

inline constexpr int kAtFdcwd = -100;
inline constexpr uint32_t kAtRemoveDir = 0x200;

Result<void> mkdir(const char* path, uint32_t mode);
Result<void> rmdir(const char* path);
Result<void> unlink(const char* path);
Result<void> unlinkat(int dirfd, const char* path, uint32_t flags);
Result<void> rename(const char* from, const char* to);
Result<void> symlink(const char* target, const char* path);
Result<void> truncate64(const char* path, int64_t length);
Result<void> ftruncate64(int fd, int64_t length);

}  // namespace cw::sys
