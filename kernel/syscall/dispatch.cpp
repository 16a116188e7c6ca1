#include "kernel/arch/cpu.h"
#include "kernel/arch/idt.h"
#include "kernel/arch/trap.h"
#include "kernel/signal/restart.h"
#include "kernel/syscall/syscall.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

using abi::Syscall;

struct Entry {
  Syscall number;
  Handler handler;
};

constexpr Entry kTable[] = {
    {Syscall::Exit, sys_exit},
    {Syscall::Fork, sys_fork},
    {Syscall::Vfork, sys_fork},
    {Syscall::Clone, sys_clone},
    {Syscall::Read, sys_read},
    {Syscall::Write, sys_write},
    {Syscall::Waitpid, sys_waitpid},
    {Syscall::Getpid, sys_getpid},
    {Syscall::Kill, sys_kill},
    {Syscall::Ioctl, sys_ioctl},
    {Syscall::Brk, sys_brk},
    {Syscall::Getppid, sys_getppid},
    {Syscall::Reboot, sys_reboot},
    {Syscall::Mlock, sys_mlock},
    {Syscall::Munlock, sys_munlock},
    {Syscall::SchedYield, sys_sched_yield},
    {Syscall::Nanosleep, sys_nanosleep},
    {Syscall::ClockGettime, sys_clock_gettime},
    {Syscall::ExitGroup, sys_exit},
    {Syscall::Spawn, sys_spawn},
    {Syscall::MboxOpen, sys_mbox_open},
    {Syscall::MboxClose, sys_mbox_close},
    {Syscall::MboxSend, sys_mbox_send},
    {Syscall::MboxRecv, sys_mbox_recv},
    {Syscall::MboxStatus, sys_mbox_status},
    {Syscall::ProcList, sys_proc_list},
    {Syscall::ProgList, sys_prog_list},
    {Syscall::VmStat, sys_vm_stat},
    {Syscall::PageDump, sys_page_dump},
    {Syscall::PciList, sys_pci_list},
    // Signals (kernel/signal/).
    {Syscall::Alarm, sys_alarm},
    {Syscall::Pause, sys_pause},
    {Syscall::Signal, sys_signal},
    {Syscall::Sigaction, sys_sigaction},
    {Syscall::Sigreturn, sys_sigreturn},
    {Syscall::Sigprocmask, sys_sigprocmask},
    {Syscall::RtSigreturn, sys_rt_sigreturn},
    {Syscall::RtSigaction, sys_rt_sigaction},
    {Syscall::RtSigprocmask, sys_rt_sigprocmask},
    {Syscall::RtSigpending, sys_rt_sigpending},
    {Syscall::RtSigsuspend, sys_rt_sigsuspend},
    {Syscall::Sigaltstack, sys_sigaltstack},
    {Syscall::Tkill, sys_tkill},
    {Syscall::Tgkill, sys_tgkill},
};

void dispatch(TrapFrame& frame) {
  Args args{{frame.ebx, frame.ecx, frame.edx, frame.esi, frame.edi, frame.ebp}};
  int32_t result = error_return(Error::NotImplemented);
  signal::note_syscall(frame.eax);  // for restarting it after a signal handler
  cpu::enable_interrupts();
  for (const Entry& e : kTable) {
    if (static_cast<uint32_t>(e.number) == frame.eax) {
      result = e.handler(args);
      break;
    }
  }
  cpu::disable_interrupts();
  frame.eax = static_cast<uint32_t>(result);
}

}  // namespace

void init() {
  trap::set_vector_handler(kVector, dispatch);
  idt::allow_from_user(kVector);
}

}  // namespace cw::syscall
