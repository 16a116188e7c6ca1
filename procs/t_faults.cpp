// t_faults: a process that faults is killed with the right signal, and nobody else is hurt.
//
// The parent spawns itself once per fault kind as `t_faults <kind>`; the child commits that fault
// and should never get further. The parent checks each child's waitpid status, Linux-style:
//   SIGSEGV (11) for page faults (kernel, unmapped or read-only memory) and for general-protection
//                faults (privileged instructions, I/O ports, an `int` to a kernel-only gate)
//   SIGILL  (4)  for an invalid opcode (ud2)
//   SIGFPE  (8)  for a divide error
// then prints its own end line, showing it survived them all. `t_faults <kind>` alone runs one fault;
// on a Linux host the same kinds die with the same signals (`./t_faults cli; echo $?` prints 139).
//
// Output:  (t_faults) begin
//          (t_faults) <kind>: killed by signal <n>       one line per kind, in the table's order
//          (t_faults) survived <count> faulting children
//          (t_faults) end
#include <cstdint>

#include "lib/abi/syscall_numbers.h"
#include "lib/string_view.h"
#include "procs/lib/args.h"
#include "procs/lib/child_outcome.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

// Addresses are read through volatile variables so the compiler cannot see (and "optimize") the
// deliberate null or wild accesses into traps of its own choosing.
volatile uintptr_t kernel_address = 0xC0100000;
volatile uintptr_t unmapped_address = 0x60000000;
volatile uintptr_t null_address = 0;
volatile int zero = 0;

uint32_t load(uintptr_t address) { return *reinterpret_cast<volatile uint32_t*>(address); }
void store(uintptr_t address, uint32_t value) { *reinterpret_cast<volatile uint32_t*>(address) = value; }

void do_cli() { asm volatile("cli"); }
void do_hlt() { asm volatile("hlt"); }
void do_in() {
  uint8_t value;
  asm volatile("inb %w1, %0" : "=a"(value) : "Nd"(static_cast<uint16_t>(0x60)));
}
void do_out() { asm volatile("outb %0, %w1" : : "a"(static_cast<uint8_t>(0)), "Nd"(static_cast<uint16_t>(0x80))); }
void do_lgdt() {
  struct [[gnu::packed]] {
    uint16_t limit;
    uint32_t base;
  } descriptor{0, 0};
  asm volatile("lgdt %0" : : "m"(descriptor));
}
void do_mov_cr3() { asm volatile("mov %0, %%cr3" : : "r"(0u)); }
void do_int14() { asm volatile("int $14"); }  // fake a page fault: the IDT gate is kernel-only
void do_read_kernel() { (void)load(kernel_address); }
void do_write_kernel() { store(kernel_address, 0); }
void do_jump_kernel() { reinterpret_cast<void (*)()>(kernel_address)(); }
// An explicit div: the compiler turns `1 / x` into a comparison, which never traps.
void do_divide() {
  uint32_t quotient = 1;
  uint32_t divisor = static_cast<uint32_t>(zero);
  asm volatile("xor %%edx, %%edx; divl %1" : "+a"(quotient) : "r"(divisor) : "edx");
}
void do_read_unmapped() { (void)load(unmapped_address); }
void do_read_null() { (void)load(null_address); }
void do_write_text() { store(reinterpret_cast<uintptr_t>(&do_write_text), 0); }
void do_ud2() { asm volatile("ud2"); }

struct Fault {
  const char* kind;
  int signal;
  void (*commit)();
};

constexpr Fault kFaults[] = {
    {"cli", abi::kSigSegv, do_cli},
    {"hlt", abi::kSigSegv, do_hlt},
    {"in", abi::kSigSegv, do_in},
    {"out", abi::kSigSegv, do_out},
    {"lgdt", abi::kSigSegv, do_lgdt},
    {"mov_cr3", abi::kSigSegv, do_mov_cr3},
    {"int14", abi::kSigSegv, do_int14},
    {"read_kernel", abi::kSigSegv, do_read_kernel},
    {"write_kernel", abi::kSigSegv, do_write_kernel},
    {"jump_kernel", abi::kSigSegv, do_jump_kernel},
    {"read_unmapped", abi::kSigSegv, do_read_unmapped},
    {"read_null", abi::kSigSegv, do_read_null},
    {"write_text", abi::kSigSegv, do_write_text},
    {"ud2", abi::kSigIll, do_ud2},
    {"divide", abi::kSigFpe, do_divide},
};

// Child (`t_faults KIND`, argv[1]): commit one fault. Reaching the end means the fault did not happen.
int child(char** argv) {
  const char* kind = argv[1];
  for (const Fault& f : kFaults) {
    if (StringView(kind) != f.kind) continue;
    f.commit();
    test_set_name("t_faults");
    info("{}: the fault did not kill this process", kind);
    return 0;
  }
  char problem[256];
  BufferSink sink(problem, sizeof(problem));
  format(sink, "unknown fault kind '{}'; the kinds are", kind);
  for (const Fault& f : kFaults) format(sink, " {}", f.kind);
  usage_error(argv, sink.view());
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[FAULT_KIND]  (a kind runs that one fault, as the children do)", 1);
  if (argc > 1) return child(argv);
  test_begin("t_faults");
  for (const Fault& f : kFaults) expect_killed_by("t_faults", f.kind, f.signal);
  msg("survived {} faulting children", sizeof(kFaults) / sizeof(kFaults[0]));
  test_end();
  return 0;
}
