// t_signal: POSIX signals with the Linux i386 ABI (kernel/signal/, docs/signals.md). Only Linux calls,
// so the same binary runs on a Linux host (tests/host/userlib.cmake) and must print the same lines.
// `t_signal N` runs step N alone, `t_signal N M` steps N to M; `t_signal sigint` is the console check of
// case signal-console (ctrl-C caught while reading, with and without SA_RESTART); `t_signal mbox` checks
// mbox_recv cut short by a handler (Clockwork's own call), also in signal-console.
//   1. a caught signal runs its handler (sigframe, sa_restorer) and the interrupted code goes on;
//      signal(2) installs a one-shot handler returning through the frame's own retcode
//   2. SA_SIGINFO: si_signo, si_code (SI_USER for kill, SI_TKILL for tgkill), si_pid, the ucontext's
//      mask, and edx/ecx-style pointers that reach the same info and ucontext
//   3. during a handler its signal and sa_mask are blocked, and a signal it raises waits until it returns
//   4. SA_NODEFER lets the handler be interrupted by its own signal; SA_RESETHAND restores SIG_DFL
//   5. a blocked signal stays pending (rt_sigpending, old sigprocmask) and arrives when unblocked
//   6. rt_sigsuspend waits with a temporary mask, returns EINTR after the handler, restores the mask; a
//      signal that is ignored when taken does not end it
//   7. SIGSEGV handler: si_code SEGV_MAPERR/SEGV_ACCERR and si_addr; siglongjmp out, twice
//   8. handlers that fix the cause and return to retry: brk() maps the missing page; a register is
//      rewritten in the ucontext; ud2 is skipped by moving eip
//   9. int3, ud2 and a divide error raise SIGTRAP (SI_KERNEL), SIGILL (ILL_ILLOPN) and SIGFPE (FPE_INTDIV)
//  10. stack overflow by recursion is caught on the alternate stack (sigaltstack, SA_ONSTACK); with
//      SS_AUTODISARM the alternate stack is off during the handler and restored by rt_sigreturn
//  11. SIGCHLD: CLD_EXITED and CLD_KILLED with si_pid and si_status; SIG_IGN reaps children itself
//  12. default actions: SIGTERM kills, SIGCHLD/SIGURG/SIGWINCH are ignored, a fault with its signal
//      blocked or ignored, or inside its own handler, kills; kill(pid, 0); SIGKILL ends a sigsuspend
//      that blocks everything
//  13. a handler cuts nanosleep short with EINTR (also with SA_RESTART); waitpid returns EINTR without
//      SA_RESTART and is restarted with it
//  14. an unusable stack for the handler kills with SIGSEGV; so does a forged sigreturn frame, and
//      sigreturn keeps the privileged EFLAGS bits
//  15. errors: EINVAL (SIGKILL/SIGSTOP actions, bad signal numbers, sizes, `how`, sigaltstack flags),
//      ENOMEM (small alternate stack), EPERM (changing it while on it), ESRCH, EFAULT (bad pointers)
//  16. alarm: SIGALRM ends pause; the seconds left; alarm(0) cancels; a forked child has none
#include <cstdint>
#include <initializer_list>

#include "lib/abi/signal.h"
#include "lib/string_view.h"
#include "procs/lib/args.h"
#include "procs/lib/print.h"
#include "procs/lib/signal.h"
#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kPage = 4096;
constexpr uintptr_t kUnmapped = 0x60000000;

volatile int hits = 0;
volatile int last_sig = 0;
volatile int depth = 0;
volatile int max_depth = 0;
abi::Siginfo last_info;
abi::Sigset mask_in_handler;
abi::Sigset uc_mask;
volatile uint32_t order[4];
volatile int order_count = 0;

void note(uint32_t value) {
  int i = order_count;
  if (i < 4) order[i] = value;
  order_count = i + 1;
}

void reset() {
  hits = 0;
  last_sig = 0;
  depth = 0;
  max_depth = 0;
  order_count = 0;
}

int self() { return sys::getpid(); }

void raise(int sig) {
  auto r = sys::kill(self(), sig);
  check(static_cast<bool>(r), "kill(self, {}) failed", sig);
}

void counting_handler(int sig) {
  hits = hits + 1;
  last_sig = sig;
  mask_in_handler = blocked_now();
  note(static_cast<uint32_t>(sig));
}

void info_handler(int sig, abi::Siginfo* info, void* uc) {
  hits = hits + 1;
  last_sig = sig;
  last_info = *info;
  uc_mask = static_cast<abi::Ucontext*>(uc)->uc_sigmask;
}

void expect_ok(const Result<void>& r, const char* what) { check(static_cast<bool>(r), "{} failed", what); }

void expect_error(int32_t raw, Error e, const char* what) {
  check(raw == -static_cast<int32_t>(e), "{}: got {}, expected -{}", what, raw, static_cast<int>(e));
}
void expect_error(const Result<void>& r, Error e, const char* what) {
  check(!r && r.error() == e, "{}: expected error {}", what, static_cast<int>(e));
}

uint32_t handler_of(int sig) {
  abi::KSigaction old{};
  expect_ok(sys::sigaction(sig, nullptr, &old), "sigaction query");
  return old.handler;
}

int fork_or_fail() {
  flush_output();
  auto pid = sys::fork();
  if (!pid) fail_test("fork: {}", pid.error());
  return pid.value();
}

int wait_for(int pid) {
  int status = 0;
  for (;;) {
    auto r = sys::waitpid(pid, &status, 0);
    if (r && r.value() == pid) return status;
    if (!r && r.error() == Error::Interrupted) continue;
    fail_test("waitpid({}) failed", pid);
  }
}

void expect_child_signal(int pid, int sig, const char* what) {
  int status = wait_for(pid);
  check(WIFSIGNALED(status) && WTERMSIG(status) == sig, "{}: child status {:#x}, expected signal {}", what, status,
        sig);
}

