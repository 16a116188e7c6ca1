/* glibc_files: the name space through glibc, built with the stock toolchain (`gcc -m32 -static -O2`,
 * Debian 12 glibc 2.36, nothing from Clockwork). Every check is one Linux makes true on any system with
 * the same files; the files are Clockwork's /bin (this program is /bin/glibc_files) and /dev.
 *   1. open, read, lseek, pread and fstat of this program's own file: the ELF magic, the size;
 *   2. stat and lstat of files, directories and devices, and the walk's errors;
 *   3. opendir/readdir (getdents64) of /bin and /;
 *   4. chdir, fchdir, getcwd and relative paths, openat from a directory descriptor;
 *   5. access and faccessat, readlink of a file that is not a link;
 *   6. open's errors and flags: O_DIRECTORY, O_EXCL, EROFS, EISDIR, O_CLOEXEC, shared offsets after dup;
 *   7. /dev/null and /dev/zero, and stdio (fopen, fseek, ftell, fread) on a file;
 *   8. mmap of this program's file: MAP_PRIVATE and MAP_SHARED read-only mappings match read(), at an
 *      offset too; a private write stays private; EACCES for a shared writable mapping of a read-only
 *      descriptor, ENODEV for /dev/null (Linux cannot map it either).
 * Expected output: tests/integration/cases/glibc-files-29.test. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_files";
int check_failures;

static const char self_path[] = "/bin/glibc_files";

/* CHECK_ERRNO(call, expected): the call returns -1 (or NULL) with errno `expected`. */
static void own_file(void) {
  int fd = open(self_path, O_RDONLY);
  CHECK(fd >= 0, "open %s: %s", self_path, strerror(errno));
  char magic[4] = {0};
  CHECK(read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0, "read: no ELF magic");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode), "fstat: mode %o", (unsigned)st.st_mode);
  off_t end = lseek(fd, 0, SEEK_END);
  CHECK(end == st.st_size && end > 4096, "lseek SEEK_END %ld, st_size %ld", (long)end, (long)st.st_size);
  CHECK(st.st_blocks >= (st.st_size + 511) / 512, "st_blocks %ld", (long)st.st_blocks);
  CHECK(lseek(fd, 1, SEEK_SET) == 1, "lseek SEEK_SET");
  char e[3] = {0};
  CHECK(read(fd, e, 3) == 3 && memcmp(e, "ELF", 3) == 0, "read after lseek");
  CHECK(lseek(fd, 0, SEEK_CUR) == 4, "lseek SEEK_CUR");
  char again[4] = {0};
  CHECK(pread(fd, again, 4, 0) == 4 && memcmp(again, "\177ELF", 4) == 0, "pread at 0");
  CHECK(lseek(fd, 0, SEEK_CUR) == 4, "pread moved the offset");
  CHECK(lseek64(fd, (off64_t)end + 100, SEEK_SET) == end + 100, "lseek64 past the end");
  CHECK(read(fd, again, 4) == 0, "read past the end is not 0");
  CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
  CHECK_ERRNO(lseek(fd, 0, 7), EINVAL);
  CHECK_ERRNO(pread(fd, again, 4, -1), EINVAL);
  CHECK(close(fd) == 0, "close");
  CHECK_ERRNO(lseek(fd, 0, SEEK_SET), EBADF);
  int fds[2];
  CHECK(pipe(fds) == 0, "pipe");
  CHECK_ERRNO(lseek(fds[0], 0, SEEK_SET), ESPIPE);
  CHECK_ERRNO(pread(fds[0], again, 1, 0), ESPIPE);
  close(fds[0]);
  close(fds[1]);
  say("1. open, read, lseek, pread and fstat of %s: ELF magic, size = SEEK_END", self_path);
}

