#include "kernel/arch/exceptions.h"

#include "kernel/arch/cpu.h"
#include "kernel/debug/backtrace.h"
#include "kernel/power.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"
#include "kernel/signal/send.h"
#include "lib/abi/signal.h"
#include "lib/signal/fault_signal.h"
#include "mm/address_space.h"

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

// The ESP of the interrupted code. From ring 0 the CPU switches no stack and pushes no ESP: the stack
// held eip, cs, eflags, the vector and the error code above the ESP pushad saw.
uint32_t interrupted_esp(const TrapFrame& f) { return f.from_user() ? f.user_esp : f.esp_at_pusha + 20; }

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
  // Kernel code is named from the embedded symbol table; a user address is printed as it is, since the
  // kernel knows no program's symbols.
  kprint("  EIP=");
  if (f.from_user()) {
    kprint("{:#010x}", f.eip);
  } else {
    print_code_address(f.eip);
  }
  kprint(" CS={:#06x} EFLAGS={:#010x}\n", f.cs, f.eflags);
  kprint("  EAX={:#010x} EBX={:#010x} ECX={:#010x} EDX={:#010x}\n", f.eax, f.ebx, f.ecx, f.edx);
  kprint("  ESI={:#010x} EDI={:#010x} EBP={:#010x} ESP={:#010x}\n", f.esi, f.edi, f.ebp,
         interrupted_esp(f));
  kprint("  DS={:#06x} ES={:#06x} FS={:#06x} GS={:#06x}", f.ds, f.es, f.fs, f.gs);
  if (f.from_user()) kprint(" SS={:#06x}", f.user_ss);
  kprint("\n  CR0={:#010x} CR3={:#010x} CR4={:#010x}\n", cpu::read_cr0(), cpu::read_cr3(), cpu::read_cr4());
  // The chain starts at the faulting function's caller: EBP is the faulting function's frame (unless
  // the fault hit its prologue before `mov ebp, esp`, when the first return address is its caller's).
  if (!f.from_user()) print_backtrace(f.ebp, interrupted_esp(f));
}

namespace {

bool reporting = false;

// An exception in kernel mode is a kernel bug: report it and stop. An exception raised by the report
// itself (a console or a stack walk gone wrong) stops at once instead of recursing.
[[noreturn]] void stop_for_kernel_exception(const TrapFrame& frame) {
  if (reporting) {
    kprint("EXCEPTION: {} while reporting an exception, stopping\n", exception_mnemonic(frame.vector));
    power_off(kExitKernelFault);
  }
  reporting = true;
  report_exception(frame);
  kprint("kernel: unhandled exception in the kernel, stopping\n");
  power_off(kExitKernelFault);
}

// The si_code of a SIGFPE from #MF or #XM, from the FPU's live state (the faulting thread's: nothing
// has run since), as Linux math_error does. 0: no unmasked exception flagged, a spurious trap.
int32_t fpe_code(uint32_t vector) {
  if (vector == 16) {
    uint16_t control = 0, status = 0;
    asm volatile("fnstcw %0; fnstsw %1" : "=m"(control), "=m"(status));
    return signal::x87_fpe_code(control, status);
  }
  uint32_t mxcsr = 0;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  return signal::simd_fpe_code(mxcsr);
}

// A user-mode exception other than #PF raises its signal (Linux arch/x86/kernel/traps.c); the report
// line, if it ends the process, names the exception with the faulting eip as the address.
void raise_exception_signal(const TrapFrame& frame) {
  signal::FaultSignal fault = signal::fault_signal(frame.vector);
  if (fault.sig == abi::kSigFpe && fault.code == 0) {
    fault.code = fpe_code(frame.vector);
    if (fault.code == 0) return;  // spurious: nothing to report (Linux math_error)
  }
  uint32_t si_addr = fault.address == signal::FaultAddress::Eip ? frame.eip : 0;
  signal::raise_fault(fault.sig, signal::fault_info(fault.code, si_addr), exception_name(frame.vector), frame.eip,
                      frame.eip);
}

void handle_page_fault(TrapFrame& frame) {
  uint32_t address = cpu::read_cr2();
  Process* process = proc::current();
  if (!frame.from_user() || process == nullptr || process->space == nullptr) {
    // The kernel never touches user memory through user mappings (system calls copy through the
    // direct map), so any page fault in kernel mode is a kernel bug.
    stop_for_kernel_exception(frame);
  }
  cpu::enable_interrupts();  // loading a page may wait for the disk
  mm::Access access = (frame.error_code & kPageFaultWrite) ? mm::Access::Write : mm::Access::Read;
  auto resolved = process->space->handle_fault(VirtAddr(address), access, VirtAddr(frame.user_esp));
  if (resolved) return;
  // Running out of memory or swap is the system's failure and kills like Linux's OOM killer (SIGKILL,
  // which no handler sees). A page the disk could not deliver is SIGBUS (BUS_ADRERR, as Linux for an I/O
  // error on a mapped file); a bad access is SIGSEGV: no mapping (SEGV_MAPERR, kernel addresses too, as
  // Linux) or a protection violation (SEGV_ACCERR). si_addr is CR2.
  FaultError error = resolved.error();
  if (error == FaultError::OutOfMemory || error == FaultError::OutOfKernelMemory || error == FaultError::OutOfSwap)
    proc::kill_current_for_fault(abi::kSigKill, describe(error), frame.eip, address);
  if (error == FaultError::BeyondFile) {
    // A page wholly past the end of a mapped file: SIGBUS, BUS_ADRERR (Linux filemap_fault).
    signal::raise_fault(abi::kSigBus, signal::fault_info(abi::kBusAdrerr, address), describe(error), frame.eip,
                        address);
    return;
  }
  int sig = error == FaultError::Io ? abi::kSigBus : abi::kSigSegv;
  int32_t code = error == FaultError::Io                    ? abi::kBusAdrerr
                 : error == FaultError::ProtectionViolation ? abi::kSegvAccerr
                                                            : abi::kSegvMaperr;
  signal::raise_fault(sig, signal::fault_info(code, address), describe(error), frame.eip, address);
}

}  // namespace

void handle_exception(TrapFrame& frame) {
  if (frame.vector == kPageFault) {
    handle_page_fault(frame);
    return;
  }
  if (frame.from_user() && proc::current() != nullptr) {
    raise_exception_signal(frame);  // delivered on the way back to user mode (kernel/signal/delivery.h)
    return;
  }
  stop_for_kernel_exception(frame);
}

}  // namespace cw