void expect_child_ok(int pid, const char* what) {
  int status = wait_for(pid);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "{}: child status {:#x}", what, status);
}

void sleep_ms(uint32_t ms) {
  abi::Timespec t{static_cast<int32_t>(ms / 1000), static_cast<int32_t>(ms % 1000) * 1000000};
  while (!sys::nanosleep(&t, &t)) {
  }
}

// A child that sends `sig` to the parent after `ms` and exits.
int signal_parent_later(int sig, uint32_t ms) {
  int parent = self();
  int pid = fork_or_fail();
  if (pid == 0) {
    sleep_ms(ms);
    (void)sys::kill(parent, sig);
    sys::exit(0);
  }
  return pid;
}

// --- 1 ---------------------------------------------------------------------------------------------------
void handler_runs_and_returns() {
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, counting_handler), "catch SIGUSR1");
  volatile uint32_t before = 0x12345678;
  raise(abi::kSigUsr1);
  check(hits == 1 && last_sig == abi::kSigUsr1, "handler ran {} times, sig {}", hits, last_sig);
  check(before == 0x12345678, "a local changed across the handler");
  // signal(2): SA_RESETHAND | SA_NODEFER and no restorer, so the kernel's retcode returns.
  auto old = sys::signal(abi::kSigUsr2, sys::reg(&counting_handler));
  check(old && old.value() == abi::kSigDfl, "signal(SIGUSR2) old handler");
  raise(abi::kSigUsr2);
  check(hits == 2 && last_sig == abi::kSigUsr2, "signal(2) handler: hits {}", hits);
  check(handler_of(abi::kSigUsr2) == abi::kSigDfl, "signal(2) handler is one-shot");
  msg("1. a caught signal runs its handler and returns; signal(2) is one-shot through the frame's retcode");
}

// --- 2 ---------------------------------------------------------------------------------------------------
abi::Siginfo* seen_info_pointer;
void* seen_uc;
void pointer_handler(int, abi::Siginfo* info, void* uc) {
  seen_info_pointer = info;
  seen_uc = uc;
  last_info = *info;
  uc_mask = static_cast<abi::Ucontext*>(uc)->uc_sigmask;
}

void siginfo_fields() {
  reset();
  expect_ok(catch_signal_info(abi::kSigUsr1, info_handler), "catch SIGUSR1 with SA_SIGINFO");
  abi::Sigset hup = sigset_of(abi::kSigHup);
  expect_ok(sys::sigprocmask(abi::kSigBlock, &hup, nullptr), "block SIGHUP");
  raise(abi::kSigUsr1);
  check(hits == 1, "rt handler did not run");
  check(last_info.si_signo == abi::kSigUsr1 && last_info.si_code == abi::kSiUser, "kill: signo {} code {}",
        last_info.si_signo, last_info.si_code);
  check(static_cast<int>(last_info.fields[0]) == self() && last_info.fields[1] == 0, "kill: si_pid {} si_uid {}",
        last_info.fields[0], last_info.fields[1]);
  check(uc_mask.sig[0] == hup.sig[0] && uc_mask.sig[1] == 0, "uc_sigmask {:#x}: the mask before the handler",
        uc_mask.sig[0]);
  expect_ok(sys::sigprocmask(abi::kSigUnblock, &hup, nullptr), "unblock SIGHUP");
  expect_ok(sys::tgkill(self(), self(), abi::kSigUsr1), "tgkill");
  check(hits == 2 && last_info.si_code == abi::kSiTkill, "tgkill: si_code {}", last_info.si_code);
  expect_ok(sys::tkill(self(), abi::kSigUsr1), "tkill");
  check(hits == 3 && last_info.si_code == abi::kSiTkill, "tkill: si_code {}", last_info.si_code);
  // The handler's pointers are the frame's: info sits 16 bytes above the return address, uc 144.
  expect_ok(catch_signal_info(abi::kSigUsr2, pointer_handler), "catch SIGUSR2");
  raise(abi::kSigUsr2);
  uint32_t gap = sys::reg(seen_uc) - sys::reg(seen_info_pointer);
  check(gap == 128 && last_info.si_signo == abi::kSigUsr2, "ucontext {} bytes after siginfo", gap);
  msg("2. SA_SIGINFO handlers get si_signo, si_code, si_pid and the ucontext with the old mask");
}

// --- 3 ---------------------------------------------------------------------------------------------------
void raising_handler(int sig) {
  mask_in_handler = blocked_now();
  note(static_cast<uint32_t>(sig));
  if (sig == abi::kSigUsr1) {
    raise(abi::kSigUsr2);  // blocked by sa_mask: must wait
    abi::Sigset pending{};
    expect_ok(sys::sigpending(&pending), "sigpending in handler");
    check(sigset_has(pending, abi::kSigUsr2), "SIGUSR2 not pending inside the SIGUSR1 handler");
    note(100);  // marks the end of the SIGUSR1 handler
  }
}

void mask_during_handler() {
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, raising_handler, 0, sigset_of(abi::kSigUsr2)), "catch SIGUSR1");
  expect_ok(catch_signal(abi::kSigUsr2, counting_handler), "catch SIGUSR2");
  abi::Sigset outer_mask{};
  raise(abi::kSigUsr1);
  check(order_count == 3 && order[0] == 10 && order[1] == 100 && order[2] == 12, "order {} {} {} ({} entries)",
        order[0], order[1], order[2], order_count);
  (void)outer_mask;
  // mask_in_handler was last written by the SIGUSR2 handler: SIGUSR2 itself blocked there.
  check(sigset_has(mask_in_handler, abi::kSigUsr2), "SIGUSR2 not blocked in its own handler");
  abi::Sigset now = blocked_now();
  check(now.sig[0] == 0 && now.sig[1] == 0, "mask after the handlers {:#x}", now.sig[0]);
  msg("3. a handler runs with its signal and sa_mask blocked; what it raises waits until it returns");
}

