// System-call numbers: the user/kernel contract (docs/abi.md has the semantics of each).
//
// `int 0x80`, number in eax, arguments in ebx, ecx, edx, esi, edi, ebp; the result, or a negated errno
// (lib/error.h), comes back in eax. Calls Linux also has use Linux's i386 number and semantics
// (arch/x86/entry/syscalls/syscall_32.tbl in the Linux sources), so a static `gcc -m32 -nostdlib` program
// that uses them runs unmodified. Clockwork's own calls are numbered from 1000.
#pragma once

#include <cstdint>

namespace cw::abi {

enum class Syscall : uint32_t {
  // Linux i386 numbers.
  RestartSyscall = 0, // restart_syscall(): resumes a sleep cut short    -> 0 (kernel-made, after a stop)
  Exit = 1,           // exit(int status)                               never returns
  Fork = 2,           // fork()                                         -> child pid; 0 in the child
  Read = 3,           // read(int fd, void* buf, size_t count)          -> bytes read
  Write = 4,          // write(int fd, const void* buf, size_t count)   -> bytes written
  Waitpid = 7,        // waitpid(pid_t pid, int* status, int options)   -> pid reaped
  Execve = 11,        // execve(const char* path, char* const argv[], char* const envp[]) no return
  Getpid = 20,        // getpid()                                       -> pid
  Kill = 37,          // kill(pid_t pid, int signal)                    -> 0
  Wait4 = 114,        // wait4(pid_t pid, int* status, int options, rusage*) -> pid reaped
  Clone = 120,        // clone(flags, stack, ptid, tls, ctid): fork-like flags only (docs/abi.md)
  Vfork = 190,        // vfork(): behaves as fork (copy-on-write makes that cheap)
  Close = 6,          // close(int fd)                                  -> 0
  Dup = 41,           // dup(int fd)                                    -> the new descriptor
  Pipe = 42,          // pipe(int fds[2])                               -> 0
  Dup2 = 63,          // dup2(int old, int new)                         -> new
  Fcntl = 55,         // fcntl(int fd, int cmd, long arg): F_DUPFD, F_GETFD/SETFD, F_GETFL/SETFL
  Fcntl64 = 221,      // fcntl64: the same on i386
  Dup3 = 330,         // dup3(int old, int new, int flags): O_CLOEXEC
  Pipe2 = 331,        // pipe2(int fds[2], int flags): O_CLOEXEC, O_NONBLOCK
  Newselect = 142,    // _newselect(nfds, fd_set* r, fd_set* w, fd_set* e, timeval*) -> ready count
  Fstat64 = 197,      // fstat64(int fd, struct stat64*)                -> 0
  Fstatat64 = 300,    // fstatat64(int dirfd, const char* path, stat64*, int flags) -> 0
  Statx = 383,        // statx(dirfd, path, flags, mask, statx*)        -> 0
  // Paths and files in the name space (docs/vfs.md).
  Open = 5,           // open(const char* path, int flags, mode_t mode)  -> descriptor
  Creat = 8,          // creat(const char* path, mode_t mode)           -> descriptor
  Chdir = 12,         // chdir(const char* path)                        -> 0
  Lseek = 19,         // lseek(int fd, off_t offset, int whence)        -> new position
  Access = 33,        // access(const char* path, int mode)             -> 0
  Readlink = 85,      // readlink(const char* path, char* buf, size_t n) -> bytes
  Fchdir = 133,       // fchdir(int fd)                                 -> 0
  Llseek = 140,       // _llseek(fd, offset_high, offset_low, loff_t* result, whence) -> 0
  Pread64 = 180,      // pread64(fd, buf, count, offset_low, offset_high) -> bytes
  Pwrite64 = 181,     // pwrite64(fd, buf, count, offset_low, offset_high) -> bytes
  Getcwd = 183,       // getcwd(char* buf, size_t size)                 -> length with the NUL
  Sendfile = 187,     // sendfile(int out, int in, off_t* offset, size_t count) -> bytes
  Sendfile64 = 239,   // sendfile64(int out, int in, loff_t* offset, size_t count) -> bytes
  Stat64 = 195,       // stat64(const char* path, struct stat64*)       -> 0
  Lstat64 = 196,      // lstat64(const char* path, struct stat64*)      -> 0
  Getdents64 = 220,   // getdents64(int fd, linux_dirent64* buf, size_t n) -> bytes
  Openat = 295,       // openat(int dirfd, const char* path, int flags, mode_t) -> descriptor
  Readlinkat = 305,   // readlinkat(int dirfd, const char* path, char* buf, size_t n) -> bytes
  Faccessat = 307,    // faccessat(int dirfd, const char* path, int mode) -> 0
  Faccessat2 = 439,   // faccessat2(int dirfd, const char* path, int mode, int flags) -> 0
  Poll = 168,         // poll(struct pollfd* fds, nfds_t n, int timeout_ms) -> ready count
  Ioctl = 54,         // ioctl(int fd, int request, void* arg): TIOCGPGRP, TIOCSPGRP on the console
  Brk = 45,           // brk(void* end)                                 -> the new (or current) break
  Getppid = 64,       // getppid()                                      -> parent's pid
  Reboot = 88,        // reboot(magic1, magic2, cmd, arg): power off, halt, restart, CAD on/off
  Mlock = 150,        // mlock(const void* addr, size_t len)            -> 0
  Munlock = 151,      // munlock(const void* addr, size_t len)          -> 0
  SchedYield = 158,   // sched_yield()                                  -> 0
  Nanosleep = 162,    // nanosleep(const timespec* req, timespec* rem)  -> 0
  ClockGettime = 265, // clock_gettime(clockid_t, timespec*)           -> 0 (the clock ids below)
  ExitGroup = 252,    // exit_group(int status)                         never returns
  // The name space and file sizes (kernel/syscall/sys_namespace.cpp; docs/abi.md "Files").
  Unlink = 10,        // unlink(const char* path)                       -> 0
  Rename = 38,        // rename(const char* old, const char* new)       -> 0
  Mkdir = 39,         // mkdir(const char* path, mode_t mode)           -> 0
  Rmdir = 40,         // rmdir(const char* path)                        -> 0
  Symlink = 83,       // symlink(const char* target, const char* path)  -> 0
  Truncate = 92,      // truncate(const char* path, long length)        -> 0
  Ftruncate = 93,     // ftruncate(int fd, long length)                 -> 0
  Truncate64 = 193,   // truncate64(const char* path, loff_t length: two registers, low first) -> 0
  Ftruncate64 = 194,  // ftruncate64(int fd, loff_t length: two registers, low first)          -> 0
  Mkdirat = 296,      // mkdirat(int dirfd, const char* path, mode_t mode) -> 0
  Unlinkat = 301,     // unlinkat(int dirfd, const char* path, int flags: AT_REMOVEDIR) -> 0
  Renameat = 302,     // renameat(int olddirfd, const char* old, int newdirfd, const char* new) -> 0
  Symlinkat = 304,    // symlinkat(const char* target, int dirfd, const char* path) -> 0
  // Mode, owner and times (kernel/syscall/sys_attributes.cpp, sys_utime.cpp; docs/abi.md "Files").
  Chmod = 15, Fchmod = 94, Fchmodat = 306,  // (path | fd | dirfd, path), mode       -> 0
  Chown32 = 212, Lchown32 = 198, Fchown32 = 207, Fchownat = 298,  // ..., uid, gid [, flags] -> 0
  Chown16 = 182, Lchown16 = 16, Fchown16 = 95,  // the same with 16-bit ids
  Utime = 30, Utimes = 271, Futimesat = 299,     // (path | dirfd, path), utimbuf* | timeval[2] -> 0
  Utimensat = 320, UtimensatTime64 = 412,        // utimensat(dirfd, path, timespec[2], flags) -> 0
  // The mmap family (docs/abi.md "Mappings").
  OldMmap = 90,       // old_mmap(struct mmap_arg_struct* args)          -> address (lib/abi/mman.h)
  Munmap = 91,        // munmap(void* addr, size_t len)                 -> 0
  Mprotect = 125,     // mprotect(void* addr, size_t len, int prot)     -> 0
  Mremap = 163,       // mremap(old, old_len, new_len, flags, new)      -> new address
  Mmap2 = 192,        // mmap2(addr, len, prot, flags, fd, pgoff)       -> address
  Madvise = 219,      // madvise(void* addr, size_t len, int advice)    -> 0

