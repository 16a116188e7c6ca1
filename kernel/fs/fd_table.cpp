#include "kernel/fs/fd_table.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/console_file.h"

namespace cw::fs {

namespace {

bool valid(int32_t fd) { return fd >= 0 && static_cast<uint32_t>(fd) < FdTable::kMaxFds; }

}  // namespace

void FdTable::open_console() {
  close_all();
  File& in = console_input_file();
  File& out = console_output_file();
  in.ref();
  out.ref();
  out.ref();
  entries_[0] = Entry{&in, false};
  entries_[1] = Entry{&out, false};
  entries_[2] = Entry{&out, false};
}

void FdTable::copy_from(const FdTable& other) {
  close_all();
  for (uint32_t i = 0; i < kMaxFds; ++i) {
    entries_[i] = other.entries_[i];
    if (entries_[i].file) entries_[i].file->ref();
  }
}

File* FdTable::get(int32_t fd) const { return valid(fd) ? entries_[fd].file : nullptr; }

Result<int32_t> FdTable::install(File* file, int32_t lowest, bool cloexec) {
  for (int32_t fd = lowest < 0 ? 0 : lowest; valid(fd); ++fd) {
    if (entries_[fd].file) continue;
    entries_[fd] = Entry{file, cloexec};
    return fd;
  }
  file->unref();
  return Error::TooManyFiles;
}

void FdTable::install_at(File* file, int32_t fd, bool cloexec) {
  file->ref();
  File* old = entries_[fd].file;
  entries_[fd] = Entry{file, cloexec};
  if (old) old->unref();
}

Result<void> FdTable::close(int32_t fd) {
  if (!get(fd)) return Error::BadDescriptor;
  File* file = entries_[fd].file;
  entries_[fd] = Entry{};
  file->unref();
  return {};
}

Result<bool> FdTable::cloexec(int32_t fd) const {
  if (!get(fd)) return Error::BadDescriptor;
  return entries_[fd].cloexec;
}

Result<void> FdTable::set_cloexec(int32_t fd, bool on) {
  if (!get(fd)) return Error::BadDescriptor;
  entries_[fd].cloexec = on;
  return {};
}

void FdTable::close_on_exec() {
  for (uint32_t i = 0; i < kMaxFds; ++i)
    if (entries_[i].file && entries_[i].cloexec) (void)close(static_cast<int32_t>(i));
}

void FdTable::close_all() {
  for (uint32_t i = 0; i < kMaxFds; ++i)
    if (entries_[i].file) (void)close(static_cast<int32_t>(i));
}

}  // namespace cw::fs
