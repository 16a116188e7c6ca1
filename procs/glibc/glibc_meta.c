/* glibc_meta: file times, modes and owners through glibc, built with the stock toolchain (`gcc -m32
 * -static -O2`, Debian 12 glibc 2.36, nothing from Clockwork). Every check is one Linux makes true on its
 * tmpfs as root, so the program prints the same lines there (run it on Linux as root with a tmpfs
 * directory as its argument, e.g. `glibc_meta /dev/shm`; it works in DIR/glibc_meta and removes it).
 *   1. the wall clock: CLOCK_REALTIME, gettimeofday and time agree and are past 2024;
 *   2. a new file has atime = mtime = ctime = now, and its directory's mtime and ctime move;
 *   3. utimensat with given times (nanoseconds kept), UTIME_NOW, UTIME_OMIT, NULL, AT_SYMLINK_NOFOLLOW,
 *      the NULL-path descriptor form (futimens), utimes and utime; ctime always moves;
 *   4. utimensat's, utimes's and utime's errors: EINVAL, EFAULT, ENOENT, ENOTDIR, EBADF;
 *   5. write, truncate, ftruncate, O_TRUNC, rename, unlink and rmdir move the times Linux moves (not
 *      truncate to the same size: Linux 6.18's tmpfs moves mtime then if the last page is cached, POSIX
 *      leaves it open);
 *   6. chmod, fchmod, fchmodat: the low 12 bits, following links; errors;
 *   7. chown32, lchown32, fchown32, fchownat and the 16-bit calls: -1 keeps an id, set-user-ID and
 *      set-group-ID cleared as Linux does for root; errors;
 *   8. statx reports the same times and ids as stat.
 * Expected output: tests/integration/cases/glibc-meta-29.test. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "glibc_check.h"

const char *check_name = "glibc_meta";
int check_failures;

static char dir[256], file[300], link_path[300], sub[300], other[300];

#define CHECK_OK(call)                                                          \
  do {                                                                          \
    long r_ = (long)(call);                                                     \
    CHECK(r_ == 0, "%s: result %ld errno %d (%s)", #call, r_, errno, strerror(errno)); \
  } while (0)

/* 2024-01-01 00:00:00 UTC */
#define YEAR_2024 1704067200L

static struct stat st(const char *path) {
  struct stat s;
  memset(&s, 0, sizeof s);
  CHECK(stat(path, &s) == 0, "stat %s: errno %d", path, errno);
  return s;
}
static struct stat lst(const char *path) {
  struct stat s;
  memset(&s, 0, sizeof s);
  CHECK(lstat(path, &s) == 0, "lstat %s: errno %d", path, errno);
  return s;
}

/* A time within two seconds before or after `now`. */
static int near(long t, long now) { return t >= now - 2 && t <= now + 2; }

static int same_time(struct timespec a, struct timespec b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

/* Sets the file's atime and mtime to whole old seconds, so that a change to now is visible. */
static void age(const char *path, long atime, long mtime) {
  struct timespec t[2] = {{atime, 0}, {mtime, 0}};
  CHECK_OK(utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW));
}

static void step1_clock(void) {
  say("1. CLOCK_REALTIME, gettimeofday and time agree and are past 2024");
  struct timespec ts;
  CHECK_OK(clock_gettime(CLOCK_REALTIME, &ts));
  struct timeval tv;
  CHECK_OK(gettimeofday(&tv, NULL));
  time_t t = time(NULL);
  CHECK(ts.tv_sec >= YEAR_2024, "CLOCK_REALTIME %ld is before 2024", (long)ts.tv_sec);
  CHECK(near(tv.tv_sec, ts.tv_sec) && near(t, ts.tv_sec), "clocks %ld %ld %ld", (long)ts.tv_sec,
        (long)tv.tv_sec, (long)t);
  struct tm tm;
  CHECK(gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 2024, "year %d", tm.tm_year + 1900);
  struct timespec mono;
  CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &mono));
  CHECK(mono.tv_sec < ts.tv_sec - YEAR_2024, "CLOCK_MONOTONIC %ld is not the time since boot", (long)mono.tv_sec);
}

