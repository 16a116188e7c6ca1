#include "drivers/pit.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace cw::pit {

namespace {

inline constexpr uint32_t kInputHz = 1193182;  // the PIT's crystal / 12
inline constexpr uint16_t kChannel0 = 0x40;
inline constexpr uint16_t kCommand = 0x43;
inline constexpr uint8_t kChannel0RateGenerator = 0x34;  // channel 0, lobyte/hibyte, mode 2, binary
inline constexpr uint32_t kDivisor = (kInputHz + kTickHz / 2) / kTickHz;
static_assert(kDivisor > 0 && kDivisor <= 0xFFFF);

volatile uint64_t tick_count = 0;
TickHook tick_hook = nullptr;

void on_tick(TrapFrame&) {
  tick_count = tick_count + 1;
  if (tick_hook) tick_hook();
}

}  // namespace

void init() {
  cpu::outb(kCommand, kChannel0RateGenerator);
  cpu::outb(kChannel0, static_cast<uint8_t>(kDivisor & 0xFF));
  cpu::outb(kChannel0, static_cast<uint8_t>(kDivisor >> 8));
  trap::set_irq_handler(0, on_tick);
}

uint64_t ticks() {
  // A 64-bit read is two loads on i386: keep the tick interrupt out of the middle.
  cpu::InterruptGuard guard;
  return tick_count;
}

void set_tick_hook(TickHook hook) { tick_hook = hook; }

}  // namespace cw::pit
