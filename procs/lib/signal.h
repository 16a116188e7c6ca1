// Signals for user programs: raw wrappers of the Linux i386 signal calls (docs/abi.md, docs/signals.md),
// the sigreturn restorers handlers return through, and setjmp/longjmp (with sigsetjmp/siglongjmp) to
// leave a handler for good.
#pragma once

#include <cstdint>

#include "lib/abi/signal.h"
#include "lib/result.h"

namespace cw::sys {

// rt_sigaction(sig, act, old, 8): act and old may be null.
Result<void> sigaction(int sig, const abi::KSigaction* act, abi::KSigaction* old);
// sigaction(67), the old call with a one-word mask.
Result<void> old_sigaction(int sig, const abi::OldSigaction* act, abi::OldSigaction* old);
// signal(48): returns the previous handler.
Result<uint32_t> signal(int sig, uint32_t handler);
Result<void> sigprocmask(uint32_t how, const abi::Sigset* set, abi::Sigset* old);
Result<void> old_sigprocmask(uint32_t how, const uint32_t* set, uint32_t* old);
Result<void> sigpending(abi::Sigset* out);
// rt_sigsuspend: returns the (negative) raw result, -EINTR after a handler ran.
int32_t sigsuspend(const abi::Sigset& mask);
int32_t pause();
// alarm(2): the seconds left of the previous alarm.
uint32_t alarm(uint32_t seconds);
Result<void> sigaltstack(const abi::StackT* stack, abi::StackT* old);
Result<void> tgkill(int tgid, int tid, int sig);
Result<void> tkill(int tid, int sig);
// The raw calls, for passing exact (also bad) arguments.
int32_t raw_rt_sigaction(int sig, uint32_t act, uint32_t old, uint32_t size);
int32_t raw_rt_sigprocmask(uint32_t how, uint32_t set, uint32_t old, uint32_t size);

}  // namespace cw::sys

// The restorers sa_restorer points at (signal_asm.asm): `popl %eax; movl $119,%eax; int $0x80` for a
// sigframe, `movl $173,%eax; int $0x80` for an rt_sigframe, as glibc's __restore and __restore_rt.
extern "C" void cw_sigreturn_restorer();
extern "C" void cw_rt_sigreturn_restorer();

namespace cw::user {

using Handler = void (*)(int);
using InfoHandler = void (*)(int, abi::Siginfo*, void*);

constexpr abi::Sigset sigset_of(int sig) {
  return sig <= 32 ? abi::Sigset{{1u << (sig - 1), 0}} : abi::Sigset{{0, 1u << (sig - 33)}};
}
constexpr bool sigset_has(const abi::Sigset& s, int sig) { return (s.sig[(sig - 1) / 32] >> ((sig - 1) % 32)) & 1; }

// Installs a handler through rt_sigaction with SA_RESTORER and the matching restorer, as glibc does.
Result<void> catch_signal(int sig, Handler handler, uint32_t flags = 0, abi::Sigset mask = {});
Result<void> catch_signal_info(int sig, InfoHandler handler, uint32_t flags = 0, abi::Sigset mask = {});
Result<void> set_disposition(int sig, uint32_t handler);  // SIG_DFL or SIG_IGN
abi::Sigset blocked_now();

// setjmp/longjmp (signal_asm.asm). The saved state is the callee-saved registers, esp and the return
// address; sigsetjmp with save_mask also keeps the signal mask, which siglongjmp restores.
struct JmpBuf {
  uint32_t ebx, esi, edi, ebp, esp, eip;
  uint32_t save_mask;
  abi::Sigset mask;
};

}  // namespace cw::user

extern "C" __attribute__((returns_twice)) int cw_sigsetjmp(cw::user::JmpBuf* env, int save_mask);
extern "C" [[noreturn]] void cw_longjmp(cw::user::JmpBuf* env, int value);

namespace cw::user {
// Restores the mask if `env` saved one, then jumps; `value` 0 becomes 1, as longjmp's.
[[noreturn]] void siglongjmp(JmpBuf* env, int value);
}  // namespace cw::user
