/* glibc_jobs: job control and process groups as a shell uses them, built with the stock toolchain
 * (`gcc -m32 -static -O2`, Debian 12 glibc 2.36). The checks run in a child that leads a session of its
 * own (setsid), so that the process groups it makes are the same on Linux, run from a shell, and on
 * Clockwork, run as init. Every check is one Linux makes true too (the same binary prints the same lines):
 *   1. SIGSTOP stops a child (waitpid WUNTRACED: WIFSTOPPED, SIGSTOP; SIGCHLD with CLD_STOPPED; /proc
 *      says T; it makes no progress; reported once), SIGCONT continues it (WCONTINUED, CLD_CONTINUED);
 *   2. SIGKILL ends a stopped child; SA_NOCLDSTOP keeps SIGCHLD quiet but waitpid still reports; a child
 *      stopped and continued before its parent looks reports only that it was continued;
 *   3. SIGTSTP with a handler runs it; SIGTSTP and SIGTTOU by default stop, with their numbers;
 *   4. a stop signal cancels a pending SIGCONT and SIGCONT a pending stop signal (sigpending);
 *   5. a nanosleep and a pipe read that a stop and continue cut into carry on (restart_syscall; no EINTR);
 *   6. kill(-pgid) reaches every member of a group, kill(0) the caller's own, ESRCH for an empty group;
 *      waitpid(-pgid) and waitpid(0) wait only for those groups (ECHILD, 0 with WNOHANG);
 *   7. in an orphaned process group SIGTSTP does not stop, SIGSTOP does; a group that its last
 *      connection's exit orphans while a member is stopped gets SIGHUP and SIGCONT.
 * Expected output: tests/integration/cases/glibc-jobs-29.test. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_jobs";
int check_failures;

static int report[2]; /* children write one byte each time something happens to them */

static volatile sig_atomic_t chld_code, chld_status, chld_pid, chld_count;

static void on_chld(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)context;
  chld_code = info->si_code;
  chld_status = info->si_status;
  chld_pid = info->si_pid;
  ++chld_count;
}

static void tell(char c) { (void)!write(report[1], &c, 1); }

/* The next byte a child reported, or 0 if none came within `ms` (a SIGCHLD that cuts the poll short
 * starts it again). */
static char next_report(int ms) {
  struct pollfd p = {report[0], POLLIN, 0};
  int r;
  while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR) {
  }
  if (r != 1) return 0;
  char c = 0;
  return read(report[0], &c, 1) == 1 ? c : 0;
}

static void drain(void) {
  while (next_report(0) != 0) {
  }
}

