// Mode and owner of a file: chmod (15), fchmod (94), fchmodat (306); chown32 (212), lchown32 (198),
// fchown32 (207), fchownat (298) and the 16-bit-id chown (182), lchown (16), fchown (95) (Linux fs/open.c
// chmod_common, chown_common, and kernel/uid16.c for the old calls).
//
// Every process is root (kernel/syscall/sys_identity.cpp), so no call is refused for permissions: root
// may give any file any mode and owner (CAP_FOWNER, CAP_CHOWN), and keeps the set-group-ID bit on chmod
// (CAP_FSETID). What remains of Linux's rules: only the low 12 bits of the mode are used; an id of -1
// leaves that id as it is; chown of anything but a directory clears set-user-ID, and set-group-ID when
// group execute is set (notify_change's ATTR_KILL_SUID / ATTR_KILL_SGID, which apply to root too, even
// for chown(path, -1, -1)); every change sets ctime; a read-only file system is EROFS.
#include "kernel/syscall/node_attributes.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "lib/abi/stat.h"

namespace cw::syscall {

namespace {

constexpr uint32_t kSetUid = 04000, kSetGid = 02000, kGroupExecute = 0010;
constexpr uint32_t kNoId = 0xFFFFFFFF;    // (uid_t)-1
constexpr uint32_t kNoId16 = 0xFFFF;      // (old_uid_t)-1

Result<void> change_mode(fs::Node& node, uint32_t mode) {
  fs::AttributeChange change;
  change.set_permissions = true;
  change.permissions = mode & 07777;
  return change_node(node, change);
}

Result<void> change_owner(fs::Node& node, uint32_t uid, uint32_t gid) {
  fs::AttributeChange change;
  change.set_uid = uid != kNoId;
  change.uid = uid;
  change.set_gid = gid != kNoId;
  change.gid = gid;
  if (!node.is_directory()) {
    uint32_t permissions = node.permissions();
    uint32_t kept = permissions & ~kSetUid;
    if ((permissions & kSetGid) && (permissions & kGroupExecute)) kept &= ~kSetGid;
    if (kept != permissions) {
      change.set_permissions = true;
      change.permissions = kept;
    }
  }
  return change_node(node, change);
}

// kernel/uid16.c low2highuid: the 16-bit -1 is the 32-bit -1; every other value is itself.
uint32_t widen(uint32_t id16) {
  id16 &= 0xFFFF;
  return id16 == kNoId16 ? kNoId : id16;
}

int32_t chmod_at(int32_t dirfd, uint32_t path, uint32_t mode) {
  auto node = attribute_node_at(dirfd, path, true, false);
  if (!node) return error_return(node.error());
  fs::NodeRef held(node.value());
  return to_return(change_mode(*held, mode));
}

int32_t chown_at(int32_t dirfd, uint32_t path, uint32_t uid, uint32_t gid, uint32_t flags) {
  if (flags & ~(abi::kAtSymlinkNofollow | abi::kAtEmptyPath)) return error_return(Error::InvalidArgument);
  auto node = attribute_node_at(dirfd, path, (flags & abi::kAtSymlinkNofollow) == 0, (flags & abi::kAtEmptyPath) != 0);
  if (!node) return error_return(node.error());
  fs::NodeRef held(node.value());
  return to_return(change_owner(*held, uid, gid));
}

int32_t fchown_common(int32_t fd, uint32_t uid, uint32_t gid) {
  auto node = attribute_node_of(fd);
  if (!node) return error_return(node.error());
  fs::NodeRef held(node.value());
  return to_return(change_owner(*held, uid, gid));
}

}  // namespace

int32_t sys_chmod(const Args& a) { return chmod_at(kAtFdCwd, a.a[0], a.a[1]); }
// fchmodat(dirfd, path, mode): i386's 306 has no flags argument (Linux's fchmodat2, 452, added them).
int32_t sys_fchmodat(const Args& a) { return chmod_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2]); }
int32_t sys_fchmod(const Args& a) {
  auto node = attribute_node_of(static_cast<int32_t>(a.a[0]));
  if (!node) return error_return(node.error());
  fs::NodeRef held(node.value());
  return to_return(change_mode(*held, a.a[1]));
}

int32_t sys_chown32(const Args& a) { return chown_at(kAtFdCwd, a.a[0], a.a[1], a.a[2], 0); }
int32_t sys_lchown32(const Args& a) { return chown_at(kAtFdCwd, a.a[0], a.a[1], a.a[2], abi::kAtSymlinkNofollow); }
int32_t sys_fchown32(const Args& a) { return fchown_common(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2]); }
int32_t sys_fchownat(const Args& a) {
  return chown_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], a.a[3], a.a[4]);
}
int32_t sys_chown16(const Args& a) { return chown_at(kAtFdCwd, a.a[0], widen(a.a[1]), widen(a.a[2]), 0); }
int32_t sys_lchown16(const Args& a) {
  return chown_at(kAtFdCwd, a.a[0], widen(a.a[1]), widen(a.a[2]), abi::kAtSymlinkNofollow);
}
int32_t sys_fchown16(const Args& a) {
  return fchown_common(static_cast<int32_t>(a.a[0]), widen(a.a[1]), widen(a.a[2]));
}

}  // namespace cw::syscall
