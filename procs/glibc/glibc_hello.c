/* glibc_hello: an ordinary C program built with the stock toolchain, `gcc -m32 -static -O2` against
 * Debian 12's glibc 2.36, with no Clockwork header, library, flag or linker script. Its start-up makes
 * the calls of docs/abi.md "Linux start-up calls" (set_thread_area, set_tid_address, ugetrlimit,
 * getrandom, brk, mprotect, statx, ...), and main uses what such programs use: printf with %f (x87/SSE
 * state), malloc (brk), a __thread variable (TLS through %gs), uname, getpid and time.
 *
 * Output (tests/integration/cases/glibc-hello.test):
 *   glibc_hello: printf works
 *   double: 22/7 = 3.142857
 *   malloc: 64 blocks, checksum 2016
 *   tls: 42 -> 52
 *   uname: Clockwork i686
 *   getpid: ok
 *   time: ok
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static __thread int tls_counter = 42;

int main(int argc, char **argv) {
  (void)argv;
  printf("glibc_hello: printf works\n");

  /* argc keeps the division out of the compiler's hands. */
  volatile double numerator = 21.0 + argc;
  printf("double: 22/7 = %f\n", numerator / 7.0);

  int *blocks[64];
  int checksum = 0;
  for (int i = 0; i < 64; ++i) {
    blocks[i] = malloc(sizeof(int) * (size_t)(i + 1) * 16);
    if (!blocks[i]) {
      printf("malloc: failed at %d\n", i);
      return 1;
    }
    blocks[i][i] = i;
  }
  for (int i = 0; i < 64; ++i) {
    checksum += blocks[i][i];
    free(blocks[i]);
  }
  printf("malloc: 64 blocks, checksum %d\n", checksum);

  int before = tls_counter;
  for (int i = 0; i < 10; ++i) ++tls_counter;
  printf("tls: %d -> %d\n", before, tls_counter);

  struct utsname u;
  if (uname(&u) != 0) {
    printf("uname: failed\n");
    return 1;
  }
  printf("uname: %s %s\n", u.sysname, u.machine);

  printf("getpid: %s\n", getpid() > 0 ? "ok" : "bad");

  time_t stored = 0;
  time_t now = time(&stored);
  printf("time: %s\n", now != (time_t)-1 && stored == now ? "ok" : "bad");
  return 0;
}
