/* glibc_float: floating point through glibc, built with the stock toolchain (`gcc -m32 -static -O2
 * -msse2 -mfpmath=sse`, Debian 12 glibc 2.36, nothing from Clockwork): `double` and `float` arithmetic
 * in SSE registers, `long double` on the x87 stack, packed floats through SSE intrinsics.
 *   1. printf of float, double and long double values (%f, %e, %g, %a, %Lf);
 *   2. parent and child after fork each run the three kernels below 12 times, yielding between rounds,
 *      the child with rounding mode FE_UPWARD and the parent FE_TONEAREST; each compares the bits with
 *      results computed before the fork. The inner loops make no calls, so the timer preempts them with
 *      live x87/XMM registers: a kernel that did not save and restore each process's FPU state (registers,
 *      control word, MXCSR) would mix them;
 *   3. SIGALRM (alarm(1)) arrives while the main loop is in the middle of a computation; the handler
 *      computes with FE_DOWNWARD; the interrupted computation, finished, is bit-exact and back in its
 *      FE_UPWARD; the handler started with fegetround() == FE_TONEAREST, because Linux gives each handler
 *      a fresh FPU state (arch/x86/kernel/signal.c handle_signal -> fpu__clear_user_states);
 *   4. the same with SIGUSR1 sent 30 times by a child, each after the handler acknowledged the one before
 *      in MAP_SHARED memory (signals are not queued: without that, sends would merge), until its SIGCHLD.
 * Expected output: tests/integration/cases/glibc-float-29.test (the same lines as on Linux i386). */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xmmintrin.h>

#include "glibc_check.h"

const char *check_name = "glibc_float";
int check_failures;

/* The state of the three kernels; compared bytewise. */
struct fp_state {
  long double x87;
  double sse_double;
  float packed[4];
};

static void fp_init(struct fp_state *s, int seed) {
  memset(s, 0, sizeof *s);
  s->x87 = 1.0L + seed / 7.0L;
  s->sse_double = 2.0 + seed / 3.0;
  for (int i = 0; i < 4; ++i) s->packed[i] = 1.5f + (float)(seed + i) / 9.0f;
}

/* One step of each kernel: bounded, inexact at every operation (so the rounding mode shows). */
static inline void fp_step(long double *x, double *d, __m128 *v, unsigned i) {
  *x = sqrtl(*x * *x + (long double)(i & 255) / 3.0L) * 0.9999999L;
  *d = sqrt(*d * 1.0000001 + (double)(i & 127) / 7.0) + 0.1;
  *v = _mm_add_ps(_mm_sqrt_ps(_mm_mul_ps(*v, _mm_set1_ps(1.0001f))), _mm_set1_ps(0.3f));
}

static void fp_run(struct fp_state *s, unsigned first, unsigned count) {
  long double x = s->x87;
  double d = s->sse_double;
  __m128 v = _mm_loadu_ps(s->packed);
  for (unsigned i = first; i < first + count; ++i) fp_step(&x, &d, &v, i);
  s->x87 = x;
  s->sse_double = d;
  _mm_storeu_ps(s->packed, v);
}

static int fp_same(const struct fp_state *a, const struct fp_state *b) {
  return memcmp(&a->x87, &b->x87, 10) == 0 && memcmp(&a->sse_double, &b->sse_double, sizeof(double)) == 0 &&
         memcmp(a->packed, b->packed, sizeof a->packed) == 0;
}

static void printf_floats(void) {
  volatile float f = 1.0f / 3.0f;
  volatile double d = 22.0 / 7.0;
  volatile long double ld = 1.0L / 3.0L;
  say("1. printf: %f %.10f %e %g %a", (double)f, d, d * 1e10, d / 1e6, 0.1);
  say("   long double: %.18Lf %Lg sqrtl(2) = %.18Lf", ld, ld * 1e30L, sqrtl(2.0L));
  say("   sqrt(2) = %.17g, sqrtf(2) = %.9g, -0.0 = %f, inf = %f, nan = %f", sqrt(2.0), (double)sqrtf(2.0f), -0.0,
      (double)INFINITY, (double)NAN);
}

enum { kRounds = 12, kSteps = 20000 };

static void fork_concurrent(void) {
  struct fp_state want_parent, want_child;
  fp_init(&want_parent, 1);
  fp_run(&want_parent, 0, kSteps);
  fesetround(FE_UPWARD);
  fp_init(&want_child, 2);
  fp_run(&want_child, 0, kSteps);
  fesetround(FE_TONEAREST);
  CHECK(!fp_same(&want_parent, &want_child), "the two references agree");

  pid_t pid = fork();
  CHECK(pid >= 0, "fork failed");
  int child = pid == 0;
  if (child) fesetround(FE_UPWARD);
  int bad = 0;
  for (int round = 0; round < kRounds; ++round) {
    struct fp_state s;
    fp_init(&s, child ? 2 : 1);
    fp_run(&s, 0, kSteps);
    bad += !fp_same(&s, child ? &want_child : &want_parent);
    bad += fegetround() != (child ? FE_UPWARD : FE_TONEAREST);
    sched_yield();
  }
  if (child) _exit(bad == 0 ? 0 : 1);
  CHECK(bad == 0, "the parent's results or rounding mode changed in %d rounds", bad);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the child's results or rounding mode changed (status %#x)", status);
  say("2. parent (FE_TONEAREST) and child (FE_UPWARD) each ran %d rounds of %d x87/SSE steps concurrently:", kRounds,
      kSteps);
  say("   every result bit-exact, each kept its own rounding mode");
}

