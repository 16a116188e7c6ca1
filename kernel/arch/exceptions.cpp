#include "kernel/arch/exceptions.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/proc/process.h"
#include "lib/abi/syscall_numbers.h"
#include "mm/address_space.h"
#include "kernel/power.h"
#include "kernel/print.h"

namespace cw {

namespace {

struct ExceptionInfo {
  const char* mnemonic;
  const char* name;
};

// Intel SDM Vol 3A table 6-1.
constexpr ExceptionInfo kExceptions[32] = {
    {"#DE", "Divide Error"},
    {"#DB", "Debug"},
    {"NMI", "Non-Maskable Interrupt"},
    {"#BP", "Breakpoint"},
    {"#OF", "Overflow"},
    {"#BR", "BOUND Range Exceeded"},
    {"#UD", "Invalid Opcode"},
    {"#NM", "Device Not Available"},
    {"#DF", "Double Fault"},
    {"CSO", "Coprocessor Segment Overrun"},
    {"#TS", "Invalid TSS"},
    {"#NP", "Segment Not Present"},
    {"#SS", "Stack-Segment Fault"},
    {"#GP", "General Protection"},
    {"#PF", "Page Fault"},
    {"#15", "Reserved"},
    {"#MF", "x87 Floating-Point Error"},
    {"#AC", "Alignment Check"},
    {"#MC", "Machine Check"},
    {"#XM", "SIMD Floating-Point Exception"},
    {"#VE", "Virtualization Exception"},
    {"#CP", "Control Protection Exception"},
    {"#22", "Reserved"}, {"#23", "Reserved"}, {"#24", "Reserved"}, {"#25", "Reserved"},
    {"#26", "Reserved"}, {"#27", "Reserved"}, {"#HV", "Hypervisor Injection Exception"},
    {"#VC", "VMM Communication Exception"}, {"#SX", "Security Exception"}, {"#31", "Reserved"},
};

inline constexpr uint32_t kPageFault = 14;
inline constexpr uint32_t kPageFaultWrite = 1u << 1;

}  // namespace

const char* exception_name(uint32_t vector) { return vector < 32 ? kExceptions[vector].name : "?"; }
const char* exception_mnemonic(uint32_t vector) {
  return vector < 32 ? kExceptions[vector].mnemonic : "?";
}

void report_exception(const TrapFrame& f) {
  kprint("EXCEPTION: {} {} (vector {}) in {} mode, error code {:#x}\n", exception_mnemonic(f.vector),
         exception_name(f.vector), f.vector, f.from_user() ? "user" : "kernel", f.error_code);
  if (f.vector == kPageFault) {
    // Page-fault error code bits (Intel SDM Vol 3A 4.7, figure 4-12).
    kprint("  CR2={:#010x} ({} {} access, {} mode{})\n", cpu::read_cr2(),
           (f.error_code & 1) ? "protection violation on a" : "not-present page on a",
           (f.error_code & 2) ? "write" : ((f.error_code & 16) ? "instruction fetch" : "read"),
           (f.error_code & 4) ? "user" : "supervisor", (f.error_code & 8) ? ", reserved bit set" : "");
  }
  kprint("  EIP={:#010x} CS={:#06x} EFLAGS={:#010x}\n", f.eip, f.cs, f.eflags);
  kprint("  EAX={:#010x} EBX={:#010x} ECX={:#010x} EDX={:#010x}\n", f.eax, f.ebx, f.ecx, f.edx);
  kprint("  ESI={:#010x} EDI={:#010x} EBP={:#010x} ESP={:#010x}\n", f.esi, f.edi, f.ebp,
         f.from_user() ? f.user_esp : f.esp_at_pusha + 20);
  kprint("  DS={:#06x} ES={:#06x} FS={:#06x} GS={:#06x}", f.ds, f.es, f.fs, f.gs);
  if (f.from_user()) kprint(" SS={:#06x}", f.user_ss);
  kprint("\n  CR0={:#010x} CR3={:#010x} CR4={:#010x}\n", cpu::read_cr0(), cpu::read_cr3(), cpu::read_cr4());
}

namespace {

// The signal a user-mode exception delivers, as Linux does on i386: #DE and x87/SIMD errors are SIGFPE,
// #UD is SIGILL, #DB (EFLAGS.TF) and #BP (int3) SIGTRAP, #GP (privileged instructions, bad segments,
// kernel addresses) and the rest SIGSEGV.
int signal_for(uint32_t vector) {
  switch (vector) {
    case 0: case 16: case 19: return abi::kSigFpe;
    case 1: case 3: return abi::kSigTrap;
    case 6: return abi::kSigIll;
    default: return abi::kSigSegv;
  }
}

void handle_page_fault(TrapFrame& frame) {
  uint32_t address = cpu::read_cr2();
  Process* process = proc::current();
  if (!frame.from_user() || process == nullptr || process->space == nullptr) {
    // The kernel never touches user memory through user mappings (system calls copy through the
    // direct map), so any page fault in kernel mode is a kernel bug.
    report_exception(frame);
    kprint("kernel: unhandled exception in the kernel, stopping\n");
    power_off(kExitKernelFault);
  }
  cpu::enable_interrupts();  // loading a page may wait for the disk
  mm::Access access = (frame.error_code & kPageFaultWrite) ? mm::Access::Write : mm::Access::Read;
  auto resolved = process->space->handle_fault(VirtAddr(address), access, VirtAddr(frame.user_esp));
  if (resolved) return;
  // A bad access is the program's fault (SIGSEGV); running out of memory or swap, or a disk error, is
  // the system's, and kills like Linux's OOM killer does (SIGKILL).
  bool system_failure = resolved.error() == FaultError::OutOfMemory || resolved.error() == FaultError::OutOfSwap ||
                        resolved.error() == FaultError::Io;
  int signal = system_failure ? abi::kSigKill : abi::kSigSegv;
  proc::kill_current_for_fault(signal, describe(resolved.error()), frame.eip, address);
}

}  // namespace

void handle_exception(TrapFrame& frame) {
  if (frame.vector == kPageFault) {
    handle_page_fault(frame);
    return;
  }
  if (frame.from_user() && proc::current() != nullptr) {
    cpu::enable_interrupts();
    uint32_t address = frame.eip;  // the faulting instruction is the address of interest here
    proc::kill_current_for_fault(signal_for(frame.vector), exception_name(frame.vector), frame.eip, address);
  }
  report_exception(frame);
  kprint("kernel: unhandled exception in the kernel, stopping\n");
  power_off(kExitKernelFault);
}

}  // namespace cw
