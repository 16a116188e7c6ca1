// prctl (172), the two options busybox uses (Linux kernel/sys.c, read as specification): PR_SET_NAME
// sets the calling process's name (Linux's comm: at most TASK_COMM_LEN - 1 = 15 characters, a longer
// name is cut, the rest of the 16-byte buffer need not be terminated) and PR_GET_NAME writes it into a
// 16-byte buffer, NUL-terminated. The name is what process listings and the kernel's messages show;
// /proc/PID/exe and maps name the program the process runs, which the name does not change.
// Every other option is EINVAL, as Linux gives for an option it does not know.
#include "kernel/arch/cpu.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

constexpr uint32_t kPrSetName = 15;
constexpr uint32_t kPrGetName = 16;
constexpr uint32_t kTaskCommLength = 16;
static_assert(kTaskCommLength <= abi::kNameMax);

}  // namespace

int32_t sys_prctl(const Args& a) {
  Process* p = proc::current();
  switch (a.a[0]) {
    case kPrSetName: {
      char name[kTaskCommLength] = {};
      // Linux copies up to 16 bytes (strncpy_from_user): a fault is EFAULT, a longer name is cut.
      auto copied = current_space().copy_string_in(name, VirtAddr(a.a[1]), kTaskCommLength);
      if (!copied && copied.error() != Error::NameTooLong) return error_return(copied.error());
      if (!copied) {
        // 15 characters and no NUL yet: take them as they are.
        auto raw = current_space().copy_in(name, VirtAddr(a.a[1]), kTaskCommLength - 1);
        if (!raw) return error_return(raw.error());
        name[kTaskCommLength - 1] = '\0';
      }
      cpu::InterruptGuard guard;
      __builtin_memcpy(p->name, name, kTaskCommLength);
      p->name[kTaskCommLength - 1] = '\0';
      Thread* self = sched::current();
      __builtin_memcpy(self->name, name, kTaskCommLength);
      self->name[kTaskCommLength - 1] = '\0';
      return 0;
    }
    case kPrGetName: {
      char name[kTaskCommLength] = {};
      {
        cpu::InterruptGuard guard;
        for (uint32_t i = 0; i + 1 < kTaskCommLength && p->name[i]; ++i) name[i] = p->name[i];
      }
      return to_return(current_space().copy_out(VirtAddr(a.a[1]), name, kTaskCommLength));
    }
    default: return error_return(Error::InvalidArgument);
  }
}

}  // namespace cw::syscall
