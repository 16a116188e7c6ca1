// The Linux i386 signal ABI: numbers, flags, and the structures user space and the kernel exchange
// (sigaction, sigset, siginfo, stack_t) or the kernel writes on the user stack (sigcontext, ucontext,
// sigframe, rt_sigframe). Layouts are Linux's, pinned by static_asserts on sizes and offsets taken from
// arch/x86/include/uapi/asm/sigcontext.h, include/uapi/asm-generic/siginfo.h,
// arch/x86/include/uapi/asm/signal.h, arch/x86/include/asm/sigframe.h and arch/x86/kernel/signal_32.c
// (and checked against a gcc -m32 -static program on a Linux host: docs/signals.md).
// Shared by the kernel, the host tests and the user library; no pointers, only 32-bit address words.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/abi/syscall_numbers.h"  // kSigInt, kSigKill, kSigSegv... (the first signals Clockwork had)

namespace cw::abi {

// Signal numbers (Linux arch/x86/include/uapi/asm/signal.h). 1..31 standard, 32..64 real-time. The
// ones lib/abi/syscall_numbers.h already names are not repeated.
inline constexpr int kSigHup = 1;
inline constexpr int kSigQuit = 3;
inline constexpr int kSigAbrt = 6;
inline constexpr int kSigBus = 7;
inline constexpr int kSigUsr1 = 10;
inline constexpr int kSigUsr2 = 12;
inline constexpr int kSigPipe = 13;
inline constexpr int kSigAlrm = 14;
inline constexpr int kSigStkflt = 16;
inline constexpr int kSigChld = 17;
inline constexpr int kSigCont = 18;
inline constexpr int kSigStop = 19;
inline constexpr int kSigTstp = 20;
inline constexpr int kSigTtin = 21;
inline constexpr int kSigTtou = 22;
inline constexpr int kSigUrg = 23;
inline constexpr int kSigXcpu = 24;
inline constexpr int kSigXfsz = 25;
inline constexpr int kSigVtalrm = 26;
inline constexpr int kSigProf = 27;
inline constexpr int kSigWinch = 28;
inline constexpr int kSigIo = 29;
inline constexpr int kSigPwr = 30;
inline constexpr int kSigSys = 31;
inline constexpr int kSigRtMin = 32;
inline constexpr int kNsig = 64;  // _NSIG: the highest signal number

// Special handler values.
inline constexpr uint32_t kSigDfl = 0;
inline constexpr uint32_t kSigIgn = 1;
inline constexpr uint32_t kSigErr = 0xFFFFFFFF;  // signal(2)'s old-handler error value is -errno instead

// sa_flags (Linux arch/x86/include/uapi/asm/signal.h).
inline constexpr uint32_t kSaNocldstop = 0x00000001;
inline constexpr uint32_t kSaNocldwait = 0x00000002;
inline constexpr uint32_t kSaSiginfo = 0x00000004;
inline constexpr uint32_t kSaRestorer = 0x04000000;
inline constexpr uint32_t kSaOnstack = 0x08000000;
inline constexpr uint32_t kSaRestart = 0x10000000;
inline constexpr uint32_t kSaNodefer = 0x40000000;
inline constexpr uint32_t kSaResethand = 0x80000000;
// The flags Linux keeps and reports back (include/linux/signal_types.h UAPI_SA_FLAGS, without the
// arm64-only SA_EXPOSE_TAGBITS); unknown bits are accepted and dropped, as Linux 5.11+ does.
inline constexpr uint32_t kSaKnownFlags = kSaNocldstop | kSaNocldwait | kSaSiginfo | kSaRestorer | kSaOnstack |
                                          kSaRestart | kSaNodefer | kSaResethand;

// sigprocmask `how`.
inline constexpr uint32_t kSigBlock = 0;
inline constexpr uint32_t kSigUnblock = 1;
inline constexpr uint32_t kSigSetmask = 2;

// sigaltstack flags and sizes (Linux include/uapi/linux/signal.h, arch/x86/include/uapi/asm/signal.h).
inline constexpr int32_t kSsOnstack = 1;
inline constexpr int32_t kSsDisable = 2;
inline constexpr int32_t kSsAutodisarm = static_cast<int32_t>(1u << 31);
inline constexpr uint32_t kMinSigStkSz = 2048;

// si_code values (include/uapi/asm-generic/siginfo.h).
inline constexpr int32_t kSiUser = 0;
inline constexpr int32_t kSiKernel = 0x80;
inline constexpr int32_t kSiTkill = -6;
inline constexpr int32_t kIllIllopn = 2;
inline constexpr int32_t kFpeIntdiv = 1;
inline constexpr int32_t kFpeFltdiv = 3;
inline constexpr int32_t kFpeFltovf = 4;
inline constexpr int32_t kFpeFltund = 5;
inline constexpr int32_t kFpeFltres = 6;
inline constexpr int32_t kFpeFltinv = 7;
inline constexpr int32_t kFpeFltsub = 8;
inline constexpr int32_t kSegvMaperr = 1;
inline constexpr int32_t kSegvAccerr = 2;
inline constexpr int32_t kBusAdraln = 1;
inline constexpr int32_t kBusAdrerr = 2;
inline constexpr int32_t kTrapBrkpt = 1;
inline constexpr int32_t kTrapTrace = 2;
inline constexpr int32_t kCldExited = 1;
inline constexpr int32_t kCldKilled = 2;
inline constexpr int32_t kCldDumped = 3;
inline constexpr int32_t kCldStopped = 5;
inline constexpr int32_t kCldContinued = 6;

// sigset_t as the kernel sees it: _NSIG = 64 bits, signal n is bit n-1.
struct Sigset {
  uint32_t sig[2];
};
static_assert(sizeof(Sigset) == 8);

// struct sigaction as i386 rt_sigaction(2) passes it (Linux include/linux/signal_types.h with
// __ARCH_HAS_SA_RESTORER): handler, flags, restorer, then the mask.
struct KSigaction {
  uint32_t handler;
  uint32_t flags;
  uint32_t restorer;
  Sigset mask;
};
static_assert(sizeof(KSigaction) == 20);
static_assert(offsetof(KSigaction, mask) == 12);

// struct old_sigaction for sigaction(2), number 67 (Linux arch/x86/include/asm/signal.h): a one-word
// mask, and the mask before the flags.
struct OldSigaction {
  uint32_t handler;
  uint32_t mask;
  uint32_t flags;
  uint32_t restorer;
};
static_assert(sizeof(OldSigaction) == 16);

// stack_t (Linux arch/x86/include/uapi/asm/signal.h): sp, flags, size.
struct StackT {
  uint32_t ss_sp;
  int32_t ss_flags;
  uint32_t ss_size;
};
static_assert(sizeof(StackT) == 12);

// siginfo_t: 128 bytes; the union starts at 12 on i386. The fields Clockwork fills: si_pid/si_uid (kill,
// SIGCHLD), si_status/si_utime/si_stime (SIGCHLD) and si_addr (faults, aliasing si_pid).
struct Siginfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  uint32_t fields[29];  // the union: fields[0] = si_pid or si_addr, [1] si_uid, [2] si_status, ...
};
static_assert(sizeof(Siginfo) == 128);
inline constexpr uint32_t kSiPidOffset = 12;    // also si_addr
inline constexpr uint32_t kSiUidOffset = 16;
inline constexpr uint32_t kSiStatusOffset = 20; // SIGCHLD
inline constexpr uint32_t kSiUtimeOffset = 24;
inline constexpr uint32_t kSiStimeOffset = 28;