/* What a handler computes, and the reference it must match. */
static struct fp_state handler_want;
static volatile int handler_bad, handler_round_mode_bad, handlers_run;
static volatile sig_atomic_t stop_loop;
static volatile int *usr1_acks; /* MAP_SHARED: the handler counts SIGUSR1 here for the sending child */

static void fp_handler(int sig) {
  handler_round_mode_bad += fegetround() != FE_TONEAREST;
  fesetround(FE_DOWNWARD);
  struct fp_state s;
  fp_init(&s, 3);
  fp_run(&s, 0, 500);
  handler_bad += !fp_same(&s, &handler_want);
  ++handlers_run;
  if (sig == SIGUSR1 && usr1_acks) ++*usr1_acks;
  if (sig == SIGALRM || sig == SIGCHLD) stop_loop = 1;
}

/* Runs the kernels until stop_loop, then 1000 steps more; returns the step count and the final state. */
static unsigned interrupted_loop(struct fp_state *out) {
  long double x = out->x87;
  double d = out->sse_double;
  __m128 v = _mm_loadu_ps(out->packed);
  unsigned i = 0;
  while (!stop_loop) fp_step(&x, &d, &v, i++);
  for (unsigned end = i + 1000; i < end; ++i) fp_step(&x, &d, &v, i);
  out->x87 = x;
  out->sse_double = d;
  _mm_storeu_ps(out->packed, v);
  return i;
}

static void catch(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fp_handler;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(sig, &sa, NULL) == 0, "sigaction failed");
}

static void check_interrupted(const char *what, int want_handlers) {
  struct fp_state got, want;
  fp_init(&got, 4);
  unsigned steps = interrupted_loop(&got);
  fp_init(&want, 4);
  fp_run(&want, 0, steps);
  CHECK(fp_same(&got, &want), "%s: the interrupted computation is not exact", what);
  CHECK(handler_bad == 0, "%s: the handler's own results were wrong %d times", what, handler_bad);
  CHECK(handler_round_mode_bad == 0, "%s: the handler started %d times without FE_TONEAREST", what,
        handler_round_mode_bad);
  CHECK(handlers_run == want_handlers, "%s: %d handlers ran", what, handlers_run);
  CHECK(fegetround() == FE_UPWARD, "%s: the interrupted code's rounding mode was not restored", what);
}

static void signal_in_computation(void) {
  fesetround(FE_DOWNWARD);
  fp_init(&handler_want, 3);
  fp_run(&handler_want, 0, 500);
  /* The interrupted code runs with FE_UPWARD, so a handler that inherited it would compute wrongly. */
  fesetround(FE_UPWARD);

  catch(SIGALRM);
  stop_loop = 0;
  handlers_run = 0;
  alarm(1);
  check_interrupted("SIGALRM", 1);
  say("3. SIGALRM in the middle of x87/SSE loops: the handler (fresh FE_TONEAREST, then FE_DOWNWARD)");
  say("   computes exactly, and the interrupted computation finishes bit-exact in FE_UPWARD");

  catch(SIGUSR1);
  catch(SIGCHLD);
  stop_loop = 0;
  handlers_run = 0;
  usr1_acks = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(usr1_acks != MAP_FAILED, "mmap MAP_SHARED failed");
  if (usr1_acks == MAP_FAILED) return;
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    struct timespec pause_1ms = {0, 1000000};
    for (int i = 0; i < 30; ++i) {
      kill(parent, SIGUSR1);
      for (int wait = 0; wait < 10000 && *usr1_acks <= i; ++wait) nanosleep(&pause_1ms, NULL);
    }
    _exit(*usr1_acks == 30 ? 0 : 1);
  }
  check_interrupted("SIGUSR1", 31); /* 30 SIGUSR1 and the SIGCHLD */
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the signalling child (status %#x)", status);
  munmap((void *)usr1_acks, 4096);
  usr1_acks = NULL;
  say("4. 30 SIGUSR1 from a child, each acknowledged, then SIGCHLD, during the loops: 31 handlers, all exact");
  fesetround(FE_TONEAREST);
}

int main(void) {
  check_begin();
  printf_floats();
  fork_concurrent();
  signal_in_computation();
  return check_end();
}