static void step2_create(void) {
  say("2. a new file's three times are now; its directory's mtime and ctime move");
  CHECK_OK(mkdir(dir, 0755));
  age(dir, 1000000000, 1000000000);
  time_t before = time(NULL);
  int fd = open(file, O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0, "open O_CREAT: errno %d", errno);
  close(fd);
  struct stat f = st(file), d = st(dir);
  CHECK(near(f.st_mtime, before) && near(f.st_atime, before) && near(f.st_ctime, before), "new file times %ld %ld %ld",
        (long)f.st_atime, (long)f.st_mtime, (long)f.st_ctime);
  CHECK(same_time(f.st_atim, f.st_mtim) && same_time(f.st_mtim, f.st_ctim), "a new file's times differ");
  CHECK(near(d.st_mtime, before) && near(d.st_ctime, before), "directory mtime %ld ctime %ld", (long)d.st_mtime,
        (long)d.st_ctime);
  CHECK(d.st_atime == 1000000000, "directory atime %ld moved", (long)d.st_atime);
  CHECK(f.st_uid == 0 && f.st_gid == 0 && (f.st_mode & 07777) == (0644 & ~umask(022)), "owner %d:%d mode %o",
        (int)f.st_uid, (int)f.st_gid, f.st_mode);
}

static void step3_utimensat(void) {
  say("3. utimensat: given times, UTIME_NOW, UTIME_OMIT, NULL, AT_SYMLINK_NOFOLLOW, futimens, utimes, utime");
  struct timespec t[2] = {{1000000000, 123456789}, {1100000000, 999999999}};
  CHECK_OK(utimensat(AT_FDCWD, file, t, 0));
  struct stat s = st(file);
  time_t now = time(NULL);
  CHECK(s.st_atim.tv_sec == 1000000000 && s.st_atim.tv_nsec == 123456789, "atime %ld.%09ld", (long)s.st_atim.tv_sec,
        s.st_atim.tv_nsec);
  CHECK(s.st_mtim.tv_sec == 1100000000 && s.st_mtim.tv_nsec == 999999999, "mtime %ld.%09ld", (long)s.st_mtim.tv_sec,
        s.st_mtim.tv_nsec);
  CHECK(near(s.st_ctime, now), "ctime %ld is not now", (long)s.st_ctime);

  struct timespec omit_m[2] = {{1200000000, 0}, {0, UTIME_OMIT}};
  CHECK_OK(utimensat(AT_FDCWD, file, omit_m, 0));
  s = st(file);
  CHECK(s.st_atime == 1200000000 && s.st_mtim.tv_sec == 1100000000 && s.st_mtim.tv_nsec == 999999999,
        "UTIME_OMIT mtime: %ld %ld", (long)s.st_atime, (long)s.st_mtime);
  struct timespec now_a[2] = {{5, UTIME_NOW}, {1300000000, 0}};
  CHECK_OK(utimensat(AT_FDCWD, file, now_a, 0));
  s = st(file);
  CHECK(near(s.st_atime, now) && s.st_mtime == 1300000000, "UTIME_NOW atime: %ld %ld", (long)s.st_atime,
        (long)s.st_mtime);
  struct timespec omit_both[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
  CHECK_OK(utimensat(AT_FDCWD, "/nonexistent/x", omit_both, 0));  /* not even looked up */
  age(file, 1000000000, 1000000000);
  CHECK_OK(utimensat(AT_FDCWD, file, NULL, 0));
  s = st(file);
  CHECK(near(s.st_atime, now) && near(s.st_mtime, now), "NULL times: %ld %ld", (long)s.st_atime, (long)s.st_mtime);

  /* The link itself, not its target. */
  CHECK_OK(symlink("f", link_path));
  age(file, 1000000000, 1000000000);
  struct timespec l[2] = {{1400000000, 0}, {1400000001, 0}};
  CHECK_OK(utimensat(AT_FDCWD, link_path, l, AT_SYMLINK_NOFOLLOW));
  CHECK(lst(link_path).st_mtime == 1400000001 && st(file).st_mtime == 1000000000, "AT_SYMLINK_NOFOLLOW");
  CHECK_OK(utimensat(AT_FDCWD, link_path, l, 0));
  CHECK(st(file).st_mtime == 1400000001, "utimensat through a link");

  /* futimens: glibc passes a NULL path and the descriptor. */
  int fd = open(file, O_RDONLY);
  struct timespec f[2] = {{1500000000, 5}, {1500000001, 6}};
  CHECK_OK(futimens(fd, f));
  s = st(file);
  CHECK(s.st_mtim.tv_sec == 1500000001 && s.st_mtim.tv_nsec == 6 && s.st_atim.tv_nsec == 5, "futimens");
  CHECK_OK(syscall(SYS_utimensat, fd, NULL, NULL, 0));
  CHECK(near(st(file).st_mtime, now), "utimensat(fd, NULL, NULL)");
  CHECK_ERRNO(syscall(SYS_utimensat, fd, NULL, NULL, AT_SYMLINK_NOFOLLOW), EINVAL);
  close(fd);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK_OK(utimensat(dfd, "f", f, 0));
  CHECK(st(file).st_mtime == 1500000001, "utimensat relative to a directory descriptor");
  age(file, 1000000000, 1000000000);
  CHECK_OK(utimensat(fd = open(file, O_RDONLY), "", f, AT_EMPTY_PATH));
  CHECK(st(file).st_mtime == 1500000001, "AT_EMPTY_PATH");
  close(fd);
  close(dfd);

  struct timeval tv[2] = {{1600000000, 250000}, {1600000001, 999999}};
  CHECK_OK(utimes(file, tv));
  s = st(file);
  CHECK(s.st_atim.tv_sec == 1600000000 && s.st_atim.tv_nsec == 250000000 && s.st_mtim.tv_nsec == 999999000,
        "utimes: %ld.%09ld %ld.%09ld", (long)s.st_atim.tv_sec, s.st_atim.tv_nsec, (long)s.st_mtim.tv_sec,
        s.st_mtim.tv_nsec);
  CHECK_OK(syscall(SYS_futimesat, AT_FDCWD, file, NULL));
  CHECK(near(st(file).st_mtime, now), "futimesat NULL");
  struct utimbuf u = {1700000000, 1700000002};
  CHECK_OK(utime(file, &u));
  s = st(file);
  CHECK(s.st_atime == 1700000000 && s.st_mtime == 1700000002 && s.st_mtim.tv_nsec == 0, "utime");
  CHECK_OK(utime(file, NULL));
  CHECK(near(st(file).st_mtime, now), "utime NULL");
}

static void step4_errors(void) {
  say("4. EINVAL for bad nanoseconds and flags, EFAULT, ENOENT, ENOTDIR, EBADF");
  /* Direct system calls: glibc would convert (and read) the times itself. The i386 call 320 takes two
   * 32-bit timespec, which is this program's struct timespec. */
  struct timespec big[2] = {{0, 1000000000}, {0, 0}}, negative[2] = {{0, 0}, {0, -1}}, fine[2] = {{1, 0}, {2, 0}};
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, file, big, 0), EINVAL);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, file, negative, 0), EINVAL);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, "/nonexistent/x", big, 0), ENOENT);  /* the path first */
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, file, fine, 0x4), EINVAL);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, file, (void *)1, 0), EFAULT);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, (void *)1, NULL, 0), EFAULT);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0), EFAULT);
  CHECK_ERRNO(syscall(SYS_utimensat, 99, NULL, NULL, 0), EBADF);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, "/nonexistent/x", NULL, 0), ENOENT);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, "", NULL, 0), ENOENT);
  char below_file[320];
  snprintf(below_file, sizeof below_file, "%s/x", file);
  CHECK_ERRNO(syscall(SYS_utimensat, AT_FDCWD, below_file, NULL, 0), ENOTDIR);
  struct timeval usec[2] = {{0, 1000000}, {0, 0}};
  CHECK_ERRNO(syscall(SYS_utimes, file, usec), EINVAL);
  CHECK_ERRNO(syscall(SYS_utimes, file, (void *)1), EFAULT);
  CHECK_ERRNO(syscall(SYS_utime, file, (void *)1), EFAULT);
  CHECK_ERRNO(syscall(SYS_utime, "/nonexistent/x", NULL), ENOENT);
  CHECK(st(file).st_mtime != 2, "a failed call changed the file");
}

