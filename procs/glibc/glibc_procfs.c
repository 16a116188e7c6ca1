/* glibc_procfs: /proc/PID/{stat,status,cmdline,fd}, writing to /proc, and sendfile, through glibc, built
 * with the stock toolchain (`gcc -m32 -static -O2`, Debian 12 glibc 2.36, nothing from Clockwork). Every
 * check is one Linux makes true too (run as root, from a directory with /tmp writable): the same binary
 * prints the same lines on Linux i386 and on Clockwork.
 *   1. /proc/self/stat: 52 fields, pid, (comm), state R, ppid, pgrp, session, num_threads 1, vsize and
 *      rss above 0, minflt growing with fresh pages; a zombie child's: state Z, its parent, memory
 *      fields 0 and the wait status as exit_code;
 *   2. /proc/self/status: Name, State, Tgid/Pid/PPid, Uid/Gid 0, FDSize, VmSize/VmRSS/VmStk, Threads 1,
 *      SigBlk/SigIgn/SigCgt with a blocked, an ignored and a caught signal; a zombie's has no Vm lines;
 *   3. /proc/self/cmdline: the argument strings, NUL-terminated (a re-execution of this program through
 *      /proc/self/exe with three arguments, one empty, checks its own);
 *   4. /proc/self/fd: one link per descriptor, in order; a /tmp file's path, "pipe:[INODE]" with the
 *      pipe's st_ino, /dev/null; link modes r-x/-wx/rwx by access mode; a closed descriptor ENOENT;
 *   5. sendfile and sendfile64: with and without an offset pointer (which moves, and which position stays),
 *      a short count at end of file, 0 past it and for count 0, EINVAL for a negative offset, an
 *      O_APPEND out_fd, a pipe or directory in_fd; ESPIPE for an offset with a pipe; EBADF; EFAULT for
 *      the offset pointer (before any descriptor check); into a pipe; from /proc; sendfile's 32-bit
 *      offset limit;
 *   6. writing /proc: root opens a file for writing (and with O_TRUNC); the write is EIO for
 *      /proc/meminfo, EINVAL for /proc/self/stat; access(W_OK) is 0;
 *   7. a mapped /tmp file: a store into the last, partial page works; a store (MAP_SHARED) or a load
 *      (MAP_PRIVATE) in a page wholly past the end is SIGBUS with BUS_ADRERR and si_addr, and the file
 *      keeps its size; after ftruncate grows it the page is there.
 * Expected output: tests/integration/cases/glibc-procfs-29.test. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_procfs";
int check_failures;

static char text[16384];

/* The whole file, NUL-terminated (NULs inside kept); its length, or -1. */
static long slurp(const char *path) {
  return read_whole_file(path, text, sizeof(text));
}

/* stat's fields after "(comm)", split at spaces: field[3] is proc(5)'s field 3 (state). */
static char *field[64];
static int split_stat(void) {
  char *close_paren = strrchr(text, ')');
  if (!close_paren) return 0;
  int n = 2;
  for (char *s = strtok(close_paren + 2, " \n"); s && n < 63; s = strtok(NULL, " \n")) field[++n] = s;
  return n;
}

/* The value of "Name:\t..." in `text` (status), or "". */
static const char *status_value(const char *name) {
  static char value[128];
  size_t length = strlen(name);
  for (const char *line = text; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
    if (strncmp(line, name, length) == 0 && line[length] == ':') {
      const char *v = line + length + 1;
      while (*v == '\t' || *v == ' ') ++v;
      size_t n = strcspn(v, "\n");
      if (n >= sizeof(value)) n = sizeof(value) - 1;
      memcpy(value, v, n);
      value[n] = '\0';
      return value;
    }
  }
  return "";
}

static void on_signal(int sig) { (void)sig; }

/* A child that exits with `status` at once; returns its pid once it is a zombie (not reaped): its stat
 * says Z. */
static pid_t zombie_child(int status) {
  pid_t pid = fork();
  if (pid == 0) _exit(status);
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
  for (int tries = 0; tries < 1000; ++tries) {
    if (slurp(path) > 0 && split_stat() > 3 && strcmp(field[3], "Z") == 0) break;
    usleep(10000);
  }
  return pid;
}

