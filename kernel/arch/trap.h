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

// Registers the handler for IRQ line `irq` (0-15) and unmasks the line. One handler per line, for the
// ISA devices that own theirs (timer, keyboard, COM1, the IDE channels).
void set_irq_handler(unsigned irq, Handler handler);
// Hardware interrupts taken since boot, spurious ones aside (/proc/stat's intr).
uint64_t interrupt_count();

// A handler on a line several PCI functions share (INTx, level-triggered: PCI Local Bus 3.0 section
// 2.2.6). It runs with interrupts off, must not block, and returns true if its device was interrupting
// (and is now quiet). Every handler on the line runs on each interrupt.
using SharedHandler = bool (*)(void* context);
inline constexpr unsigned kSharedHandlersPerLine = 8;

// Adds `handler` to line `irq`'s chain and unmasks the line. Panics (a kernel bug) if the line has a
// set_irq_handler handler or its chain is full.
void add_shared_irq_handler(unsigned irq, SharedHandler handler, void* context);

// Registers a handler for a software vector (e.g. 0x80 for system calls).
void set_vector_handler(uint8_t vector, Handler handler);


}  // namespace cw::trap