static void step5_updates(void) {
  say("5. write, truncate, ftruncate, O_TRUNC, rename, unlink and rmdir move the times Linux moves");
  time_t now = time(NULL);
  int fd = open(file, O_WRONLY);
  age(file, 1000000000, 1000000000);
  CHECK(write(fd, "x", 1) == 1, "write");
  struct stat s = st(file);
  CHECK(near(s.st_mtime, now) && near(s.st_ctime, now) && s.st_atime == 1000000000, "write: %ld %ld %ld",
        (long)s.st_atime, (long)s.st_mtime, (long)s.st_ctime);
  age(file, 1000000000, 1000000000);
  CHECK(write(fd, "x", 0) == 0, "empty write");
  CHECK(st(file).st_mtime == 1000000000, "an empty write moved mtime");
  CHECK_OK(truncate(file, 100));
  CHECK(near(st(file).st_mtime, now), "truncate that grows");
  age(file, 1000000000, 1000000000);
  CHECK_OK(ftruncate(fd, 100));
  CHECK(near(st(file).st_mtime, now), "ftruncate to the same size");
  close(fd);
  age(file, 1000000000, 1000000000);
  close(open(file, O_WRONLY | O_TRUNC));
  CHECK(near(st(file).st_mtime, now) && st(file).st_size == 0, "O_TRUNC");

  /* Reading: relatime moves an atime that is not after mtime. */
  age(file, 1000000000, 1100000000);
  char c;
  fd = open(file, O_RDONLY);
  CHECK(read(fd, &c, 1) == 0, "read at the end");
  close(fd);
  CHECK(near(st(file).st_atime, now), "a read under relatime: atime %ld", (long)st(file).st_atime);

  /* The directory's entries. */
  age(dir, 1000000000, 1000000000);
  CHECK_OK(rename(file, other));
  struct stat d = st(dir), o = st(other);
  CHECK(near(d.st_mtime, now) && near(d.st_ctime, now) && near(o.st_ctime, now), "rename");
  CHECK_OK(rename(other, file));
  CHECK_OK(mkdir(sub, 0755));
  age(dir, 1000000000, 1000000000);
  age(file, 1000000000, 1000000000);
  int keep = open(file, O_RDONLY);
  CHECK_OK(unlink(file));
  CHECK(near(st(dir).st_mtime, now), "unlink: the directory's mtime");
  struct stat gone;
  CHECK(fstat(keep, &gone) == 0 && gone.st_nlink == 0 && near(gone.st_ctime, now) && gone.st_mtime == 1000000000,
        "unlink: the file's ctime");
  close(keep);
  age(dir, 1000000000, 1000000000);
  CHECK_OK(rmdir(sub));
  CHECK(near(st(dir).st_mtime, now), "rmdir");
  close(open(file, O_CREAT | O_WRONLY, 0644));
}