  // Linux i386 numbers: TLS and the calls of glibc's start-up (docs/abi.md "Linux start-up calls";
  // structures in lib/abi/linux_structs.h). set_robust_list (311), rseq (386) and modify_ldt (123)
  // are deliberately absent: they stay ENOSYS, which glibc 2.36 tolerates.
  Time = 13,                  // time(time_t* t)                               -> seconds
  Getuid = 24,                // getuid() and the others: 0, single-user root
  Getgid = 47,
  Geteuid = 49,
  Getegid = 50,
  Setpgid = 57,               // setpgid(pid_t pid, pid_t pgid)                -> 0
  Umask = 60,                 // umask(mode_t mask)                            -> the previous mask
  Getpgrp = 65,               // getpgrp()                                     -> process group id
  Setsid = 66,                // setsid()                                      -> the new session id
  Setrlimit = 75,             // setrlimit(int resource, const rlimit*)        -> 0
  Getrlimit = 76,             // old getrlimit: values clamped to 0x7FFFFFFF
  Gettimeofday = 78,          // gettimeofday(timeval*, timezone*)             -> 0
  Sysinfo = 116,              // sysinfo(struct sysinfo*)                      -> 0
  Uname = 122,                // uname(struct new_utsname*)                    -> 0
  Getpgid = 132,              // getpgid(pid_t pid)                            -> process group id
  Writev = 146,               // writev(int fd, const iovec*, int iovcnt)      -> bytes written
  Getsid = 147,               // getsid(pid_t pid)                             -> session id
  Prctl = 172,                // prctl(int option, ...): PR_SET_NAME, PR_GET_NAME -> 0
  Ugetrlimit = 191,           // ugetrlimit(int resource, rlimit*)             -> 0
  Link = 9,                   // link(const char* old, const char* new)        -> 0
  Linkat = 303,               // linkat(int, const char*, int, const char*, int flags) -> 0
  Mknod = 14,                 // mknod(const char*, mode_t, dev_t)             -> 0 (files, FIFOs)
  Mknodat = 297,              // mknodat(int dirfd, const char*, mode_t, dev_t) -> 0
  Sync = 36,                  // sync()                                        -> 0
  Getgroups = 80,             // getgroups(int size, gid16_t* list)            -> 0 (no groups)
  Fsync = 118,                // fsync(int fd)                                 -> 0
  Fdatasync = 148,            // fdatasync(int fd)                             -> 0
  Getgroups32 = 205,          // getgroups32(int size, gid_t* list)            -> 0 (no groups)
  SchedSetaffinity = 241,     // sched_setaffinity(pid_t, size_t, const unsigned long*) -> 0
  SchedGetaffinity = 242,     // sched_getaffinity(pid_t, size_t, unsigned long*) -> mask bytes
  Statfs = 99,                // statfs(const char*, struct statfs*)           -> 0
  Fstatfs = 100,              // fstatfs(int fd, struct statfs*)               -> 0
  Statfs64 = 268,             // statfs64(const char*, size_t 84, struct statfs64*) -> 0
  Fstatfs64 = 269,            // fstatfs64(int fd, size_t 84, struct statfs64*) -> 0
  Syncfs = 344,               // syncfs(int fd)                                -> 0
  Getuid32 = 199,
  Getgid32 = 200,
  Geteuid32 = 201,
  Getegid32 = 202,
  Gettid = 224,               // gettid()                                      -> tid (= pid)
  SetThreadArea = 243,        // set_thread_area(user_desc*)                   -> 0
  GetThreadArea = 244,        // get_thread_area(user_desc*)                   -> 0
  SetTidAddress = 258,        // set_tid_address(int* tidptr)                  -> tid
  ClockGetres = 266,          // clock_getres(clockid_t, timespec*)            -> 0
  ClockNanosleep = 267,       // clock_nanosleep(clockid_t, int flags, const timespec*, timespec*) -> 0
  Prlimit64 = 340,            // prlimit64(pid_t, int resource, const rlimit64* new, rlimit64* old) -> 0
  Getrandom = 355,            // getrandom(void* buf, size_t count, unsigned flags) -> bytes
  ClockGettime64 = 403,       // clock_gettime64(clockid_t, __kernel_timespec*) -> 0
  ClockGetresTime64 = 406,    // clock_getres_time64(clockid_t, __kernel_timespec*) -> 0
  ClockNanosleepTime64 = 407, // clock_nanosleep_time64(clockid_t, int, const __kernel_timespec*, ...) -> 0