// --- 4 ---------------------------------------------------------------------------------------------------
void nested_handler(int sig) {
  depth = depth + 1;
  if (depth > max_depth) max_depth = depth;
  mask_in_handler = blocked_now();
  hits = hits + 1;
  if (hits == 1) raise(sig);  // once: without SA_NODEFER it is delivered after this handler returns
  depth = depth - 1;
}

void nodefer_and_resethand() {
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, nested_handler, abi::kSaNodefer), "catch SIGUSR1 SA_NODEFER");
  raise(abi::kSigUsr1);
  check(max_depth == 2 && !sigset_has(mask_in_handler, abi::kSigUsr1), "SA_NODEFER: depth {}", max_depth);
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, nested_handler), "catch SIGUSR1");
  raise(abi::kSigUsr1);
  check(max_depth == 1 && hits == 2, "without SA_NODEFER: depth {}, {} runs", max_depth, hits);
  reset();
  expect_ok(catch_signal(abi::kSigUsr2, counting_handler, abi::kSaResethand), "catch SIGUSR2 SA_RESETHAND");
  raise(abi::kSigUsr2);
  check(hits == 1 && handler_of(abi::kSigUsr2) == abi::kSigDfl, "SA_RESETHAND: disposition not SIG_DFL");
  msg("4. SA_NODEFER lets a handler nest in itself; SA_RESETHAND restores SIG_DFL");
}

// --- 5 ---------------------------------------------------------------------------------------------------
void blocked_then_delivered() {
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, counting_handler), "catch SIGUSR1");
  abi::Sigset usr1 = sigset_of(abi::kSigUsr1);
  abi::Sigset old{};
  expect_ok(sys::sigprocmask(abi::kSigBlock, &usr1, &old), "block SIGUSR1");
  raise(abi::kSigUsr1);
  raise(abi::kSigUsr1);  // standard signals do not queue: one delivery
  check(hits == 0, "a blocked signal was delivered");
  abi::Sigset pending{};
  expect_ok(sys::sigpending(&pending), "sigpending");
  check(sigset_has(pending, abi::kSigUsr1), "SIGUSR1 not pending");
  expect_ok(sys::sigprocmask(abi::kSigSetmask, &old, nullptr), "unblock");
  check(hits == 1, "after unblocking: {} deliveries", hits);
  // The old sigprocmask (126) on the low word.
  uint32_t low = 1u << (abi::kSigUsr1 - 1);
  uint32_t before = 0;
  expect_ok(sys::old_sigprocmask(abi::kSigBlock, &low, &before), "old sigprocmask block");
  raise(abi::kSigUsr1);
  check(hits == 1, "old sigprocmask did not block");
  expect_ok(sys::old_sigprocmask(abi::kSigUnblock, &low, nullptr), "old sigprocmask unblock");
  check(hits == 2 && before == 0, "old sigprocmask: hits {}, old mask {:#x}", hits, before);
  // SIGKILL and SIGSTOP cannot be blocked: silently left out.
  abi::Sigset all{{0xFFFFFFFF, 0xFFFFFFFF}};
  abi::Sigset got{};
  expect_ok(sys::sigprocmask(abi::kSigSetmask, &all, &old), "block everything");
  expect_ok(sys::sigprocmask(abi::kSigSetmask, &old, &got), "restore");
  check(!sigset_has(got, abi::kSigKill) && !sigset_has(got, abi::kSigStop) && sigset_has(got, abi::kSigUsr1),
        "blocking all: mask {:#x}", got.sig[0]);
  msg("5. a blocked signal stays pending, once, and arrives when unblocked; SIGKILL/SIGSTOP never block");
}

// --- 6 ---------------------------------------------------------------------------------------------------
void sigsuspend_waits() {
  reset();
  expect_ok(catch_signal(abi::kSigUsr1, counting_handler), "catch SIGUSR1");
  abi::Sigset usr1 = sigset_of(abi::kSigUsr1);
  expect_ok(sys::sigprocmask(abi::kSigBlock, &usr1, nullptr), "block SIGUSR1");
  int child = signal_parent_later(abi::kSigUsr1, 100);
  abi::Sigset none{};
  int32_t r = sys::sigsuspend(none);
  check(r == -static_cast<int32_t>(Error::Interrupted) && hits == 1, "sigsuspend returned {}, hits {}", r, hits);
  check(!sigset_has(mask_in_handler, abi::kSigUsr2) && sigset_has(mask_in_handler, abi::kSigUsr1),
        "mask in the handler");
  abi::Sigset now = blocked_now();
  check(sigset_has(now, abi::kSigUsr1), "sigsuspend did not restore the mask");
  expect_child_ok(child, "signalling child");
  // A signal that turns out ignored when taken (a blocked SIGCHLD, default ignore) does not end the wait:
  // rt_sigsuspend is restarted and the handled SIGUSR1 after it ends it.
  reset();
  abi::Sigset chld = sigset_of(abi::kSigChld);
  expect_ok(sys::sigprocmask(abi::kSigBlock, &chld, nullptr), "block SIGCHLD");
  int quick = fork_or_fail();
  if (quick == 0) sys::exit(0);
  child = signal_parent_later(abi::kSigUsr1, 150);
  r = sys::sigsuspend(none);
  check(r == -static_cast<int32_t>(Error::Interrupted) && hits == 1, "sigsuspend ended by an ignored SIGCHLD");
  expect_child_ok(quick, "quick child");
  expect_child_ok(child, "signalling child");
  expect_ok(sys::sigprocmask(abi::kSigUnblock, &chld, nullptr), "unblock SIGCHLD");
  expect_ok(sys::sigprocmask(abi::kSigUnblock, &usr1, nullptr), "unblock SIGUSR1");
  msg("6. rt_sigsuspend waits with a temporary mask, returns EINTR after the handler, restores the mask");
  msg("6. a signal ignored when taken does not end rt_sigsuspend");
}

