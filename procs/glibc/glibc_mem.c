/* glibc_mem: memory through glibc, built with the stock toolchain (`gcc -m32 -static -O2`, Debian 12
 * glibc 2.36, nothing from Clockwork).
 *   1. malloc of 2 MiB, above glibc's mmap threshold (128 KiB), so an anonymous mmap2; every page
 *      written and read back (at 12 frames most of it goes to swap), then free (munmap); then a 64 MiB
 *      malloc, far beyond the pool and swap, of which every 64th page is written and read back;
 *   2. anonymous mmap, mprotect, mremap (grow in place or move, shrink), munmap, and the SIGSEGV
 *      (SEGV_MAPERR) of a page after munmap;
 *   3. MAP_SHARED | MAP_ANONYMOUS memory written by a child and by the parent, each seeing the other;
 *   4. a write to a PROT_READ page caught by an SA_SIGINFO SIGSEGV handler: si_addr is the address,
 *      si_code SEGV_ACCERR; the handler mprotects the page writable and returns, and the write is retried
 *      and lands;
 *   5. siglongjmp out of a SIGSEGV handler twice in a row (the mask sigsetjmp saved comes back, so the
 *      second fault is delivered too);
 *   6. stack overflow: deep recursion on a 64 KiB stack (makecontext) with a PROT_NONE guard page below
 *      it; the SIGSEGV handler runs on a sigaltstack (the overflowed stack has no room for its frame)
 *      and siglongjmps out. (The main stack's 8 MiB would need 2048 frames or swap slots to overflow.)
 * Expected output: tests/integration/cases/glibc-mem-29.test (the same lines as on Linux i386). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_mem";
int check_failures;

enum { kPage = 4096 };

static void big_malloc(void) {
  enum { kBytes = 2 * 1024 * 1024 };
  unsigned char *p = malloc(kBytes);
  CHECK(p != NULL, "malloc(2 MiB) failed");
  if (!p) return;
  CHECK(((uintptr_t)p & (kPage - 1)) == 16 || ((uintptr_t)p & (kPage - 1)) == 8,
        "a 2 MiB block should be an mmap'd chunk (offset %#x in its page)", (unsigned)((uintptr_t)p & (kPage - 1)));
  for (unsigned i = 0; i < kBytes; i += kPage) p[i] = (unsigned char)(i / kPage * 7 + 1);
  unsigned bad = 0;
  for (unsigned i = 0; i < kBytes; i += kPage) bad += p[i] != (unsigned char)(i / kPage * 7 + 1);
  CHECK(bad == 0, "%u pages of the 2 MiB block lost their byte", bad);
  free(p);
  say("1. malloc(2 MiB) is an mmap'd block: 512 pages written and read back, then freed");
  /* 64 MiB, far more than the pool and the swap partition hold: a mapping costs nothing until it is
   * touched, so every 64th page (256 pages, 1 MiB in all) is written, read back and zero elsewhere. */
  enum { kHuge = 64 * 1024 * 1024, kStride = 64 * kPage };
  unsigned char *h = malloc(kHuge);
  CHECK(h != NULL, "malloc(64 MiB) failed");
  if (!h) return;
  for (unsigned i = 0; i < kHuge; i += kStride) h[i] = (unsigned char)(i / kStride + 3);
  bad = 0;
  for (unsigned i = 0; i < kHuge; i += kStride) bad += h[i] != (unsigned char)(i / kStride + 3) || h[i + kPage] != 0;
  CHECK(bad == 0, "%u of the 64 MiB block's touched pages are wrong", bad);
  free(h);
  say("   malloc(64 MiB) is an mmap'd block too: every 64th page written and read back, then freed");
}

/* A fault handler that siglongjmps back to `fault_jump`, recording what it saw. */
static sigjmp_buf fault_jump;
static volatile int fault_code;
static void *volatile fault_addr;

static void jump_handler(int sig, siginfo_t *info, void *uc) {
  (void)sig;
  (void)uc;
  fault_code = info->si_code;
  fault_addr = info->si_addr;
  siglongjmp(fault_jump, 1);
}

static void install(void (*handler)(int, siginfo_t *, void *), int extra_flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | extra_flags;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction failed");
}

/* Writes *p; returns 0 if it worked, else the si_code of the SIGSEGV (jump_handler installed). */
static int try_write(volatile unsigned char *p, unsigned char value) {
  fault_code = 0;
  fault_addr = NULL;
  if (sigsetjmp(fault_jump, 1) == 0) {
    *p = value;
    return 0;
  }
  CHECK(fault_addr == (void *)p, "si_addr %p for %p", fault_addr, (void *)p);
  return fault_code;
}