static void stat_file(void) {
  say("1. /proc/self/stat: 52 fields, pid, comm, state, ids, threads, sizes, faults; a zombie's");
  CHECK(slurp("/proc/self/stat") > 0, "read: %s", strerror(errno));
  char head[64];
  snprintf(head, sizeof(head), "%d (glibc_procfs) R ", (int)getpid());
  CHECK(strncmp(text, head, strlen(head)) == 0, "starts '%.40s'", text);
  int n = split_stat();
  CHECK(n == 52, "%d fields", n);
  if (n != 52) return;
  CHECK(atoi(field[4]) == (int)getppid(), "ppid %s", field[4]);
  CHECK(atoi(field[5]) == (int)getpgrp(), "pgrp %s", field[5]);
  CHECK(atoi(field[6]) == (int)getsid(0), "session %s", field[6]);
  CHECK(atoi(field[20]) == 1, "num_threads %s", field[20]);
  CHECK(strtoul(field[23], NULL, 10) > 0 && strtoul(field[24], NULL, 10) > 0, "vsize %s rss %s", field[23], field[24]);
  CHECK(atoi(field[38]) == SIGCHLD, "exit_signal %s", field[38]);
  unsigned long before = strtoul(field[10], NULL, 10);
  enum { kPages = 32 };
  char *fresh = mmap(NULL, kPages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (int i = 0; i < kPages; ++i) fresh[i * 4096] = 1;
  slurp("/proc/self/stat");
  split_stat();
  unsigned long after = strtoul(field[10], NULL, 10);
  CHECK(after >= before + kPages, "minflt %lu then %lu", before, after);
  munmap(fresh, kPages * 4096);

  pid_t child = zombie_child(3);
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
  CHECK(slurp(path) > 0, "zombie stat: %s", strerror(errno));
  n = split_stat();
  CHECK(n == 52 && strcmp(field[3], "Z") == 0, "zombie: %d fields, state %s", n, n > 3 ? field[3] : "?");
  if (n == 52) {
    CHECK(atoi(field[4]) == (int)getpid(), "zombie ppid %s", field[4]);
    CHECK(strcmp(field[23], "0") == 0 && strcmp(field[24], "0") == 0 && strcmp(field[26], "0") == 0,
          "zombie vsize %s rss %s startcode %s", field[23], field[24], field[26]);
    CHECK(atoi(field[52]) == (3 << 8), "zombie exit_code %s", field[52]);
  }
  snprintf(path, sizeof(path), "/proc/%d/status", (int)child);
  CHECK(slurp(path) > 0 && strcmp(status_value("State"), "Z (zombie)") == 0 && strstr(text, "VmSize") == NULL,
        "zombie status State '%s'", status_value("State"));
  snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)child);
  CHECK(slurp(path) == 0, "zombie cmdline %ld bytes", slurp(path));
  int status;
  CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 3, "reap");
}

static void status_file(void) {
  say("2. /proc/self/status: names, ids, FDSize, Vm lines, Threads, signal masks");
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, NULL);
  signal(SIGUSR2, SIG_IGN);
  signal(SIGTERM, on_signal);
  CHECK(slurp("/proc/self/status") > 0, "read: %s", strerror(errno));
  CHECK(strncmp(text, "Name:\tglibc_procfs\n", 19) == 0, "starts '%.30s'", text);
  CHECK(strcmp(status_value("State"), "R (running)") == 0, "State '%s'", status_value("State"));
  char pid[16], ppid[16];
  snprintf(pid, sizeof(pid), "%d", (int)getpid());
  snprintf(ppid, sizeof(ppid), "%d", (int)getppid());
  CHECK(strcmp(status_value("Tgid"), pid) == 0 && strcmp(status_value("Pid"), pid) == 0, "Tgid/Pid");
  CHECK(strcmp(status_value("PPid"), ppid) == 0, "PPid '%s'", status_value("PPid"));
  CHECK(strcmp(status_value("Uid"), "0\t0\t0\t0") == 0 && strcmp(status_value("Gid"), "0\t0\t0\t0") == 0, "Uid/Gid");
  CHECK(atoi(status_value("FDSize")) >= 64, "FDSize '%s'", status_value("FDSize"));
  CHECK(atoi(status_value("VmSize")) > 0 && atoi(status_value("VmRSS")) > 0 && atoi(status_value("VmStk")) > 0,
        "VmSize '%s' VmRSS '%s' VmStk '%s'", status_value("VmSize"), status_value("VmRSS"), status_value("VmStk"));
  CHECK(strstr(status_value("VmSize"), " kB") != NULL, "VmSize unit '%s'", status_value("VmSize"));
  CHECK(strcmp(status_value("Threads"), "1") == 0, "Threads '%s'", status_value("Threads"));
  unsigned long long blocked = strtoull(status_value("SigBlk"), NULL, 16);
  unsigned long long ignored = strtoull(status_value("SigIgn"), NULL, 16);
  unsigned long long caught = strtoull(status_value("SigCgt"), NULL, 16);
  CHECK(strlen(status_value("SigBlk")) == 16, "SigBlk '%s'", status_value("SigBlk"));
  CHECK((blocked >> (SIGUSR1 - 1)) & 1, "SigBlk %llx", blocked);
  CHECK((ignored >> (SIGUSR2 - 1)) & 1, "SigIgn %llx", ignored);
  CHECK((caught >> (SIGTERM - 1)) & 1, "SigCgt %llx", caught);
  sigprocmask(SIG_UNBLOCK, &block, NULL);
  signal(SIGUSR2, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
}

