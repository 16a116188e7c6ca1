// Calls that change the name space: mkdir (39), mkdirat (296), mknod (14), mknodat (297), link (9),
// linkat (303), rmdir (40), unlink (10), unlinkat (301,
// AT_REMOVEDIR), rename (38), renameat (302), symlink (83), symlinkat (304); and the size of a file:
// truncate (92), ftruncate (93), truncate64 (193), ftruncate64 (194). Linux fs/namei.c do_mkdirat, do_rmdir, do_unlinkat,
// do_renameat2 and fs/open.c do_sys_truncate, do_sys_ftruncate are the specification: the checks of the
// last component ("." and "..") and of trailing slashes happen here, the rest in the directory's node
// (kernel/fs/vfs/node.h create, remove, rename).
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/path_walk.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kAtRemoveDir = 0x200;  // AT_REMOVEDIR

// The directory holding the last component of `path` (relative to `dirfd`), and that component
// (pointing into `path`, which must outlive it).
struct Parent {
  fs::NodeRef directory;
  StringView name;
  bool trailing_slash = false;
};

Result<Parent> find_parent(int32_t dirfd, const UserPath& path) {
  fs::ParentAndName found = TRY(lookup_parent(dirfd, path.view()));
  Parent out;
  out.directory = fs::NodeRef(found.directory);
  out.name = found.name;
  out.trailing_slash = found.trailing_slash;
  return out;
}

bool is_dot(StringView name) { return name == StringView("."); }
bool is_dot_dot(StringView name) { return name == StringView(".."); }

// EEXIST if the name is taken, even where nothing may be created (mkdir /bin on a read-only /).
Result<void> refuse_existing(const Parent& p) {
  auto existing = p.directory->lookup(p.name);
  if (existing) {
    existing.value()->unref();
    return Error::Exists;
  }
  if (existing.error() != Error::NotFound) return existing.error();
  return {};
}

Result<void> make_directory(int32_t dirfd, uint32_t address, uint32_t mode) {
  UserPath path = TRY(UserPath::copy_in(address));
  Parent p = TRY(find_parent(dirfd, path));
  if (is_dot(p.name) || is_dot_dot(p.name)) return Error::Exists;
  TRY(refuse_existing(p));
  uint32_t permissions = mode & ~proc::current()->umask & 01777;
  fs::Node* made = TRY(p.directory->create(p.name, fs::NodeType::Directory, permissions, StringView()));
  made->unref();
  return {};
}

// mknod(2), Linux do_mknodat: the type first (EPERM for a directory, EINVAL for no known type), then
// the walk and the name (EEXIST, also for "." and ".."; ENOENT with a trailing slash), then the umask.
// A regular file or a FIFO is made in any writable directory (/tmp); a character or block device, or a
// socket, EPERM: /tmp has no device numbers or sockets to give them (Linux's tmpfs does, for root).
Result<void> make_node(int32_t dirfd, uint32_t address, uint32_t mode) {
  fs::NodeType type;
  switch (mode & fs::kModeTypeMask) {
    case 0:
    case fs::kModeRegular: type = fs::NodeType::Regular; break;
    case fs::kModeFifo: type = fs::NodeType::Fifo; break;
    case fs::kModeCharDevice:
    case fs::kModeBlockDevice:
    case fs::kModeSocket:
    case fs::kModeDirectory: return Error::Permission;
    default: return Error::InvalidArgument;
  }
  UserPath path = TRY(UserPath::copy_in(address));
  Parent p = TRY(find_parent(dirfd, path));
  if (is_dot(p.name) || is_dot_dot(p.name)) return Error::Exists;
  TRY(refuse_existing(p));
  if (p.trailing_slash) return Error::NotFound;
  uint32_t permissions = mode & ~proc::current()->umask & 07777;
  fs::Node* made = TRY(p.directory->create(p.name, type, permissions, StringView()));
  made->unref();
  return {};
}

// link(2) and linkat(2), Linux do_linkat: the existing file first (not followed if it is a symlink,
// unless AT_SYMLINK_FOLLOW; AT_EMPTY_PATH names dirfd itself), then the new name (EEXIST, also for "."
// and ".."; ENOENT with a trailing slash), then the directory's link (EXDEV across file systems, EPERM
// for a directory, EROFS).
inline constexpr uint32_t kAtSymlinkFollow = 0x400;
inline constexpr uint32_t kAtEmptyPath = 0x1000;

