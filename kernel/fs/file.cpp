#include "kernel/fs/file.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/wall_clock.h"

namespace cw::fs {

FileStatus with_boot_times(FileStatus s) {
  s.atime = s.mtime = s.ctime = wall_clock::boot_time();
  return s;
}

Result<int32_t> File::ioctl(uint32_t, uint32_t) { return Error::NotTty; }
Result<uint64_t> File::seek(int64_t, uint32_t) { return Error::IllegalSeek; }
Result<uint32_t> File::read_at(uint64_t, uint32_t, uint32_t) { return Error::IllegalSeek; }
Result<uint32_t> File::write_at(uint64_t, uint32_t, uint32_t) { return Error::IllegalSeek; }
Result<uint32_t> File::read_directory(uint32_t, uint32_t) { return Error::NotDirectory; }
Result<uint32_t> File::pseudo_name(char*, uint32_t) const { return Error::NotFound; }

void File::unref() {
  {
    cpu::InterruptGuard guard;
    CW_ASSERT(references_ > 0);
    if (--references_ != 0) return;
  }
  last_close();
  if (on_heap()) delete this;
}

}  // namespace cw::fs
