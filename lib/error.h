// The kernel-wide error vocabulary. Values match Linux i386 errno numbers so a system call can return
// -static_cast<int>(error) unchanged (Linux include/uapi/asm-generic/errno-base.h).
#pragma once

#include <cstdint>

namespace cw {

enum class Error : int32_t {
  Permission = 1,        // EPERM
  NotFound = 2,          // ENOENT
  NoProcess = 3,         // ESRCH
  Interrupted = 4,       // EINTR
  Io = 5,                // EIO
  NoDeviceOrAddress = 6, // ENXIO (a FIFO opened for writing with O_NONBLOCK and no reader)
  TooBig = 7,            // E2BIG
  BadExecutable = 8,     // ENOEXEC
  BadDescriptor = 9,     // EBADF
  NoChild = 10,          // ECHILD
  TryAgain = 11,         // EAGAIN
  NoMemory = 12,         // ENOMEM
  AccessDenied = 13,     // EACCES
  BadAddress = 14,       // EFAULT
  Busy = 16,             // EBUSY
  Exists = 17,           // EEXIST
  CrossDevice = 18,      // EXDEV (rename across file systems)
  NoDevice = 19,         // ENODEV
  NotDirectory = 20,     // ENOTDIR
  IsDirectory = 21,      // EISDIR
  InvalidArgument = 22,  // EINVAL
  TooManyFiles = 24,     // EMFILE
  NotTty = 25,           // ENOTTY
  TextBusy = 26,         // ETXTBSY (writing a file a process runs, or running one open for writing)
  FileTooBig = 27,       // EFBIG
  NoSpace = 28,          // ENOSPC
  IllegalSeek = 29,      // ESPIPE
  ReadOnlyFs = 30,       // EROFS
  TooManyLinks = 31,     // EMLINK
  BrokenPipe = 32,       // EPIPE (also a stalled USB endpoint, as Linux reports it)
  Range = 34,            // ERANGE
  NameTooLong = 36,      // ENAMETOOLONG
  NotImplemented = 38,   // ENOSYS
  NotEmpty = 39,         // ENOTEMPTY
  SymlinkLoop = 40,      // ELOOP
  Protocol = 71,         // EPROTO (a device broke its protocol: USB CRC, babble, bad CSW)
  Overflow = 75,         // EOVERFLOW
  NotSupported = 95,     // EOPNOTSUPP (e.g. clock_nanosleep on a clock that cannot sleep)
  TimedOut = 110,        // ETIMEDOUT
};

// A short lower-case description, e.g. "bad address".
const char* error_string(Error error);

}  // namespace cw
