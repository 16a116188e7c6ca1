// Process system calls: exit, getpid, getppid, fork, clone, sched_yield, reboot
// (execve and spawn: sys_exec.cpp; waitpid and wait4: sys_wait.cpp; the clocks and nanosleep: sys_time.cpp; kill:
// kernel/signal/).
#include "kernel/proc/fork.h"
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/power.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

int32_t sys_exit(const Args& a) { proc::exit_current(abi::exit_status_word(static_cast<int32_t>(a.a[0]))); }

int32_t sys_getpid(const Args&) { return proc::current()->pid; }

int32_t sys_getppid(const Args&) {
  int32_t parent = proc::current()->parent_pid;
  return parent > 0 ? parent : 0;
}

int32_t sys_fork(const Args&) { return to_return(proc::fork_current(proc::CloneRequest{})); }

int32_t sys_clone(const Args& a) {
  // i386 argument order (Linux CONFIG_CLONE_BACKWARDS): flags, stack, parent_tid, tls, child_tid.
  proc::CloneRequest request{.flags = a.a[0], .stack = a.a[1], .parent_tid = a.a[2], .child_tid = a.a[4]};
  return to_return(proc::fork_current(request));
}

int32_t sys_sched_yield(const Args&) {
  sched::yield();
  return 0;
}

// reboot(magic1, magic2, cmd, arg), Linux kernel/reboot.c: any of Linux's four second magic numbers.
// POWER_OFF and HALT power off with status 0 (halting a machine with nothing after it is powering it off;
// Linux's halt stops the CPUs and leaves the power on); RESTART and RESTART2 reset it; CAD_ON and CAD_OFF
// (what Ctrl-Alt-Del does) succeed and change nothing: Clockwork's console has no Ctrl-Alt-Del.
int32_t sys_reboot(const Args& a) {
  bool magic2 = a.a[1] == abi::kRebootMagic2 || a.a[1] == abi::kRebootMagic2A || a.a[1] == abi::kRebootMagic2B ||
                a.a[1] == abi::kRebootMagic2C;
  if (a.a[0] != abi::kRebootMagic1 || !magic2) return error_return(Error::InvalidArgument);
  switch (a.a[2]) {
    case abi::kRebootCmdPowerOff:
    case abi::kRebootCmdHalt: power_off(kExitSuccess);
    case abi::kRebootCmdRestart:
    case abi::kRebootCmdRestart2: restart();
    case abi::kRebootCmdCadOn:
    case abi::kRebootCmdCadOff: return 0;
    default: return error_return(Error::InvalidArgument);
  }
}

}  // namespace cw::syscall