static void mapping_calls(void) {
  install(jump_handler, 0);
  unsigned char *p = mmap(NULL, 4 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED, "mmap failed");
  if (p == MAP_FAILED) return;
  CHECK(p[0] == 0 && p[4 * kPage - 1] == 0, "anonymous memory is not zero");
  for (int i = 0; i < 4; ++i) memset(p + i * kPage, 'a' + i, kPage);

  CHECK(mprotect(p + kPage, kPage, PROT_READ) == 0, "mprotect failed");
  int code = try_write(p + kPage + 5, 'x');
  CHECK(code == SEGV_ACCERR, "write to the PROT_READ page: si_code %d", code);
  CHECK(p[kPage + 5] == 'b', "the PROT_READ page changed");
  CHECK(mprotect(p + kPage, kPage, PROT_READ | PROT_WRITE) == 0, "mprotect back failed");
  CHECK(try_write(p + kPage + 5, 'x') == 0, "the page is still read-only");
  say("2. mmap 4 pages, zero-filled; mprotect PROT_READ: a write is SIGSEGV SEGV_ACCERR; writable again");

  unsigned char *q = mremap(p, 4 * kPage, 16 * kPage, MREMAP_MAYMOVE);
  CHECK(q != MAP_FAILED, "mremap grow failed");
  if (q == MAP_FAILED) return;
  int kept = q[0] == 'a' && q[kPage + 5] == 'x' && q[3 * kPage + 100] == 'd';
  CHECK(kept, "mremap lost the contents");
  CHECK(q[15 * kPage] == 0, "the grown part is not zero");
  q[15 * kPage] = 'z';
  unsigned char *r = mremap(q, 16 * kPage, 2 * kPage, 0);
  CHECK(r == q, "mremap shrink moved or failed");
  code = try_write(q + 3 * kPage, 'y');
  CHECK(code == SEGV_MAPERR, "a page cut off by mremap: si_code %d", code);
  say("   mremap to 16 pages keeps the contents and zero-fills the rest; shrunk to 2, page 3 is SEGV_MAPERR");

  CHECK(munmap(q, 2 * kPage) == 0, "munmap failed");
  code = try_write(q, 'y');
  CHECK(code == SEGV_MAPERR, "a write after munmap: si_code %d", code);
  CHECK(munmap(q, 2 * kPage) == 0, "munmap of nothing should succeed");
  CHECK(mprotect(q, kPage, PROT_READ) == -1 && errno == ENOMEM, "mprotect of an unmapped page: ENOMEM");
  say("   munmap: a write there is SEGV_MAPERR, a second munmap succeeds, mprotect fails (ENOMEM)");
}

static void shared_memory(void) {
  volatile unsigned *shared = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(shared != MAP_FAILED, "mmap MAP_SHARED failed");
  if (shared == MAP_FAILED) return;
  shared[0] = 1;
  pid_t pid = fork();
  if (pid == 0) {
    int saw = shared[0] == 1;
    shared[1] = 0xC0FFEE;
    shared[0] = 2;
    for (int i = 0; i < 100000 && shared[0] != 3; ++i) sched_yield();
    _exit(saw && shared[0] == 3 && shared[2] == 0xBEEF ? 0 : 1);
  }
  for (int i = 0; i < 100000 && shared[0] != 2; ++i) sched_yield();
  CHECK(shared[0] == 2 && shared[1] == 0xC0FFEE, "the parent does not see the child's write");
  shared[2] = 0xBEEF;
  shared[0] = 3;
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid, "waitpid failed");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child did not see the parent's write");
  munmap((void *)shared, kPage);
  say("3. MAP_SHARED|MAP_ANONYMOUS: parent and child each see the other's writes");
}

/* The handler that repairs the fault: makes the page writable and returns, so the write is retried. */
static volatile int repairs;
static void *volatile repair_addr;
static volatile int repair_code;
static void repair_handler(int sig, siginfo_t *info, void *uc) {
  (void)sig;
  (void)uc;
  ++repairs;
  repair_addr = info->si_addr;
  repair_code = info->si_code;
  void *page = (void *)((uintptr_t)info->si_addr & ~(uintptr_t)(kPage - 1));
  if (mprotect(page, kPage, PROT_READ | PROT_WRITE) != 0) _exit(2);
}