static void step6_chmod(void) {
  say("6. chmod, fchmod, fchmodat: the low 12 bits, through links; ENOENT, ENOTDIR, EBADF");
  time_t now = time(NULL);
  age(file, 1000000000, 1000000000);
  CHECK_OK(chmod(file, 0600));
  struct stat s = st(file);
  CHECK((s.st_mode & 07777) == 0600 && S_ISREG(s.st_mode), "chmod 600: %o", s.st_mode);
  CHECK(near(s.st_ctime, now) && s.st_mtime == 1000000000, "chmod moves ctime only");
  CHECK_OK(chmod(file, 07777));
  CHECK((st(file).st_mode & 07777) == 07777, "chmod 7777: %o", st(file).st_mode);
  CHECK_OK(syscall(SYS_chmod, file, 0170644));
  CHECK(st(file).st_mode == (S_IFREG | 0644), "chmod with type bits: %o", st(file).st_mode);
  CHECK_OK(chmod(link_path, 0640));  /* follows the link */
  CHECK((st(file).st_mode & 07777) == 0640 && S_ISLNK(lst(link_path).st_mode), "chmod through a link");
  int fd = open(file, O_RDONLY);
  CHECK_OK(fchmod(fd, 0604));
  CHECK((st(file).st_mode & 07777) == 0604, "fchmod");
  close(fd);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK_OK(fchmodat(dfd, "f", 0644, 0));
  CHECK((st(file).st_mode & 07777) == 0644, "fchmodat");
  CHECK_OK(chmod(dir, 01777));
  CHECK((st(dir).st_mode & 07777) == 01777 && S_ISDIR(st(dir).st_mode), "chmod of a directory");
  CHECK_OK(chmod(dir, 0755));
  close(dfd);
  CHECK_ERRNO(chmod("/nonexistent/x", 0644), ENOENT);
  char below_file[320];
  snprintf(below_file, sizeof below_file, "%s/x", file);
  CHECK_ERRNO(chmod(below_file, 0644), ENOTDIR);
  CHECK_ERRNO(fchmod(99, 0644), EBADF);
  CHECK_ERRNO(syscall(SYS_chmod, (void *)1, 0644), EFAULT);
  fd = open(file, O_PATH);
  CHECK_ERRNO(syscall(SYS_fchmod, fd, 0600), EBADF);
  CHECK_OK(fchownat(fd, "", 0, 0, AT_EMPTY_PATH));  /* LOOKUP_EMPTY takes an O_PATH descriptor */
  close(fd);
}

