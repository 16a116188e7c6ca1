#include "drivers/serial.h"

#include "kernel/arch/cpu.h"

namespace cw::serial {

namespace {

inline constexpr uint16_t kBase = 0x3F8;  // COM1
// Register offsets (PC16550D datasheet, table 2).
inline constexpr uint16_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3,
                          kModemControl = 4, kLineStatus = 5;
inline constexpr uint8_t kLineStatusDataReady = 0x01, kLineStatusTxEmpty = 0x20, kLineStatusIdle = 0x40;
inline constexpr uint8_t kDivisorLatch = 0x80, kEightNoneOne = 0x03;

bool present = false;

void put(uint8_t byte) {
  // Bounded wait: a stuck UART must not hang the kernel's console.
  for (int spin = 0; spin < 100000; ++spin)
    if (cpu::inb(kBase + kLineStatus) & kLineStatusTxEmpty) break;
  cpu::outb(kBase + kData, byte);
}

}  // namespace

bool init() {
  cpu::outb(kBase + kInterruptEnable, 0x00);
  cpu::outb(kBase + kLineControl, kDivisorLatch);
  cpu::outb(kBase + kData, 1);  // divisor 1: 115200 baud
  cpu::outb(kBase + kInterruptEnable, 0);
  cpu::outb(kBase + kLineControl, kEightNoneOne);
  cpu::outb(kBase + kFifoControl, 0xC7);  // enable and clear FIFOs, 14-byte receive threshold
  // Loopback self-test: a byte written must come back.
  cpu::outb(kBase + kModemControl, 0x1E);
  cpu::outb(kBase + kData, 0xAE);
  present = cpu::inb(kBase + kData) == 0xAE;
  cpu::outb(kBase + kModemControl, 0x0F);  // normal operation: DTR, RTS, OUT1, OUT2
  return present;
}

void write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    if (text[i] == '\n') put('\r');
    put(static_cast<uint8_t>(text[i]));
  }
}

void flush() {
  if (!present) return;
  for (int spin = 0; spin < 1000000; ++spin)
    if (cpu::inb(kBase + kLineStatus) & kLineStatusIdle) return;
}

int read_byte() {
  if (!(cpu::inb(kBase + kLineStatus) & kLineStatusDataReady)) return -1;
  return cpu::inb(kBase + kData);
}

}  // namespace cw::serial
