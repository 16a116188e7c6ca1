/* glibc_fork: processes through glibc, built with the stock toolchain (`gcc -m32 -static -O2`, Debian 12
 * glibc 2.36, nothing from Clockwork). glibc's fork() is clone(SIGCHLD | CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID), its waitpid() is wait4.
 *   1. exit statuses 0, 7 and 255 through waitpid, and wait4 with a struct rusage;
 *   2. copy-on-write: parent and child both write a 160 KiB array (more than a pool of 29 frames holds
 *      with everything else, so at 12 frames it is paged while shared), yielding between pages, and each
 *      sees only its own writes; after the child is gone the parent's copy is still its own;
 *   3. execve from a child with argv and envp: of this program (the exec'd image checks argv and getenv)
 *      and of /bin/glibc_hello, whose exit status the parent sees;
 *   4. children killed by signals: SIGSEGV from a null write, SIGTERM from the parent, SIGKILL raised by
 *      the child itself, each seen with WIFSIGNALED and WTERMSIG.
 * Expected output: tests/integration/cases/glibc-fork-29.test (the same lines as on Linux i386). */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_fork";
int check_failures;

static int wait_status(pid_t pid) {
  int status = 0;
  pid_t got = waitpid(pid, &status, 0);
  CHECK(got == pid, "waitpid returned %d", (int)got);
  return status;
}

static void exit_statuses(void) {
  static const int codes[] = {0, 7, 255};
  pid_t pids[3];
  for (int i = 0; i < 3; ++i) {
    pids[i] = fork();
    if (pids[i] == 0) _exit(codes[i]);
    CHECK(pids[i] > 0, "fork failed");
  }
  /* Reaped in reverse order: waitpid(pid) picks that child, whichever ended first. */
  for (int i = 2; i >= 0; --i) {
    int status = wait_status(pids[i]);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == codes[i], "status %#x for code %d", status, codes[i]);
  }
  say("1. children exit with 0, 7 and 255 and waitpid sees each");

  pid_t pid = fork();
  if (pid == 0) {
    volatile unsigned spin = 0;
    for (unsigned i = 0; i < 200000; ++i) spin += i;
    _exit(42);
  }
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  int status = 0;
  CHECK(wait4(pid, &status, 0, &ru) == pid, "wait4 failed");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "wait4 status %#x", status);
  CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000, "ru_utime.tv_usec %ld",
        (long)ru.ru_utime.tv_usec);
  CHECK(ru.ru_minflt >= 0, "ru_minflt %ld", ru.ru_minflt);
  CHECK(waitpid(-1, &status, WNOHANG) == -1, "a child is left");
  say("   wait4 reaps status 42 and fills struct rusage; no child is left");
}

enum { kWords = 160 * 1024 / 4, kWordsPerPage = 1024 };
static unsigned shared_array[kWords];

static int array_is(unsigned base) {
  for (int i = 0; i < kWords; ++i)
    if (shared_array[i] != base + (unsigned)i) return 0;
  return 1;
}

static void write_array(unsigned base, int yield_every_page) {
  for (int i = 0; i < kWords; ++i) {
    shared_array[i] = base + (unsigned)i;
    if (yield_every_page && i % kWordsPerPage == 0) sched_yield();
  }
}

static void copy_on_write(void) {
  write_array(0x10000000u, 0);
  pid_t pid = fork();
  if (pid == 0) {
    int saw_parent = array_is(0x10000000u);
    write_array(0x20000000u, 1);
    for (int round = 0; round < 4; ++round) sched_yield();
    _exit(saw_parent && array_is(0x20000000u) ? 0 : 1);
  }
  write_array(0x30000000u, 1);
  for (int round = 0; round < 4; ++round) sched_yield();
  CHECK(array_is(0x30000000u), "the parent's array changed while the child wrote");
  int status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child saw the wrong array (status %#x)", status);
  CHECK(array_is(0x30000000u), "the parent's array changed after the child ended");
  say("2. parent and child both write a 160 KiB array; each sees only its own writes");
}

static void exec_children(const char *self) {
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {(char *)"glibc_fork", (char *)"exec-child", (char *)"two words", NULL};
    char *envp[] = {(char *)"CW_COLOUR=teal", (char *)"CW_EMPTY=", NULL};
    execve(self, argv, envp);
    _exit(99);
  }
  int status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "exec'd child status %#x", status);
  say("3. execve of %s with argv and envp: the new image exited with 3", self);

  pid = fork();
  if (pid == 0) {
    char *argv[] = {(char *)"glibc_hello", NULL};
    char *envp[] = {NULL};
    execve("/bin/glibc_hello", argv, envp);
    _exit(99);
  }
  status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "glibc_hello status %#x", status);
  say("   execve of /bin/glibc_hello: it ran and exited with 0");
}

/* The exec'd image: checks what execve gave it. */
static int exec_child_main(int argc, char **argv) {
  const char *colour = getenv("CW_COLOUR");
  const char *empty = getenv("CW_EMPTY");
  say("   exec'd: argc %d, argv[1] \"%s\", argv[2] \"%s\"", argc, argv[1], argc > 2 ? argv[2] : "");
  say("   exec'd: getenv CW_COLOUR \"%s\", CW_EMPTY \"%s\", HOME %s", colour ? colour : "(null)",
      empty ? empty : "(null)", getenv("HOME") ? "set" : "unset");
  return 3;
}

static void killed_children(void) {
  pid_t pid = fork();
  if (pid == 0) {
    *(volatile int *)0 = 1;
    _exit(0);
  }
  int status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "null-write child status %#x", status);
  say("4. a child writing to address 0 is killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);

  pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  sched_yield();
  CHECK(kill(pid, SIGTERM) == 0, "kill failed");
  status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "SIGTERM child status %#x", status);
  say("   a child in pause() killed by the parent's SIGTERM: signal %d",
      WIFSIGNALED(status) ? WTERMSIG(status) : 0);

  pid = fork();
  if (pid == 0) {
    raise(SIGKILL);
    _exit(0);
  }
  status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL child status %#x", status);
  say("   a child raising SIGKILL: signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    return exec_child_main(argc, argv);
  }
  check_begin();
  exit_statuses();
  copy_on_write();
  exec_children("/bin/glibc_fork");
  killed_children();
  return check_end();
}
