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
  Exit = 1,           // exit(int status)                               never returns
  Fork = 2,           // fork()                                         -> child pid; 0 in the child
  Read = 3,           // read(int fd, void* buf, size_t count)          -> bytes read
  Write = 4,          // write(int fd, const void* buf, size_t count)   -> bytes written
  Waitpid = 7,        // waitpid(pid_t pid, int* status, int options)   -> pid reaped
  Getpid = 20,        // getpid()                                       -> pid
  Kill = 37,          // kill(pid_t pid, int signal)                    -> 0
  Clone = 120,        // clone(flags, stack, ptid, tls, ctid): fork-like flags only (docs/abi.md)
  Vfork = 190,        // vfork(): behaves as fork (copy-on-write makes that cheap)
  Ioctl = 54,         // ioctl(int fd, int request, void* arg): TIOCGPGRP, TIOCSPGRP on the console
  Brk = 45,           // brk(void* end)                                 -> the new (or current) break
  Getppid = 64,       // getppid()                                      -> parent's pid
  Reboot = 88,        // reboot(magic1, magic2, cmd, arg): only LINUX_REBOOT_CMD_POWER_OFF
  Mlock = 150,        // mlock(const void* addr, size_t len)            -> 0
  Munlock = 151,      // munlock(const void* addr, size_t len)          -> 0
  SchedYield = 158,   // sched_yield()                                  -> 0
  Nanosleep = 162,    // nanosleep(const timespec* req, timespec* rem)  -> 0
  ClockGettime = 265, // clock_gettime(clockid_t, timespec*)           -> 0 (the clock ids below)
  ExitGroup = 252,    // exit_group(int status)                         never returns

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
  Spawn = 1000,       // spawn(const char* name, const char* const* argv) -> pid of the new process
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
};

// Linux reboot(2) magic numbers and the one command Clockwork implements.
inline constexpr uint32_t kRebootMagic1 = 0xFEE1DEAD;
inline constexpr uint32_t kRebootMagic2 = 672274793;
inline constexpr uint32_t kRebootCmdPowerOff = 0x4321FEDC;

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
inline constexpr int kWaitNoHang = 1;  // WNOHANG

// clock_gettime clock ids (Linux's): time since boot, and the CPU time the caller has received.
inline constexpr int kClockMonotonic = 1;
inline constexpr int kClockProcessCputime = 2;  // CLOCK_PROCESS_CPUTIME_ID
inline constexpr int kClockThreadCputime = 3;   // CLOCK_THREAD_CPUTIME_ID

// Terminal ioctls on the console descriptors (Linux asm-generic/ioctls.h): the foreground process group,
// a pid_t behind the pointer argument. Clockwork has no process groups: the "group" is one process.
inline constexpr uint32_t kTiocGpgrp = 0x540F;  // TIOCGPGRP
inline constexpr uint32_t kTiocSpgrp = 0x5410;  // TIOCSPGRP

}  // namespace cw::abi