Result<void> make_link(int32_t old_dirfd, uint32_t old_address, int32_t new_dirfd, uint32_t new_address,
                       uint32_t flags) {
  if (flags & ~(kAtSymlinkFollow | kAtEmptyPath)) return Error::InvalidArgument;
  UserPath old_path = TRY(UserPath::copy_in(old_address));
  fs::Follow follow = (flags & kAtSymlinkFollow) ? fs::Follow::Yes : fs::Follow::No;
  fs::NodeRef existing(TRY(lookup_path(old_dirfd, old_path.view(), follow, (flags & kAtEmptyPath) != 0)));
  UserPath path = TRY(UserPath::copy_in(new_address));
  Parent p = TRY(find_parent(new_dirfd, path));
  if (is_dot(p.name) || is_dot_dot(p.name)) return Error::Exists;
  TRY(refuse_existing(p));
  if (p.trailing_slash) return Error::NotFound;
  if (existing->device() != p.directory->device()) return Error::CrossDevice;
  return p.directory->link(*existing, p.name);
}

// symlink(2): `target` is stored as given (not resolved). Errors: ENOENT for an empty target, EEXIST
// (also for "." and ".."), those of the walk and of create.
Result<void> make_symlink(uint32_t target_address, int32_t dirfd, uint32_t address) {
  UserPath target = TRY(UserPath::copy_in(target_address));
  if (target.view().empty()) return Error::NotFound;
  UserPath path = TRY(UserPath::copy_in(address));
  Parent p = TRY(find_parent(dirfd, path));
  if (is_dot(p.name) || is_dot_dot(p.name) || p.trailing_slash) return Error::Exists;
  TRY(refuse_existing(p));
  fs::Node* made = TRY(p.directory->create(p.name, fs::NodeType::Symlink, 0777, target.view()));
  made->unref();
  return {};
}

Result<void> remove_directory(int32_t dirfd, uint32_t address) {
  UserPath path = TRY(UserPath::copy_in(address));
  Parent p = TRY(find_parent(dirfd, path));
  if (is_dot(p.name)) return Error::InvalidArgument;
  if (is_dot_dot(p.name)) return Error::NotEmpty;
  return p.directory->remove(p.name, true);
}

Result<void> unlink_file(int32_t dirfd, uint32_t address) {
  UserPath path = TRY(UserPath::copy_in(address));
  Parent p = TRY(find_parent(dirfd, path));
  if (is_dot(p.name) || is_dot_dot(p.name)) return Error::IsDirectory;
  if (p.trailing_slash) {
    // "name/" names a directory: unlink refuses it (EISDIR) or the name is not one (ENOTDIR).
    fs::NodeRef child(TRY(p.directory->lookup(p.name)));
    return child->is_directory() ? Error::IsDirectory : Error::NotDirectory;
  }
  return p.directory->remove(p.name, false);
}

Result<void> rename_path(int32_t old_dirfd, uint32_t old_address, int32_t new_dirfd, uint32_t new_address) {
  UserPath old_path = TRY(UserPath::copy_in(old_address));
  UserPath new_path = TRY(UserPath::copy_in(new_address));
  Parent from = TRY(find_parent(old_dirfd, old_path));
  Parent to = TRY(find_parent(new_dirfd, new_path));
  if (from.directory->device() != to.directory->device()) return Error::CrossDevice;
  if (is_dot(from.name) || is_dot_dot(from.name) || is_dot(to.name) || is_dot_dot(to.name)) return Error::Busy;
  if (from.trailing_slash || to.trailing_slash) {
    // A trailing slash on either side says the source is a directory.
    fs::NodeRef source(TRY(from.directory->lookup(from.name)));
    if (!source->is_directory()) return Error::NotDirectory;
  }
  return from.directory->rename(from.name, *to.directory, to.name);
}