static void repair_and_retry(void) {
  install(repair_handler, 0);
  volatile unsigned char *p = mmap(NULL, kPage, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED, "mmap PROT_READ failed");
  if (p == MAP_FAILED) return;
  p[123] = 77;
  CHECK(repairs == 1, "the handler ran %d times", repairs);
  CHECK(repair_addr == (void *)(p + 123), "si_addr %p for %p", repair_addr, (void *)(p + 123));
  CHECK(repair_code == SEGV_ACCERR, "si_code %d", repair_code);
  CHECK(p[123] == 77, "the retried write did not land");
  say("4. a write to a PROT_READ page: SA_SIGINFO handler with si_addr = the address, si_code SEGV_ACCERR;");
  say("   it mprotects the page writable and returns; the write is retried and lands (handler ran once)");
  munmap((void *)p, kPage);
}

static volatile int *volatile low_address = (volatile int *)16;

static void longjmp_twice(void) {
  install(jump_handler, 0);
  int jumps = 0;
  for (int round = 0; round < 2; ++round) {
    fault_addr = NULL;
    if (sigsetjmp(fault_jump, 1) == 0) {
      *low_address = 1;
      CHECK(0, "the write to address 16 did not fault");
    } else {
      CHECK(fault_addr == (void *)16 && fault_code == SEGV_MAPERR, "round %d: si_addr %p si_code %d", round,
            fault_addr, fault_code);
      ++jumps;
    }
  }
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  CHECK(!sigismember(&now, SIGSEGV), "SIGSEGV is still blocked");
  say("5. siglongjmp out of the SIGSEGV handler twice (%d jumps); SIGSEGV is not left blocked", jumps);
}

/* Stack overflow on a small guarded stack. */
static volatile unsigned depth;
static volatile int overflow_code;
static volatile int on_altstack;
static sigjmp_buf overflow_jump;
static ucontext_t main_context, deep_context;

static unsigned recurse(unsigned n) {
  volatile char frame[256];
  frame[0] = (char)n;
  depth = n;
  if (n == 0xFFFFFFFFu) return 0; /* never: 64 KiB hold far fewer frames; keeps gcc's warning quiet */
  return recurse(n + 1) + frame[0];
}

static void deep(void) { recurse(1); }

static void overflow_handler(int sig, siginfo_t *info, void *uc) {
  (void)sig;
  (void)uc;
  stack_t now;
  sigaltstack(NULL, &now);
  on_altstack = (now.ss_flags & SS_ONSTACK) != 0;
  overflow_code = info->si_code;
  fault_addr = info->si_addr;
  siglongjmp(overflow_jump, 1);
}

static void stack_overflow(void) {
  enum { kStackBytes = 64 * 1024 };
  unsigned char *region = mmap(NULL, kPage + kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                               -1, 0);
  unsigned char *alt = mmap(NULL, 4 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(region != MAP_FAILED && alt != MAP_FAILED, "mmap failed");
  if (region == MAP_FAILED || alt == MAP_FAILED) return;
  CHECK(mprotect(region, kPage, PROT_NONE) == 0, "mprotect guard failed");

  stack_t ss = {.ss_sp = alt, .ss_flags = 0, .ss_size = 4 * kPage};
  CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack failed");
  install(overflow_handler, SA_ONSTACK);

  getcontext(&deep_context);
  deep_context.uc_stack.ss_sp = region + kPage;
  deep_context.uc_stack.ss_size = kStackBytes;
  deep_context.uc_link = &main_context;
  makecontext(&deep_context, deep, 0);
  if (sigsetjmp(overflow_jump, 1) == 0) {
    swapcontext(&main_context, &deep_context);
    CHECK(0, "the recursion returned");
  }
  int in_guard = (unsigned char *)fault_addr >= region && (unsigned char *)fault_addr < region + kPage;
  CHECK(in_guard, "si_addr %p is not in the guard page", fault_addr);
  CHECK(overflow_code == SEGV_ACCERR, "si_code %d", overflow_code);
  CHECK(on_altstack, "the handler did not run on the alternate stack");
  CHECK(depth > 100 && depth < 400, "depth %u", depth);
  say("6. recursion overflows a 64 KiB stack into its PROT_NONE guard: SIGSEGV SEGV_ACCERR in the guard,");
  say("   handled on the sigaltstack (SS_ONSTACK), siglongjmp back to main");

  stack_t old;
  ss.ss_flags = SS_DISABLE;
  CHECK(sigaltstack(&ss, &old) == 0 && old.ss_sp == alt && old.ss_flags == 0, "sigaltstack read-back");
}

int main(void) {
  check_begin();
  big_malloc();
  mapping_calls();
  shared_memory();
  repair_and_retry();
  longjmp_twice();
  stack_overflow();
  return check_end();
}
