#include "kernel/arch/cpu.h"
#include "kernel/arch/idt.h"
#include "kernel/arch/trap.h"
#include "kernel/signal/restart.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/trace_enosys.h"
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
    {Syscall::Wait4, sys_wait4},
    {Syscall::Execve, sys_execve},
    {Syscall::Getpid, sys_getpid},
    {Syscall::Kill, sys_kill},
    {Syscall::Ioctl, sys_ioctl},
    {Syscall::Close, sys_close},
    {Syscall::Dup, sys_dup},
    {Syscall::Dup2, sys_dup2},
    {Syscall::Dup3, sys_dup3},
    {Syscall::Fcntl, sys_fcntl64},
    {Syscall::Fcntl64, sys_fcntl64},
    {Syscall::Pipe, sys_pipe},
    {Syscall::Pipe2, sys_pipe2},
    {Syscall::Poll, sys_poll},
    {Syscall::Fstat64, sys_fstat64},
    {Syscall::Fstatat64, sys_fstatat64},
    {Syscall::Statx, sys_statx},
    {Syscall::Stat64, sys_stat64},
    {Syscall::Lstat64, sys_lstat64},
    {Syscall::Open, sys_open},
    {Syscall::Openat, sys_openat},
    {Syscall::Creat, sys_creat},
    {Syscall::Lseek, sys_lseek},
    {Syscall::Llseek, sys_llseek},
    {Syscall::Pread64, sys_pread64},
    {Syscall::Pwrite64, sys_pwrite64},
    {Syscall::Sendfile, sys_sendfile},
    {Syscall::Sendfile64, sys_sendfile64},
    {Syscall::Getdents64, sys_getdents64},
    {Syscall::Chdir, sys_chdir},
    {Syscall::Fchdir, sys_fchdir},
    {Syscall::Getcwd, sys_getcwd},
    {Syscall::Access, sys_access},
    {Syscall::Faccessat, sys_faccessat},
    {Syscall::Faccessat2, sys_faccessat2},
    {Syscall::Readlink, sys_readlink},
    {Syscall::Readlinkat, sys_readlinkat},
    {Syscall::Newselect, sys_newselect},
    // The name space and file sizes.
    {Syscall::Mkdir, sys_mkdir},
    {Syscall::Mkdirat, sys_mkdirat},
    {Syscall::Rmdir, sys_rmdir},
    {Syscall::Unlink, sys_unlink},
    {Syscall::Unlinkat, sys_unlinkat},
    {Syscall::Rename, sys_rename},
    {Syscall::Renameat, sys_renameat},
    {Syscall::Symlink, sys_symlink},
    {Syscall::Symlinkat, sys_symlinkat},
    {Syscall::Truncate, sys_truncate},
    {Syscall::Ftruncate, sys_ftruncate},
    {Syscall::Truncate64, sys_truncate64},
    {Syscall::Ftruncate64, sys_ftruncate64},
    // Mode, owner and times.
    {Syscall::Chmod, sys_chmod}, {Syscall::Fchmod, sys_fchmod}, {Syscall::Fchmodat, sys_fchmodat},
    {Syscall::Chown32, sys_chown32}, {Syscall::Lchown32, sys_lchown32}, {Syscall::Fchown32, sys_fchown32},
    {Syscall::Fchownat, sys_fchownat}, {Syscall::Chown16, sys_chown16}, {Syscall::Lchown16, sys_lchown16},
    {Syscall::Fchown16, sys_fchown16}, {Syscall::Utime, sys_utime}, {Syscall::Utimes, sys_utimes},
    {Syscall::Futimesat, sys_futimesat}, {Syscall::Utimensat, sys_utimensat},
    {Syscall::UtimensatTime64, sys_utimensat_time64},
    {Syscall::Brk, sys_brk},
    {Syscall::Getppid, sys_getppid},
    {Syscall::Reboot, sys_reboot},
    {Syscall::Mlock, sys_mlock},
    {Syscall::Munlock, sys_munlock},
    {Syscall::SchedYield, sys_sched_yield},
    {Syscall::Nanosleep, sys_nanosleep},
    {Syscall::RestartSyscall, sys_restart_syscall},
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
    {Syscall::FrameMap, sys_frame_map},
    {Syscall::PageMap, sys_page_map},
    {Syscall::DiskTime, sys_disk_time},
    // glibc helper: TLS and the start-up calls.
    {Syscall::Time, sys_time},
    {Syscall::Getuid, sys_root_id},
    {Syscall::Getgid, sys_root_id},
    {Syscall::Geteuid, sys_root_id},
    {Syscall::Getegid, sys_root_id},
    {Syscall::Getuid32, sys_root_id},
    {Syscall::Getgid32, sys_root_id},
    {Syscall::Geteuid32, sys_root_id},
    {Syscall::Getegid32, sys_root_id},
    {Syscall::Setpgid, sys_setpgid},
    {Syscall::Umask, sys_umask},
    {Syscall::Getpgrp, sys_getpgrp},
    {Syscall::Setsid, sys_setsid},
    {Syscall::Setrlimit, sys_setrlimit},
    {Syscall::Getrlimit, sys_getrlimit},
    {Syscall::Gettimeofday, sys_gettimeofday},
    {Syscall::Sysinfo, sys_sysinfo},
    {Syscall::Uname, sys_uname},
    {Syscall::Getpgid, sys_getpgid},
    {Syscall::Writev, sys_writev},
    {Syscall::Getsid, sys_getsid},
    {Syscall::Prctl, sys_prctl},
    {Syscall::Ugetrlimit, sys_ugetrlimit},
    {Syscall::Gettid, sys_gettid},
    {Syscall::SetThreadArea, sys_set_thread_area},
    {Syscall::GetThreadArea, sys_get_thread_area},
    {Syscall::SetTidAddress, sys_set_tid_address},
    {Syscall::ClockGetres, sys_clock_getres},
    {Syscall::ClockNanosleep, sys_clock_nanosleep},
    {Syscall::Prlimit64, sys_prlimit64},
    {Syscall::Getrandom, sys_getrandom},
    {Syscall::ClockGettime64, sys_clock_gettime64},
    {Syscall::ClockGetresTime64, sys_clock_getres_time64},
    {Syscall::ClockNanosleepTime64, sys_clock_nanosleep_time64},
    // The mmap family.
    {Syscall::OldMmap, sys_old_mmap},
    {Syscall::Mmap2, sys_mmap2},
    {Syscall::Munmap, sys_munmap},
    {Syscall::Mprotect, sys_mprotect},
    {Syscall::Mremap, sys_mremap},
    {Syscall::Madvise, sys_madvise},
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
    // Writing back, CPUs, groups.
    {Syscall::Link, sys_link},
    {Syscall::Linkat, sys_linkat},
    {Syscall::Mknod, sys_mknod},
    {Syscall::Mknodat, sys_mknodat},
    {Syscall::Sync, sys_sync},
    {Syscall::Syncfs, sys_syncfs},
    {Syscall::Fsync, sys_fsync},
    {Syscall::Fdatasync, sys_fsync},
    {Syscall::SchedGetaffinity, sys_sched_getaffinity},
    {Syscall::SchedSetaffinity, sys_sched_setaffinity},
    {Syscall::Getgroups, sys_getgroups},
    {Syscall::Getgroups32, sys_getgroups},
    {Syscall::Statfs, sys_statfs},
    {Syscall::Fstatfs, sys_fstatfs},
    {Syscall::Statfs64, sys_statfs64},
    {Syscall::Fstatfs64, sys_fstatfs64},
};

void dispatch(TrapFrame& frame) {
  Args args{{frame.ebx, frame.ecx, frame.edx, frame.esi, frame.edi, frame.ebp}};
  int32_t result = error_return(Error::NotImplemented);
  bool found = false;
  signal::note_syscall(frame.eax);  // for restarting it after a signal handler
  cpu::enable_interrupts();
  for (const Entry& e : kTable) {
    if (static_cast<uint32_t>(e.number) == frame.eax) {
      result = e.handler(args);
      found = true;
      break;
    }
  }
  if (!found) trace_enosys(frame.eax, args);
  cpu::disable_interrupts();
  frame.eax = static_cast<uint32_t>(result);
}

}  // namespace

void init() {
  trap::set_vector_handler(kVector, dispatch);
  idt::allow_from_user(kVector);
}

}  // namespace cw::syscall