// truncate(2) of a node the walk found. Errors: IsDirectory, InvalidArgument (not a regular file or a
// negative length), TextBusy (a process runs it: Linux's vfs_truncate takes write access), those of the
// node's truncate (ReadOnlyFs, FileTooBig, NoSpace).
Result<void> truncate_path(uint32_t address, int64_t length) {
  if (length < 0) return Error::InvalidArgument;
  UserPath path = TRY(UserPath::copy_in(address));
  fs::NodeRef node(TRY(lookup_path(kAtFdCwd, path.view(), fs::Follow::Yes)));
  if (node->is_directory()) return Error::IsDirectory;
  if (node->type() != fs::NodeType::Regular) return Error::InvalidArgument;
  TRY(node->get_write_access());
  auto truncated = node->truncate(static_cast<uint64_t>(length));
  node->put_write_access();
  return truncated;
}

// ftruncate(2): the descriptor must be open for writing on a regular file, else EINVAL, as Linux's
// do_ftruncate (not EBADF).
Result<void> truncate_descriptor(int32_t fd, int64_t length) {
  if (length < 0) return Error::InvalidArgument;
  fs::File* file = proc::current()->files.get(fd);
  if (!file) return Error::BadDescriptor;
  fs::Node* node = file->node();
  if (!node || node->type() != fs::NodeType::Regular || !file->writable()) return Error::InvalidArgument;
  TRY(node->truncate(static_cast<uint64_t>(length)));
  node->mark_modified();  // Linux's do_ftruncate passes ATTR_MTIME | ATTR_CTIME, whatever the size
  return {};
}

// i386 passes a 64-bit length in two registers, low word first.
int64_t length_64(uint32_t low, uint32_t high) {
  return static_cast<int64_t>((static_cast<uint64_t>(high) << 32) | low);
}

}  // namespace

int32_t sys_mkdir(const Args& a) { return to_return(make_directory(kAtFdCwd, a.a[0], a.a[1])); }
int32_t sys_mkdirat(const Args& a) {
  return to_return(make_directory(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2]));
}
int32_t sys_mknod(const Args& a) { return to_return(make_node(kAtFdCwd, a.a[0], a.a[1])); }
int32_t sys_mknodat(const Args& a) { return to_return(make_node(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2])); }
int32_t sys_link(const Args& a) { return to_return(make_link(kAtFdCwd, a.a[0], kAtFdCwd, a.a[1], 0)); }
int32_t sys_linkat(const Args& a) {
  return to_return(make_link(static_cast<int32_t>(a.a[0]), a.a[1], static_cast<int32_t>(a.a[2]), a.a[3], a.a[4]));
}
int32_t sys_rmdir(const Args& a) { return to_return(remove_directory(kAtFdCwd, a.a[0])); }
int32_t sys_unlink(const Args& a) { return to_return(unlink_file(kAtFdCwd, a.a[0])); }
int32_t sys_unlinkat(const Args& a) {
  uint32_t flags = a.a[2];
  if (flags & ~kAtRemoveDir) return error_return(Error::InvalidArgument);
  int32_t dirfd = static_cast<int32_t>(a.a[0]);
  return to_return((flags & kAtRemoveDir) ? remove_directory(dirfd, a.a[1]) : unlink_file(dirfd, a.a[1]));
}
int32_t sys_rename(const Args& a) { return to_return(rename_path(kAtFdCwd, a.a[0], kAtFdCwd, a.a[1])); }
int32_t sys_renameat(const Args& a) {
  return to_return(rename_path(static_cast<int32_t>(a.a[0]), a.a[1], static_cast<int32_t>(a.a[2]), a.a[3]));
}
int32_t sys_symlink(const Args& a) { return to_return(make_symlink(a.a[0], kAtFdCwd, a.a[1])); }
int32_t sys_symlinkat(const Args& a) {
  return to_return(make_symlink(a.a[0], static_cast<int32_t>(a.a[1]), a.a[2]));
}
int32_t sys_truncate(const Args& a) { return to_return(truncate_path(a.a[0], static_cast<int32_t>(a.a[1]))); }
int32_t sys_ftruncate(const Args& a) {
  return to_return(truncate_descriptor(static_cast<int32_t>(a.a[0]), static_cast<int32_t>(a.a[1])));
}
int32_t sys_truncate64(const Args& a) { return to_return(truncate_path(a.a[0], length_64(a.a[1], a.a[2]))); }
int32_t sys_ftruncate64(const Args& a) {
  return to_return(truncate_descriptor(static_cast<int32_t>(a.a[0]), length_64(a.a[1], a.a[2])));
}

}  // namespace cw::syscall
