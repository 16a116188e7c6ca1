/* glibc_proc: /proc through glibc, built with the stock toolchain (`gcc -m32 -static -O2`, Debian 12
 * glibc 2.36, nothing from Clockwork). Every check but the snapshot one (step 5) is one Linux makes true
 * too; the program's own path is wherever it runs from (/bin/glibc_proc on Clockwork).
 *   1. /proc/self is a link to the caller's pid, and names the same directory as /proc/PID;
 *   2. /proc/self/exe leads to this program; a child's /proc/PID/exe from its parent; a reaped child's
 *      directory is gone (ENOENT);
 *   3. /proc/self/maps: sorted, disjoint lines in Linux's format; main in an r-xp line of this program,
 *      a local variable in [stack], a malloc'd block in [heap]; an anonymous mmap and its split by
 *      mprotect into three lines;
 *   4. /proc/meminfo and /proc/vmstat: Linux's fields, MemFree <= MemTotal; faulting in 64 fresh pages
 *      raises pgfault by at least 64; /proc/uptime;
 *   5. (Clockwork only) an open /proc file is a snapshot made at open: what later reads and pread see
 *      does not change with the process, a new open does;
 *   6. readdir of /proc lists self, meminfo and this pid; root opens a file for writing and the write
 *      fails with EIO, ENOENT for no process.
 * Expected output: tests/integration/cases/glibc-proc-29.test. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_proc";
int check_failures;

static char text[65536];

/* The whole file, NUL-terminated; its length, or -1. */
static long slurp(const char *path) {
  return read_whole_file(path, text, sizeof(text));
}

static void self_link(void) {
  say("1. /proc/self is a link to the caller's pid and the same directory as /proc/PID");
  char target[64] = {0};
  ssize_t n = readlink("/proc/self", target, sizeof(target) - 1);
  char pid[16];
  snprintf(pid, sizeof(pid), "%d", (int)getpid());
  CHECK(n > 0 && strcmp(target, pid) == 0, "readlink /proc/self: '%s' (%zd), pid %s", target, n, pid);
  struct stat a, b, l;
  char path[32];
  snprintf(path, sizeof(path), "/proc/%d", (int)getpid());
  CHECK(stat("/proc/self", &a) == 0 && stat(path, &b) == 0, "stat: %s", strerror(errno));
  CHECK(S_ISDIR(a.st_mode) && a.st_ino == b.st_ino && a.st_dev == b.st_dev, "different directories");
  CHECK(lstat("/proc/self", &l) == 0 && S_ISLNK(l.st_mode), "lstat /proc/self is not a link");
}

static int ends_with(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcmp(s + a - b, tail) == 0;
}

static void exe_links(void) {
  say("2. /proc/self/exe leads to this program, a child's exe too; a reaped child's directory is gone");
  char self[256] = {0};
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  CHECK(n > 0 && ends_with(self, "/glibc_proc"), "readlink /proc/self/exe: '%s'", self);
  struct stat via_link, direct;
  CHECK(stat("/proc/self/exe", &via_link) == 0 && stat(self, &direct) == 0 && via_link.st_ino == direct.st_ino,
        "/proc/self/exe is not %s", self);
  int ready[2], go[2];
  CHECK(pipe(ready) == 0 && pipe(go) == 0, "pipe: %s", strerror(errno));
  pid_t child = fork();
  if (child == 0) {
    char c = 1;
    (void)!write(ready[1], &c, 1);
    (void)!read(go[0], &c, 1);
    _exit(0);
  }
  char c;
  CHECK(read(ready[0], &c, 1) == 1, "the child did not start");
  char path[64], target[256] = {0};
  snprintf(path, sizeof(path), "/proc/%d/exe", (int)child);
  n = readlink(path, target, sizeof(target) - 1);
  CHECK(n > 0 && strcmp(target, self) == 0, "readlink %s: '%s'", path, target);
  snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
  int maps = open(path, O_RDONLY);
  CHECK(maps >= 0, "open %s: %s", path, strerror(errno));
  (void)!write(go[1], &c, 1);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status), "waitpid");
  errno = 0;
  CHECK(open(path, O_RDONLY) == -1 && errno == ENOENT, "open %s after the reap: errno %d", path, errno);
  if (maps >= 0) close(maps);
  close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
}

struct maps_line {
  unsigned long start, end, offset, inode;
  char perms[5];
  unsigned major, minor;
  char name[256];
};