static const char kArgs[] = "glibc_procfs\0cmdline\0\0two words";

/* Run as `glibc_procfs cmdline "" "two words"`: checks its own command line. */
static int cmdline_child(void) {
  long n = slurp("/proc/self/cmdline");
  CHECK(n == (long)sizeof(kArgs) && memcmp(text, kArgs, sizeof(kArgs)) == 0, "cmdline %ld bytes '%s'", n, text);
  return check_failures == 0 ? 0 : 1;
}

static void cmdline_file(void) {
  say("3. /proc/self/cmdline: the arguments, NUL-terminated, also after execve");
  char *const args[] = {"glibc_procfs", "cmdline", "", "two words", NULL};
  pid_t pid = fork();
  if (pid == 0) {
    execv("/proc/self/exe", args);
    _exit(127);
  }
  int status;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
  long n = slurp("/proc/self/cmdline");
  CHECK(n > 0 && text[n - 1] == '\0' && strstr(text, "glibc_procfs") != NULL, "own cmdline %ld bytes", n);
}

static void fd_link(int fd, const char *expected, mode_t mode) {
  char path[64], target[256] = {0};
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, target, sizeof(target) - 1);
  CHECK(n > 0 && strcmp(target, expected) == 0, "fd %d -> '%s', wanted '%s'", fd, target, expected);
  struct stat st;
  CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (st.st_mode & 0777) == mode, "fd %d mode %o", fd,
        (unsigned)st.st_mode);
}

static void fd_directory(void) {
  say("4. /proc/self/fd: a link per descriptor, a file's path, pipe:[inode], /dev/null, modes by access");
  int file = open("/tmp/glibc_procfs.fd", O_RDWR | O_CREAT | O_TRUNC, 0644);
  int p[2];
  CHECK(file >= 0 && pipe(p) == 0, "open, pipe: %s", strerror(errno));
  int null = open("/dev/null", O_WRONLY);
  fd_link(file, "/tmp/glibc_procfs.fd", 0700);
  struct stat st;
  fstat(p[0], &st);
  char pipe_name[64];
  snprintf(pipe_name, sizeof(pipe_name), "pipe:[%lu]", (unsigned long)st.st_ino);
  fd_link(p[0], pipe_name, 0500);
  fd_link(p[1], pipe_name, 0300);
  fd_link(null, "/dev/null", 0300);
  /* readdir: every descriptor once, ascending (Linux lists them in fd order). */
  DIR *d = opendir("/proc/self/fd");
  CHECK(d != NULL, "opendir: %s", strerror(errno));
  int seen = 0, last = -1, ordered = 1, own = d ? dirfd(d) : -1;
  for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.') continue;
    int fd = atoi(e->d_name);
    if (fd <= last) ordered = 0;
    last = fd;
    CHECK(e->d_type == DT_LNK, "fd %d d_type %d", fd, e->d_type);
    if (fd == file || fd == p[0] || fd == p[1] || fd == null || fd == own) ++seen;
  }
  if (d) closedir(d);
  CHECK(seen == 5 && ordered, "listed %d of 5, ordered %d", seen, ordered);
  close(null);
  char target[64];
  errno = 0;
  snprintf(pipe_name, sizeof(pipe_name), "/proc/self/fd/%d", null);
  CHECK(readlink(pipe_name, target, sizeof(target)) == -1 && errno == ENOENT, "closed fd: errno %d", errno);
  close(p[0]);
  close(p[1]);
  close(file);
  unlink("/tmp/glibc_procfs.fd");
}

static const char kData[] = "0123456789abcdef";