  // Signals (kernel/signal/, docs/signals.md; structures in lib/abi/signal.h).
  Alarm = 27,         // alarm(unsigned seconds)                        -> seconds left of the previous
  Pause = 29,         // pause()                                        -> -EINTR after a handler
  Signal = 48,        // signal(int sig, handler)                       -> the old handler
  Sigaction = 67,     // sigaction(int sig, const old_sigaction*, old_sigaction*) -> 0
  Sigreturn = 119,    // sigreturn(): from a sigframe                   -> the interrupted eax
  Sigprocmask = 126,  // sigprocmask(int how, const old_sigset_t*, old_sigset_t*) -> 0
  RtSigreturn = 173,  // rt_sigreturn(): from an rt_sigframe            -> the interrupted eax
  RtSigaction = 174,  // rt_sigaction(int sig, const sigaction*, sigaction*, size_t 8) -> 0
  RtSigprocmask = 175,// rt_sigprocmask(int how, const sigset_t*, sigset_t*, size_t 8) -> 0
  RtSigpending = 176, // rt_sigpending(sigset_t*, size_t <= 8)         -> 0
  RtSigsuspend = 179, // rt_sigsuspend(const sigset_t*, size_t 8)       -> -EINTR after a handler
  Sigaltstack = 186,  // sigaltstack(const stack_t*, stack_t*)          -> 0
  Tkill = 238,        // tkill(pid_t tid, int sig)                      -> 0
  Tgkill = 270,       // tgkill(pid_t tgid, pid_t tid, int sig)         -> 0

