#include "drivers/serial.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace cw::serial {

namespace {

inline constexpr uint16_t kBase = 0x3F8;  // COM1
// Register offsets (PC16550D datasheet, table 2).
inline constexpr uint16_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3,
                          kModemControl = 4, kLineStatus = 5;
inline constexpr uint8_t kLineStatusDataReady = 0x01, kLineStatusTxEmpty = 0x20, kLineStatusIdle = 0x40;
inline constexpr uint8_t kDivisorLatch = 0x80, kEightNoneOne = 0x03;
// Receive side: the interrupt identification register shares offset 2 with the FIFO control register
// (read vs. write); IER bit 0 enables the received-data-available (and FIFO timeout) interrupt; LSR bits
// 2-4 flag a parity error, a framing error and a break for the byte at the head of the FIFO; MCR bit 3
// (OUT2) gates the UART's interrupt onto the ISA bus on PC serial ports.
inline constexpr uint16_t kInterruptId = 2, kModemStatus = 6;
inline constexpr uint8_t kEnableReceiveInterrupt = 0x01, kModemControlOut2 = 0x08;
inline constexpr uint8_t kLineStatusBadByte = 0x04 | 0x08 | 0x10;
inline constexpr unsigned kIrq = 4;            // COM1
inline constexpr int kDrainLimit = 256;        // bytes per interrupt, so a flood cannot pin the CPU
inline constexpr uint8_t kCarriageReturn = 0x0D, kLineFeed = 0x0A, kDelete = 0x7F;

bool present = false;
ReceiveSink receive_sink = nullptr;
bool last_was_cr = false;

void put(uint8_t byte) {
  // Bounded wait: a stuck UART must not hang the kernel's console.
  for (int spin = 0; spin < 100000; ++spin)
    if (cpu::inb(kBase + kLineStatus) & kLineStatusTxEmpty) break;
  cpu::outb(kBase + kData, byte);
}

void deliver(uint8_t byte) {
  bool after_cr = last_was_cr;
  last_was_cr = byte == kCarriageReturn;
  if (byte == kCarriageReturn) {
    byte = '\n';
  } else if (byte == kLineFeed) {
    if (after_cr) return;  // CR LF is one Enter
  } else if (byte == kDelete) {
    byte = '\b';
  } else if (byte == 0) {
    return;  // line noise (a break; Bochs leaves one behind after the loopback test), not typing
  }
  receive_sink(static_cast<char>(byte));
}

void drain_receiver() {
  for (int i = 0; i < kDrainLimit; ++i) {
    uint8_t status = cpu::inb(kBase + kLineStatus);
    if (!(status & kLineStatusDataReady)) return;
    uint8_t byte = cpu::inb(kBase + kData);
    if (!(status & kLineStatusBadByte)) deliver(byte);
  }
  // Data still waiting: the PIC is edge-triggered and the UART's line is still up, so drop and raise it
  // (IER off and on) to be interrupted again for the rest.
  cpu::outb(kBase + kInterruptEnable, 0);
  cpu::outb(kBase + kInterruptEnable, kEnableReceiveInterrupt);
}

void on_irq(TrapFrame&) { drain_receiver(); }

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

bool start_receive(ReceiveSink sink) {
  if (!present || sink == nullptr) return false;
  cpu::InterruptGuard guard;
  receive_sink = sink;
  // Discard what arrived before now (nobody was reading; leftovers of the loopback test), clear stale
  // status, let the interrupt out (OUT2), then enable it.
  for (int i = 0; i < kDrainLimit && (cpu::inb(kBase + kLineStatus) & kLineStatusDataReady); ++i)
    (void)cpu::inb(kBase + kData);
  (void)cpu::inb(kBase + kModemStatus);
  (void)cpu::inb(kBase + kInterruptId);
  trap::set_irq_handler(kIrq, on_irq);
  cpu::outb(kBase + kModemControl, cpu::inb(kBase + kModemControl) | kModemControlOut2);
  cpu::outb(kBase + kInterruptEnable, kEnableReceiveInterrupt);
  return true;
}

}  // namespace cw::serial