static void step7_chown(void) {
  say("7. chown, lchown, fchown, fchownat, 16-bit ids: -1 keeps an id; set-ID bits cleared; errors");
  time_t now = time(NULL);
  age(file, 1000000000, 1000000000);
  CHECK_OK(chown(file, 12, 34));
  struct stat s = st(file);
  CHECK(s.st_uid == 12 && s.st_gid == 34, "chown 12:34: %d:%d", (int)s.st_uid, (int)s.st_gid);
  CHECK(near(s.st_ctime, now) && s.st_mtime == 1000000000, "chown moves ctime only");
  CHECK_OK(chown(file, -1, 56));
  CHECK(st(file).st_uid == 12 && st(file).st_gid == 56, "chown -1:56");
  CHECK_OK(chown(file, 78, -1));
  CHECK(st(file).st_uid == 78 && st(file).st_gid == 56, "chown 78:-1");
  int fd = open(file, O_RDONLY);
  CHECK_OK(fchown(fd, 0, 0));
  CHECK(st(file).st_uid == 0 && st(file).st_gid == 0, "fchown");
  close(fd);
  /* The link and its target are owned separately. */
  CHECK_OK(lchown(link_path, 5, 6));
  CHECK(lst(link_path).st_uid == 5 && lst(link_path).st_gid == 6 && st(file).st_uid == 0, "lchown");
  CHECK_OK(chown(link_path, 7, 8));
  CHECK(st(file).st_uid == 7 && lst(link_path).st_uid == 5, "chown through a link");
  CHECK_OK(fchownat(AT_FDCWD, link_path, 9, 10, AT_SYMLINK_NOFOLLOW));
  CHECK(lst(link_path).st_uid == 9 && st(file).st_uid == 7, "fchownat AT_SYMLINK_NOFOLLOW");
  fd = open(file, O_RDONLY);
  CHECK_OK(fchownat(fd, "", 11, 12, AT_EMPTY_PATH));
  CHECK(st(file).st_uid == 11 && st(file).st_gid == 12, "fchownat AT_EMPTY_PATH");
  close(fd);
  /* The 16-bit calls: 0xFFFF is -1. */
  CHECK_OK(syscall(SYS_chown, file, 7, 0xFFFF));
  CHECK(st(file).st_uid == 7 && st(file).st_gid == 12, "chown16 7:-1: %d:%d", (int)st(file).st_uid,
        (int)st(file).st_gid);
  CHECK_OK(syscall(SYS_lchown, link_path, 0xFFFF, 3));
  CHECK(lst(link_path).st_uid == 9 && lst(link_path).st_gid == 3, "lchown16");
  fd = open(file, O_RDONLY);
  CHECK_OK(syscall(SYS_fchown, fd, 0, 0));
  CHECK(st(file).st_uid == 0 && st(file).st_gid == 0, "fchown16");
  close(fd);
  /* Set-user-ID goes on any chown of a non-directory, set-group-ID only with group execute. */
  CHECK_OK(chmod(file, 06755));
  CHECK_OK(chown(file, -1, -1));
  CHECK((st(file).st_mode & 07777) == 0755, "chown -1 -1 of 6755: %o", st(file).st_mode & 07777);
  CHECK_OK(chmod(file, 06745));
  CHECK_OK(chown(file, 0, 0));
  CHECK((st(file).st_mode & 07777) == 02745, "chown of 6745: %o", st(file).st_mode & 07777);
  CHECK_OK(chmod(dir, 06755));
  CHECK_OK(chown(dir, 0, 0));
  CHECK((st(dir).st_mode & 07777) == 06755, "chown of a directory: %o", st(dir).st_mode & 07777);
  CHECK_OK(chmod(dir, 0755));
  CHECK_OK(chmod(file, 0644));
  CHECK_ERRNO(fchownat(AT_FDCWD, file, 0, 0, 0x4), EINVAL);
  CHECK_ERRNO(chown("/nonexistent/x", 0, 0), ENOENT);
  CHECK_ERRNO(fchown(99, 0, 0), EBADF);
  CHECK_ERRNO(syscall(SYS_chown32, (void *)1, 0, 0), EFAULT);
}

