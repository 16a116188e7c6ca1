// CPU exceptions (vectors 0-31, Intel SDM Vol 3A 6.15).
#pragma once

#include <cstdint>

#include "kernel/arch/trap_frame.h"

namespace cw {

// "Divide Error", "Page Fault", ... ; "Reserved" for unassigned vectors.
const char* exception_name(uint32_t vector);
// "#DE", "#PF", ...
const char* exception_mnemonic(uint32_t vector);

// Prints the exception report: name, vector, error code (decoded for page faults), CR2 for page faults,
// and a register dump; for an exception in kernel mode also EIP's function and a backtrace, named from
// the embedded symbol table (kernel/debug/backtrace.h).
void report_exception(const TrapFrame& frame);

// Called by trap_dispatch for vectors 0-31. An exception in the kernel is a kernel bug: it is reported and
// the machine stops with kExitKernelFault.
void handle_exception(TrapFrame& frame);

}  // namespace cw
