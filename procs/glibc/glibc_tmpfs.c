/* glibc_tmpfs: /tmp through glibc, built with the stock toolchain (`gcc -m32 -static -O2`, Debian 12
 * glibc 2.36, nothing from Clockwork). Every check is one Linux makes true on its own /tmp, so the program
 * prints the same lines there (run it on Linux to compare: it works in /tmp/glibc_tmpfs and removes it).
 *   1. stdio: fprintf of 1000 lines to a new file, read back with fgets; stat's size;
 *   2. mkdir, rmdir, unlink and rename with their errors (EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR,
 *      EINVAL);
 *   3. readdir lists what was made (sorted: the order is the file system's);
 *   4. ftruncate and truncate: zeros when growing, bytes gone when shrinking;
 *   5. an unlinked open file stays readable, with no links;
 *   6. mmap MAP_SHARED of a file: stores reach read(), write() reaches the mapping; /proc/self/maps
 *      names a shared and a private mapping of it by its path, with the offset;
 *   7. a 1 MiB file, more than the pool holds, written and read back with a pattern;
 *   8. symlink, readlink and lstat of a link;
 *   9. named pipes: mkfifo and mknod S_IFIFO, EEXIST, EPERM for a directory, EINVAL for no type; a
 *      non-blocking reader opens alone and reads end of file, a non-blocking writer alone gets ENXIO;
 *      O_RDWR opens alone; a blocking open waits for the other side (a child), bytes go through, fstat
 *      says S_IFIFO, /proc/self/fd names the path; the bytes go with the last close;
 *  10. hard links: link and linkat share the inode and the bytes, st_nlink counts the names, unlink
 *      takes one; EEXIST, ENOENT, EPERM for a directory, EXDEV from /proc, EINVAL for bad flags; a link to
 *      a symlink is the symlink unless AT_SYMLINK_FOLLOW;
 *  11. an unlinked file still open and mapped: /proc/self/maps and /proc/self/fd name it by its last
 *      path with " (deleted)" (Linux fs/d_path.c); so does /proc/self/cwd a removed working directory,
 *      where getcwd is ENOENT.
 * Expected output: tests/integration/cases/glibc-tmpfs-29.test. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc_check.h"

const char *check_name = "glibc_tmpfs";
int check_failures;

#define DIR_PATH "/tmp/glibc_tmpfs"

static unsigned char buffer[65536];

static unsigned char pattern(unsigned at) { return (unsigned char)(at * 29 + at / 4096); }

static void remove_tree(const char *path) {
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  char child[512];
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    struct stat st;
    if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) remove_tree(child);
    else unlink(child);
  }
  closedir(d);
  rmdir(path);
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void step1_stdio(void) {
  FILE *f = fopen(DIR_PATH "/lines.txt", "w");
  CHECK(f != NULL, "fopen for writing: errno %d", errno);
  if (!f) return;
  long expected = 0;
  for (int i = 0; i < 1000; ++i) expected += fprintf(f, "line %d of the file\n", i);
  CHECK(fclose(f) == 0, "fclose");
  struct stat st;
  CHECK(stat(DIR_PATH "/lines.txt", &st) == 0 && st.st_size == expected && S_ISREG(st.st_mode) &&
            st.st_nlink == 1,
        "stat: size %ld, expected %ld", (long)st.st_size, expected);
  f = fopen(DIR_PATH "/lines.txt", "r");
  CHECK(f != NULL, "fopen for reading");
  if (!f) return;
  char line[64], want[64];
  int count = 0;
  while (fgets(line, sizeof line, f)) {
    snprintf(want, sizeof want, "line %d of the file\n", count);
    CHECK(strcmp(line, want) == 0, "line %d reads '%s'", count, line);
    ++count;
  }
  fclose(f);
  CHECK(count == 1000, "%d lines read back", count);
  say("1. fprintf of 1000 lines and fgets reads them back; stat's size is what was written");
}

static void step2_names(void) {
  CHECK(mkdir(DIR_PATH "/d", 0755) == 0, "mkdir d: errno %d", errno);
  CHECK_ERRNO(mkdir(DIR_PATH "/d", 0755), EEXIST);
  CHECK_ERRNO(mkdir(DIR_PATH "/none/x", 0755), ENOENT);
  CHECK_ERRNO(mkdir(DIR_PATH "/lines.txt/x", 0755), ENOTDIR);
  CHECK(mkdir(DIR_PATH "/d/sub", 0700) == 0, "mkdir d/sub");
  CHECK_ERRNO(rmdir(DIR_PATH "/d"), ENOTEMPTY);
  CHECK_ERRNO(rmdir(DIR_PATH "/lines.txt"), ENOTDIR);
  CHECK_ERRNO(unlink(DIR_PATH "/d"), EISDIR);
  CHECK_ERRNO(unlink(DIR_PATH "/missing"), ENOENT);
  CHECK_ERRNO(rename(DIR_PATH "/d", DIR_PATH "/d/sub/x"), EINVAL);
  CHECK_ERRNO(rename(DIR_PATH "/lines.txt", DIR_PATH "/d"), EISDIR);
  CHECK_ERRNO(rename(DIR_PATH "/d", DIR_PATH "/lines.txt"), ENOTDIR);
  CHECK(mkdir(DIR_PATH "/e", 0755) == 0, "mkdir e");
  CHECK_ERRNO(rename(DIR_PATH "/e", DIR_PATH "/d"), ENOTEMPTY);
  CHECK(rename(DIR_PATH "/d/sub", DIR_PATH "/e/sub") == 0, "rename d/sub to e/sub: errno %d", errno);
  CHECK(rmdir(DIR_PATH "/d") == 0, "rmdir d");
  CHECK(rename(DIR_PATH "/lines.txt", DIR_PATH "/renamed.txt") == 0, "rename a file");
  CHECK(access(DIR_PATH "/lines.txt", F_OK) == -1 && errno == ENOENT, "the old name stays");
  struct stat st;
  CHECK(stat(DIR_PATH "/e", &st) == 0 && st.st_nlink == 3, "e has %ld links", (long)st.st_nlink);
  say("2. mkdir, rmdir, unlink, rename: EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR, EINVAL");
}

static void step3_readdir(void) {
  int fd = open(DIR_PATH "/f1", O_CREAT | O_WRONLY, 0644);
  close(fd);
  DIR *d = opendir(DIR_PATH);
  CHECK(d != NULL, "opendir");
  if (!d) return;
  char *names[16];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 16) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], compare_names);
  char joined[256] = "";
  for (int i = 0; i < n; ++i) {
    if (i) strcat(joined, " ");
    strcat(joined, names[i]);
    free(names[i]);
  }
  CHECK(strcmp(joined, ". .. e f1 renamed.txt") == 0, "readdir: '%s'", joined);
  say("3. readdir lists '.', '..' and what was made");
}

static void step4_truncate(void) {
  int fd = open(DIR_PATH "/t", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(write(fd, "0123456789", 10) == 10, "write");
  CHECK(ftruncate(fd, 20000) == 0, "ftruncate grow");
  CHECK(pread(fd, buffer, sizeof buffer, 0) == 20000, "pread grown");
  int zeros = 1;
  for (int i = 10; i < 20000; ++i) zeros &= buffer[i] == 0;
  CHECK(memcmp(buffer, "0123456789", 10) == 0 && zeros, "grown part is zeros");
  CHECK(ftruncate(fd, 4) == 0 && truncate(DIR_PATH "/t", 9000) == 0, "shrink, then grow by path");
  CHECK(pread(fd, buffer, sizeof buffer, 0) == 9000, "pread regrown");
  zeros = 1;
  for (int i = 4; i < 9000; ++i) zeros &= buffer[i] == 0;
  CHECK(memcmp(buffer, "0123", 4) == 0 && zeros, "dropped bytes stay zeros");
  CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
  close(fd);
  fd = open(DIR_PATH "/t", O_RDONLY);
  CHECK_ERRNO(ftruncate(fd, 0), EINVAL);
  close(fd);
  CHECK_ERRNO(truncate(DIR_PATH "/e", 0), EISDIR);
  say("4. ftruncate and truncate: zeros when growing, bytes gone when shrinking; EINVAL, EISDIR");
}

static void step5_unlinked(void) {
  int fd = open(DIR_PATH "/u", O_CREAT | O_RDWR, 0600);
  for (int i = 0; i < 30000; ++i) buffer[i] = pattern(i);
  CHECK(write(fd, buffer, 30000) == 30000, "write");
  CHECK(unlink(DIR_PATH "/u") == 0, "unlink");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 30000, "fstat: nlink %ld size %ld",
        (long)st.st_nlink, (long)st.st_size);
  memset(buffer, 0, 30000);
  CHECK(pread(fd, buffer, 30000, 0) == 30000, "pread");
  int same = 1;
  for (int i = 0; i < 30000; ++i) same &= buffer[i] == pattern(i);
  CHECK(same, "the unlinked file reads back");
  close(fd);
  say("5. an unlinked open file stays readable, with no links");
}

static void step6_mmap(void) {
  int fd = open(DIR_PATH "/m", O_CREAT | O_RDWR, 0644);
  memset(buffer, 'a', 8192);
  CHECK(write(fd, buffer, 8192) == 8192, "write");
  char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED, "mmap: errno %d", errno);
  if (m == MAP_FAILED) return;
  m[5000] = 'S';
  char c = 0;
  CHECK(pread(fd, &c, 1, 5000) == 1 && c == 'S', "read() after a store: %c", c);
  CHECK(pwrite(fd, "W", 1, 100) == 1 && m[100] == 'W', "the mapping after write(): %c", m[100]);
  // /proc/self/maps names the mapping by the file: its start, 's', offset 0 and the path; a private
  // mapping from the second page has 'p' and offset 4096.
  char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
  CHECK(p != MAP_FAILED, "mmap private: errno %d", errno);
  static char maps[16384];
  char want_shared[128], want_private[128];
  snprintf(want_shared, sizeof want_shared, "%08lx-%08lx rw-s 00000000 ", (unsigned long)m, (unsigned long)m + 8192);
  snprintf(want_private, sizeof want_private, "%08lx-%08lx r--p 00001000 ", (unsigned long)p, (unsigned long)p + 4096);
  CHECK(read_whole_file("/proc/self/maps", maps, sizeof maps) > 0, "/proc/self/maps");
  char *line = strstr(maps, want_shared);
  char *end = line ? strchr(line, '\n') : NULL;
  CHECK(line && end && strncmp(end - (long)strlen(DIR_PATH "/m"), DIR_PATH "/m", strlen(DIR_PATH "/m")) == 0,
        "the shared mapping's line names the file");
  line = strstr(maps, want_private);
  end = line ? strchr(line, '\n') : NULL;
  CHECK(line && end && strncmp(end - (long)strlen(DIR_PATH "/m"), DIR_PATH "/m", strlen(DIR_PATH "/m")) == 0,
        "the private mapping's line names the file");
  if (p != MAP_FAILED) munmap(p, 4096);
  CHECK(munmap(m, 8192) == 0, "munmap");
  close(fd);
  say("6. mmap MAP_SHARED: stores reach read(), write() reaches the mapping; maps names the file");
}

static void step7_big(void) {
  const unsigned size = 1024 * 1024;
  int fd = open(DIR_PATH "/big", O_CREAT | O_RDWR, 0644);
  for (unsigned at = 0; at < size; at += sizeof buffer) {
    for (unsigned i = 0; i < sizeof buffer; ++i) buffer[i] = pattern(at + i);
    CHECK(write(fd, buffer, sizeof buffer) == (ssize_t)sizeof buffer, "write at %u", at);
  }
  CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek");
  int same = 1;
  for (unsigned at = 0; at < size; at += sizeof buffer) {
    CHECK(read(fd, buffer, sizeof buffer) == (ssize_t)sizeof buffer, "read at %u", at);
    for (unsigned i = 0; i < sizeof buffer; ++i) same &= buffer[i] == pattern(at + i);
  }
  CHECK(same, "the 1 MiB file reads back");
  close(fd);
  CHECK(unlink(DIR_PATH "/big") == 0, "unlink big");
  say("7. a 1 MiB file written and read back with a pattern");
}

static void step8_symlink(void) {
  CHECK(symlink("renamed.txt", DIR_PATH "/link") == 0, "symlink: errno %d", errno);
  CHECK_ERRNO(symlink("x", DIR_PATH "/link"), EEXIST);
  char target[64] = {0};
  CHECK(readlink(DIR_PATH "/link", target, sizeof target) == 11 && strcmp(target, "renamed.txt") == 0,
        "readlink: '%s'", target);
  struct stat st, via;
  CHECK(lstat(DIR_PATH "/link", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 11, "lstat of the link");
  CHECK(stat(DIR_PATH "/link", &via) == 0 && S_ISREG(via.st_mode) && via.st_size > 0, "stat through the link");
  say("8. symlink, readlink, lstat and stat through a link");
}

static void step9_fifo(void) {
  const char *path = DIR_PATH "/fifo";
  CHECK(mkfifo(path, 0640) == 0, "mkfifo: errno %d", errno);
  CHECK_ERRNO(mkfifo(path, 0640), EEXIST);
  CHECK(mknod(DIR_PATH "/fifo2", S_IFIFO | 0600, 0) == 0, "mknod S_IFIFO: errno %d", errno);
  CHECK_ERRNO(mknod(DIR_PATH "/dir", S_IFDIR | 0755, 0), EPERM);
  CHECK_ERRNO(mknod(DIR_PATH "/bad", 0170000 | 0600, 0), EINVAL);
  struct stat st;
  CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == (0640 & ~umask(022)) &&
            st.st_size == 0,
        "stat of the fifo: mode %o", (unsigned)st.st_mode);
  int reader = open(path, O_RDONLY | O_NONBLOCK);
  CHECK(reader >= 0, "a non-blocking reader opens alone: errno %d", errno);
  char byte;
  CHECK(read(reader, &byte, 1) == 0, "no writer: end of file");
  close(reader);
  CHECK_ERRNO(open(path, O_WRONLY | O_NONBLOCK), ENXIO);
  int both = open(path, O_RDWR);
  CHECK(both >= 0, "O_RDWR opens alone: errno %d", errno);
  CHECK(write(both, "kept", 4) == 4, "write through O_RDWR");
  CHECK(read(both, buffer, sizeof buffer) == 4 && memcmp(buffer, "kept", 4) == 0, "read it back");
  CHECK(write(both, "lost", 4) == 4, "write again");
  close(both);
  reader = open(path, O_RDONLY | O_NONBLOCK);
  CHECK(reader >= 0 && read(reader, buffer, sizeof buffer) == 0, "the bytes went with the last close");
  close(reader);
  pid_t child = fork();
  if (child == 0) {
    int w = open(path, O_WRONLY);  // waits for the parent's reader
    if (w < 0 || write(w, "through the fifo", 16) != 16) _exit(1);
    _exit(0);
  }
  reader = open(path, O_RDONLY);  // waits for the child's writer
  CHECK(reader >= 0, "a blocking reader: errno %d", errno);
  ssize_t got = 0, n;
  while ((n = read(reader, buffer + got, sizeof buffer - got)) > 0) got += n;
  CHECK(got == 16 && memcmp(buffer, "through the fifo", 16) == 0, "the child's bytes: %zd", got);
  CHECK(fstat(reader, &st) == 0 && S_ISFIFO(st.st_mode), "fstat of an end");
  char link[128] = {0}, proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", reader);
  CHECK(readlink(proc, link, sizeof link - 1) > 0 && strcmp(link, path) == 0, "/proc/self/fd: '%s'", link);
  close(reader);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer");
  CHECK(unlink(path) == 0 && unlink(DIR_PATH "/fifo2") == 0, "unlink the fifos");
  say("9. named pipes: mkfifo, mknod, ENXIO, O_RDWR, a blocking open meets its writer, bytes go at close");
}

static void step10_hard_links(void) {
  const char *a = DIR_PATH "/hard_a", *b = DIR_PATH "/hard_b";
  int fd = open(a, O_RDWR | O_CREAT | O_EXCL, 0644);
  CHECK(fd >= 0 && write(fd, "shared", 6) == 6, "the first name: errno %d", errno);
  CHECK(link(a, b) == 0, "link: errno %d", errno);
  struct stat sa, sb;
  CHECK(stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_nlink == 2 &&
            sb.st_nlink == 2,
        "two names, one inode: nlink %lu", (unsigned long)sa.st_nlink);
  CHECK(pwrite(fd, "S", 1, 0) == 1, "write through the first");
  int other = open(b, O_RDONLY);
  CHECK(other >= 0 && read(other, buffer, 16) == 6 && memcmp(buffer, "Shared", 6) == 0, "read through the second");
  close(other);
  CHECK_ERRNO(link(a, b), EEXIST);
  CHECK_ERRNO(link(DIR_PATH "/missing", DIR_PATH "/new"), ENOENT);
  CHECK_ERRNO(link(DIR_PATH, DIR_PATH "/dirlink"), EPERM);
  CHECK_ERRNO(link("/proc/self/stat", DIR_PATH "/fromproc"), EXDEV);
  CHECK_ERRNO(linkat(AT_FDCWD, a, AT_FDCWD, DIR_PATH "/c", 0x8000), EINVAL);
  CHECK(unlink(a) == 0 && fstat(fd, &sa) == 0 && sa.st_nlink == 1, "unlink takes one name");
  CHECK(stat(b, &sb) == 0 && sb.st_size == 6, "the other name stays");
  close(fd);
  CHECK(symlink("hard_b", DIR_PATH "/soft") == 0, "symlink");
  CHECK(linkat(AT_FDCWD, DIR_PATH "/soft", AT_FDCWD, DIR_PATH "/of_link", 0) == 0, "linkat: errno %d", errno);
  CHECK(lstat(DIR_PATH "/of_link", &sa) == 0 && S_ISLNK(sa.st_mode), "a link to the symlink itself");
  CHECK(linkat(AT_FDCWD, DIR_PATH "/soft", AT_FDCWD, DIR_PATH "/of_target", AT_SYMLINK_FOLLOW) == 0,
        "linkat AT_SYMLINK_FOLLOW: errno %d", errno);
  CHECK(lstat(DIR_PATH "/of_target", &sa) == 0 && S_ISREG(sa.st_mode) && sa.st_ino == sb.st_ino && sa.st_nlink == 2,
        "a link to the target");
  say("10. hard links: one inode, st_nlink, unlink one name; EEXIST, ENOENT, EPERM, EXDEV, EINVAL; symlinks");
}

/* The path at the end of the /proc/self/maps line of the mapping at `start`, into out; "" if none. */
static void maps_name(const void *start, char *out, size_t size) {
  static char maps[16384];
  char want[32];
  out[0] = '\0';
  snprintf(want, sizeof want, "%08lx-", (unsigned long)start);
  if (read_whole_file("/proc/self/maps", maps, sizeof maps) <= 0) return;
  char *line = strstr(maps, want);
  if (!line) return;
  char *end = strchr(line, '\n');
  if (!end) end = line + strlen(line);
  char *name = memchr(line, '/', (size_t)(end - line));
  size_t n = name ? (size_t)(end - name) : 0;
  if (n >= size) n = size - 1;
  if (name) memcpy(out, name, n);
  out[n] = '\0';
}