// --- 7 ---------------------------------------------------------------------------------------------------
JmpBuf escape;
volatile int32_t fault_code = 0;
volatile uint32_t fault_addr = 0;

void segv_escape(int, abi::Siginfo* info, void*) {
  fault_code = info->si_code;
  fault_addr = info->fields[0];
  siglongjmp(&escape, 1);
}

void t_signal_text_target() {}

void segv_handler_escapes() {
  expect_ok(catch_signal_info(abi::kSigSegv, segv_escape), "catch SIGSEGV");
  volatile uint32_t* unmapped = reinterpret_cast<volatile uint32_t*>(kUnmapped + 0x10);
  if (cw_sigsetjmp(&escape, 1) == 0) {
    (void)*unmapped;
    fail_test("reading unmapped memory did not fault");
  }
  check(fault_code == abi::kSegvMaperr && fault_addr == kUnmapped + 0x10, "read: code {} addr {:#x}", fault_code,
        fault_addr);
  check(!sigset_has(blocked_now(), abi::kSigSegv), "siglongjmp did not restore the mask");
  auto* text = reinterpret_cast<volatile uint8_t*>(sys::reg(&t_signal_text_target));
  if (cw_sigsetjmp(&escape, 1) == 0) {
    *text = 0xC3;
    fail_test("writing the text did not fault");
  }
  check(fault_code == abi::kSegvAccerr && fault_addr == sys::reg(text), "write: code {} addr {:#x}", fault_code,
        fault_addr);
  expect_ok(set_disposition(abi::kSigSegv, abi::kSigDfl), "SIGSEGV to default");
  msg("7. a SIGSEGV handler sees SEGV_MAPERR/SEGV_ACCERR and si_addr, and siglongjmps out, twice");
}

// --- 8 ---------------------------------------------------------------------------------------------------
volatile uint32_t fix_count = 0;
uint32_t good_word = 0xC0FFEE;

void brk_fixer(int, abi::Siginfo* info, void*) {
  fix_count = fix_count + 1;
  uint32_t want = (info->fields[0] & ~(kPage - 1)) + kPage;
  sys::brk(want);  // maps the page; returning retries the access
}

void register_fixer(int, abi::Siginfo*, void* uc) {
  fix_count = fix_count + 1;
  static_cast<abi::Ucontext*>(uc)->uc_mcontext.ecx = sys::reg(&good_word);
}

void ud2_skipper(int, abi::Siginfo*, void* uc) {
  fix_count = fix_count + 1;
  static_cast<abi::Ucontext*>(uc)->uc_mcontext.eip += 2;  // ud2 is 0F 0B
}

void handlers_fix_and_retry() {
  fix_count = 0;
  expect_ok(catch_signal_info(abi::kSigSegv, brk_fixer), "catch SIGSEGV");
  uint32_t end = sys::brk(0);
  uint32_t target = ((end + kPage - 1) & ~(kPage - 1)) + kPage;  // a page beyond the break
  *reinterpret_cast<volatile uint32_t*>(target) = 77;
  check(fix_count == 1 && *reinterpret_cast<volatile uint32_t*>(target) == 77, "brk fix: {} faults", fix_count);
  sys::brk(end);
  expect_ok(catch_signal_info(abi::kSigSegv, register_fixer), "catch SIGSEGV");
  uint32_t value = 0;
  asm volatile("movl %1, %%ecx\n\tmovl (%%ecx), %0" : "=r"(value) : "i"(kUnmapped) : "ecx", "memory");
  check(fix_count == 2 && value == 0xC0FFEE, "register fix: read {:#x}", value);
  expect_ok(catch_signal_info(abi::kSigIll, ud2_skipper), "catch SIGILL");
  asm volatile("ud2");
  check(fix_count == 3, "ud2 not skipped");
  expect_ok(set_disposition(abi::kSigSegv, abi::kSigDfl), "SIGSEGV to default");
  expect_ok(set_disposition(abi::kSigIll, abi::kSigDfl), "SIGILL to default");
  msg("8. handlers fix the cause (brk, a register in the ucontext, eip past ud2) and the access is retried");
}

// --- 9 ---------------------------------------------------------------------------------------------------
volatile int zero = 0;
volatile uint32_t trap_eip = 0;
void trap_catcher(int sig, abi::Siginfo* info, void* uc) {
  last_sig = sig;
  last_info = *info;
  trap_eip = static_cast<abi::Ucontext*>(uc)->uc_mcontext.eip;
  siglongjmp(&escape, 1);
}

extern "C" void t_signal_ud2_at();
void fault_signals() {
  expect_ok(catch_signal_info(abi::kSigTrap, trap_catcher), "catch SIGTRAP");
  expect_ok(catch_signal_info(abi::kSigIll, trap_catcher), "catch SIGILL");
  expect_ok(catch_signal_info(abi::kSigFpe, trap_catcher), "catch SIGFPE");
  if (cw_sigsetjmp(&escape, 1) == 0) asm volatile("int3");
  check(last_sig == abi::kSigTrap && last_info.si_code == abi::kSiKernel, "int3: sig {} code {}", last_sig,
        last_info.si_code);
  if (cw_sigsetjmp(&escape, 1) == 0) asm volatile(".globl t_signal_ud2_at\nt_signal_ud2_at: ud2");
  check(last_sig == abi::kSigIll && last_info.si_code == abi::kIllIllopn &&
            last_info.fields[0] == sys::reg(&t_signal_ud2_at) && trap_eip == sys::reg(&t_signal_ud2_at),
        "ud2: sig {} code {} addr {:#x}", last_sig, last_info.si_code, last_info.fields[0]);
  if (cw_sigsetjmp(&escape, 1) == 0) {
    volatile int r = 10 / zero;
    (void)r;
  }
  check(last_sig == abi::kSigFpe && last_info.si_code == abi::kFpeIntdiv && last_info.fields[0] == trap_eip,
        "divide: sig {} code {}", last_sig, last_info.si_code);
  for (int sig : {abi::kSigTrap, abi::kSigIll, abi::kSigFpe}) expect_ok(set_disposition(sig, abi::kSigDfl), "reset");
  msg("9. int3, ud2 and divide by zero raise SIGTRAP (SI_KERNEL), SIGILL (ILL_ILLOPN), SIGFPE (FPE_INTDIV)");
}