/* The contents of `path` (at most 63 bytes) as a string. */
static const char *contents(const char *path) {
  static char buffer[64];
  int fd = open(path, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buffer, sizeof(buffer) - 1) : -1;
  if (fd >= 0) close(fd);
  buffer[n > 0 ? n : 0] = '\0';
  return buffer;
}

static void send_file(void) {
  say("5. sendfile, sendfile64: offsets, positions, end of file, errors, pipes, /proc");
  int in = open("/tmp/glibc_procfs.in", O_RDWR | O_CREAT | O_TRUNC, 0644);
  int out = open("/tmp/glibc_procfs.out", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(in >= 0 && out >= 0 && write(in, kData, 16) == 16, "files: %s", strerror(errno));
  lseek(in, 0, SEEK_SET);
  off_t offset = 4;
  ssize_t r = sendfile(out, in, &offset, 5);
  CHECK(r == 5 && offset == 9 && lseek(in, 0, SEEK_CUR) == 0, "offset: %zd, offset %ld", r, (long)offset);
  r = sendfile(out, in, NULL, 3);
  CHECK(r == 3 && lseek(in, 0, SEEK_CUR) == 3 && lseek(out, 0, SEEK_CUR) == 8, "NULL offset: %zd", r);
  CHECK(strcmp(contents("/tmp/glibc_procfs.out"), "45678012") == 0, "out '%s'", contents("/tmp/glibc_procfs.out"));
  offset = 14;
  r = sendfile(out, in, &offset, 100);
  CHECK(r == 2 && offset == 16, "short: %zd, offset %ld", r, (long)offset);
  offset = 100;
  CHECK(sendfile(out, in, &offset, 10) == 0 && offset == 100, "past the end");
  CHECK(sendfile(out, in, NULL, 0) == 0, "count 0");
  r = sendfile(out, in, NULL, (size_t)-1);
  CHECK(r == 13 && lseek(in, 0, SEEK_CUR) == 16, "huge count: %zd", r);
  long long offset64 = 2;
  r = syscall(SYS_sendfile64, out, in, &offset64, 3);
  CHECK(r == 3 && offset64 == 5, "sendfile64: %zd, offset %lld", r, offset64);
  int32_t offset32 = 0x7ffffffe;
  r = syscall(SYS_sendfile, out, in, &offset32, 3);
  CHECK(r == 0 && offset32 == 0x7ffffffe, "32-bit limit: %zd", r);
  CHECK(strcmp(contents("/tmp/glibc_procfs.out"), "45678012ef3456789abcdef234") == 0, "out '%s'",
        contents("/tmp/glibc_procfs.out"));

  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  offset = 0;
  r = sendfile(p[1], in, &offset, 6);
  char piped[8] = {0};
  CHECK(r == 6 && read(p[0], piped, sizeof(piped)) == 6 && memcmp(piped, "012345", 6) == 0, "into a pipe: %zd", r);
  int proc = open("/proc/meminfo", O_RDONLY);
  offset = 0;
  r = sendfile(p[1], proc, &offset, 9);
  CHECK(r == 9 && read(p[0], piped, sizeof(piped)) == 8 && memcmp(piped, "MemTotal", 8) == 0, "from /proc: %zd", r);
  read(p[0], piped, 1);
  close(proc);

  int append = open("/tmp/glibc_procfs.out", O_WRONLY | O_APPEND);
  int read_only = open("/tmp/glibc_procfs.out", O_RDONLY);
  int write_only = open("/tmp/glibc_procfs.in", O_WRONLY);
  int directory = open("/tmp", O_RDONLY | O_DIRECTORY);
  struct {
    const char *what;
    int out, in;
    off_t *offset;
    size_t count;
    int error;
  } refused[] = {
      {"negative offset", out, in, &offset, 1, EINVAL},
      {"O_APPEND out_fd", append, in, NULL, 1, EINVAL},
      {"O_APPEND out_fd, count 0", append, in, NULL, 0, EINVAL},
      {"pipe in_fd", out, p[0], NULL, 1, EINVAL},
      {"pipe in_fd with offset", out, p[0], &offset, 1, ESPIPE},
      {"directory in_fd", out, directory, NULL, 1, EINVAL},
      {"read-only out_fd", read_only, in, NULL, 1, EBADF},
      {"write-only in_fd", out, write_only, NULL, 1, EBADF},
      {"closed out_fd", 99, in, NULL, 1, EBADF},
      {"bad offset pointer", out, in, (off_t *)8, 1, EFAULT},
      {"bad offset pointer, closed out_fd", 99, in, (off_t *)8, 1, EFAULT},
  };
  for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); ++i) {
    offset = i == 0 ? -1 : 0;
    errno = 0;
    r = sendfile(refused[i].out, refused[i].in, refused[i].offset, refused[i].count);
    CHECK(r == -1 && errno == refused[i].error, "%s: %zd, errno %d (wanted %d)", refused[i].what, r, errno,
          refused[i].error);
  }
  errno = 0;
  CHECK(sendfile(p[1], p[0], NULL, 0) == 0 && sendfile(out, directory, NULL, 0) == 0, "count 0 of a pipe, a directory");
  close(append);
  close(read_only);
  close(write_only);
  close(directory);
  close(p[0]);
  close(p[1]);
  close(in);
  close(out);
  unlink("/tmp/glibc_procfs.in");
  unlink("/tmp/glibc_procfs.out");
}

