// The two cascaded 8259A programmable interrupt controllers of the PC (Intel 8259A datasheet).
// init() remaps IRQ 0-15 to vectors 32-47, clear of the CPU exception vectors, with every line masked.
#pragma once

#include <cstdint>

namespace cw::pic {

void init();
void mask(unsigned irq);
void unmask(unsigned irq);
void end_of_interrupt(unsigned irq);
// IRQ 7 and 15 can fire spuriously; true (and handled, EOI included) if this one was.
bool is_spurious(unsigned irq);

}  // namespace cw::pic
