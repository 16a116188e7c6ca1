// File system statistics: statfs (99), fstatfs (100), statfs64 (268), fstatfs64 (269) (Linux fs/statfs.c),
// from the mount table of kernel/fs/mounts.h. A descriptor without a node in the name space (a pipe, the
// console opened as stdin by the kernel) is on no file system Clockwork mounts; Linux answers for pipefs
// there, and so does Clockwork: type PIPEFS_MAGIC, no blocks.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/mounts.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kPipefsMagic = 0x50495045;

Result<abi::Statfs64> statfs_path(uint32_t path_address) {
  auto path = TRY(UserPath::copy_in(path_address));
  fs::NodeRef node(TRY(lookup_path(kAtFdCwd, path.view(), fs::Follow::Yes)));
  return fs::statfs_of(*node);
}

Result<abi::Statfs64> statfs_descriptor(int32_t fd) {
  fs::File* file = proc::current()->files.get(fd);
  if (!file) return Error::BadDescriptor;
  if (fs::Node* node = file->node()) return fs::statfs_of(*node);
  abi::Statfs64 out{};
  out.f_type = kPipefsMagic;
  out.f_bsize = out.f_frsize = 4096;
  out.f_namelen = 255;
  out.f_flags = abi::kStValid;
  return out;
}

// statfs64 and fstatfs64 take the structure's size: Linux refuses any but its own (EINVAL).
int32_t put64(const Result<abi::Statfs64>& s, uint32_t buffer) {
  if (!s) return error_return(s.error());
  return to_return(write_user(buffer, s.value()));
}

// The 32-bit structure: EOVERFLOW when a count does not fit, as Linux's put_compat_statfs.
int32_t put32(const Result<abi::Statfs64>& s, uint32_t buffer) {
  if (!s) return error_return(s.error());
  const abi::Statfs64& w = s.value();
  if ((w.f_blocks | w.f_bfree | w.f_bavail | w.f_files | w.f_ffree) >> 32) return error_return(Error::Overflow);
  abi::Statfs out{};
  out.f_type = w.f_type;
  out.f_bsize = w.f_bsize;
  out.f_blocks = static_cast<uint32_t>(w.f_blocks);
  out.f_bfree = static_cast<uint32_t>(w.f_bfree);
  out.f_bavail = static_cast<uint32_t>(w.f_bavail);
  out.f_files = static_cast<uint32_t>(w.f_files);
  out.f_ffree = static_cast<uint32_t>(w.f_ffree);
  out.f_fsid[0] = w.f_fsid[0];
  out.f_fsid[1] = w.f_fsid[1];
  out.f_namelen = w.f_namelen;
  out.f_frsize = w.f_frsize;
  out.f_flags = w.f_flags;
  return to_return(write_user(buffer, out));
}

}  // namespace

int32_t sys_statfs(const Args& a) { return put32(statfs_path(a.a[0]), a.a[1]); }
int32_t sys_fstatfs(const Args& a) { return put32(statfs_descriptor(static_cast<int32_t>(a.a[0])), a.a[1]); }

int32_t sys_statfs64(const Args& a) {
  if (a.a[1] != sizeof(abi::Statfs64)) return error_return(Error::InvalidArgument);
  return put64(statfs_path(a.a[0]), a.a[2]);
}

int32_t sys_fstatfs64(const Args& a) {
  if (a.a[1] != sizeof(abi::Statfs64)) return error_return(Error::InvalidArgument);
  return put64(statfs_descriptor(static_cast<int32_t>(a.a[0])), a.a[2]);
}

}  // namespace cw::syscall
