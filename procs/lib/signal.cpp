#include "procs/lib/signal.h"

#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"

namespace cw::sys {

namespace {
constexpr uint32_t kSigsetSize = sizeof(abi::Sigset);
Result<void> to_void(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return {};
}
}  // namespace

int32_t raw_rt_sigaction(int sig, uint32_t act, uint32_t old, uint32_t size) {
  return raw_syscall4(abi::Syscall::RtSigaction, static_cast<uint32_t>(sig), act, old, size);
}

int32_t raw_rt_sigprocmask(uint32_t how, uint32_t set, uint32_t old, uint32_t size) {
  return raw_syscall4(abi::Syscall::RtSigprocmask, how, set, old, size);
}

Result<void> sigaction(int sig, const abi::KSigaction* act, abi::KSigaction* old) {
  return to_void(raw_rt_sigaction(sig, reg(act), reg(old), kSigsetSize));
}

Result<void> old_sigaction(int sig, const abi::OldSigaction* act, abi::OldSigaction* old) {
  return to_void(raw_syscall3(abi::Syscall::Sigaction, static_cast<uint32_t>(sig), reg(act), reg(old)));
}

Result<uint32_t> signal(int sig, uint32_t handler) {
  return to_result(raw_syscall2(abi::Syscall::Signal, static_cast<uint32_t>(sig), handler));
}

Result<void> sigprocmask(uint32_t how, const abi::Sigset* set, abi::Sigset* old) {
  return to_void(raw_rt_sigprocmask(how, reg(set), reg(old), kSigsetSize));
}

Result<void> old_sigprocmask(uint32_t how, const uint32_t* set, uint32_t* old) {
  return to_void(raw_syscall3(abi::Syscall::Sigprocmask, how, reg(set), reg(old)));
}

Result<void> sigpending(abi::Sigset* out) {
  return to_void(raw_syscall2(abi::Syscall::RtSigpending, reg(out), kSigsetSize));
}

int32_t sigsuspend(const abi::Sigset& mask) {
  return raw_syscall2(abi::Syscall::RtSigsuspend, reg(&mask), kSigsetSize);
}

int32_t pause() { return raw_syscall0(abi::Syscall::Pause); }

uint32_t alarm(uint32_t seconds) { return static_cast<uint32_t>(raw_syscall1(abi::Syscall::Alarm, seconds)); }

Result<void> sigaltstack(const abi::StackT* stack, abi::StackT* old) {
  return to_void(raw_syscall2(abi::Syscall::Sigaltstack, reg(stack), reg(old)));
}

Result<void> tgkill(int tgid, int tid, int sig) {
  return to_void(raw_syscall3(abi::Syscall::Tgkill, static_cast<uint32_t>(tgid), static_cast<uint32_t>(tid),
                              static_cast<uint32_t>(sig)));
}

Result<void> tkill(int tid, int sig) {
  return to_void(raw_syscall2(abi::Syscall::Tkill, static_cast<uint32_t>(tid), static_cast<uint32_t>(sig)));
}

}  // namespace cw::sys

namespace cw::user {

namespace {
Result<void> install(int sig, uint32_t handler, uint32_t flags, abi::Sigset mask) {
  bool rt = (flags & abi::kSaSiginfo) != 0;
  uint32_t restorer = rt ? sys::reg(&cw_rt_sigreturn_restorer) : sys::reg(&cw_sigreturn_restorer);
  abi::KSigaction act{handler, flags | abi::kSaRestorer, restorer, mask};
  return sys::sigaction(sig, &act, nullptr);
}
}  // namespace

Result<void> catch_signal(int sig, Handler handler, uint32_t flags, abi::Sigset mask) {
  return install(sig, sys::reg(handler), flags & ~abi::kSaSiginfo, mask);
}

Result<void> catch_signal_info(int sig, InfoHandler handler, uint32_t flags, abi::Sigset mask) {
  return install(sig, sys::reg(handler), flags | abi::kSaSiginfo, mask);
}

Result<void> set_disposition(int sig, uint32_t handler) {
  abi::KSigaction act{handler, 0, 0, {}};
  return sys::sigaction(sig, &act, nullptr);
}

abi::Sigset blocked_now() {
  abi::Sigset s{};
  (void)sys::sigprocmask(abi::kSigBlock, nullptr, &s);
  return s;
}

void siglongjmp(JmpBuf* env, int value) {
  if (env->save_mask) (void)sys::sigprocmask(abi::kSigSetmask, &env->mask, nullptr);
  cw_longjmp(env, value);
}

}  // namespace cw::user