/* Parses one line of maps as Linux's show_map_vma prints it; 1 on success. */
static int parse_line(const char *line, struct maps_line *out) {
  int used = 0;
  out->name[0] = '\0';
  if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &out->start, &out->end, out->perms, &out->offset,
             &out->major, &out->minor, &out->inode, &used) < 7)
    return 0;
  const char *rest = line + used;
  size_t len = strcspn(rest, "\n");
  if (len >= sizeof(out->name)) return 0;
  memcpy(out->name, rest, len);
  out->name[len] = '\0';
  return 1;
}

/* The maps line holding `address`, from `text`; 1 if found. */
static int line_of(unsigned long address, struct maps_line *out) {
  for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
    if (parse_line(p, out) && address >= out->start && address < out->end) return 1;
    if (!strchr(p, '\n')) break;
  }
  return 0;
}

static int count_lines_in(unsigned long lo, unsigned long hi) {
  int count = 0;
  struct maps_line m;
  for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
    if (parse_line(p, &m) && m.start >= lo && m.end <= hi) ++count;
    if (!strchr(p, '\n')) break;
  }
  return count;
}

static void maps(void) {
  say("3. /proc/self/maps: sorted, disjoint, Linux's format; text, [stack], [heap]; mmap and mprotect");
  char *block = malloc(100);
  int local = 1;
  long length = slurp("/proc/self/maps");
  CHECK(length > 0, "read /proc/self/maps: %s", strerror(errno));
  unsigned long previous_end = 0;
  int lines = 0;
  struct maps_line m;
  for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
    CHECK(parse_line(p, &m), "unparsable line '%.60s'", p);
    CHECK(m.start < m.end && m.start >= previous_end && m.start % 4096 == 0 && m.end % 4096 == 0,
          "line %d out of order: %lx-%lx after %lx", lines, m.start, m.end, previous_end);
    if (m.name[0] == '\0') CHECK(m.offset == 0 && m.inode == 0, "anonymous line with an offset or inode");
    previous_end = m.end;
    ++lines;
    if (!strchr(p, '\n')) break;
  }
  CHECK(lines >= 4, "only %d lines", lines);
  CHECK(line_of((unsigned long)(uintptr_t)&maps, &m) && strcmp(m.perms, "r-xp") == 0 &&
            ends_with(m.name, "/glibc_proc") && m.inode != 0,
        "main's line: %s %s", m.perms, m.name);
  CHECK(line_of((unsigned long)(uintptr_t)&local, &m) && strcmp(m.name, "[stack]") == 0 &&
            strcmp(m.perms, "rw-p") == 0,
        "the stack's line: %s %s", m.perms, m.name);
  CHECK(line_of((unsigned long)(uintptr_t)block, &m) && strcmp(m.name, "[heap]") == 0, "the heap's line: %s",
        m.name);
  free(block);

  char *area = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(area != MAP_FAILED, "mmap: %s", strerror(errno));
  unsigned long lo = (unsigned long)(uintptr_t)area, hi = lo + 3 * 4096;
  slurp("/proc/self/maps");
  char expected[64];
  snprintf(expected, sizeof(expected), "%08lx-%08lx rw-p 00000000 00:00 0 \n", lo, hi);
  /* Linux may merge the mapping with a neighbour; with a PROT_NONE page on each side it cannot. */
  int merged = !strstr(text, expected);
  CHECK(mprotect(area + 4096, 4096, PROT_READ) == 0, "mprotect: %s", strerror(errno));
  slurp("/proc/self/maps");
  if (!merged) {
    CHECK(count_lines_in(lo, hi) == 3, "%d lines in the mprotect'ed mapping", count_lines_in(lo, hi));
    CHECK(line_of(lo + 4096, &m) && strcmp(m.perms, "r--p") == 0, "the middle page is %s", m.perms);
  } else {
    CHECK(line_of(lo + 4096, &m) && strcmp(m.perms, "r--p") == 0, "the middle page is %s", m.perms);
  }
  munmap(area, 3 * 4096);
}

/* The value of `name` (a "name value" or "Name: value kB" line) in `text`; -1 if absent. */
static long field(const char *name) {
  size_t length = strlen(name);
  for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
    if (strncmp(p, name, length) == 0 && (p[length] == ' ' || p[length] == ':'))
      return strtol(p + length + 1 + (p[length] == ':'), NULL, 10);
    if (!strchr(p, '\n')) break;
  }
  return -1;
}

