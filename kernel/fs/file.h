// An open file description (Linux's struct file): what a file descriptor refers to. Descriptors that
// dup(2) or fork(2) made share one description (and its status flags); it lives until the last of them
// is closed. Reads and writes move bytes between the file and the *calling* process's memory, checking
// every user address (mm/address_space.h), so a File never sees a raw user pointer.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/timestamp.h"

namespace cw::fs {

// open(2) access modes and the status flags fcntl(F_GETFL/F_SETFL) handles (Linux asm-generic/fcntl.h).
inline constexpr uint32_t kOpenReadOnly = 0;
inline constexpr uint32_t kOpenWriteOnly = 1;
inline constexpr uint32_t kOpenReadWrite = 2;
inline constexpr uint32_t kOpenAccessMode = 3;
inline constexpr uint32_t kOpenNonblock = 04000;       // O_NONBLOCK
inline constexpr uint32_t kOpenCloexec = 02000000;     // O_CLOEXEC (open, pipe2, dup3: a descriptor flag)
inline constexpr uint32_t kStatusFlagsSettable = kOpenNonblock | 02000;  // O_NONBLOCK | O_APPEND
inline constexpr uint32_t kOpenLargeFile = 0100000;  // O_LARGEFILE (i386 glibc always sets it)
inline constexpr uint32_t kOpenPathOnly = 010000000; // O_PATH: a descriptor that names, never reads or writes
// The open(2) flags a description keeps, and F_GETFL reports (Linux drops O_CREAT, O_EXCL, O_NOCTTY,
// O_TRUNC and O_CLOEXEC at open: fs/open.c build_open_flags).
inline constexpr uint32_t kStatusFlagsKept =
    kOpenAccessMode | kStatusFlagsSettable | kOpenLargeFile | kOpenPathOnly | 0200000 /* O_DIRECTORY */;

// What fstat and statx report of an open file (the caller fills in the layouts of lib/abi/stat.h).
struct FileStatus {
  uint32_t mode = 0;         // type and permission bits, st_mode
  uint32_t rdev_major = 0;   // a device file's number
  uint32_t rdev_minor = 0;
  uint64_t inode = 0;
  uint32_t block_size = 4096;
  uint64_t size = 0;         // bytes (st_size)
  uint32_t links = 1;        // st_nlink
  uint32_t device = 0;       // the file system's number (st_dev)
  uint32_t uid = 0;          // owner and group (st_uid, st_gid)
  uint32_t gid = 0;
  Timestamp atime{}, mtime{}, ctime{};  // last access, data change, status change
};

// `s` with its three times set to the wall time at boot (kernel/wall_clock.h): for files that exist
// from boot on and keep no times (the console, pipes, the nodes of fixed file systems).
FileStatus with_boot_times(FileStatus s);

class Node;

// lseek's whence (Linux include/uapi/linux/fs.h).
inline constexpr uint32_t kSeekSet = 0;
inline constexpr uint32_t kSeekCurrent = 1;
inline constexpr uint32_t kSeekEnd = 2;

class File {
public:
  explicit File(uint32_t status_flags) : status_flags_(status_flags) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  virtual ~File() = default;

  // The caller's buffer at `address`, `length` bytes (> 0), already checked to be user memory of the
  // right access. Errors: those of the file kind (EINTR from a blocking wait, EPIPE, ...), EFAULT.
  virtual Result<uint32_t> read(uint32_t address, uint32_t length) = 0;
  virtual Result<uint32_t> write(uint32_t address, uint32_t length) = 0;
  // Errors: NotTty (ENOTTY) for a file that is not a terminal, as Linux gives for an unknown request.
  virtual Result<int32_t> ioctl(uint32_t request, uint32_t argument);
  // What a read or write would do now without blocking, as poll(2) event bits (kernel/fs/readiness.h):
  // POLLIN, POLLOUT, POLLHUP, POLLERR. Interrupts off.
  virtual uint16_t ready() const = 0;
  virtual FileStatus status() const = 0;

  // Files with a position (kernel/fs/node_file.h). The defaults are those of a pipe or terminal:
  // IllegalSeek (ESPIPE), as Linux gives for lseek, pread64 and pwrite64 on them.
  // Sets the position as lseek(2) does; the new position. Errors: InvalidArgument (negative result or
  // bad whence), IllegalSeek.
  virtual Result<uint64_t> seek(int64_t offset, uint32_t whence);
  virtual Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length);
  virtual Result<uint32_t> write_at(uint64_t offset, uint32_t address, uint32_t length);
  // getdents64: entries as struct linux_dirent64 into the caller's buffer from the current position;
  // bytes written, 0 at the end. Errors: NotDirectory (the default), InvalidArgument (the buffer cannot
  // hold the next entry), BadAddress.
  virtual Result<uint32_t> read_directory(uint32_t address, uint32_t length);
  // The name-space node this file was opened from (fchdir, fstat, mmap, /proc/self/fd); null for pipes
  // and files with no name. Not a new reference.
  virtual Node* node() const { return nullptr; }
  // The name /proc/PID/fd shows for a description with no node (Linux's d_dname of its pseudo file
  // system: "pipe:[N]", the terminal's path), into `out` (not terminated); its length. Errors: NotFound
  // (the default: no name), Range (does not fit).
  virtual Result<uint32_t> pseudo_name(char* out, uint32_t capacity) const;

  bool readable() const { return !path_only() && (status_flags_ & kOpenAccessMode) != kOpenWriteOnly; }
  bool writable() const { return !path_only() && (status_flags_ & kOpenAccessMode) != kOpenReadOnly; }
  // O_PATH: read, write, getdents64, pread/pwrite, ioctl and mmap are EBADF (Linux fs/open.c).
  bool path_only() const { return (status_flags_ & kOpenPathOnly) != 0; }
  uint32_t status_flags() const { return status_flags_; }
  void set_status_flags(uint32_t flags) {
    status_flags_ = (status_flags_ & ~kStatusFlagsSettable) | (flags & kStatusFlagsSettable);
  }

  void ref() { ++references_; }
  // Drops a reference; the last one destroys the file (closing it: a pipe end wakes its peer).
  void unref();

protected:
  // Called once, when the last reference goes, before the object is freed (or, for a file that is not
  // on the heap, instead of freeing it).
  virtual void last_close() {}
  // Files with static storage (the console) are never deleted.
  virtual bool on_heap() const { return true; }

private:
  uint32_t status_flags_;
  uint32_t references_ = 1;
};

}  // namespace cw::fs
