/* glibc_system: the system calls and /proc files that busybox's sync, nproc, taskset, id, df, mount, top
 * and uptime need, built with the stock toolchain (`gcc -m32 -static -O2`, Debian 12 glibc 2.36). Every
 * check is one Linux makes true too (the same binary prints the same lines there, as root):
 *   1. sync, syncfs, fsync and fdatasync: a file and a directory succeed, a pipe and /dev/null are
 *      EINVAL, a closed descriptor EBADF;
 *   2. sched_getaffinity: CPU 0 in the mask, the size a multiple of 4; EINVAL for a short size, ESRCH for
 *      no such process, EFAULT for a bad mask; sched_setaffinity with CPU 0 succeeds, an empty mask EINVAL;
 *   3. getgroups: a count that fits, EINVAL for a negative size;
 *   4. statfs, fstatfs, statfs64's size check: /proc is PROC_SUPER_MAGIC, /tmp has blocks, ENOENT, EBADF,
 *      EINVAL for the wrong structure size;
 *   5. /proc/mounts lists /proc as proc (getmntent), /proc/loadavg has its six fields, /proc/stat its cpu,
 *      ctxt, btime, processes and procs_running lines, /proc/cpuinfo processor 0, vendor_id and flags;
 *   6. /proc/self/cwd follows chdir, /proc/self/root is "/", a child's cwd seen from its parent, and a
 *      reaped child's is gone (ENOENT).
 * Expected output: tests/integration/cases/glibc-system-29.test. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <mntent.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_system";
int check_failures;

static char text[65536];

static void writing_back(void) {
  sync();
  int fd = open("/tmp/glibc_system.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "open: errno %d", errno);
  CHECK(write(fd, "x", 1) == 1, "write");
  CHECK(fsync(fd) == 0, "fsync of a file: errno %d", errno);
  CHECK(fdatasync(fd) == 0, "fdatasync of a file: errno %d", errno);
  CHECK(syncfs(fd) == 0, "syncfs: errno %d", errno);
  close(fd);
  unlink("/tmp/glibc_system.f");
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  CHECK(dir >= 0 && fsync(dir) == 0, "fsync of a directory: errno %d", errno);
  close(dir);
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  CHECK_ERRNO(fsync(p[1]), EINVAL);
  close(p[0]);
  close(p[1]);
  int null = open("/dev/null", O_WRONLY);
  CHECK_ERRNO(fsync(null), EINVAL);
  close(null);
  CHECK_ERRNO(fsync(99), EBADF);
  CHECK_ERRNO(syncfs(99), EBADF);
  say("1. sync, syncfs, fsync, fdatasync: files and directories yes, pipes and devices EINVAL, EBADF");
}

static void affinity(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  long n = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
  CHECK(n > 0 && n % 4 == 0 && n <= (long)sizeof(set), "sched_getaffinity: %ld", n);
  CHECK(CPU_ISSET(0, &set) && CPU_COUNT(&set) >= 1, "CPU 0 not in the mask");
  CHECK(syscall(SYS_sched_getaffinity, getpid(), sizeof(set), &set) == n, "by pid");
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0, 0, &set), EINVAL);
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0, 2, &set), EINVAL);
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0, sizeof(set) + 1, &set), EINVAL);
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, -1, sizeof(set), &set), ESRCH);
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0x7ffffff0, sizeof(set), &set), ESRCH);
  CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0, sizeof(set), (void *)16), EFAULT);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  CHECK(sched_setaffinity(0, sizeof(one), &one) == 0, "sched_setaffinity CPU 0: errno %d", errno);
  cpu_set_t none;
  CPU_ZERO(&none);
  CHECK_ERRNO(sched_setaffinity(0, sizeof(none), &none), EINVAL);
  CHECK(sched_setaffinity(0, sizeof(set), &set) == 0, "restoring the mask: errno %d", errno);
  say("2. sched_getaffinity and sched_setaffinity: CPU 0, sizes, EINVAL, ESRCH, EFAULT");
}

static void groups(void) {
  gid_t list[64];
  int n = getgroups(0, NULL);
  CHECK(n >= 0 && n <= 64, "getgroups(0): %d", n);
  CHECK(getgroups(64, list) == n, "getgroups(64)");
  CHECK_ERRNO(syscall(SYS_getgroups32, -1, list), EINVAL);
  say("3. getgroups: a count, the same list, EINVAL for a negative size");
}

static void file_systems(void) {
  struct statfs s;
  CHECK(statfs("/proc", &s) == 0 && s.f_type == 0x9fa0, "statfs /proc: type %#lx", (unsigned long)s.f_type);
  CHECK(statfs("/tmp", &s) == 0 && s.f_bsize > 0 && s.f_blocks > 0 && s.f_bfree <= s.f_blocks &&
            s.f_bavail <= s.f_bfree && s.f_namelen == 255,
        "statfs /tmp: bsize %ld blocks %llu", (long)s.f_bsize, (unsigned long long)s.f_blocks);
  int fd = open("/proc/self/stat", O_RDONLY);
  struct statfs f;
  CHECK(fstatfs(fd, &f) == 0 && f.f_type == 0x9fa0, "fstatfs /proc/self/stat");
  close(fd);
  CHECK_ERRNO(statfs("/no/such/path", &s), ENOENT);
  CHECK_ERRNO(fstatfs(99, &s), EBADF);
  char buf[128];
  CHECK_ERRNO(syscall(SYS_statfs64, "/proc", 64, buf), EINVAL);
  CHECK_ERRNO(syscall(SYS_statfs64, "/proc", 84, (void *)16), EFAULT);
  CHECK_ERRNO(syscall(SYS_fstatfs64, 0, 88, buf), EINVAL);
  say("4. statfs, fstatfs: /proc's type, /tmp's blocks, ENOENT, EBADF; statfs64's size EINVAL, EFAULT");
}

static long slurp(const char *path) { return read_whole_file(path, text, sizeof(text)); }

static void proc_files(void) {
  FILE *mounts = setmntent("/proc/mounts", "r");
  CHECK(mounts != NULL, "setmntent: errno %d", errno);
  int found = 0;
  struct mntent *m;
  while (mounts && (m = getmntent(mounts)) != NULL)
    if (strcmp(m->mnt_dir, "/proc") == 0 && strcmp(m->mnt_type, "proc") == 0) found = 1;
  if (mounts) endmntent(mounts);
  CHECK(found, "/proc is not in /proc/mounts as proc");
  CHECK(slurp("/proc/loadavg") > 0, "/proc/loadavg");
  float a, b, c;
  int running, total, last;
  CHECK(sscanf(text, "%f %f %f %d/%d %d", &a, &b, &c, &running, &total, &last) == 6 && running >= 1 &&
            total >= running && last >= getpid() && a >= 0,
        "/proc/loadavg: %s", text);
  CHECK(slurp("/proc/stat") > 0 && strncmp(text, "cpu  ", 5) == 0, "/proc/stat starts with cpu");
  unsigned long long user, nice, system, idle;
  CHECK(sscanf(text, "cpu %llu %llu %llu %llu", &user, &nice, &system, &idle) == 4, "the cpu line");
  CHECK(strstr(text, "\ncpu0 ") && strstr(text, "\nctxt ") && strstr(text, "\nbtime ") &&
            strstr(text, "\nprocesses ") && strstr(text, "\nprocs_running "),
        "/proc/stat's lines");
  CHECK(slurp("/proc/cpuinfo") > 0 && strncmp(text, "processor\t: 0\n", 14) == 0 && strstr(text, "\nvendor_id\t: ") &&
            strstr(text, "\nflags\t\t: "),
        "/proc/cpuinfo");
  say("5. /proc/mounts, /proc/loadavg, /proc/stat, /proc/cpuinfo: the fields programs read");
}

static void links(void) {
  char link[256];
  CHECK(mkdir("/tmp/glibc_system.d", 0755) == 0, "mkdir: errno %d", errno);
  CHECK(chdir("/tmp/glibc_system.d") == 0, "chdir: errno %d", errno);
  ssize_t n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
  CHECK(n > 0 && (link[n] = 0, strcmp(link, "/tmp/glibc_system.d") == 0), "cwd: %s", n > 0 ? link : "?");
  n = readlink("/proc/self/root", link, sizeof(link) - 1);
  CHECK(n == 1 && link[0] == '/', "root");
  int ready[2], go[2];
  CHECK(pipe(ready) == 0 && pipe(go) == 0, "pipe");
  pid_t child = fork();
  if (child == 0) {
    char c = 0;
    if (chdir("/proc") != 0) _exit(1);
    if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1) _exit(2);
    _exit(0);
  }
  char c;
  CHECK(read(ready[0], &c, 1) == 1, "the child is ready");
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/cwd", (int)child);
  n = readlink(path, link, sizeof(link) - 1);
  CHECK(n == 5 && (link[n] = 0, strcmp(link, "/proc") == 0), "the child's cwd: %s", n > 0 ? link : "?");
  CHECK(write(go[1], "g", 1) == 1, "go");
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child");
  CHECK_ERRNO(readlink(path, link, sizeof(link)), ENOENT);
  CHECK(chdir("/") == 0 && rmdir("/tmp/glibc_system.d") == 0, "clean up: errno %d", errno);
  say("6. /proc/self/cwd follows chdir, root is /, a child's cwd from its parent, ENOENT once reaped");
}

int main(void) {
  check_begin();
  writing_back();
  affinity();
  groups();
  file_systems();
  proc_files();
  links();
  return check_end();
}