static void write_proc(void) {
  say("6. writing /proc: root opens for writing; write EIO (meminfo) or EINVAL (stat); access W_OK 0");
  int fd = open("/proc/meminfo", O_WRONLY);
  CHECK(fd >= 0, "open meminfo O_WRONLY: %s", strerror(errno));
  errno = 0;
  CHECK(write(fd, "x", 1) == -1 && errno == EIO, "meminfo write: errno %d", errno);
  close(fd);
  fd = open("/proc/self/stat", O_RDWR | O_TRUNC);
  CHECK(fd >= 0, "open stat O_RDWR|O_TRUNC: %s", strerror(errno));
  errno = 0;
  CHECK(write(fd, "x", 1) == -1 && errno == EINVAL, "stat write: errno %d", errno);
  char first[8] = {0};
  CHECK(read(fd, first, 7) > 0 && atoi(first) == (int)getpid(), "stat still reads '%s'", first);
  close(fd);
  CHECK(access("/proc/meminfo", W_OK) == 0, "access W_OK: %s", strerror(errno));
}

static sigjmp_buf bus_jump;
static volatile void *bus_address;
static volatile int bus_code;

static void on_bus(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)context;
  bus_address = info->si_addr;
  bus_code = info->si_code;
  siglongjmp(bus_jump, 1);
}

/* Touches `address` (a store or a load); 1 if that raised SIGBUS at it with BUS_ADRERR. */
static int faults(volatile char *address, int store) {
  bus_address = NULL;
  bus_code = 0;
  if (sigsetjmp(bus_jump, 1) == 0) {
    if (store) *address = 'x';
    else (void)*address;
    return 0;
  }
  return bus_address == (void *)address && bus_code == BUS_ADRERR;
}

static void bus_error(void) {
  say("7. a mapped /tmp file: past its last page SIGBUS (BUS_ADRERR, si_addr), the size unchanged");
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = on_bus;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
  int fd = open("/tmp/glibc_procfs.map", O_RDWR | O_CREAT | O_TRUNC, 0644);
  char bytes[5000];
  memset(bytes, 'f', sizeof(bytes));
  CHECK(fd >= 0 && write(fd, bytes, sizeof(bytes)) == (ssize_t)sizeof(bytes), "file: %s", strerror(errno));
  char *shared = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *private = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(shared != MAP_FAILED && private != MAP_FAILED, "mmap: %s", strerror(errno));
  if (shared == MAP_FAILED || private == MAP_FAILED) return;
  CHECK(!faults(shared + 4096 + 100, 1), "a store in the last, partial page");
  CHECK(faults(shared + 2 * 4096 + 8, 1), "store past the end: address %p code %d", bus_address, bus_code);
  CHECK(faults(private + 2 * 4096, 0), "load past the end (private): address %p code %d", bus_address, bus_code);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 5000, "size %lld", (long long)st.st_size);
  CHECK(ftruncate(fd, 3 * 4096) == 0 && !faults(shared + 2 * 4096 + 8, 1), "after ftruncate");
  char c = 0;
  CHECK(pread(fd, &c, 1, 2 * 4096 + 8) == 1 && c == 'x', "the store reached the file: %c", c);
  munmap(shared, 3 * 4096);
  munmap(private, 3 * 4096);
  close(fd);
  unlink("/tmp/glibc_procfs.map");
  signal(SIGBUS, SIG_DFL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "cmdline") == 0) return cmdline_child();
  check_begin();
  stat_file();
  status_file();
  cmdline_file();
  fd_directory();
  send_file();
  write_proc();
  bus_error();
  return check_end();
}
