// hack: a user program that tries to break out of its process, in the spirit of the Nautilus lab's
// `hack`, and reports what stopped each attempt. Every attempt runs under a SIGSEGV/SIGILL handler
// (SA_SIGINFO) that records si_signo, si_code and si_addr and siglongjmps back, so one process makes them
// all and prints one line each:
//   kernel memory      read and write 0xC0000000, read and execute the kernel's text at 0xC0100000: the
//                      kernel half is supervisor-only (Intel SDM Vol 3A 4.6), so #PF -> SIGSEGV SEGV_MAPERR
//                      (Linux's code for kernel addresses, arch/x86/mm/fault.c)
//   another process    it cannot name one: after fork the same virtual address holds each process's own
//                      data (per-process page directory, copy-on-write)
//   page tables        the kernel maps them nowhere user-accessible: the recursive-mapping windows
//                      0xFFC00000 (page tables) and 0xFFFFF000 (directory) are kernel addresses, and the
//                      window an entry-767 self-map would open at 0xBFC00000 is plain unmapped user space
//   its own text       read-only (PTE R/W clear): SEGV_ACCERR at the written address
//   stack code         runs: i386 paging without PAE has no NX bit (Intel SDM Vol 3A 4.3), so data is
//                      executable, as on non-PAE Linux
//   privileged insns   cli, hlt, in, out, mov cr3, lgdt, int $14: #GP -> SIGSEGV SI_KERNEL, si_addr 0
//   the kernel's hands int 0x80 with a kernel address as buffer (write, uname, clock_gettime): EFAULT
//                      before anything is touched
// Output: tests/integration/cases/hack-29.test.
#include <cstdint>

#include "lib/abi/signal.h"
#include "lib/abi/syscall_numbers.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/print.h"
#include "procs/lib/signal.h"
#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

JmpBuf escape;
volatile int32_t caught_signal = 0;
volatile int32_t caught_code = 0;
volatile uint32_t caught_addr = 0;

void escape_handler(int sig, abi::Siginfo* info, void*) {
  caught_signal = sig;
  caught_code = info->si_code;
  caught_addr = info->fields[0];
  siglongjmp(&escape, 1);
}

const char* signal_name(int sig) {
  switch (sig) {
    case abi::kSigSegv: return "SIGSEGV";
    case abi::kSigIll: return "SIGILL";
    case abi::kSigBus: return "SIGBUS";
    default: return "another signal";
  }
}

const char* code_name(int sig, int code) {
  if (code == abi::kSiKernel) return "SI_KERNEL";
  if (sig == abi::kSigSegv && code == abi::kSegvMaperr) return "SEGV_MAPERR";
  if (sig == abi::kSigSegv && code == abi::kSegvAccerr) return "SEGV_ACCERR";
  return "another code";
}

// Runs `action` under the handler and prints what happened to it. `target` is the address the action
// touches (0 for instructions): an si_addr equal to it is printed as such, so that the line does not
// depend on where the linker put the program's text.
void attempt(const char* what, void (*action)(), uintptr_t target = 0) {
  caught_signal = 0;
  if (cw_sigsetjmp(&escape, 1) == 0) {
    action();
    msg("{}: nothing stopped it", what);
    return;
  }
  if (target != 0 && caught_addr == target) {
    msg("{}: {} {} si_addr = that address", what, signal_name(caught_signal), code_name(caught_signal, caught_code));
  } else {
    msg("{}: {} {} si_addr {:#x}", what, signal_name(caught_signal), code_name(caught_signal, caught_code),
        caught_addr);
  }
}

// Addresses go through volatile variables so the compiler emits the accesses as written.
volatile uintptr_t kernel_base = 0xC0000000;
volatile uintptr_t kernel_text = 0xC0100000;
volatile uintptr_t page_table_window = 0xFFC00000;
volatile uintptr_t page_directory_window = 0xFFFFF000;
volatile uintptr_t low_self_map_window = 0xBFC00000;

uint32_t load(uintptr_t address) { return *reinterpret_cast<volatile uint32_t*>(address); }
void store(uintptr_t address, uint32_t value) { *reinterpret_cast<volatile uint32_t*>(address) = value; }