// struct sigcontext_32 (Linux arch/x86/include/uapi/asm/sigcontext.h): selectors as 16-bit fields with
// a 16-bit pad each; the pads are written 0 and ignored on return.
struct Sigcontext {
  uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
  uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
  uint32_t trapno, err, eip;
  uint16_t cs, csh;
  uint32_t eflags, esp_at_signal;
  uint16_t ss, ssh;
  uint32_t fpstate;  // user address of the FPU state; 0: none saved (docs/signals.md)
  uint32_t oldmask;  // the low word of the mask to restore (sigframe only; rt frames use uc_sigmask)
  uint32_t cr2;
};
static_assert(sizeof(Sigcontext) == 88);
static_assert(offsetof(Sigcontext, edi) == 16 && offsetof(Sigcontext, eax) == 44);
static_assert(offsetof(Sigcontext, eip) == 56 && offsetof(Sigcontext, cs) == 60);
static_assert(offsetof(Sigcontext, eflags) == 64 && offsetof(Sigcontext, ss) == 72);
static_assert(offsetof(Sigcontext, fpstate) == 76 && offsetof(Sigcontext, cr2) == 84);

// struct ucontext as i386 lays it out (Linux arch/x86/include/asm/sigframe.h, ucontext_ia32).
struct Ucontext {
  uint32_t uc_flags;
  uint32_t uc_link;
  StackT uc_stack;
  Sigcontext uc_mcontext;
  Sigset uc_sigmask;
};
static_assert(sizeof(Ucontext) == 116);
static_assert(offsetof(Ucontext, uc_mcontext) == 20 && offsetof(Ucontext, uc_sigmask) == 108);

// struct _fpstate_32's size: the sigframe keeps an unused one in place (Linux keeps it so extramask's
// offset never moves); Clockwork writes it zeroed.
inline constexpr uint32_t kFpstate32Size = 624;

// struct sigframe (no SA_SIGINFO): the handler is entered with esp at `pretcode`, so it sees `sig` as
// its argument.
struct Sigframe {
  uint32_t pretcode;  // the return address: sa_restorer, or &retcode
  int32_t sig;
  Sigcontext sc;
  uint8_t fpstate_unused[kFpstate32Size];
  uint32_t extramask;  // the high word of the mask to restore
  uint8_t retcode[8];  // popl %eax; movl $119,%eax; int $0x80
};
static_assert(sizeof(Sigframe) == 732);
static_assert(offsetof(Sigframe, sc) == 8 && offsetof(Sigframe, extramask) == 720);
static_assert(offsetof(Sigframe, retcode) == 724);

// struct rt_sigframe (SA_SIGINFO): handler(sig, &info, &uc).
struct RtSigframe {
  uint32_t pretcode;
  int32_t sig;
  uint32_t pinfo;  // &info
  uint32_t puc;    // &uc
  Siginfo info;
  Ucontext uc;
  uint8_t retcode[8];  // movl $173,%eax; int $0x80; one pad byte
};
static_assert(sizeof(RtSigframe) == 268);
static_assert(offsetof(RtSigframe, info) == 16 && offsetof(RtSigframe, uc) == 144);
static_assert(offsetof(RtSigframe, retcode) == 260);

// The sigreturn trampolines Linux writes in retcode (arch/x86/kernel/signal_32.c retcode, rt_retcode).
inline constexpr uint8_t kSigreturnCode[8] = {0x58, 0xB8, 119, 0, 0, 0, 0xCD, 0x80};
inline constexpr uint8_t kRtSigreturnCode[8] = {0xB8, 173, 0, 0, 0, 0xCD, 0x80, 0};

}  // namespace cw::abi