static void status(void) {
  struct stat st, lst;
  CHECK(stat(self_path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111), "stat %s", self_path);
  CHECK(lstat(self_path, &lst) == 0 && lst.st_ino == st.st_ino && lst.st_size == st.st_size, "lstat");
  CHECK(stat("/bin", &st) == 0 && S_ISDIR(st.st_mode), "stat /bin");
  CHECK(stat("/bin/", &st) == 0 && S_ISDIR(st.st_mode), "stat /bin/");
  CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat /");
  struct stat dotdot;
  CHECK(stat("/..", &dotdot) == 0 && dotdot.st_ino == st.st_ino, "/.. is /");
  CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
        "stat /dev/null: mode %o rdev %u:%u", (unsigned)st.st_mode, major(st.st_rdev), minor(st.st_rdev));
  CHECK(stat("//bin/./glibc_files", &st) == 0 && st.st_ino == lst.st_ino, "stat with // and .");
  CHECK(stat("/dev/../bin/glibc_files", &st) == 0 && st.st_ino == lst.st_ino, "stat with ..");
  CHECK_ERRNO(stat("/no/such/file", &st), ENOENT);
  CHECK_ERRNO(stat("", &st), ENOENT);
  CHECK_ERRNO(stat("/bin/glibc_files/x", &st), ENOTDIR);
  CHECK_ERRNO(stat("/bin/glibc_files/", &st), ENOTDIR);
  char long_name[300];
  memset(long_name, 'n', sizeof long_name);
  long_name[0] = '/';
  long_name[sizeof long_name - 1] = 0;
  CHECK_ERRNO(stat(long_name, &st), ENAMETOOLONG);
  CHECK_ERRNO(stat((const char *)8, &st), EFAULT);
  CHECK(fstatat(AT_FDCWD, "bin", &st, 0) == 0 && S_ISDIR(st.st_mode), "fstatat AT_FDCWD bin");
  say("2. stat and lstat: a file, directories, a device; ENOENT, ENOTDIR, ENAMETOOLONG, EFAULT");
}

/* Whether directory `path` lists `name` (with readdir, so getdents64). */
static int lists(const char *path, const char *name, unsigned char type) {
  DIR *d = opendir(path);
  CHECK(d != NULL, "opendir %s: %s", path, strerror(errno));
  if (!d) return 0;
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, name) == 0 && e->d_type == type) found = 1;
  closedir(d);
  return found;
}

static void directories(void) {
  CHECK(lists("/bin", "glibc_files", DT_REG), "/bin does not list glibc_files");
  CHECK(lists("/bin", ".", DT_DIR) && lists("/bin", "..", DT_DIR), "/bin does not list . and ..");
  CHECK(lists("/", "bin", DT_DIR) && lists("/", "dev", DT_DIR), "/ does not list bin and dev");
  CHECK(lists("/dev", "null", DT_CHR), "/dev does not list null");
  DIR *d = opendir("/bin");
  int count = 0, again = 0;
  while (readdir(d)) ++count;
  rewinddir(d);
  while (readdir(d)) ++again;
  closedir(d);
  CHECK(count == again && count > 3, "rewinddir: %d then %d entries", count, again);
  CHECK(opendir("/bin/glibc_files") == NULL && errno == ENOTDIR, "opendir of a file: errno %d", errno);
  CHECK(opendir("/none") == NULL && errno == ENOENT, "opendir of nothing: errno %d", errno);
  say("3. readdir of /bin, / and /dev; rewinddir; opendir of a file is ENOTDIR");
}

