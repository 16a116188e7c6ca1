// A process's file descriptors (Linux's struct files_struct, fs/file.c): small integers naming open file
// descriptions (kernel/fs/file.h), each with its close-on-exec flag. fork copies the table (the
// descriptions are shared), execve closes the close-on-exec ones, exit closes all. The lowest free
// number is always the one handed out, as POSIX requires.
#pragma once

#include <cstdint>

#include "kernel/fs/file.h"
#include "lib/result.h"

namespace cw::fs {

class FdTable {
public:
  // Linux's default RLIMIT_NOFILE soft limit is 1024; Clockwork's table is fixed at 256.
  static constexpr uint32_t kMaxFds = 256;

  FdTable() = default;
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;
  ~FdTable() { close_all(); }

  // The console on 0 (input), 1 and 2 (output): the table of a process the kernel starts.
  void open_console();
  // This table becomes a copy of `other` (fork): the same descriptions, one more reference each.
  void copy_from(const FdTable& other);

  // The description behind `fd`, or null (a closed or out-of-range number).
  File* get(int32_t fd) const;
  // Installs `file` (taking over one reference) at the lowest free descriptor >= `lowest`.
  // Errors: TooManyFiles (EMFILE) when none is free (the reference is dropped then).
  Result<int32_t> install(File* file, int32_t lowest, bool cloexec);
  // Puts `file` (one more reference) at exactly `fd`, closing what was there (dup2, dup3).
  void install_at(File* file, int32_t fd, bool cloexec);
  // Errors: BadDescriptor.
  Result<void> close(int32_t fd);
  Result<bool> cloexec(int32_t fd) const;
  Result<void> set_cloexec(int32_t fd, bool on);
  void close_on_exec();
  void close_all();

private:
  struct Entry {
    File* file = nullptr;
    bool cloexec = false;
  };
  Entry entries_[kMaxFds];
};

}  // namespace cw::fs