static void fd_name(int fd, char *out, size_t size) {
  char proc[32];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(proc, out, size - 1);
  out[n > 0 ? n : 0] = '\0';
}

static void step11_deleted(void) {
  int fd = open(DIR_PATH "/gone", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0 && write(fd, "bytes", 5) == 5, "create gone: errno %d", errno);
  char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED, "mmap: errno %d", errno);
  CHECK(unlink(DIR_PATH "/gone") == 0, "unlink gone");
  char maps[256], name[256];
  maps_name(m, maps, sizeof maps);
  fd_name(fd, name, sizeof name);
  say("11. unlinked, open and mapped: maps [%s], fd [%s]", maps, name);
  if (m != MAP_FAILED) munmap(m, 4096);
  close(fd);
  /* A removed working directory: getcwd is ENOENT, /proc/self/cwd names it. */
  CHECK(mkdir(DIR_PATH "/cwd", 0755) == 0 && chdir(DIR_PATH "/cwd") == 0 && rmdir(DIR_PATH "/cwd") == 0,
        "mkdir, chdir, rmdir: errno %d", errno);
  char cwd[256];
  CHECK(getcwd(cwd, sizeof cwd) == NULL && errno == ENOENT, "getcwd of a removed directory: errno %d", errno);
  ssize_t n = readlink("/proc/self/cwd", cwd, sizeof cwd - 1);
  cwd[n > 0 ? n : 0] = '\0';
  say("    a removed working directory: getcwd ENOENT, cwd [%s]", cwd);
  CHECK(chdir("/") == 0, "chdir /");
}

int main(void) {
  check_begin();
  remove_tree(DIR_PATH);
  CHECK(mkdir(DIR_PATH, 0755) == 0, "mkdir " DIR_PATH ": errno %d", errno);
  step1_stdio();
  step2_names();
  step3_readdir();
  step4_truncate();
  step5_unlinked();
  step6_mmap();
  step7_big();
  step8_symlink();
  step9_fifo();
  step10_hard_links();
  step11_deleted();
  remove_tree(DIR_PATH);
  struct stat st;
  CHECK(stat(DIR_PATH, &st) == -1 && errno == ENOENT, "the tree is gone");
  return check_end();
}
