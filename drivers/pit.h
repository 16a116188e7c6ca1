// The 8253/8254 programmable interval timer, channel 0, as the system tick (Intel 8254 datasheet).
#pragma once

#include <cstdint>

namespace cw::pit {

inline constexpr uint32_t kTickHz = 1000;  // one tick per millisecond

// Programs channel 0 for kTickHz periodic interrupts on IRQ 0 and installs the tick handler.
void init();

// Milliseconds (ticks) since init().
uint64_t ticks();

// Called on every tick after the counter is advanced; the scheduler hooks in here.
using TickHook = void (*)();
void set_tick_hook(TickHook hook);

}  // namespace cw::pit
