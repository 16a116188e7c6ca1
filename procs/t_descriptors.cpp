// t_descriptors: no descriptor-table state that ring 3 can reach lets a program out of ring 3.
//
// The CPU consults several tables on a user program's behalf: the LDT for selectors with TI=1, the GDT
// for far transfers and segment loads, the IDT for `int N`, the TSS for task switches and its I/O
// permission bitmap for in/out, and EFLAGS.IOPL for cli/sti and I/O. Each child below tries one way in;
// every attempt must fault and kill only that child, with the signal Linux i386 gives:
//
//   ldt_call_gate      a 32-bit call gate (DPL 3, target: the kernel code selector) written into this
//                      program's bss below 64 KiB, then a far call through it. A CPU whose LDTR still
//                      holds its reset value (base 0, limit 0xFFFF; Intel SDM Vol 3A table 9-1) reads
//                      that gate from user memory and runs the target at CPL 0. The kernel loads a null
//                      LDT, so any TI=1 selector is a #GP (SDM Vol 3A, LLDT): SIGSEGV.
//   ldt_data_segment   a DPL 3 data descriptor in the same place, loaded into %fs: SIGSEGV.
//   gdt_*              far jump to the TSS (a task switch), far call to the kernel code segment, loads
//                      of the kernel data selector into %ds and %ss, lldt/ltr: SIGSEGV.
//   int_N              `int N` for every vector whose gate is kernel-only: SIGSEGV. `int $3` is #BP
//                      (SIGTRAP) and `int $4` is #OF (SIGSEGV), reachable from ring 3 as on Linux.
//   int3, single_step  the breakpoint instruction and EFLAGS.TF: SIGTRAP, as on Linux.
//   in_P, out_P        port I/O through the TSS: the I/O map base lies past the TSS limit, so there is
//                      no permission bitmap and every port faults with IOPL 0 (SDM Vol 1 19.5.2),
//                      including QEMU's exit port 0xF4 and the ACPI power-off port: SIGSEGV.
//   iopl_then_cli      popf cannot raise IOPL at CPL 3 (it is silently kept, SDM Vol 2B POPF); the
//                      child checks that, then `cli` still faults: SIGSEGV.
//   sysenter           IA32_SYSENTER_CS is 0, so sysenter is a #GP (SIGSEGV); on a CPU without SEP it
//                      is #UD (SIGILL). CPUID tells which to expect.
//   nt_then_iret       EFLAGS.NT set by popf, then iret: a task return through the TSS back link (0),
//                      which faults: SIGSEGV.
//   nt_syscall         EFLAGS.NT set, then a system call: the kernel's own iret must not take NT as a
//                      task return (the gate clears NT on entry). The child goes on and exits 0.
//
// `t_descriptors umip` runs the second suite, for a CPU with UMIP (CPUID.7.0:ECX[2]; QEMU -cpu max):
// sgdt, sidt, sldt, smsw and str, which would show where the kernel keeps its tables, must fault
// (SIGSEGV) because the kernel sets CR4.UMIP. On a CPU without UMIP that suite fails at once, saying so.
//
// Output:  (t_descriptors) begin
//          (t_descriptors) ldt gate lies below 64 KiB
//          (t_descriptors) KIND: killed by signal N      (or: exited with 0) per kind, in table order
//          (t_descriptors) survived N hostile children
//          (t_descriptors) end
// With `umip`: (t_descriptors) begin, "KIND: killed by signal 11" for the five, "(t_descriptors) end".
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

constexpr const char* kProgram = "t_descriptors";
constexpr int kChildSurvived = 3;  // exit status of a child whose attempt did not fault

// Selectors (kernel/arch/gdt.h): the tests name the real ones so a wrong table layout cannot hide.
constexpr uint16_t kKernelCode = 0x08;
constexpr uint16_t kKernelData = 0x10;
constexpr uint16_t kTss = 0x28;

constexpr uint32_t kEflagsTf = 1u << 8;
constexpr uint32_t kEflagsIopl = 3u << 12;
constexpr uint32_t kEflagsNt = 1u << 14;

// The would-be LDT slot: in bss, so below 64 KiB in a program linked at 0x1000 (procs/CMakeLists.txt).
alignas(8) uint64_t ldt_slot;

[[noreturn]] void survived(const char* what) {
  test_set_name(kProgram);
  msg("{}: FAIL: did not fault", what);
  exit(kChildSurvived);
}

