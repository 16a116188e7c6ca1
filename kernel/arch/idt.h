// The interrupt descriptor table (Intel SDM Vol 3A 6.10-6.11).
#pragma once

#include <cstdint>

namespace cw::idt {

// Installs all 256 gates, pointing at the stubs in kernel/arch/isr.asm. Every gate is an interrupt gate
// (interrupts off on entry) reachable only from ring 0, except #BP and #OF (int3 and into, as on Linux),
// until allow_from_user() opens another.
void init();

// Lets ring 3 raise `vector` with `int` (DPL 3); used for the system-call gate.
void allow_from_user(uint8_t vector);

}  // namespace cw::idt
