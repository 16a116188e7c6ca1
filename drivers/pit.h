// The 8253/8254 programmable interval timer, channel 0, as the system tick (Intel 8254 datasheet).
#pragma once

#include <cstdint>

namespace cw::pit {

inline constexpr uint32_t kTickHz = 1000;  // one tick per millisecond

// Programs channel 0 for kTickHz periodic interrupts on IRQ 0 and installs the tick handler.
void init();

// Milliseconds (ticks) since init().
uint64_t ticks();

// Waits about `ms` milliseconds by polling channel 0's counter, with interrupts off or on: for the last
// moments of the machine (power-off), when no tick may arrive. Before init() the BIOS's divisor applies
// and the wait is longer (about 55 ms per millisecond asked for), never shorter.
void busy_wait_ms(uint32_t ms);

// Called on every tick after the counter is advanced; the scheduler hooks in here.
using TickHook = void (*)();
void set_tick_hook(TickHook hook);

}  // namespace cw::pit
