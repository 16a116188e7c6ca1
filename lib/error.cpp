#include "lib/error.h"

namespace cw {

const char* error_string(Error error) {
  switch (error) {
    case Error::Permission: return "operation not permitted";
    case Error::NotFound: return "not found";
    case Error::NoProcess: return "no such process";
    case Error::Interrupted: return "interrupted";
    case Error::Io: return "i/o error";
    case Error::NoDeviceOrAddress: return "no such device or address";
    case Error::TooBig: return "argument list too long";
    case Error::BadExecutable: return "bad executable";
    case Error::BadDescriptor: return "bad file descriptor";
    case Error::NoChild: return "no child process";
    case Error::TryAgain: return "try again";
    case Error::NoMemory: return "out of memory";
    case Error::AccessDenied: return "permission denied";
    case Error::BadAddress: return "bad address";
    case Error::Busy: return "busy";
    case Error::Exists: return "already exists";
    case Error::NoDevice: return "no such device";
    case Error::InvalidArgument: return "invalid argument";
    case Error::TooManyFiles: return "too many open files";
    case Error::NotTty: return "inappropriate ioctl for device";
    case Error::TextBusy: return "text file busy";
    case Error::NoSpace: return "no space left";
    case Error::BrokenPipe: return "broken pipe";
    case Error::Range: return "out of range";
    case Error::NameTooLong: return "name too long";
    case Error::NotImplemented: return "not implemented";
    case Error::CrossDevice: return "cross-device link";
    case Error::NotDirectory: return "not a directory";
    case Error::IsDirectory: return "is a directory";
    case Error::FileTooBig: return "file too large";
    case Error::IllegalSeek: return "illegal seek";
    case Error::ReadOnlyFs: return "read-only file system";
    case Error::TooManyLinks: return "too many links";
    case Error::NotEmpty: return "directory not empty";
    case Error::SymlinkLoop: return "too many levels of symbolic links";
    case Error::Protocol: return "protocol error";
    case Error::Overflow: return "value too large";
    case Error::TimedOut: return "timed out";
    case Error::NotSupported: return "operation not supported";
  }
  return "unknown error";
}

}  // namespace cw