// Selector for ldt_slot: index = address / 8, TI = 1 (LDT), RPL = 3.
uint16_t ldt_selector() { return static_cast<uint16_t>(reinterpret_cast<uintptr_t>(&ldt_slot) | 7); }

// 32-bit call gate (SDM Vol 3A 5.8.3, figure 5-8): offset, selector, type 0xC, DPL, present.
uint64_t call_gate(uint32_t offset, uint16_t selector, unsigned dpl) {
  return (offset & 0xFFFFull) | (static_cast<uint64_t>(selector) << 16) | (0xCull << 40) |
         (static_cast<uint64_t>(dpl) << 45) | (1ull << 47) | (static_cast<uint64_t>(offset >> 16) << 48);
}

// Flat 4 GiB writable data segment (SDM Vol 3A 3.4.5).
uint64_t data_segment(unsigned dpl) {
  return 0xFFFFull | (0x92ull << 40) | (static_cast<uint64_t>(dpl) << 45) | (0xCFull << 48);
}

uint32_t read_eflags() {
  uint32_t flags;
  asm volatile("pushfl; popl %0" : "=r"(flags));
  return flags;
}
void write_eflags(uint32_t flags) { asm volatile("pushl %0; popfl" : : "r"(flags) : "cc", "memory"); }

}  // namespace

// What the ring-0 payload saw, if it ever ran (C linkage: the payload below names it).
extern "C" {
volatile uint32_t ring0_cr0;
}

// Runs at CPL 0 only if the far call through the forged gate succeeds: records CR0 and returns to ring 3.
extern "C" void ring0_payload();
asm(R"(
  .pushsection .text
  .globl ring0_payload
ring0_payload:
  movl %cr0, %eax
  movl %eax, ring0_cr0
  lret
  .popsection
)");

// int_stubs + 4 * N: `int N` (0xCD N) followed by ud2, for N = 0..255.
extern "C" const uint8_t int_stubs[];
asm(R"(
  .pushsection .text
  .globl int_stubs
int_stubs:
  .set vector, 0
  .rept 256
  .byte 0xCD, vector
  ud2
  .set vector, vector + 1
  .endr
  .popsection
)");

