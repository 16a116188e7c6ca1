// Questions about a path that open nothing: access (33), faccessat (307), faccessat2 (439), readlink
// (85) and readlinkat (305) (Linux fs/open.c do_faccessat, fs/stat.c do_readlinkat).
//
// Every process runs as root (uid 0, kernel/syscall/sys_identity.cpp), so access answers as Linux does
// for root: reading and writing are allowed whatever the mode bits, except writing on a read-only file
// system (EROFS: /bin, /proc), and executing needs an execute bit on anything but a directory.
#include "kernel/fs/fd_table.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/stat.h"

namespace cw::syscall {

namespace {

constexpr uint32_t kExecuteOk = 1, kWriteOk = 2, kReadOk = 4;  // X_OK, W_OK, R_OK
constexpr uint32_t kAtEaccess = 0x200;                            // AT_EACCESS

int32_t access_at(int32_t dirfd, uint32_t path_address, uint32_t mode, uint32_t flags) {
  if (mode & ~(kExecuteOk | kWriteOk | kReadOk)) return error_return(Error::InvalidArgument);
  if (flags & ~(kAtEaccess | abi::kAtSymlinkNofollow | abi::kAtEmptyPath))
    return error_return(Error::InvalidArgument);
  auto path = UserPath::copy_in(path_address);
  if (!path) return error_return(path.error());
  fs::Follow follow = (flags & abi::kAtSymlinkNofollow) ? fs::Follow::No : fs::Follow::Yes;
  auto found = lookup_path(dirfd, path.value().view(), follow, (flags & abi::kAtEmptyPath) != 0);
  if (!found) return error_return(found.error());
  fs::NodeRef node(found.value());
  // Linux refuses W_OK on a read-only mount only for files a write could change (not devices, FIFOs).
  bool changeable = node->type() == fs::NodeType::Regular || node->is_directory() ||
                    node->type() == fs::NodeType::Symlink;
  if ((mode & kWriteOk) && changeable && on_read_only_file_system(*node)) return error_return(Error::ReadOnlyFs);
  if ((mode & kExecuteOk) && !node->is_directory() && (node->permissions() & 0111) == 0)
    return error_return(Error::AccessDenied);
  return 0;
}

int32_t read_link_at(int32_t dirfd, uint32_t path_address, uint32_t buffer, int32_t size) {
  if (size <= 0) return error_return(Error::InvalidArgument);
  auto path = UserPath::copy_in(path_address);
  if (!path) return error_return(path.error());
  // An empty path names the descriptor itself (a symlink opened with O_PATH), as Linux since 2.6.39.
  auto found = lookup_path(dirfd, path.value().view(), fs::Follow::No, true);
  if (!found) return error_return(found.error());
  fs::NodeRef node(found.value());
  if (node->type() != fs::NodeType::Symlink)
    return error_return(path.value().empty() ? Error::NotFound : Error::InvalidArgument);
  auto target = kmalloc(fs::kPathMax);
  if (!target) return error_return(target.error());
  char* text = static_cast<char*>(target.value());
  auto length = node->read_link(text, fs::kPathMax);
  int32_t result;
  if (!length) {
    result = error_return(length.error());
  } else {
    // No NUL, and silently cut to the buffer, as readlink(2) specifies.
    uint32_t n = length.value() < static_cast<uint32_t>(size) ? length.value() : static_cast<uint32_t>(size);
    auto copied = current_space().copy_out(VirtAddr(buffer), text, n);
    result = copied ? static_cast<int32_t>(n) : error_return(copied.error());
  }
  kfree(text);
  return result;
}

}  // namespace

int32_t sys_access(const Args& a) { return access_at(kAtFdCwd, a.a[0], a.a[1], 0); }

int32_t sys_faccessat(const Args& a) { return access_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], 0); }

int32_t sys_faccessat2(const Args& a) {
  return access_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], a.a[3]);
}

int32_t sys_readlink(const Args& a) {
  return read_link_at(kAtFdCwd, a.a[0], a.a[1], static_cast<int32_t>(a.a[2]));
}

int32_t sys_readlinkat(const Args& a) {
  return read_link_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], static_cast<int32_t>(a.a[3]));
}

}  // namespace cw::syscall
