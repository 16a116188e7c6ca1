#include "createimage/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "createimage/errors.h"

namespace cw::image {

namespace {

std::string os_error() { return std::strerror(errno); }

// The directory part of a path, for fsync after rename ("." for a bare file name).
std::string parent_directory(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

std::vector<uint8_t> read_input(const std::string& path, const std::string& label) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ImageError("cannot open " + label + ": " + os_error());
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) throw ImageError("cannot stat " + label + ": " + os_error());
  if (!S_ISREG(st.st_mode)) throw ImageError(label + " is not a regular file");
  if (static_cast<uint64_t>(st.st_size) > std::numeric_limits<uint32_t>::max()) {
    throw ImageError(label + " is too large: " + std::to_string(st.st_size) +
                     " bytes, sizes on the disk are 32-bit");
  }

  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ImageError("cannot read " + label + ": " + os_error());
    if (n == 0) throw ImageError(label + " shrank while being read");
    done += static_cast<size_t>(n);
  }
  return bytes;
}

OutputFile::OutputFile(std::string path)
    : path_(std::move(path)), temp_path_(path_ + ".tmp." + std::to_string(::getpid())) {
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw ImageError("cannot create '" + temp_path_ + "': " + os_error());
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void OutputFile::fail(const std::string& action) const {
  throw ImageError("cannot " + action + " '" + temp_path_ + "': " + os_error());
}

void OutputFile::write_at(uint64_t offset, const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::pwrite(fd_, bytes, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    bytes += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
}

void OutputFile::set_size(uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) fail("resize");
}

void OutputFile::commit() {
  if (::fsync(fd_) != 0) fail("flush");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close");
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw ImageError("cannot rename '" + temp_path_ + "' to '" + path_ + "': " + os_error());
  }
  committed_ = true;
  // Make the rename itself durable. Best effort: some file systems refuse fsync on directories.
  const int dir = ::open(parent_directory(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace cw::image