void read_kernel() { (void)load(kernel_base); }
void write_kernel() { store(kernel_base, 0x1BADB002); }
void read_kernel_text() { (void)load(kernel_text); }
void run_kernel_text() { reinterpret_cast<void (*)()>(kernel_text)(); }
void read_page_tables() { (void)load(page_table_window); }
void write_page_directory() { store(page_directory_window, 0x00000007); }
void read_low_self_map() { (void)load(low_self_map_window); }
void write_own_text() { store(reinterpret_cast<uintptr_t>(&write_own_text), 0xC3); }

void do_cli() { asm volatile("cli"); }
void do_hlt() { asm volatile("hlt"); }
void do_in() {
  uint8_t value;
  asm volatile("inb %w1, %0" : "=a"(value) : "Nd"(static_cast<uint16_t>(0x64)));
}
void do_out() { asm volatile("outb %0, %w1" : : "a"(static_cast<uint8_t>(0xFE)), "Nd"(static_cast<uint16_t>(0x64))); }
void do_mov_cr3() { asm volatile("mov %0, %%cr3" : : "r"(0u)); }
void do_lgdt() {
  struct [[gnu::packed]] {
    uint16_t limit;
    uint32_t base;
  } descriptor{0, 0};
  asm volatile("lgdt %0" : : "m"(descriptor));
}
void do_int14() { asm volatile("int $14"); }

// `mov $42, %eax; ret`, copied to the stack and called.
void stack_code() {
  volatile uint8_t code[8] = {0xB8, 42, 0, 0, 0, 0xC3, 0x90, 0x90};
  int result = reinterpret_cast<int (*)()>(reinterpret_cast<uintptr_t>(code))();
  msg("code copied to the stack runs and returns {} (no NX bit without PAE, as non-PAE Linux)", result);
}

volatile uint32_t private_word = 1111;

void other_process() {
  int pid = fork_or_fail();
  if (pid == 0) {
    private_word = 2222;
    sys::exit(private_word == 2222 ? 0 : 1);
  }
  expect_child_ok(pid, "the child writing its copy");
  check(private_word == 1111, "the parent saw the child's write");
  msg("another process: a forked child wrote 2222 at the same virtual address; the parent still reads 1111");
}

void kernel_buffers() {
  int32_t w = sys::raw_syscall3(abi::Syscall::Write, 1, kernel_base, 16);
  int32_t u = sys::raw_syscall1(abi::Syscall::Uname, kernel_text);
  int32_t c = sys::raw_syscall2(abi::Syscall::ClockGettime, 0, page_table_window);
  msg("int 0x80 with kernel buffers: write(1, 0xc0000000) = {}, uname(0xc0100000) = {},", w, u);
  msg("  clock_gettime(0, 0xffc00000) = {} (-14 is EFAULT)", c);
}

}  // namespace

int main() {
  test_begin("hack");
  check(catch_signal_info(abi::kSigSegv, escape_handler).has_value(), "catch SIGSEGV");
  check(catch_signal_info(abi::kSigIll, escape_handler).has_value(), "catch SIGILL");
  attempt("read kernel memory at 0xc0000000", read_kernel, kernel_base);
  attempt("write kernel memory at 0xc0000000", write_kernel, kernel_base);
  attempt("read the kernel's text at 0xc0100000", read_kernel_text, kernel_text);
  attempt("jump into the kernel's text at 0xc0100000", run_kernel_text, kernel_text);
  other_process();
  attempt("read page tables via a recursive map at 0xffc00000", read_page_tables, page_table_window);
  attempt("write the page directory via 0xfffff000", write_page_directory, page_directory_window);
  attempt("read page tables via a self-map at 0xbfc00000", read_low_self_map, low_self_map_window);
  attempt("write its own text", write_own_text, reinterpret_cast<uintptr_t>(&write_own_text));
  stack_code();
  attempt("cli", do_cli);
  attempt("hlt", do_hlt);
  attempt("in from port 0x64", do_in);
  attempt("out 0xfe to port 0x64 (keyboard controller reset)", do_out);
  attempt("mov to cr3", do_mov_cr3);
  attempt("lgdt", do_lgdt);
  attempt("int $14 (fake a page fault)", do_int14);
  kernel_buffers();
  test_end();
  return 0;
}
