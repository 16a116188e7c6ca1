// Path arguments of the file system calls: copying a path out of the caller (Linux fs/namei.c getname)
// and finding where it starts (the *at calls' dirfd: AT_FDCWD is the working directory, another value an
// open directory). Every call that takes a path goes through here, so they all agree on the errors.
#pragma once

#include <cstdint>

#include "kernel/fs/vfs/path_walk.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::syscall {

// The *at calls' "relative to the working directory" (Linux include/uapi/linux/fcntl.h AT_FDCWD).
inline constexpr int32_t kAtFdCwd = -100;

// A path copied out of user memory into a kernel buffer of PATH_MAX bytes (on the heap: the kernel stack
// is 16 KiB and the walk below uses part of it). Move-only; frees the buffer.
class UserPath {
public:
  // Errors: BadAddress (EFAULT), NameTooLong (no NUL within PATH_MAX, as getname), NoMemory.
  static Result<UserPath> copy_in(uint32_t address);

  UserPath(UserPath&& other) : text_(other.text_), length_(other.length_) { other.text_ = nullptr; }
  UserPath(const UserPath&) = delete;
  UserPath& operator=(const UserPath&) = delete;
  UserPath& operator=(UserPath&&) = delete;
  ~UserPath();

  StringView view() const { return StringView(text_, length_); }
  bool empty() const { return length_ == 0; }

private:
  UserPath(char* text, uint32_t length) : text_(text), length_(length) {}
  char* text_;
  uint32_t length_;
};

// The directory a relative path starts from: the working directory for AT_FDCWD, else the directory
// open on `dirfd`; a new reference. Errors: BadDescriptor (not open), NotDirectory (not a directory).
Result<fs::Node*> start_directory(int32_t dirfd);

// The node `path` names from `dirfd` (ignored for an absolute path, as Linux), with a new reference.
// An empty path is NotFound unless `empty_is_dirfd` (AT_EMPTY_PATH): then it is what dirfd names, which
// for a descriptor need not be a directory. Errors: those of the walk, BadDescriptor, NotDirectory.
Result<fs::Node*> lookup_path(int32_t dirfd, StringView path, fs::Follow follow, bool empty_is_dirfd = false);

// The directory holding the last component of `path` and that component (fs::resolve_parent), from
// `dirfd`. `directory` carries a new reference. Errors: as lookup_path, and Busy for "/".
Result<fs::ParentAndName> lookup_parent(int32_t dirfd, StringView path);

// Whether `node` is on a file system nothing can change (/, /bin, /dev): writing it, or creating in it,
// is EROFS, as Linux gives for a read-only mount. /proc is not one (Linux mounts it read-write).
bool on_read_only_file_system(const fs::Node& node);

}  // namespace cw::syscall