static void step8_statx(void) {
  say("8. statx reports the times and ids stat does");
  struct timespec t[2] = {{1000000000, 111}, {1100000000, 222}};
  CHECK_OK(utimensat(AT_FDCWD, file, t, 0));
  CHECK_OK(chown(file, 3, 4));
  struct statx x;
  CHECK_OK(statx(AT_FDCWD, file, 0, STATX_BASIC_STATS, &x));
  struct stat s = st(file);
  CHECK(x.stx_atime.tv_sec == 1000000000 && x.stx_atime.tv_nsec == 111 && x.stx_mtime.tv_sec == 1100000000 &&
            x.stx_mtime.tv_nsec == 222,
        "statx atime, mtime");
  CHECK(x.stx_ctime.tv_sec == s.st_ctim.tv_sec && x.stx_ctime.tv_nsec == (unsigned)s.st_ctim.tv_nsec, "statx ctime");
  CHECK(x.stx_uid == 3 && x.stx_gid == 4 && (x.stx_mode & 07777) == 0644, "statx ids and mode");
  CHECK((x.stx_mask & (STATX_ATIME | STATX_MTIME | STATX_CTIME | STATX_UID | STATX_GID)) ==
            (STATX_ATIME | STATX_MTIME | STATX_CTIME | STATX_UID | STATX_GID),
        "statx mask %#x", x.stx_mask);
}

int main(int argc, char **argv) {
  check_begin();
  snprintf(dir, sizeof dir, "%s/glibc_meta", argc > 1 ? argv[1] : "/tmp");
  snprintf(file, sizeof file, "%s/f", dir);
  snprintf(link_path, sizeof link_path, "%s/l", dir);
  snprintf(sub, sizeof sub, "%s/d", dir);
  snprintf(other, sizeof other, "%s/g", dir);
  umask(022);
  step1_clock();
  step2_create();
  step3_utimensat();
  step4_errors();
  step5_updates();
  step6_chmod();
  step7_chown();
  step8_statx();
  unlink(link_path);
  unlink(file);
  rmdir(dir);
  return check_end();
}