  // Clockwork's own.
  Spawn = 1000,       // spawn(const char* name, const char* const* argv, uint32_t flags) -> pid of the new process
  MboxOpen = 1001,    // mbox_open(const char* name)                    -> mailbox descriptor
  MboxClose = 1002,   // mbox_close(int mbox)                           -> 0
  MboxSend = 1003,    // mbox_send(int mbox, const void* msg, size_t n) -> 0, blocks while full
  MboxRecv = 1004,    // mbox_recv(int mbox, void* buf, size_t cap)     -> message size, blocks while empty
  MboxStatus = 1005,  // mbox_status(int mbox, MboxStatus* out)         -> 0
  ProcList = 1006,    // proc_list(ProcInfo* out, size_t max)           -> number of entries written
  ProgList = 1007,    // prog_list(ProgInfo* out, size_t max)           -> number of entries written
  VmStat = 1008,      // vm_stat(pid_t pid /* 0: global */, VmStat* out) -> 0
  PageDump = 1009,    // page_dump(pid_t pid)                           -> 0; prints the mappings
  PciList = 1010,     // pci_list(pci::PciFunction* out, size_t max)    -> number of functions found
  FrameMap = 1011,    // frame_map(FrameCell* out, size_t max)          -> frames in the pool (memshow.h)
  PageMap = 1012,     // page_map(pid_t pid, PageRun* out, size_t max)  -> runs in all (memshow.h)
  DiskTime = 1013,    // disk_time(const DiskTimeRequest* in, DiskTimeResult* out) -> 0 (disk_time.h)
};

// Linux reboot(2) magic numbers (include/uapi/linux/reboot.h) and the commands Clockwork implements.
inline constexpr uint32_t kRebootMagic1 = 0xFEE1DEAD;
inline constexpr uint32_t kRebootMagic2 = 672274793;   // LINUX_REBOOT_MAGIC2, what glibc passes
inline constexpr uint32_t kRebootMagic2A = 85072278;   // the other three Linux accepts
inline constexpr uint32_t kRebootMagic2B = 369367448;
inline constexpr uint32_t kRebootMagic2C = 537993216;
inline constexpr uint32_t kRebootCmdRestart = 0x01234567;
inline constexpr uint32_t kRebootCmdHalt = 0xCDEF0123;
inline constexpr uint32_t kRebootCmdCadOn = 0x89ABCDEF;
inline constexpr uint32_t kRebootCmdCadOff = 0x00000000;
inline constexpr uint32_t kRebootCmdPowerOff = 0x4321FEDC;
inline constexpr uint32_t kRebootCmdRestart2 = 0xA1B2C3D4;

// Linux signal numbers (asm-generic/signal.h): the first ones Clockwork used; lib/abi/signal.h has the
// rest and the signal ABI (docs/signals.md).
inline constexpr int kSigInt = 2;  // ctrl-C on the console, sent to its foreground process
inline constexpr int kSigIll = 4;
inline constexpr int kSigTrap = 5;
inline constexpr int kSigKill = 9;
inline constexpr int kSigFpe = 8;
inline constexpr int kSigSegv = 11;
inline constexpr int kSigTerm = 15;

// waitpid status words, Linux encoding: exited -> (code << 8), killed by signal -> signal.
constexpr int exit_status_word(int code) { return (code & 0xFF) << 8; }
constexpr int signal_status_word(int signal) { return signal & 0x7F; }
// spawn's flags: the child leads a new process group (its pid), as POSIX_SPAWN_SETPGROUP with pgroup 0.
inline constexpr uint32_t kSpawnNewGroup = 1;

inline constexpr int kWaitNoHang = 1;  // WNOHANG
// wait4 options Linux accepts (include/uapi/linux/wait.h); Clockwork has no stopped or continued
// children, so WUNTRACED and WCONTINUED change nothing, and no threads, so neither do the __W flags.
inline constexpr uint32_t kWaitUntraced = 2;
inline constexpr uint32_t kWaitContinued = 8;
inline constexpr uint32_t kWaitNoThread = 0x20000000;
inline constexpr uint32_t kWaitAll = 0x40000000;
inline constexpr uint32_t kWaitClone = 0x80000000;

// clock_gettime clock ids (Linux's): time since boot, and the CPU time the caller has received.
inline constexpr int kClockMonotonic = 1;
inline constexpr int kClockProcessCputime = 2;  // CLOCK_PROCESS_CPUTIME_ID
inline constexpr int kClockThreadCputime = 3;   // CLOCK_THREAD_CPUTIME_ID

// More clock ids (Linux uapi/linux/time.h) and clock_nanosleep's flag.
inline constexpr int kClockRealtime = 0;
inline constexpr int kClockMonotonicRaw = 4;
inline constexpr int kClockRealtimeCoarse = 5;
inline constexpr int kClockMonotonicCoarse = 6;
inline constexpr int kClockBoottime = 7;
inline constexpr uint32_t kTimerAbstime = 1;  // TIMER_ABSTIME

// getrandom flags (uapi/linux/random.h).
inline constexpr uint32_t kGrndNonblock = 1;
inline constexpr uint32_t kGrndRandom = 2;
inline constexpr uint32_t kGrndInsecure = 4;

// Terminal ioctls on the console descriptors (Linux asm-generic/ioctls.h): the foreground process group,
// a pid_t behind the pointer argument. Clockwork has no process groups: the "group" is one process.
inline constexpr uint32_t kTiocGpgrp = 0x540F;  // TIOCGPGRP
inline constexpr uint32_t kTiocSpgrp = 0x5410;  // TIOCSPGRP

}  // namespace cw::abi
