#include "drivers/pit.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace cw::pit {

namespace {

inline constexpr uint32_t kInputHz = 1193182;  // the PIT's crystal / 12
inline constexpr uint16_t kChannel0 = 0x40;
inline constexpr uint16_t kCommand = 0x43;
inline constexpr uint8_t kChannel0RateGenerator = 0x34;  // channel 0, lobyte/hibyte, mode 2, binary
inline constexpr uint8_t kChannel0Latch = 0x00;          // counter latch command for channel 0
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

namespace {

uint16_t read_counter() {
  cpu::outb(kCommand, kChannel0Latch);
  uint8_t low = cpu::inb(kChannel0);
  uint8_t high = cpu::inb(kChannel0);
  return static_cast<uint16_t>(low | (high << 8));
}

}  // namespace

void busy_wait_ms(uint32_t ms) {
  // The counter runs down to 1 and reloads once per period (mode 2; the BIOS's mode 3 also reloads
  // once per period): a reading above the previous one is one period gone.
  uint16_t previous = read_counter();
  for (uint32_t periods = 0; periods < ms;) {
    uint16_t now = read_counter();
    if (now > previous) ++periods;
    previous = now;
  }
}

void set_tick_hook(TickHook hook) { tick_hook = hook; }

}  // namespace cw::pit