// --- 10 --------------------------------------------------------------------------------------------------
alignas(16) uint8_t alt_stack[16 * 1024];
volatile uint32_t handler_local_at = 0;
volatile int32_t handler_altstack_flags = -1;
volatile int32_t handler_set_error = 0;

void overflow_handler(int, abi::Siginfo* info, void* uc) {
  int local = 0;
  handler_local_at = sys::reg(&local);
  fault_code = info->si_code;
  abi::StackT now{};
  (void)sys::sigaltstack(nullptr, &now);
  handler_altstack_flags = now.ss_flags;
  abi::StackT change{sys::reg(alt_stack), 0, sizeof(alt_stack)};
  auto set = sys::sigaltstack(&change, nullptr);
  handler_set_error = set ? 0 : static_cast<int32_t>(set.error());
  check(static_cast<abi::Ucontext*>(uc)->uc_stack.ss_sp == sys::reg(alt_stack), "uc_stack.ss_sp");
  siglongjmp(&escape, 1);
}

volatile uint32_t never = 0xFFFFFFFF;  // the recursion's "end", which the stack never reaches

void disarmed_handler(int, abi::Siginfo*, void*) {
  int local = 0;
  handler_local_at = sys::reg(&local);
  abi::StackT now{};
  (void)sys::sigaltstack(nullptr, &now);
  handler_altstack_flags = now.ss_flags;
}

uint32_t recurse(uint32_t n) {
  volatile uint8_t page[kPage - 64];
  page[0] = static_cast<uint8_t>(n);
  if (n == never) return 0;
  return recurse(n + 1) + page[0];
}

void altstack_catches_overflow() {
  int pid = fork_or_fail();
  if (pid == 0) {
    abi::StackT ss{sys::reg(alt_stack), 0, sizeof(alt_stack)};
    expect_ok(sys::sigaltstack(&ss, nullptr), "sigaltstack");
    expect_ok(catch_signal_info(abi::kSigSegv, overflow_handler, abi::kSaOnstack), "catch SIGSEGV on the alt stack");
    if (cw_sigsetjmp(&escape, 1) == 0) {
      (void)recurse(0);
      fail_test("infinite recursion returned");
    }
    uint32_t base = sys::reg(alt_stack);
    check(handler_local_at > base && handler_local_at < base + sizeof(alt_stack), "handler ran at {:#x}, not on the alt stack",
          handler_local_at);
    check(fault_code == abi::kSegvMaperr, "overflow si_code {}", fault_code);
    check(handler_altstack_flags == abi::kSsOnstack, "sigaltstack in the handler: flags {}", handler_altstack_flags);
    check(handler_set_error == static_cast<int32_t>(Error::Permission), "changing the alt stack on it: {}",
          handler_set_error);
    abi::StackT now{};
    expect_ok(sys::sigaltstack(nullptr, &now), "sigaltstack query");
    check(now.ss_flags == 0 && now.ss_sp == base && now.ss_size == sizeof(alt_stack), "after: flags {}", now.ss_flags);
    sys::exit(0);
  }
  expect_child_ok(pid, "overflow child");
  msg("10. a stack overflow by recursion is caught on the alternate stack");
  // SS_AUTODISARM: the alternate stack is dropped while the handler runs on it and comes back after.
  abi::StackT ss{sys::reg(alt_stack), abi::kSsAutodisarm, sizeof(alt_stack)};
  expect_ok(sys::sigaltstack(&ss, nullptr), "sigaltstack SS_AUTODISARM");
  expect_ok(catch_signal_info(abi::kSigUsr1, disarmed_handler, abi::kSaOnstack), "catch SIGUSR1 on the alt stack");
  raise(abi::kSigUsr1);
  uint32_t base = sys::reg(alt_stack);
  check(handler_local_at > base && handler_local_at < base + sizeof(alt_stack), "SS_AUTODISARM handler not on it");
  check(handler_altstack_flags == abi::kSsDisable, "inside: flags {:#x}", static_cast<uint32_t>(handler_altstack_flags));
  abi::StackT after{};
  expect_ok(sys::sigaltstack(nullptr, &after), "query");
  check(after.ss_flags == abi::kSsAutodisarm && after.ss_size == sizeof(alt_stack), "after: flags {:#x}",
        static_cast<uint32_t>(after.ss_flags));
  abi::StackT off{0, abi::kSsDisable, 0};
  expect_ok(sys::sigaltstack(&off, nullptr), "disable");
  expect_ok(set_disposition(abi::kSigUsr1, abi::kSigDfl), "SIGUSR1 default");
  msg("10. with SS_AUTODISARM the alternate stack is off while its handler runs and back after");
}