static void memory_files(void) {
  say("4. /proc/meminfo and /proc/vmstat: Linux's fields; 64 fresh pages raise pgfault by 64; /proc/uptime");
  CHECK(slurp("/proc/meminfo") > 0 && strncmp(text, "MemTotal:", 9) == 0, "meminfo starts '%.20s'", text);
  long total = field("MemTotal"), free_kb = field("MemFree"), swap = field("SwapTotal");
  CHECK(total > 0 && free_kb >= 0 && free_kb <= total && swap >= 0, "MemTotal %ld MemFree %ld SwapTotal %ld",
        total, free_kb, swap);
  CHECK(strstr(text, "MemTotal:") && strstr(text, " kB\n"), "no kB units");
  CHECK(slurp("/proc/vmstat") > 0, "read /proc/vmstat");
  long before = field("pgfault");
  CHECK(before > 0 && field("pgmajfault") >= 0 && field("pswpin") >= 0 && field("pswpout") >= 0 &&
            field("pgpgin") >= 0 && field("pgpgout") >= 0,
        "vmstat fields missing (pgfault %ld)", before);
  char *fresh = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (int i = 0; i < 64; ++i) fresh[i * 4096] = 1;
  slurp("/proc/vmstat");
  long after = field("pgfault");
  CHECK(after - before >= 64, "pgfault went from %ld to %ld", before, after);
  munmap(fresh, 64 * 4096);
  double up = -1, idle = -1;
  CHECK(slurp("/proc/uptime") > 0 && sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0,
        "uptime '%s'", text);
}

static void snapshot(void) {
  say("5. an open /proc file is a snapshot made at open; a new open sees the change");
  struct utsname u;
  if (uname(&u) != 0 || strcmp(u.sysname, "Clockwork") != 0) return; /* Linux regenerates */
  int fd = open("/proc/self/maps", O_RDONLY);
  char first[64] = {0};
  CHECK(fd >= 0 && read(fd, first, 20) == 20, "read: %s", strerror(errno));
  char *area = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char line[64];
  snprintf(line, sizeof(line), "%08lx-", (unsigned long)(uintptr_t)area);
  long total = 20;
  static char rest[65536];
  memcpy(rest, first, 20);
  for (;;) {
    ssize_t n = read(fd, rest + total, sizeof(rest) - 1 - (size_t)total);
    if (n <= 0) break;
    total += n;
  }
  rest[total] = '\0';
  CHECK(!strstr(rest, line), "the open file shows a mapping made after the open");
  char again[20];
  CHECK(pread(fd, again, 20, 0) == 20 && memcmp(again, first, 20) == 0, "pread differs from the first read");
  CHECK(lseek(fd, 0, SEEK_END) == total, "SEEK_END is not the snapshot's length");
  close(fd);
  slurp("/proc/self/maps");
  CHECK(strstr(text, line) != NULL, "a new open does not show the new mapping");
  munmap(area, 4096);
}

static void directory(void) {
  say("6. readdir of /proc: self, meminfo, this pid; writing fails, ENOENT for no such process");
  DIR *d = opendir("/proc");
  CHECK(d != NULL, "opendir /proc: %s", strerror(errno));
  char pid[16];
  snprintf(pid, sizeof(pid), "%d", (int)getpid());
  int seen_self = 0, seen_meminfo = 0, seen_pid = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, "self") == 0) seen_self = e->d_type == DT_LNK;
    if (strcmp(e->d_name, "meminfo") == 0) seen_meminfo = e->d_type == DT_REG;
    if (strcmp(e->d_name, pid) == 0) seen_pid = e->d_type == DT_DIR;
  }
  if (d) closedir(d);
  CHECK(seen_self && seen_meminfo && seen_pid, "self %d meminfo %d pid %d", seen_self, seen_meminfo, seen_pid);
  /* Linux lets root open a proc file for writing and fails the write with EIO. */
  errno = 0;
  int fd = open("/proc/meminfo", O_WRONLY);
  CHECK(fd >= 0, "write open: %s", strerror(errno));
  if (fd >= 0) {
    errno = 0;
    CHECK(write(fd, "x", 1) == -1 && errno == EIO, "write: errno %d", errno);
    close(fd);
  }
  errno = 0;
  CHECK(open("/proc/999999/maps", O_RDONLY) == -1 && errno == ENOENT, "no process: errno %d", errno);
}

int main(void) {
  check_begin();
  self_link();
  exe_links();
  maps();
  memory_files();
  snapshot();
  directory();
  return check_end();
}
