// writev(fd, iov, iovcnt) (docs/abi.md "writev"): write() of each buffer in turn, on the same descriptors
// (kernel/syscall/sys_io.cpp). Linux's rules (fs/read_write.c, lib/iov_iter.c): a descriptor write()
// refuses is EBADF before the vector is read; iovcnt above UIO_MAXIOV (1024) or negative, or lengths
// whose sum overflows ssize_t, EINVAL; an unreadable vector EFAULT. A bad buffer after some bytes were
// written ends the call with the count so far, as a short write.
#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kMaxIov = 1024;  // UIO_MAXIOV
inline constexpr uint32_t kSsizeMax = 0x7FFFFFFF;

}  // namespace

int32_t sys_writev(const Args& a) {
  uint32_t fd = a.a[0], vector = a.a[1], count = a.a[2];
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(fd));
  if (!file || !file->writable()) return error_return(Error::BadDescriptor);
  if (count > kMaxIov) return error_return(Error::InvalidArgument);  // also a negative int
  if (count == 0) return 0;
  // The whole vector is read and its total checked before anything is written.
  auto checked = current_space().verify(VirtAddr(vector), count * sizeof(abi::Iovec), mm::Access::Read);
  if (!checked) return error_return(checked.error());
  uint32_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    auto iov = read_user<abi::Iovec>(vector + i * sizeof(abi::Iovec));
    if (!iov) return error_return(iov.error());
    if (iov.value().iov_len > kSsizeMax - total) return error_return(Error::InvalidArgument);
    total += iov.value().iov_len;
  }
  uint32_t done = 0;
  for (uint32_t i = 0; i < count; ++i) {
    auto iov = read_user<abi::Iovec>(vector + i * sizeof(abi::Iovec));
    if (!iov) return done > 0 ? static_cast<int32_t>(done) : error_return(iov.error());
    if (iov.value().iov_len == 0) continue;
    int32_t written = sys_write(Args{{fd, iov.value().iov_base, iov.value().iov_len, 0, 0, 0}});
    if (written < 0) return done > 0 ? static_cast<int32_t>(done) : written;
    done += static_cast<uint32_t>(written);
    if (static_cast<uint32_t>(written) < iov.value().iov_len) break;
  }
  return static_cast<int32_t>(done);
}

}  // namespace cw::syscall