// --- 11 --------------------------------------------------------------------------------------------------
void sigchld() {
  reset();
  expect_ok(catch_signal_info(abi::kSigChld, info_handler), "catch SIGCHLD");
  int pid = fork_or_fail();
  if (pid == 0) sys::exit(7);
  int status = wait_for(pid);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 7, "child status {:#x}", status);
  check(hits == 1 && last_info.si_signo == abi::kSigChld && last_info.si_code == abi::kCldExited, "SIGCHLD: code {}",
        last_info.si_code);
  check(static_cast<int>(last_info.fields[0]) == pid && last_info.fields[2] == 7, "SIGCHLD: pid {} status {}",
        last_info.fields[0], last_info.fields[2]);
  pid = fork_or_fail();
  if (pid == 0) {
    raise(abi::kSigTerm);
    sys::exit(1);
  }
  expect_child_signal(pid, abi::kSigTerm, "SIGTERM child");
  check(hits == 2 && last_info.si_code == abi::kCldKilled && last_info.fields[2] == abi::kSigTerm,
        "SIGCHLD for a killed child: code {} status {}", last_info.si_code, last_info.fields[2]);
  // SIG_IGN: no zombies; waitpid waits for the child to go and then finds none.
  expect_ok(set_disposition(abi::kSigChld, abi::kSigIgn), "SIGCHLD ignored");
  pid = fork_or_fail();
  if (pid == 0) {
    sleep_ms(20);
    sys::exit(0);
  }
  int ignored = 0;
  auto r = sys::waitpid(pid, &ignored, 0);
  check(!r && r.error() == Error::NoChild, "waitpid with SIGCHLD ignored");
  expect_ok(set_disposition(abi::kSigChld, abi::kSigDfl), "SIGCHLD default");
  msg("11. SIGCHLD reports CLD_EXITED and CLD_KILLED with si_pid and si_status; SIG_IGN leaves no zombie");
}

// --- 12 --------------------------------------------------------------------------------------------------
void fault_in_child(int how) {
  int pid = fork_or_fail();
  if (pid == 0) {
    if (how == 0) {
      abi::Sigset segv = sigset_of(abi::kSigSegv);
      expect_ok(sys::sigprocmask(abi::kSigBlock, &segv, nullptr), "block SIGSEGV");
    } else if (how == 1) {
      expect_ok(set_disposition(abi::kSigSegv, abi::kSigIgn), "ignore SIGSEGV");
    } else {
      expect_ok(catch_signal(abi::kSigSegv, [](int) { (void)*reinterpret_cast<volatile uint32_t*>(kUnmapped); }),
                "catch SIGSEGV");
    }
    (void)*reinterpret_cast<volatile uint32_t*>(kUnmapped);
    sys::exit(0);
  }
  expect_child_signal(pid, abi::kSigSegv, how == 0 ? "blocked SIGSEGV" : how == 1 ? "ignored SIGSEGV" : "nested fault");
}

void default_actions() {
  int pid = fork_or_fail();
  if (pid == 0) {
    raise(abi::kSigChld);
    raise(abi::kSigUrg);
    raise(abi::kSigWinch);
    expect_ok(set_disposition(abi::kSigUsr1, abi::kSigIgn), "ignore SIGUSR1");
    raise(abi::kSigUsr1);
    raise(abi::kSigTerm);
    sys::exit(0);
  }
  expect_child_signal(pid, abi::kSigTerm, "SIGTERM");
  for (int how = 0; how < 3; ++how) fault_in_child(how);
  expect_ok(sys::kill(self(), 0), "kill(self, 0)");
  // SIGKILL cannot be blocked: it ends a sigsuspend that blocks everything else.
  pid = fork_or_fail();
  if (pid == 0) {
    abi::Sigset all{{0xFFFFFFFF, 0xFFFFFFFF}};
    for (;;) (void)sys::sigsuspend(all);
  }
  sleep_ms(50);
  expect_ok(sys::kill(pid, abi::kSigKill), "kill SIGKILL");
  expect_child_signal(pid, abi::kSigKill, "SIGKILL in sigsuspend");
  msg("12. default actions: SIGTERM kills, SIGCHLD/SIGURG/SIGWINCH are ignored; blocked, ignored or nested faults kill");
  msg("12. SIGKILL ends a sigsuspend that blocks every other signal");
}

// --- 13 --------------------------------------------------------------------------------------------------
void interrupted_calls() {
  for (uint32_t flags : {0u, abi::kSaRestart}) {
    reset();
    expect_ok(catch_signal(abi::kSigUsr1, counting_handler, flags), "catch SIGUSR1");
    int child = signal_parent_later(abi::kSigUsr1, 100);
    abi::Timespec t{3, 0};
    abi::Timespec left{0, 0};
    auto slept = sys::nanosleep(&t, &left);
    check(!slept && slept.error() == Error::Interrupted && hits == 1, "nanosleep (flags {:#x}) not interrupted", flags);
    check(left.tv_sec >= 1 && left.tv_sec <= 3, "nanosleep left {} s", left.tv_sec);
    expect_child_ok(child, "signalling child");
  }
  // waitpid: EINTR without SA_RESTART, restarted with it.
  for (uint32_t flags : {0u, abi::kSaRestart}) {
    reset();
    expect_ok(catch_signal(abi::kSigUsr1, counting_handler, flags), "catch SIGUSR1");
    int slow = fork_or_fail();
    if (slow == 0) {
      sleep_ms(400);
      sys::exit(0);
    }
    int signaller = signal_parent_later(abi::kSigUsr1, 100);
    int status = 0;
    auto r = sys::waitpid(slow, &status, 0);
    check(hits == 1, "handler did not run during waitpid");
    if (flags == 0) {
      check(!r && r.error() == Error::Interrupted, "waitpid without SA_RESTART: not EINTR");
      expect_child_ok(slow, "slow child");
    } else {
      check(r && r.value() == slow && WIFEXITED(status), "waitpid with SA_RESTART was not restarted");
    }
    expect_child_ok(signaller, "signalling child");
  }
  expect_ok(set_disposition(abi::kSigUsr1, abi::kSigDfl), "SIGUSR1 default");
  msg("13. nanosleep returns EINTR after a handler; waitpid returns EINTR, or restarts with SA_RESTART");
}

// --- 14 --------------------------------------------------------------------------------------------------
void forge_cs(int, abi::Siginfo*, void* uc) { static_cast<abi::Ucontext*>(uc)->uc_mcontext.cs = 0x08; }
void raise_iopl(int, abi::Siginfo*, void* uc) { static_cast<abi::Ucontext*>(uc)->uc_mcontext.eflags |= 0x3000; }

