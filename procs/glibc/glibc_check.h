/* The output convention the glibc test programs share (procs/glibc/): every line is `(NAME) text`,
 * as the project's own test programs print (procs/lib/test.h), so that an integration case's `program:`
 * directive can compare them exactly; a failed check prints `(NAME) FAIL ...`, which fails the case,
 * and makes the program exit with status 1. Plain C against glibc: no Clockwork header.
 *
 * stdout is made line-buffered at start so that each line is one write(2) (the console prints one
 * write atomically) and nothing buffered is duplicated by fork. */
#ifndef CW_GLIBC_CHECK_H
#define CW_GLIBC_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char *check_name; /* defined by each program */
extern int check_failures;

#define say(...)                           \
  do {                                     \
    printf("(%s) ", check_name);           \
    printf(__VA_ARGS__);                   \
    printf("\n");                          \
    fflush(stdout);                        \
  } while (0)

/* CHECK(cond, what...): on failure prints a FAIL line naming the source line and counts it. */
#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      printf("(%s) FAIL line %d: ", check_name, __LINE__); \
      printf(__VA_ARGS__);                                 \
      printf("\n");                                        \
      fflush(stdout);                                      \
      ++check_failures;                                    \
    }                                                      \
  } while (0)

/* CHECK_ERRNO(call, expected): the call fails with -1 and errno `expected` (errno is cleared first). */
#define CHECK_ERRNO(call, expected)                                                                 \
  do {                                                                                              \
    errno = 0;                                                                                      \
    long r_ = (long)(call);                                                                         \
    CHECK(r_ == -1 && errno == (expected), "%s: %ld, errno %d (%s) instead of %d", #call, r_, errno, \
          strerror(errno), (expected));                                                             \
  } while (0)

static inline void check_begin(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  say("begin");
}

/* Returns main's status: 0 if every check passed. */
static inline int check_end(void) {
  if (check_failures == 0) say("end");
  return check_failures == 0 ? 0 : 1;
}

/* The whole file at `path` into buf (at most size - 1 bytes), NUL-terminated (NULs inside kept); its
 * length, or -1 if it cannot be opened. */
static inline long read_whole_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long total = 0;
  for (;;) {
    ssize_t n = read(fd, buf + total, size - 1 - (size_t)total);
    if (n <= 0) break;
    total += n;
  }
  close(fd);
  buf[total] = '\0';
  return total;
}

#endif
