// open (5), creat (8) and openat (295): from a path to a new descriptor (Linux fs/open.c do_sys_open and
// fs/namei.c path_openat, read as specification). O_CREAT makes a regular file in the directory the walk
// ends in, with the mode less the umask; O_EXCL makes an existing name EEXIST (a symlink is not
// followed then); O_NOFOLLOW makes a final symlink ELOOP (or, with O_PATH, the descriptor names it);
// O_CLOEXEC is the descriptor's flag, O_TRUNC empties a regular file opened for writing.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/node_file.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"

namespace cw::syscall {

namespace {

constexpr uint32_t kOpenNoCtty = 0400;      // O_NOCTTY: Clockwork has one terminal; nothing to refuse
constexpr uint32_t kOpenSync = 04010000;    // O_SYNC (and O_DSYNC): every write is already synchronous
constexpr uint32_t kOpenDirect = 040000;    // O_DIRECT
constexpr uint32_t kOpenNoAtime = 01000000; // O_NOATIME
constexpr uint32_t kOpenTmpFile = 020000000 | fs::kOpenDirectory;  // O_TMPFILE
constexpr uint32_t kOpenAsync = 020000;     // FASYNC

// Flags Linux accepts in open (unknown bits are ignored by open and openat, as Linux does; only
// openat2 refuses them).
constexpr uint32_t kOpenKnown = fs::kOpenAccessMode | fs::kOpenCreate | fs::kOpenExclusive | kOpenNoCtty |
                                fs::kOpenTruncate | fs::kOpenAppend | fs::kOpenNonblock | kOpenSync |
                                kOpenAsync | kOpenDirect | fs::kOpenLargeFile | fs::kOpenDirectory |
                                fs::kOpenNoFollow | kOpenNoAtime | fs::kOpenCloexec | fs::kOpenPathOnly |
                                kOpenTmpFile;

// The node O_CREAT opens: the existing one, or a new regular file. Errors: IsDirectory (a directory, or a
// path ending in '/'), Exists (O_EXCL), SymlinkLoop (O_NOFOLLOW on a link), those of the walk and create.
Result<fs::Node*> create_or_find(int32_t dirfd, StringView path, uint32_t flags, uint32_t mode) {
  auto where = TRY(lookup_parent(dirfd, path));
  fs::NodeRef directory(where.directory);
  if (where.trailing_slash || where.name == "." || where.name == "..") return Error::IsDirectory;
  auto found = directory->lookup(where.name);
  if (found) {
    fs::NodeRef node(found.value());
    if (flags & fs::kOpenExclusive) return Error::Exists;
    if (node->type() == fs::NodeType::Symlink) {
      if (flags & fs::kOpenNoFollow) return Error::SymlinkLoop;
      // FIXME: O_CREAT through a dangling symlink creates the target on Linux; here it is ENOENT.
      return lookup_path(dirfd, path, fs::Follow::Yes);
    }
    if (node->is_directory()) return Error::IsDirectory;
    return node.release();
  }
  if (found.error() != Error::NotFound) return found.error();
  uint32_t permissions = mode & 07777 & ~proc::current()->umask;
  return directory->create(where.name, fs::NodeType::Regular, permissions, StringView());
}

int32_t open_at(int32_t dirfd, uint32_t path_address, uint32_t flags, uint32_t mode) {
  flags &= kOpenKnown;
  if ((flags & kOpenTmpFile) == kOpenTmpFile) return error_return(Error::NotSupported);  // no O_TMPFILE
  auto path = UserPath::copy_in(path_address);
  if (!path) return error_return(path.error());
  bool path_only = (flags & fs::kOpenPathOnly) != 0;
  if (path_only) flags &= fs::kOpenPathOnly | fs::kOpenDirectory | fs::kOpenNoFollow | fs::kOpenCloexec;
  Result<fs::Node*> node = (flags & fs::kOpenCreate)
                               ? create_or_find(dirfd, path.value().view(), flags, mode)
                               : lookup_path(dirfd, path.value().view(),
                                             (flags & fs::kOpenNoFollow) ? fs::Follow::No : fs::Follow::Yes);
  if (!node) return error_return(node.error());
  if (node.value()->type() == fs::NodeType::Symlink && !path_only) {
    node.value()->unref();
    return error_return(Error::SymlinkLoop);
  }
  // Linux's may_open: writing a regular file on a read-only file system is EROFS (a device or FIFO
  // there is writable; a directory is EISDIR, from open_node).
  if (!path_only && (flags & fs::kOpenAccessMode) != fs::kOpenReadOnly &&
      node.value()->type() == fs::NodeType::Regular && on_read_only_file_system(*node.value())) {
    node.value()->unref();
    return error_return(Error::ReadOnlyFs);
  }
  auto file = fs::open_node(node.value(), flags);
  if (!file) return error_return(file.error());
  return to_return(proc::current()->files.install(file.value(), 0, (flags & fs::kOpenCloexec) != 0));
}

}  // namespace

int32_t sys_open(const Args& a) { return open_at(kAtFdCwd, a.a[0], a.a[1], a.a[2]); }

int32_t sys_openat(const Args& a) { return open_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], a.a[3]); }

int32_t sys_creat(const Args& a) {
  return open_at(kAtFdCwd, a.a[0], fs::kOpenCreate | fs::kOpenWriteOnly | fs::kOpenTruncate, a.a[1]);
}

}  // namespace cw::syscall