void bad_frames() {
  // No room for the frame: esp points at unmapped memory when SIGUSR1 arrives.
  int pid = fork_or_fail();
  if (pid == 0) {
    expect_ok(catch_signal(abi::kSigUsr1, counting_handler), "catch SIGUSR1");
    int me = self();
    asm volatile("movl %0, %%esp\n\tint $0x80\n\tud2"
                 :
                 : "i"(kUnmapped + kPage), "a"(37), "b"(me), "c"(abi::kSigUsr1)
                 : "memory");
    sys::exit(0);
  }
  expect_child_signal(pid, abi::kSigSegv, "bad handler stack");
  pid = fork_or_fail();
  if (pid == 0) {
    expect_ok(catch_signal_info(abi::kSigUsr1, forge_cs), "catch SIGUSR1");
    raise(abi::kSigUsr1);
    sys::exit(0);
  }
  expect_child_signal(pid, abi::kSigSegv, "forged cs");
  expect_ok(catch_signal_info(abi::kSigUsr1, raise_iopl), "catch SIGUSR1");
  raise(abi::kSigUsr1);
  uint32_t eflags = 0;
  asm volatile("pushfl\n\tpopl %0" : "=r"(eflags));
  check((eflags & 0x3000) == 0, "sigreturn raised IOPL: eflags {:#x}", eflags);
  expect_ok(set_disposition(abi::kSigUsr1, abi::kSigDfl), "SIGUSR1 default");
  msg("14. no room for the frame, or a forged cs in it, kills with SIGSEGV; IOPL stays 0");
}

// --- 15 --------------------------------------------------------------------------------------------------
void errors() {
  abi::KSigaction act{sys::reg(&counting_handler), abi::kSaRestorer, sys::reg(&cw_sigreturn_restorer), {}};
  abi::KSigaction old{};
  expect_error(sys::raw_rt_sigaction(abi::kSigKill, sys::reg(&act), 0, 8), Error::InvalidArgument, "SIGKILL action");
  expect_error(sys::raw_rt_sigaction(abi::kSigStop, sys::reg(&act), 0, 8), Error::InvalidArgument, "SIGSTOP action");
  check(sys::raw_rt_sigaction(abi::kSigKill, 0, sys::reg(&old), 8) == 0 && old.handler == 0, "SIGKILL query");
  expect_error(sys::raw_rt_sigaction(0, 0, 0, 8), Error::InvalidArgument, "signal 0");
  expect_error(sys::raw_rt_sigaction(65, 0, 0, 8), Error::InvalidArgument, "signal 65");
  check(sys::raw_rt_sigaction(64, 0, sys::reg(&old), 8) == 0, "signal 64 query");
  expect_error(sys::raw_rt_sigaction(abi::kSigUsr1, 0, 0, 4), Error::InvalidArgument, "sigsetsize 4");
  expect_error(sys::raw_rt_sigaction(abi::kSigUsr1, 8, 0, 8), Error::BadAddress, "bad act");
  expect_error(sys::raw_rt_sigaction(abi::kSigUsr1, 0, 8, 8), Error::BadAddress, "bad oldact");
  auto s = sys::signal(abi::kSigKill, abi::kSigIgn);
  check(!s && s.error() == Error::InvalidArgument, "signal(SIGKILL)");
  abi::OldSigaction old_act{};
  expect_error(sys::old_sigaction(abi::kSigStop, &old_act, nullptr), Error::InvalidArgument, "sigaction(SIGSTOP)");
  abi::Sigset set{};
  expect_error(sys::raw_rt_sigprocmask(5, sys::reg(&set), 0, 8), Error::InvalidArgument, "how 5");
  check(sys::raw_rt_sigprocmask(5, 0, 0, 8) == 0, "how 5 without a set is not checked");
  expect_error(sys::raw_rt_sigprocmask(0, sys::reg(&set), 0, 4), Error::InvalidArgument, "sigprocmask size 4");
  expect_error(sys::raw_rt_sigprocmask(0, 8, 0, 8), Error::BadAddress, "bad set");
  expect_error(sys::raw_rt_sigprocmask(0, 0, 8, 8), Error::BadAddress, "bad oldset");
  expect_error(sys::raw_syscall2(abi::Syscall::RtSigpending, sys::reg(&set), 16), Error::InvalidArgument,
               "sigpending size 16");
  expect_error(sys::raw_syscall2(abi::Syscall::RtSigpending, 8, 8), Error::BadAddress, "sigpending bad");
  expect_error(sys::raw_syscall2(abi::Syscall::RtSigsuspend, 8, 8), Error::BadAddress, "sigsuspend bad");
  expect_error(sys::raw_syscall2(abi::Syscall::RtSigsuspend, sys::reg(&set), 4), Error::InvalidArgument,
               "sigsuspend size 4");
  abi::StackT small{sys::reg(alt_stack), 0, 100};
  expect_error(sys::sigaltstack(&small, nullptr), Error::NoMemory, "small alt stack");
  abi::StackT bad_flags{sys::reg(alt_stack), 4, sizeof(alt_stack)};
  expect_error(sys::sigaltstack(&bad_flags, nullptr), Error::InvalidArgument, "alt stack flags 4");
  expect_error(sys::raw_syscall2(abi::Syscall::Sigaltstack, 8, 0), Error::BadAddress, "bad stack_t");
  abi::StackT off{0, abi::kSsDisable, 0};
  abi::StackT was{};
  expect_ok(sys::sigaltstack(&off, &was), "disable the alt stack");
  expect_ok(sys::sigaltstack(nullptr, &was), "query");
  check(was.ss_flags == abi::kSsDisable && was.ss_size == 0, "disabled alt stack: flags {}", was.ss_flags);
  expect_error(sys::kill(self(), 65), Error::InvalidArgument, "kill 65");
  expect_error(sys::kill(0x7FFFFFF0, 0), Error::NoProcess, "kill of no process");
  expect_error(sys::kill(INT32_MIN, 0), Error::NoProcess, "kill(INT_MIN)");
  expect_error(sys::tgkill(0, self(), 0), Error::InvalidArgument, "tgkill tgid 0");
  expect_error(sys::tgkill(self(), 0x7FFFFFF0, 0), Error::NoProcess, "tgkill of no thread");
  msg("15. EINVAL, ENOMEM, ESRCH and EFAULT as Linux gives them");
}

