// sendfile (187) and sendfile64 (239): copy `count` bytes from in_fd to out_fd inside the kernel (Linux
// fs/read_write.c do_sendfile). With an offset pointer the copy reads from *offset (a 32-bit off_t for
// sendfile, a 64-bit loff_t for sendfile64), leaves in_fd's position alone and stores the offset after
// the last byte sent; with NULL it reads from in_fd's position and moves it. out_fd is written at its own
// position (a file, a pipe, the console). Returns the bytes sent: fewer than `count` at end of file, or
// when an error stops the copy after some bytes went out.
//
// Errors, in Linux's order: EFAULT (the offset pointer, read before anything else); EBADF (in_fd not
// open for reading, out_fd not open for writing); ESPIPE (an offset for an in_fd with no position: a
// pipe, the terminal); EINVAL (a negative offset; out_fd opened O_APPEND; then, for a count above 0, an
// in_fd that is not a regular file: a pipe, a directory, a device); EOVERFLOW (sendfile: an offset the
// copy would move past 2^31 - 1, when nothing fits below it; otherwise the count is cut there).
//
// Clockwork's files move bytes to and from user memory only (kernel/fs/file.h), so the copy goes through
// a one-page private anonymous mapping made in the caller's address space for the call and removed
// after it (Linux moves the pages through an internal pipe instead). Linux also takes a device with a
// splice_read (/dev/zero) as in_fd; Clockwork takes regular files only (tmpfs, /bin, /proc).
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/mman.h"
#include "mm/mmap_layout.h"

namespace cw::syscall {

namespace {

constexpr uint32_t kMaxRwCount = 0x7ffff000;          // Linux MAX_RW_COUNT: INT_MAX rounded down to a page
constexpr int64_t kMaxNonLfs = 0x7fffffff;            // sendfile's off_t limit (MAX_NON_LFS)
constexpr int64_t kMaxFileBytes = 0x7fffffffffffffff; // sendfile64: no file reaches further

bool positioned(const fs::File& file) {
  const fs::Node* node = file.node();
  return node && node->type() == fs::NodeType::Regular;
}

// Copies up to `count` bytes of `in` from `position` to `out` through the one-page user buffer at
// `buffer`; the bytes sent. An error after some bytes went out ends the copy with their count.
Result<uint32_t> copy(fs::File& in, fs::File& out, uint64_t position, uint32_t count, uint32_t buffer) {
  uint32_t sent = 0;
  while (sent < count) {
    uint32_t want = count - sent < kPageSize ? count - sent : kPageSize;
    Result<uint32_t> got = in.read_at(position + sent, buffer, want);
    if (!got) return sent > 0 ? Result<uint32_t>(sent) : got.error();
    if (got.value() == 0) break;
    uint32_t written = 0;
    while (written < got.value()) {
      Result<uint32_t> put = out.write(buffer + written, got.value() - written);
      if (!put) {
        sent += written;
        return sent > 0 ? Result<uint32_t>(sent) : put.error();
      }
      if (put.value() == 0) break;
      written += put.value();
    }
    sent += written;
    if (written < got.value()) break;
  }
  return sent;
}

// copy() through a bounce page mapped in the caller for the call. Errors: NoMemory (no room for the
// page), those of copy().
Result<uint32_t> transfer(fs::File& in, fs::File& out, uint64_t position, uint32_t count) {
  mm::MmapArgs bounce;
  bounce.length = kPageSize;
  bounce.prot = abi::kProtRead | abi::kProtWrite;
  bounce.flags = abi::kMapPrivate | abi::kMapAnonymous;
  VirtAddr buffer = TRY(current_space().map(bounce));
  Result<uint32_t> sent = copy(in, out, position, count, buffer.get());
  (void)current_space().unmap(buffer.get(), kPageSize);
  return sent;
}

int32_t send_file(const Args& a, bool large_offset) {
  auto in_fd = static_cast<int32_t>(a.a[1]), out_fd = static_cast<int32_t>(a.a[0]);
  uint32_t offset_address = a.a[2];
  uint32_t count = a.a[3] > kMaxRwCount ? kMaxRwCount : a.a[3];
  int64_t offset = 0;
  if (offset_address != 0 && large_offset) {
    auto value = read_user<int64_t>(offset_address);
    if (!value) return error_return(value.error());
    offset = value.value();
  } else if (offset_address != 0) {
    auto value = read_user<int32_t>(offset_address);
    if (!value) return error_return(value.error());
    offset = value.value();
  }
  Process* self = proc::current();
  fs::File* in = self->files.get(in_fd);
  if (!in || !in->readable()) return error_return(Error::BadDescriptor);
  // A description with a node has a position (pread works); a pipe and the terminal have none.
  if (offset_address != 0 && !in->node()) return error_return(Error::IllegalSeek);
  bool regular = positioned(*in);
  if (offset_address == 0 && regular) {
    auto current = in->seek(0, fs::kSeekCurrent);
    if (!current) return error_return(current.error());
    offset = static_cast<int64_t>(current.value());
  }
  if (offset < 0) return error_return(Error::InvalidArgument);
  fs::File* out = self->files.get(out_fd);
  if (!out || !out->writable()) return error_return(Error::BadDescriptor);
  int64_t limit = large_offset ? kMaxFileBytes : kMaxNonLfs;
  if (offset + static_cast<int64_t>(count) > limit) {
    if (offset >= limit) return error_return(Error::Overflow);
    count = static_cast<uint32_t>(limit - offset);
  }
  if (out->status_flags() & fs::kOpenAppend) return error_return(Error::InvalidArgument);
  if (count == 0) return 0;
  if (!regular) return error_return(Error::InvalidArgument);

  // Both descriptions stay alive across the copy, which may block (a full pipe, a page fault).
  in->ref();
  out->ref();
  Result<uint32_t> sent = transfer(*in, *out, static_cast<uint64_t>(offset), count);
  int32_t result = to_return(sent);
  if (sent) {
    uint64_t end = static_cast<uint64_t>(offset) + sent.value();
    if (offset_address == 0) {
      (void)in->seek(static_cast<int64_t>(end), fs::kSeekSet);
    } else {
      Result<void> stored = large_offset ? write_user<int64_t>(offset_address, static_cast<int64_t>(end))
                                         : write_user<int32_t>(offset_address, static_cast<int32_t>(end));
      if (!stored) result = error_return(stored.error());
    }
  }
  in->unref();
  out->unref();
  return result;
}

}  // namespace

int32_t sys_sendfile(const Args& a) { return send_file(a, false); }

int32_t sys_sendfile64(const Args& a) { return send_file(a, true); }

}  // namespace cw::syscall
