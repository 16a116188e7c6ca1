#include "kernel/fs/file.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw::fs {

Result<int32_t> File::ioctl(uint32_t, uint32_t) { return Error::NotTty; }

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