/* /proc/PID/stat's state letter. */
static char state_of(pid_t pid) {
  char path[64], text[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (read_whole_file(path, text, sizeof text) <= 0) return '?';
  char *close_paren = strrchr(text, ')');
  return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

/* Until `count` SIGCHLDs have come (Linux sends the one for a continue when the child next runs, which
 * may be after waitpid has seen it continued). */
static int wait_for_chld(int count) {
  for (int i = 0; i < 5000 && chld_count < count; ++i) usleep(1000);
  return chld_count == count;
}

static int wait_for_state(pid_t pid, char state) {
  for (int i = 0; i < 5000; ++i) {
    if (state_of(pid) == state) return 1;
    usleep(1000);
  }
  return 0;
}

static void install(int sig, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static void on_chld_flags(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO | SA_RESTART | flags;
  sigaction(SIGCHLD, &sa, NULL);
}

/* A child in a process group of its own that reports 't' every few milliseconds, forever. */
static pid_t ticker(void) {
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    for (;;) {
      tell('t');
      usleep(3000);
    }
  }
  setpgid(pid, pid);
  return pid;
}

static void stop_and_continue(void) {
  on_chld_flags(0);
  pid_t b = ticker();
  CHECK(next_report(5000) == 't', "the ticker did not start");
  chld_count = 0;
  kill(b, SIGSTOP);
  int status = 0;
  CHECK(waitpid(b, &status, WUNTRACED) == b, "waitpid WUNTRACED: errno %d", errno);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP, "status %#x after SIGSTOP", status);
  CHECK(chld_count == 1 && chld_code == CLD_STOPPED && chld_status == SIGSTOP && chld_pid == b,
        "SIGCHLD for the stop: count %d code %d status %d", (int)chld_count, (int)chld_code, (int)chld_status);
  CHECK(state_of(b) == 'T', "/proc/%d/stat says %c, not T", (int)b, state_of(b));
  drain();
  CHECK(next_report(100) == 0, "a stopped child made progress");
  CHECK(waitpid(b, &status, WUNTRACED | WNOHANG) == 0, "the stop was reported twice");
  say("1a. SIGSTOP: WIFSTOPPED with SIGSTOP, SIGCHLD CLD_STOPPED, /proc state T, no progress, reported once");
  chld_count = 0;
  kill(b, SIGCONT);
  CHECK(waitpid(b, &status, WCONTINUED) == b, "waitpid WCONTINUED: errno %d", errno);
  CHECK(WIFCONTINUED(status), "status %#x after SIGCONT", status);
  CHECK(wait_for_chld(1) && chld_code == CLD_CONTINUED && chld_status == SIGCONT, "SIGCHLD for the continue: count %d code %d status %d",
        (int)chld_count, (int)chld_code, (int)chld_status);
  CHECK(next_report(5000) == 't', "the continued child made no progress");
  CHECK(waitpid(b, &status, WCONTINUED | WNOHANG) == 0, "the continue was reported twice");
  say("1b. SIGCONT: WIFCONTINUED, SIGCHLD CLD_CONTINUED, progress again, reported once");

  kill(b, SIGSTOP);
  CHECK(waitpid(b, &status, WUNTRACED) == b && WIFSTOPPED(status), "second stop: %#x", status);
  kill(b, SIGKILL);
  CHECK(waitpid(b, &status, 0) == b && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed while stopped: %#x",
        status);
  drain();
  say("2a. SIGKILL ends a stopped child");

  on_chld_flags(SA_NOCLDSTOP);
  chld_count = 0;
  pid_t c = ticker();
  CHECK(next_report(5000) == 't', "the second ticker did not start");
  kill(c, SIGSTOP);
  CHECK(waitpid(c, &status, WUNTRACED) == c && WIFSTOPPED(status), "stop with SA_NOCLDSTOP: %#x", status);
  kill(c, SIGCONT);
  CHECK(waitpid(c, &status, WCONTINUED) == c && WIFCONTINUED(status), "continue with SA_NOCLDSTOP: %#x", status);
  CHECK(chld_count == 0, "SA_NOCLDSTOP: %d SIGCHLDs", (int)chld_count);
  kill(c, SIGSTOP);
  CHECK(wait_for_state(c, 'T'), "the ticker did not stop");
  kill(c, SIGCONT);
  CHECK(waitpid(c, &status, WUNTRACED | WCONTINUED) == c && WIFCONTINUED(status),
        "stopped and continued before the wait: %#x", status);
  usleep(20000);
  CHECK(chld_count == 0, "SA_NOCLDSTOP: %d SIGCHLDs", (int)chld_count);
  kill(c, SIGKILL);
  CHECK(waitpid(c, &status, 0) == c && WIFSIGNALED(status), "the second ticker: %#x", status);
  CHECK(wait_for_chld(1) && chld_code == CLD_KILLED, "SA_NOCLDSTOP: the death's SIGCHLD: count %d code %d", (int)chld_count,
        (int)chld_code);
  drain();
  say("2b. SA_NOCLDSTOP: no SIGCHLD for stops, waitpid still reports; stopped then continued reports continued");
  on_chld_flags(0);
}

static void on_tstp(int sig) {
  (void)sig;
  tell('h');
}

static void stop_signals(void) {
  pid_t h = fork();
  if (h == 0) {
    setpgid(0, 0);
    install(SIGTSTP, on_tstp, 0);
    tell('r');
    for (;;) pause();
  }
  setpgid(h, h);
  CHECK(next_report(5000) == 'r', "the SIGTSTP child did not start");
  kill(h, SIGTSTP);
  CHECK(next_report(5000) == 'h', "the SIGTSTP handler did not run");
  int status = 0;
  CHECK(waitpid(h, &status, WUNTRACED | WNOHANG) == 0, "a handled SIGTSTP stopped the child: %#x", status);
  kill(h, SIGKILL);
  waitpid(h, &status, 0);
  static const int kStops[] = {SIGTSTP, SIGTTOU, SIGTTIN};
  for (int i = 0; i < 3; ++i) {
    pid_t d = ticker();
    CHECK(next_report(5000) == 't', "ticker %d did not start", i);
    kill(d, kStops[i]);
    CHECK(waitpid(d, &status, WUNTRACED) == d && WIFSTOPPED(status) && WSTOPSIG(status) == kStops[i],
          "signal %d: status %#x", kStops[i], status);
    kill(d, SIGKILL);
    waitpid(d, &status, 0);
    drain();
  }
  say("3. SIGTSTP with a handler runs it; SIGTSTP, SIGTTOU and SIGTTIN by default stop (%d, %d, %d)", SIGTSTP, SIGTTOU,
      SIGTTIN);

  sigset_t both, pending;
  sigemptyset(&both);
  sigaddset(&both, SIGTSTP);
  sigaddset(&both, SIGCONT);
  sigprocmask(SIG_BLOCK, &both, NULL);
  raise(SIGTSTP);
  sigpending(&pending);
  int tstp1 = sigismember(&pending, SIGTSTP);
  raise(SIGCONT);
  sigpending(&pending);
  int tstp2 = sigismember(&pending, SIGTSTP), cont2 = sigismember(&pending, SIGCONT);
  raise(SIGTSTP);
  sigpending(&pending);
  int tstp3 = sigismember(&pending, SIGTSTP), cont3 = sigismember(&pending, SIGCONT);
  CHECK(tstp1 && !tstp2 && cont2 && tstp3 && !cont3, "pending: %d; %d %d; %d %d", tstp1, tstp2, cont2, tstp3, cont3);
  install(SIGTSTP, SIG_IGN, 0);  /* discard what is pending before unblocking it */
  install(SIGCONT, SIG_IGN, 0);
  sigprocmask(SIG_UNBLOCK, &both, NULL);
  install(SIGTSTP, SIG_DFL, 0);
  install(SIGCONT, SIG_DFL, 0);
  say("4. SIGCONT cancels a pending SIGTSTP, SIGTSTP a pending SIGCONT");
}

static void interrupted_calls(void) {
  int status = 0;
  pid_t s = fork();
  if (s == 0) {
    setpgid(0, 0);
    struct timespec t = {0, 400 * 1000 * 1000}, before, after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    tell('s');
    int r = nanosleep(&t, NULL);
    int e = errno;
    clock_gettime(CLOCK_MONOTONIC, &after);
    long ms = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
    tell(r == 0 ? 'z' : e == EINTR ? 'e' : '?');
    tell(ms >= 400 ? 'l' : 'k');
    _exit(0);
  }
  setpgid(s, s);
  CHECK(next_report(5000) == 's', "the sleeper did not start");
  usleep(50000);
  kill(s, SIGSTOP);
  CHECK(waitpid(s, &status, WUNTRACED) == s && WIFSTOPPED(status), "the sleeper did not stop: %#x", status);
  kill(s, SIGCONT);
  char r = next_report(10000), l = next_report(10000);
  CHECK(r == 'z', "nanosleep after a stop: %c (e: EINTR)", r);
  CHECK(l == 'l', "the sleep was cut short: %c", l);
  waitpid(s, &status, 0);

  int data[2];
  CHECK(pipe(data) == 0, "pipe");
  pid_t rd = fork();
  if (rd == 0) {
    setpgid(0, 0);
    close(data[1]);
    tell('w');
    char c = 0;
    ssize_t n = read(data[0], &c, 1);
    tell(n == 1 && c == 'd' ? 'g' : n < 0 && errno == EINTR ? 'e' : '?');
    _exit(0);
  }
  setpgid(rd, rd);
  close(data[0]);
  CHECK(next_report(5000) == 'w', "the reader did not start");
  CHECK(wait_for_state(rd, 'S'), "the reader did not block");
  kill(rd, SIGSTOP);
  CHECK(waitpid(rd, &status, WUNTRACED) == rd && WIFSTOPPED(status), "the reader did not stop: %#x", status);
  kill(rd, SIGCONT);
  CHECK(write(data[1], "d", 1) == 1, "write");
  r = next_report(10000);
  CHECK(r == 'g', "read after a stop: %c (e: EINTR)", r);
  close(data[1]);
  waitpid(rd, &status, 0);
  say("5. nanosleep and a pipe read carry on after a stop and a continue: no EINTR, the whole sleep");
}

static volatile sig_atomic_t usr2_seen;
static void on_usr1(int sig) {
  (void)sig;
  tell('u');
}
static void on_usr2(int sig) {
  (void)sig;
  ++usr2_seen;
}

/* A child that waits for signals with `handler` for SIGUSR1 (or SIGUSR2), in group `pgid` (0: its own,
 * -1: the caller's). */
static pid_t listener(pid_t pgid) {
  pid_t pid = fork();
  if (pid == 0) {
    if (pgid >= 0) setpgid(0, pgid);
    install(SIGUSR1, on_usr1, 0);
    install(SIGUSR2, on_usr1, 0);
    tell('r');
    for (;;) pause();
  }
  if (pgid >= 0) setpgid(pid, pgid == 0 ? pid : pgid);
  CHECK(next_report(5000) == 'r', "a listener did not start");
  return pid;
}

static void groups(void) {
  pid_t h1 = listener(0);
  pid_t h2 = listener(h1);
  pid_t i = listener(-1);
  CHECK(getpgid(h2) == h1 && getpgid(i) == getpgrp(), "groups: %d %d", (int)getpgid(h2), (int)getpgid(i));
  CHECK(kill(-h1, SIGUSR1) == 0, "kill(-pgid): errno %d", errno);
  CHECK(next_report(5000) == 'u' && next_report(5000) == 'u', "kill(-pgid) did not reach both members");
  CHECK(next_report(100) == 0, "kill(-pgid) reached a third process");
  install(SIGUSR2, on_usr2, 0);
  usr2_seen = 0;
  CHECK(kill(0, SIGUSR2) == 0, "kill(0): errno %d", errno);
  CHECK(next_report(5000) == 'u' && usr2_seen == 1, "kill(0) did not reach the caller and its group's child");
  CHECK(next_report(100) == 0, "kill(0) reached another group");
  CHECK_ERRNO(kill(-999999, SIGUSR1), ESRCH);
  int status = 0;
  kill(h1, SIGKILL);
  kill(h2, SIGKILL);
  pid_t w1 = waitpid(-h1, &status, 0), w2 = waitpid(-h1, &status, 0);
  CHECK((w1 == h1 && w2 == h2) || (w1 == h2 && w2 == h1), "waitpid(-pgid): %d %d", (int)w1, (int)w2);
  CHECK_ERRNO(waitpid(-h1, &status, WNOHANG), ECHILD);
  CHECK(waitpid(0, &status, WNOHANG) == 0, "waitpid(0) with a live child in the group");
  kill(i, SIGKILL);
  CHECK(waitpid(0, &status, 0) == i, "waitpid(0) for the group's child");
  install(SIGUSR2, SIG_DFL, 0);
  drain();
  say("6. kill(-pgid) and kill(0) reach their group's members only, ESRCH for none; waitpid(-pgid), waitpid(0) likewise");
}

static volatile sig_atomic_t hups, conts;
static void on_hup(int sig) {
  (void)sig;
  ++hups;
  tell('H');
}
static void on_cont(int sig) {
  (void)sig;
  ++conts;
  tell('C');
}

static void orphans(void) {
  /* D leads a group and forks E into it, tells E's pid, and exits: E's group is then orphaned. */
  int pid_pipe[2];
  CHECK(pipe(pid_pipe) == 0, "pipe");
  pid_t d = fork();
  if (d == 0) {
    setpgid(0, 0);
    pid_t e = fork();
    if (e == 0) {
      install(SIGUSR1, on_usr1, 0);
      tell('r');
      for (;;) pause();
    }
    (void)!write(pid_pipe[1], &e, sizeof e);
    _exit(0);
  }
  setpgid(d, d);
  pid_t e = 0;
  CHECK(read(pid_pipe[0], &e, sizeof e) == sizeof e, "E's pid");
  int status = 0;
  waitpid(d, &status, 0);
  CHECK(next_report(5000) == 'r', "E did not start");
  kill(e, SIGTSTP);
  kill(e, SIGUSR1);
  CHECK(next_report(5000) == 'u', "SIGTSTP stopped a process in an orphaned group");
  kill(e, SIGSTOP);
  CHECK(wait_for_state(e, 'T'), "SIGSTOP did not stop a process in an orphaned group");
  kill(e, SIGKILL);
  CHECK(wait_for_state(e, '?'), "E did not end");  /* reaped by init: its /proc entry goes */
  say("7a. orphaned group: SIGTSTP does not stop, SIGSTOP does");

  /* F leads a group with G in it, stops G and exits: G's group is orphaned with G stopped. */
  pid_t f = fork();
  if (f == 0) {
    setpgid(0, 0);
    pid_t g = fork();
    if (g == 0) {
      install(SIGHUP, on_hup, 0);
      install(SIGCONT, on_cont, 0);
      tell('r');
      while (hups == 0 || conts == 0) pause();
      _exit(0);
    }
    char c = 0;
    (void)!read(report[0], &c, 1); /* G's 'r' */
    kill(g, SIGSTOP);
    int st = 0;
    waitpid(g, &st, WUNTRACED);
    _exit(WIFSTOPPED(st) ? 0 : 1);
  }
  setpgid(f, f);
  CHECK(waitpid(f, &status, 0) == f && WIFEXITED(status) && WEXITSTATUS(status) == 0, "F: %#x", status);
  /* Both are pending when G goes on; SIGHUP's frame is pushed first and SIGCONT's on top of it, so the
   * SIGCONT handler runs first. */
  char c = next_report(5000), h = next_report(5000);
  CHECK(c == 'C' && h == 'H', "the orphaned stopped group's handlers ran %c %c, not SIGCONT's then SIGHUP's", c, h);
  say("7b. a stopped group orphaned by an exit gets SIGHUP and SIGCONT (SIGCONT's handler on top, first)");
  close(pid_pipe[0]);
  close(pid_pipe[1]);
}

int main(void) {
  check_begin();
  CHECK(pipe(report) == 0, "pipe");
  pid_t leader = fork();
  if (leader == 0) {
    CHECK(setsid() == getpid(), "setsid: errno %d", errno);
    stop_and_continue();
    stop_signals();
    interrupted_calls();
    groups();
    orphans();
    _exit(check_failures == 0 ? 0 : 1);
  }
  int status = 0;
  CHECK(waitpid(leader, &status, 0) == leader, "waitpid: errno %d", errno);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) ++check_failures;
  return check_end();
}
