// File access for createimage: whole-file reads of the inputs, and an output file that only appears
// under its final name once it is complete.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cw::image {

// Reads a whole regular file. `label` names it in messages, e.g. "kernel 'build/kernel.elf'".
// Throws ImageError if the file is missing, unreadable, not a regular file or 4 GiB or larger (every
// size in the disk format is 32-bit).
std::vector<uint8_t> read_input(const std::string& path, const std::string& label);

// The image being written. It lives at "<path>.tmp.<pid>" until commit() flushes it to stable storage
// and renames it over `path`; if the object is destroyed before commit() (an exception unwound past
// it) the temporary file is removed, so a failed run never leaves a partial image behind.
class OutputFile {
public:
  explicit OutputFile(std::string path);  // throws ImageError if the temporary cannot be created
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes `size` bytes at byte `offset`. Unwritten ranges read back as zeros.
  void write_at(uint64_t offset, const void* data, size_t size);
  // Sets the file length (extending with zeros, sparse where the file system allows).
  void set_size(uint64_t size);
  // fsync, rename to the final path, fsync the directory. Throws ImageError on failure.
  void commit();

  const std::string& temp_path() const { return temp_path_; }

private:
  [[noreturn]] void fail(const std::string& action) const;

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace cw::image