// --- 16 --------------------------------------------------------------------------------------------------
void alarm_and_pause() {
  reset();
  expect_ok(catch_signal(abi::kSigAlrm, counting_handler), "catch SIGALRM");
  check(sys::alarm(5) == 0, "a first alarm has no predecessor");
  uint32_t left = sys::alarm(1);
  check(left == 5, "alarm left {} s of 5", left);
  int32_t r = sys::pause();
  check(r == -static_cast<int32_t>(Error::Interrupted) && hits == 1 && last_sig == abi::kSigAlrm,
        "pause returned {} after {} signals", r, static_cast<int>(hits));
  check(sys::alarm(0) == 0, "a fired alarm leaves nothing");
  // A child does not inherit the alarm; alarm(0) cancels it.
  check(sys::alarm(1) == 0, "alarm(1)");
  int pid = fork_or_fail();
  if (pid == 0) {
    check(sys::alarm(0) == 0, "the child inherited the alarm");
    sys::exit(0);
  }
  expect_child_ok(pid, "alarm child");
  check(sys::alarm(0) == 1, "cancelling: 1 s left");
  sleep_ms(1200);
  check(hits == 1, "a cancelled alarm fired");
  expect_ok(set_disposition(abi::kSigAlrm, abi::kSigDfl), "SIGALRM default");
  msg("16. alarm sends SIGALRM that ends pause with EINTR; alarm(0) cancels; fork does not inherit it");
}

// --- `t_signal sigint`: ctrl-C on the console, caught (case signal-console) ------------------------------
volatile int sigints = 0;
void count_sigint(int) {
  sigints = sigints + 1;
  msg("caught SIGINT {}", static_cast<int>(sigints));
}

// Reads a line from the console while the test types ctrl-C: with SA_RESTART the read goes on and
// returns the line typed after it; without, it fails with EINTR.
int console_sigint() {
  test_begin("t_signal");
  expect_ok(catch_signal(abi::kSigInt, count_sigint, abi::kSaRestart), "catch SIGINT");
  msg("reading with SA_RESTART");
  char line[64];
  auto got = sys::read(0, line, sizeof(line));
  check(got && got.value() > 0 && sigints == 1, "read with SA_RESTART: {} SIGINTs", static_cast<int>(sigints));
  msg("read {} bytes after the handler", got.value());
  expect_ok(catch_signal(abi::kSigInt, count_sigint), "catch SIGINT");
  msg("reading without SA_RESTART");
  auto again = sys::read(0, line, sizeof(line));
  check(!again && again.error() == Error::Interrupted && sigints == 2, "read without SA_RESTART: not EINTR");
  msg("read failed with EINTR");
  test_end();
  return 0;
}

// --- `t_signal mbox`: a handler interrupts mbox_recv (Clockwork's own call, so not in the steps above) -----
int mailbox_interrupted() {
  test_begin("t_signal");
  auto box = sys::mbox_open("t_signal");
  check(static_cast<bool>(box), "mbox_open");
  for (uint32_t flags : {abi::kSaRestart, 0u}) {
    reset();
    expect_ok(catch_signal(abi::kSigUsr1, counting_handler, flags), "catch SIGUSR1");
    int parent = self();
    int child = fork_or_fail();
    if (child == 0) {
      sleep_ms(100);
      (void)sys::kill(parent, abi::kSigUsr1);
      sleep_ms(100);
      (void)sys::mbox_send(box.value(), "hi", 2);
      sys::exit(0);
    }
    char message[8];
    auto got = sys::mbox_recv(box.value(), message, sizeof(message));
    check(hits == 1, "handler did not run during mbox_recv");
    if (flags != 0) {
      check(got && got.value() == 2, "mbox_recv with SA_RESTART was not restarted");
      msg("mbox_recv restarted after the handler (SA_RESTART)");
    } else {
      check(!got && got.error() == Error::Interrupted, "mbox_recv without SA_RESTART: not EINTR");
      msg("mbox_recv failed with EINTR");
      auto late = sys::mbox_recv(box.value(), message, sizeof(message));  // the child's message
      check(late && late.value() == 2, "the message after EINTR");
    }
    expect_child_ok(child, "signalling child");
  }
  test_end();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && StringView(argv[1]) == "mbox") return mailbox_interrupted();
  if (argc == 2 && StringView(argv[1]) == "sigint") return console_sigint();
  check_args(argc, argv, "[FIRST [LAST] | sigint | mbox]", 2);
  using Step = void (*)();
  constexpr Step kSteps[] = {handler_runs_and_returns, siginfo_fields, mask_during_handler, nodefer_and_resethand,
                             blocked_then_delivered,   sigsuspend_waits, segv_handler_escapes, handlers_fix_and_retry,
                             fault_signals,            altstack_catches_overflow, sigchld, default_actions,
                             interrupted_calls,        bad_frames, errors, alarm_and_pause};
  constexpr uint32_t kCount = sizeof(kSteps) / sizeof(kSteps[0]);
  uint32_t first = arg_uint(argc, argv, 1, 1);  // steps FIRST..LAST only (for debugging)
  uint32_t last = arg_uint(argc, argv, 2, argc > 1 ? first : kCount);
  test_begin("t_signal");
  for (uint32_t i = first; i <= last && i <= kCount; ++i) kSteps[i - 1]();
  test_end();
  return 0;
}