static void working_directory(void) {
  char buf[256];
  CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "getcwd at start: %s", buf);
  CHECK(chdir("/bin") == 0, "chdir /bin: %s", strerror(errno));
  CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/bin") == 0, "getcwd after chdir: %s", buf);
  struct stat st;
  CHECK(stat("glibc_files", &st) == 0 && S_ISREG(st.st_mode), "relative stat from /bin");
  int fd = open("./glibc_files", O_RDONLY);
  CHECK(fd >= 0, "relative open: %s", strerror(errno));
  close(fd);
  CHECK(chdir("../dev") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/dev") == 0, "chdir ../dev: %s", buf);
  CHECK_ERRNO(chdir("null"), ENOTDIR);
  CHECK_ERRNO(chdir("/none"), ENOENT);
  CHECK(getcwd(buf, 4) == NULL && errno == ERANGE, "getcwd of /dev into 4 bytes: errno %d", errno);
  int bin = open("/bin", O_RDONLY | O_DIRECTORY);
  CHECK(bin >= 0, "open /bin O_DIRECTORY: %s", strerror(errno));
  fd = openat(bin, "glibc_files", O_RDONLY);
  CHECK(fd >= 0, "openat from /bin: %s", strerror(errno));
  CHECK_ERRNO(openat(fd, "x", O_RDONLY), ENOTDIR);
  CHECK(openat(12345, "/bin/glibc_files", O_RDONLY) >= 0, "openat: an absolute path ignores dirfd");
  CHECK_ERRNO(openat(12345, "glibc_files", O_RDONLY), EBADF);
  CHECK(fchdir(bin) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/bin") == 0, "fchdir: %s", buf);
  CHECK_ERRNO(fchdir(fd), ENOTDIR);
  CHECK(chdir("/") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "chdir /: %s", buf);
  close(fd);
  close(bin);
  say("4. chdir, fchdir, getcwd, relative paths and openat; ENOTDIR, ERANGE, EBADF");
}

static void questions(void) {
  CHECK(access(self_path, R_OK | X_OK) == 0, "access R_OK|X_OK: %s", strerror(errno));
  CHECK(access("/bin", X_OK) == 0, "access /bin X_OK");
  CHECK_ERRNO(access(self_path, W_OK), EROFS);
  CHECK(access("/dev/null", R_OK | W_OK) == 0, "access /dev/null W_OK");
  CHECK_ERRNO(access("/dev/null", X_OK), EACCES);
  CHECK_ERRNO(access("/none", F_OK), ENOENT);
  CHECK_ERRNO(access(self_path, 8), EINVAL);
  CHECK(faccessat(AT_FDCWD, "bin/glibc_files", X_OK, 0) == 0, "faccessat relative");
  char target[64];
  CHECK_ERRNO(readlink(self_path, target, sizeof target), EINVAL);
  CHECK_ERRNO(readlink("/none", target, sizeof target), ENOENT);
  say("5. access and faccessat: R_OK, X_OK, EROFS, EACCES, ENOENT, EINVAL; readlink of a file is EINVAL");
}

static void open_flags(void) {
  CHECK_ERRNO(open(self_path, O_RDONLY | O_DIRECTORY), ENOTDIR);
  CHECK_ERRNO(open("/bin", O_WRONLY), EISDIR);
  CHECK_ERRNO(open(self_path, O_WRONLY), EROFS);
  CHECK_ERRNO(open(self_path, O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  CHECK_ERRNO(open("/bin/new_file", O_CREAT | O_WRONLY, 0644), EROFS);
  unlink("/bin/new_file");  // a host where /bin is writable made it (the check above then failed)
  CHECK_ERRNO(open("/bin/", O_CREAT | O_RDONLY, 0644), EISDIR);
  CHECK_ERRNO(open("/none/x", O_CREAT | O_WRONLY, 0644), ENOENT);
  CHECK_ERRNO(open((const char *)8, O_RDONLY), EFAULT);
  int fd = open(self_path, O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC: F_GETFD %d", fcntl(fd, F_GETFD));
  int flags = fcntl(fd, F_GETFL);
  CHECK((flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_CLOEXEC)), "F_GETFL %#x", flags);
  int copy = dup(fd);
  CHECK(lseek(fd, 10, SEEK_SET) == 10 && lseek(copy, 0, SEEK_CUR) == 10, "dup does not share the offset");
  close(copy);
  close(fd);
  int low = open(self_path, O_RDONLY);
  CHECK(low == fd, "the lowest free descriptor: %d, not %d", low, fd);
  close(low);
  say("6. open: ENOTDIR, EISDIR, EROFS, EEXIST, ENOENT, EFAULT; O_CLOEXEC, F_GETFL, dup shares the offset");
}

static void devices_and_stdio(void) {
  int null = open("/dev/null", O_RDWR);
  char buf[64];
  CHECK(null >= 0 && write(null, "gone", 4) == 4 && read(null, buf, sizeof buf) == 0, "/dev/null");
  close(null);
  int zero = open("/dev/zero", O_RDONLY);
  memset(buf, 'x', sizeof buf);
  CHECK(zero >= 0 && read(zero, buf, sizeof buf) == sizeof buf, "/dev/zero read");
  int zeros = 1;
  for (unsigned i = 0; i < sizeof buf; ++i) zeros &= buf[i] == 0;
  CHECK(zeros, "/dev/zero gave a non-zero byte");
  close(zero);
  FILE *f = fopen(self_path, "r");
  CHECK(f != NULL, "fopen: %s", strerror(errno));
  unsigned char header[52];
  CHECK(fread(header, 1, sizeof header, f) == sizeof header, "fread");
  CHECK(header[4] == 1 && header[18] == 3, "not an ELF32 i386 file: class %d machine %d", header[4], header[18]);
  CHECK(fseek(f, 0, SEEK_END) == 0 && ftell(f) > 4096, "fseek/ftell");
  CHECK(fseek(f, 1, SEEK_SET) == 0 && fgetc(f) == 'E', "fseek back");
  fclose(f);
  CHECK(fopen("/bin/none", "r") == NULL && errno == ENOENT, "fopen of nothing: errno %d", errno);
  say("7. /dev/null and /dev/zero; fopen, fread, fseek, ftell of a file");
}

static void mappings(void) {
  int fd = open(self_path, O_RDONLY);
  struct stat st;
  CHECK(fd >= 0 && fstat(fd, &st) == 0, "open/fstat for mmap");
  size_t size = (size_t)st.st_size;
  unsigned char *copy = malloc(size);
  CHECK(copy && pread(fd, copy, size, 0) == (ssize_t)size, "pread of the whole file");
  unsigned char *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(p != MAP_FAILED, "mmap MAP_PRIVATE: %s", strerror(errno));
  if (p != MAP_FAILED) {
    CHECK(memcmp(p, copy, size) == 0, "a private mapping differs from read()");
    munmap(p, size);
  }
  unsigned char *s = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 4096);
  CHECK(s != MAP_FAILED, "mmap MAP_SHARED at offset 4096: %s", strerror(errno));
  if (s != MAP_FAILED) {
    CHECK(memcmp(s, copy + 4096, 8192) == 0, "a shared mapping at 4096 differs from read()");
    // /proc/self/maps names it by the program's path, with the offset.
    static char maps[16384];
    char want[64];
    snprintf(want, sizeof want, "%08lx-%08lx r--s 00001000 ", (unsigned long)s, (unsigned long)s + 8192);
    CHECK(read_whole_file("/proc/self/maps", maps, sizeof maps) > 0, "/proc/self/maps");
    char *line = strstr(maps, want);
    char *end = line ? strchr(line, '\n') : NULL;
    size_t n = strlen(self_path);
    CHECK(line && end && (size_t)(end - line) > n && strncmp(end - n, self_path, n) == 0,
          "the shared mapping's maps line names %s", self_path);
    munmap(s, 8192);
  }
  unsigned char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(w != MAP_FAILED, "mmap MAP_PRIVATE writable: %s", strerror(errno));
  if (w != MAP_FAILED) {
    w[0] = 'X';
    unsigned char first = 0;
    CHECK(w[0] == 'X' && pread(fd, &first, 1, 0) == 1 && first == 0x7f, "a private write reached the file");
    munmap(w, 4096);
  }
  errno = 0;
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES,
        "shared writable mapping of a read-only descriptor: errno %d", errno);
  int null = open("/dev/null", O_RDONLY);
  errno = 0;
  CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, null, 0) == MAP_FAILED && errno == ENODEV,
        "mmap of /dev/null: errno %d", errno);
  close(null);
  free(copy);
  close(fd);
  say("8. mmap of %s: private and shared mappings match read(), maps names them; EACCES, ENODEV", self_path);
}

int main(void) {
  check_begin();
  own_file();
  status();
  directories();
  working_directory();
  questions();
  open_flags();
  devices_and_stdio();
  mappings();
  return check_end();
}