namespace {

void do_ldt_call_gate() {
  ldt_slot = call_gate(reinterpret_cast<uint32_t>(&ring0_payload), kKernelCode, 3);
  struct [[gnu::packed]] {
    uint32_t offset;
    uint16_t selector;
  } target{0, ldt_selector()};
  asm volatile("lcall *%0" : : "m"(target) : "eax", "memory");
  test_set_name(kProgram);
  msg("ldt_call_gate: FAIL: ran at CPL 0 (CR0 {:#x})", ring0_cr0);
  exit(kChildSurvived);
}

void do_ldt_data_segment() {
  ldt_slot = data_segment(3);
  asm volatile("movw %0, %%fs" : : "r"(ldt_selector()));
  survived("ldt_data_segment");
}

void do_gdt_tss_jump() {
  asm volatile("ljmp %0, $0" : : "i"(kTss));
  survived("gdt_tss_jump");
}
void do_gdt_kernel_call() {
  asm volatile("lcall %0, $0" : : "i"(kKernelCode));
  survived("gdt_kernel_call");
}
void do_gdt_kernel_ds() {
  asm volatile("movw %0, %%ds" : : "r"(static_cast<uint16_t>(kKernelData | 3)));
  survived("gdt_kernel_ds");
}
void do_gdt_kernel_ss() {
  asm volatile("movw %0, %%ss" : : "r"(static_cast<uint16_t>(kKernelData)));
  survived("gdt_kernel_ss");
}
void do_lldt() {
  asm volatile("lldt %0" : : "r"(ldt_selector()));
  survived("lldt");
}
void do_ltr() {
  asm volatile("ltr %0" : : "r"(kTss));
  survived("ltr");
}

void do_int3() {
  asm volatile("int3");
  survived("int3");
}
void do_single_step() {
  write_eflags(read_eflags() | kEflagsTf);
  asm volatile("nop");
  write_eflags(read_eflags() & ~kEflagsTf);
  survived("single_step");
}

void do_iopl_then_cli() {
  write_eflags(read_eflags() | kEflagsIopl);
  if (read_eflags() & kEflagsIopl) {
    test_set_name(kProgram);
    msg("iopl_then_cli: FAIL: popf raised IOPL to {}", (read_eflags() & kEflagsIopl) >> 12);
    exit(kChildSurvived);
  }
  asm volatile("cli");
  survived("iopl_then_cli");
}

void do_sysenter() {
  asm volatile("sysenter" : : : "memory");
  survived("sysenter");
}

void do_nt_then_iret() {
  write_eflags(read_eflags() | kEflagsNt);
  // An iret to the next instruction, were it not a task return.
  asm volatile(
      "pushfl\n"
      "pushl %%cs\n"
      "pushl $1f\n"
      "iret\n"
      "1:\n"
      :
      :
      : "memory");
  write_eflags(read_eflags() & ~kEflagsNt);
  survived("nt_then_iret");
}

int nt_syscall() {
  write_eflags(read_eflags() | kEflagsNt);
  int pid = sys::getpid();
  bool still_nt = (read_eflags() & kEflagsNt) != 0;
  write_eflags(read_eflags() & ~kEflagsNt);
  test_set_name(kProgram);
  if (pid <= 0) fail_test("nt_syscall: getpid returned {}", pid);
  if (!still_nt) fail_test("nt_syscall: the kernel cleared the user's EFLAGS.NT");
  return 0;
}

// The UMIP-protected instructions (Intel SDM Vol 3A 2.5): each stores something only the kernel needs.
void do_sgdt() {
  uint8_t table[6];
  asm volatile("sgdt %0" : "=m"(table));
  survived("sgdt");
}
void do_sidt() {
  uint8_t table[6];
  asm volatile("sidt %0" : "=m"(table));
  survived("sidt");
}
void do_sldt() {
  uint16_t selector;
  asm volatile("sldt %0" : "=r"(selector));
  survived("sldt");
}
void do_smsw() {
  uint32_t msw;
  asm volatile("smsw %0" : "=r"(msw));
  survived("smsw");
}
void do_str() {
  uint16_t selector;
  asm volatile("str %0" : "=r"(selector));
  survived("str");
}

bool cpu_has_umip() {
  uint32_t max_leaf = 0, b, c = 0, d;
  asm volatile("cpuid" : "+a"(max_leaf), "=b"(b), "+c"(c), "=d"(d));
  if (max_leaf < 7) return false;
  uint32_t a = 7;
  c = 0;
  asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
  return (c >> 2) & 1;
}

bool cpu_has_sep() {
  uint32_t a = 1, b, c = 0, d;
  asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
  return (d >> 11) & 1;
}

// The vectors the `int N` children try: every exception vector, the PIC's IRQ vectors (0x20-0x2F),
// and a few of the rest, including the neighbours of the system-call vector 0x80.
constexpr uint8_t kVectors[] = {0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,
                                12,   13,   14,   15,   16,   17,   18,   19,   20,   21,   22,   23,
                                24,   25,   26,   27,   28,   29,   30,   31,   0x20, 0x21, 0x22, 0x23,
                                0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F,
                                0x30, 0x7F, 0x81, 0xFF};

// Ports a program must never reach: the PIC, the debug console, QEMU's exit device, the primary ATA
// channel, the ACPI PM1a control blocks of QEMU and Bochs (power off), COM1, PCI configuration, the
// CMOS and the top of the port space.
constexpr uint16_t kPorts[] = {0x20, 0x70, 0xE9, 0xF4, 0x1F0, 0x3F8, 0x604, 0xB004, 0xCF8, 0xFFFF};

int int_signal(uint8_t vector) { return vector == 3 ? abi::kSigTrap : abi::kSigSegv; }

struct Attempt {
  const char* kind;
  int signal;  // 0: the child must exit 0
  void (*commit)();
};

const Attempt kAttempts[] = {
    {"ldt_call_gate", abi::kSigSegv, do_ldt_call_gate},
    {"ldt_data_segment", abi::kSigSegv, do_ldt_data_segment},
    {"gdt_tss_jump", abi::kSigSegv, do_gdt_tss_jump},
    {"gdt_kernel_call", abi::kSigSegv, do_gdt_kernel_call},
    {"gdt_kernel_ds", abi::kSigSegv, do_gdt_kernel_ds},
    {"gdt_kernel_ss", abi::kSigSegv, do_gdt_kernel_ss},
    {"lldt", abi::kSigSegv, do_lldt},
    {"ltr", abi::kSigSegv, do_ltr},
    {"int3", abi::kSigTrap, do_int3},
    {"single_step", abi::kSigTrap, do_single_step},
    {"iopl_then_cli", abi::kSigSegv, do_iopl_then_cli},
    {"sysenter", 0, do_sysenter},  // signal from CPUID, below
    {"nt_then_iret", abi::kSigSegv, do_nt_then_iret},
};

const Attempt kUmipAttempts[] = {
    {"sgdt", abi::kSigSegv, do_sgdt}, {"sidt", abi::kSigSegv, do_sidt}, {"sldt", abi::kSigSegv, do_sldt},
    {"smsw", abi::kSigSegv, do_smsw}, {"str", abi::kSigSegv, do_str},
};

// Parses "<prefix><hex number>" (as the parent formats it); false if `kind` is not of that form.
bool parse_numbered(StringView kind, StringView prefix, uint32_t& number) {
  if (kind.size() <= prefix.size() || !kind.starts_with(prefix)) return false;
  number = 0;
  for (char c : kind.substr(prefix.size())) {
    uint32_t digit;
    if (c >= '0' && c <= '9') digit = static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') digit = static_cast<uint32_t>(c - 'a' + 10);
    else return false;
    number = number * 16 + digit;
    if (number > 0xFFFF) return false;
  }
  return true;
}

int child(char** argv_for_usage) {
  const char* kind_text = argv_for_usage[1];
  StringView kind(kind_text);
  if (kind == "nt_syscall") return nt_syscall();
  for (const Attempt& a : kAttempts) {
    if (kind == a.kind) a.commit();
  }
  for (const Attempt& a : kUmipAttempts) {
    if (kind == a.kind) a.commit();
  }
  uint32_t number;
  if (parse_numbered(kind, "int_", number) && number < 256) {
    reinterpret_cast<void (*)()>(&int_stubs[4 * number])();
    survived(kind_text);
  }
  if (parse_numbered(kind, "in_", number)) {
    uint8_t value;
    asm volatile("inb %w1, %0" : "=a"(value) : "d"(static_cast<uint16_t>(number)));
    survived(kind_text);
  }
  if (parse_numbered(kind, "out_", number)) {
    asm volatile("outw %w0, %w1" : : "a"(static_cast<uint16_t>(0x2000)), "d"(static_cast<uint16_t>(number)));
    survived(kind_text);
  }
  usage_error(argv_for_usage, "unknown kind (see the table in procs/t_descriptors.cpp)");
}

int umip_suite() {
  test_begin(kProgram);
  check(cpu_has_umip(), "this CPU has no UMIP (CPUID.7.0:ECX[2]): run it under QEMU -cpu max");
  for (const Attempt& a : kUmipAttempts) expect_killed_by(kProgram, a.kind, a.signal);
  test_end();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[umip | KIND]  (umip: the UMIP suite; a KIND runs one attempt, as the children do)", 1);
  if (argc > 1 && StringView(argv[1]) == "umip") return umip_suite();
  if (argc > 1) return child(argv);
  test_begin(kProgram);
  info("UMIP {}: `t_descriptors umip` checks sgdt, sidt, sldt, smsw and str", cpu_has_umip() ? "present" : "absent");
  uintptr_t slot = reinterpret_cast<uintptr_t>(&ldt_slot);
  check(slot + sizeof(ldt_slot) <= 0x10000, "the ldt slot lies at {:#x}, not below 64 KiB: link this program low",
        slot);
  msg("ldt gate lies below 64 KiB");
  unsigned children = 0;
  for (const Attempt& a : kAttempts) {
    int signal = a.signal;
    if (StringView(a.kind) == "sysenter") signal = cpu_has_sep() ? abi::kSigSegv : abi::kSigIll;
    expect_killed_by(kProgram, a.kind, signal);
    ++children;
  }
  char kind[16];
  for (uint8_t vector : kVectors) {
    format_to(kind, sizeof(kind), "int_{:x}", vector);
    expect_killed_by(kProgram, kind, int_signal(vector));
    ++children;
  }
  for (uint16_t port : kPorts) {
    format_to(kind, sizeof(kind), "in_{:x}", port);
    expect_killed_by(kProgram, kind, abi::kSigSegv);
    format_to(kind, sizeof(kind), "out_{:x}", port);
    expect_killed_by(kProgram, kind, abi::kSigSegv);
    children += 2;
  }
  expect_exit(kProgram, "nt_syscall", 0);
  ++children;
  msg("survived {} hostile children", children);
  test_end();
  return 0;
}
