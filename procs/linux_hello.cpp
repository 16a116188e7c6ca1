/* linux_hello [args...]: a plain Linux i386 static program that uses nothing from Clockwork - no
 * headers, no library, no linker script - to show that such a binary runs on Clockwork unmodified.
 * It is written in the common subset of C and C++ (it would build as C with `gcc -m32 -static
 * -nostdlib`) and talks to the kernel only through `int 0x80` with Linux's numbers: write (4) and
 * exit (1).
 *
 * Output:  Hello from a plain Linux i386 binary
 *          argc=<argc>
 *          argv[<i>]=<argv[i]>      one line per argument
 */

/* Entry: the kernel leaves argc at [esp] and the argv array right above it. Pass main_c a pointer to
 * that, with the stack aligned as the i386 psABI expects at a call. */
__asm__(
    ".text\n"
    ".globl _start\n"
    "_start:\n"
    "  xorl %ebp, %ebp\n"
    "  movl %esp, %eax\n"
    "  andl $-16, %esp\n"
    "  subl $12, %esp\n"
    "  pushl %eax\n"
    "  call linux_hello_main\n"
    "  ud2\n");

#define SYS_EXIT 1
#define SYS_WRITE 4

static long linux_syscall3(long number, long a, long b, long c) {
  long result;
  __asm__ volatile("int $0x80" : "=a"(result) : "a"(number), "b"(a), "c"(b), "d"(c) : "memory");
  return result;
}

static unsigned long text_length(const char* s) {
  unsigned long n = 0;
  while (s[n] != '\0') n++;
  return n;
}

static void put(const char* s) { linux_syscall3(SYS_WRITE, 1, (long)s, (long)text_length(s)); }

static void put_number(long value) {
  char digits[12];
  int i = sizeof(digits) - 1;
  digits[i] = '\0';
  do {
    digits[--i] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0 && i > 0);
  put(&digits[i]);
}

#ifdef __cplusplus
extern "C"
#endif
__attribute__((noreturn, used)) void linux_hello_main(long* initial_stack);

void linux_hello_main(long* initial_stack) {
  long argc = initial_stack[0];
  char** argv = (char**)(initial_stack + 1);
  long i;
  put("Hello from a plain Linux i386 binary\n");
  put("argc=");
  put_number(argc);
  put("\n");
  for (i = 0; i < argc; i++) {
    put("argv[");
    put_number(i);
    put("]=");
    put(argv[i]);
    put("\n");
  }
  linux_syscall3(SYS_EXIT, 0, 0, 0);
  for (;;) {
  }
}
