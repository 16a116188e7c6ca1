// Routing of interrupts, exceptions and system calls from the entry stubs to their handlers.
//
// trap_dispatch (called from kernel/arch/isr.asm with interrupts off) sends:
//   vectors 0-31   to the exception handler (kernel/arch/exceptions.h),
//   vectors 32-47  to the handler registered for that IRQ line, then acknowledges the PIC,
//   other vectors  to the handler registered with set_vector_handler, or reports a stray interrupt.
#pragma once

#include <cstdint>

#include "kernel/arch/trap_frame.h"

namespace cw::trap {

inline constexpr uint8_t kIrqBase = 32;  // IRQ n arrives on vector 32 + n (drivers/pic.h remaps there)
inline constexpr unsigned kIrqCount = 16;

using Handler = void (*)(TrapFrame& frame);

// Registers the handler for IRQ line `irq` (0-15) and unmasks the line. One handler per line.
void set_irq_handler(unsigned irq, Handler handler);

// Registers a handler for a software vector (e.g. 0x80 for system calls).
void set_vector_handler(uint8_t vector, Handler handler);


}  // namespace cw::trap
