// System calls: `int 0x80` from ring 3 (lib/abi/syscall_numbers.h has the numbers, docs/abi.md the
// contract). Handlers run in the calling process's thread with interrupts enabled, so a long or blocking
// call never stalls the rest of the system.
#pragma once

#include <cstdint>

#include "lib/error.h"
#include "lib/result.h"

namespace cw::syscall {

inline constexpr uint8_t kVector = 0x80;

// Installs the gate (DPL 3) and the dispatcher.
void init();

struct Args {
  uint32_t a[6];  // ebx, ecx, edx, esi, edi, ebp
};

using Handler = int32_t (*)(const Args& args);

// The value a call returns for an error: -errno (lib/error.h values are Linux errno numbers).
constexpr int32_t error_return(Error e) { return -static_cast<int32_t>(e); }

template <typename T>
int32_t to_return(const Result<T>& r) {
  if (!r) return error_return(r.error());
  if constexpr (std::is_void_v<T>) return 0; else return static_cast<int32_t>(r.value());
}

// Handler groups (kernel/syscall/sys_*.cpp).
int32_t sys_exit(const Args& args);
int32_t sys_read(const Args& args);
int32_t sys_write(const Args& args);
int32_t sys_waitpid(const Args& args);
int32_t sys_getpid(const Args& args);
int32_t sys_getppid(const Args& args);
int32_t sys_kill(const Args& args);
int32_t sys_ioctl(const Args& args);
// Descriptors (sys_fd.cpp).
int32_t sys_close(const Args& args);
int32_t sys_dup(const Args& args);
int32_t sys_dup2(const Args& args);
int32_t sys_dup3(const Args& args);
int32_t sys_fcntl64(const Args& args);
int32_t sys_pipe(const Args& args);
int32_t sys_pipe2(const Args& args);
// File status (sys_stat.cpp).
int32_t sys_fstat64(const Args& args);
int32_t sys_fstatat64(const Args& args);
int32_t sys_statx(const Args& args);
int32_t sys_stat64(const Args& args);
int32_t sys_lstat64(const Args& args);
// Opening by path (sys_open.cpp), positions (sys_seek.cpp), the working directory (sys_cwd.cpp),
// access and readlink (sys_path_info.cpp).
int32_t sys_open(const Args& args);
int32_t sys_openat(const Args& args);
int32_t sys_creat(const Args& args);
int32_t sys_lseek(const Args& args);
int32_t sys_llseek(const Args& args);
int32_t sys_pread64(const Args& args);
int32_t sys_pwrite64(const Args& args);
// sendfile and sendfile64 (sys_sendfile.cpp).
int32_t sys_sendfile(const Args& args);
int32_t sys_sendfile64(const Args& args);
int32_t sys_getdents64(const Args& args);
int32_t sys_chdir(const Args& args);
int32_t sys_fchdir(const Args& args);
int32_t sys_getcwd(const Args& args);
int32_t sys_access(const Args& args);
int32_t sys_faccessat(const Args& args);
int32_t sys_faccessat2(const Args& args);
int32_t sys_readlink(const Args& args);
int32_t sys_readlinkat(const Args& args);
// The name space and file sizes (sys_namespace.cpp).
int32_t sys_mkdir(const Args& args);
int32_t sys_mkdirat(const Args& args);
int32_t sys_rmdir(const Args& args);
int32_t sys_unlink(const Args& args);
int32_t sys_unlinkat(const Args& args);
int32_t sys_rename(const Args& args);
int32_t sys_renameat(const Args& args);
int32_t sys_symlink(const Args& args);
int32_t sys_symlinkat(const Args& args);
// Mode, owner and times (sys_attributes.cpp, sys_utime.cpp).
int32_t sys_chmod(const Args& args);
int32_t sys_fchmod(const Args& args);
int32_t sys_fchmodat(const Args& args);
int32_t sys_chown32(const Args& args);
int32_t sys_lchown32(const Args& args);
int32_t sys_fchown32(const Args& args);
int32_t sys_fchownat(const Args& args);
int32_t sys_chown16(const Args& args);
int32_t sys_lchown16(const Args& args);
int32_t sys_fchown16(const Args& args);
int32_t sys_utime(const Args& args);
int32_t sys_utimes(const Args& args);
int32_t sys_futimesat(const Args& args);
int32_t sys_utimensat(const Args& args);
int32_t sys_utimensat_time64(const Args& args);
int32_t sys_truncate(const Args& args);
int32_t sys_ftruncate(const Args& args);
int32_t sys_truncate64(const Args& args);
int32_t sys_ftruncate64(const Args& args);
// poll and select (sys_poll.cpp).
int32_t sys_poll(const Args& args);
int32_t sys_newselect(const Args& args);
int32_t sys_brk(const Args& args);
int32_t sys_mlock(const Args& args);
int32_t sys_munlock(const Args& args);
int32_t sys_reboot(const Args& args);
int32_t sys_sched_yield(const Args& args);
int32_t sys_nanosleep(const Args& args);
int32_t sys_restart_syscall(const Args& args);
int32_t sys_clock_gettime(const Args& args);
int32_t sys_spawn(const Args& args);
int32_t sys_execve(const Args& args);
int32_t sys_wait4(const Args& args);
int32_t sys_fork(const Args& args);
int32_t sys_clone(const Args& args);
int32_t sys_mbox_open(const Args& args);
int32_t sys_mbox_close(const Args& args);
int32_t sys_mbox_send(const Args& args);
int32_t sys_mbox_recv(const Args& args);
int32_t sys_mbox_status(const Args& args);
int32_t sys_proc_list(const Args& args);
int32_t sys_prog_list(const Args& args);
int32_t sys_vm_stat(const Args& args);
int32_t sys_page_dump(const Args& args);
int32_t sys_pci_list(const Args& args);
int32_t sys_frame_map(const Args& args);
int32_t sys_page_map(const Args& args);
int32_t sys_disk_time(const Args& args);

// glibc helper: TLS (sys_tls.cpp), identity (sys_identity.cpp), clocks (sys_time.cpp), limits and
// sysinfo (sys_limits.cpp), getrandom (sys_random.cpp), writev (sys_writev.cpp).
int32_t sys_set_thread_area(const Args& args);
int32_t sys_get_thread_area(const Args& args);
int32_t sys_uname(const Args& args);
int32_t sys_gettid(const Args& args);
int32_t sys_set_tid_address(const Args& args);
int32_t sys_getgroups(const Args& args);  // getgroups and getgroups32: no supplementary groups, 0
int32_t sys_link(const Args& args);     // link, linkat: hard links in /tmp (sys_namespace.cpp)
int32_t sys_linkat(const Args& args);
int32_t sys_mknod(const Args& args);    // mknod, mknodat: regular files and FIFOs (sys_namespace.cpp)
int32_t sys_mknodat(const Args& args);
int32_t sys_sync(const Args& args);
int32_t sys_statfs(const Args& args);  // statfs, fstatfs, statfs64, fstatfs64: kernel/fs/mounts.h
int32_t sys_fstatfs(const Args& args);
int32_t sys_statfs64(const Args& args);
int32_t sys_fstatfs64(const Args& args);
int32_t sys_syncfs(const Args& args);
int32_t sys_fsync(const Args& args);  // fsync and fdatasync
int32_t sys_sched_getaffinity(const Args& args);
int32_t sys_sched_setaffinity(const Args& args);
int32_t sys_root_id(const Args& args);  // getuid, getgid, geteuid, getegid and their 32-bit forms: 0
int32_t sys_umask(const Args& args);
int32_t sys_getpgrp(const Args& args);
int32_t sys_getpgid(const Args& args);
int32_t sys_setpgid(const Args& args);
int32_t sys_getsid(const Args& args);
int32_t sys_setsid(const Args& args);
int32_t sys_clock_gettime64(const Args& args);
int32_t sys_clock_getres(const Args& args);
int32_t sys_clock_getres_time64(const Args& args);
int32_t sys_clock_nanosleep(const Args& args);
int32_t sys_clock_nanosleep_time64(const Args& args);
int32_t sys_gettimeofday(const Args& args);
int32_t sys_time(const Args& args);
int32_t sys_ugetrlimit(const Args& args);
int32_t sys_getrlimit(const Args& args);
int32_t sys_setrlimit(const Args& args);
int32_t sys_prlimit64(const Args& args);
int32_t sys_sysinfo(const Args& args);
int32_t sys_getrandom(const Args& args);
int32_t sys_writev(const Args& args);
// busybox bring-up: prctl (sys_prctl.cpp).
int32_t sys_prctl(const Args& args);
// The mmap family (kernel/syscall/sys_mmap.cpp).
int32_t sys_old_mmap(const Args& args);
int32_t sys_mmap2(const Args& args);
int32_t sys_munmap(const Args& args);
int32_t sys_mprotect(const Args& args);
int32_t sys_mremap(const Args& args);
int32_t sys_madvise(const Args& args);

// Signals (kernel/signal/syscalls.cpp, sigreturn.cpp).
int32_t sys_alarm(const Args& args);
int32_t sys_pause(const Args& args);
int32_t sys_signal(const Args& args);
int32_t sys_sigaction(const Args& args);
int32_t sys_sigreturn(const Args& args);
int32_t sys_sigprocmask(const Args& args);
int32_t sys_rt_sigreturn(const Args& args);
int32_t sys_rt_sigaction(const Args& args);
int32_t sys_rt_sigprocmask(const Args& args);
int32_t sys_rt_sigpending(const Args& args);
int32_t sys_rt_sigsuspend(const Args& args);
int32_t sys_sigaltstack(const Args& args);
int32_t sys_tkill(const Args& args);
int32_t sys_tgkill(const Args& args);

}  // namespace cw::syscall
