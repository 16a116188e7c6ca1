#include "drivers/pic.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace cw::pic {

namespace {

inline constexpr uint16_t kMasterCommand = 0x20, kMasterData = 0x21;
inline constexpr uint16_t kSlaveCommand = 0xA0, kSlaveData = 0xA1;
inline constexpr uint8_t kIcw1Init = 0x10, kIcw1NeedIcw4 = 0x01, kIcw4Mode8086 = 0x01;
inline constexpr uint8_t kEoi = 0x20, kReadIsr = 0x0B;
inline constexpr unsigned kCascadeIrq = 2;

uint16_t masks = 0xFFFF;

void write_masks() {
  cpu::outb(kMasterData, static_cast<uint8_t>(masks));
  cpu::outb(kSlaveData, static_cast<uint8_t>(masks >> 8));
}

uint16_t in_service() {
  cpu::outb(kMasterCommand, kReadIsr);
  cpu::outb(kSlaveCommand, kReadIsr);
  return static_cast<uint16_t>(cpu::inb(kMasterCommand) | (cpu::inb(kSlaveCommand) << 8));
}

}  // namespace

void init() {
  // ICW1-ICW4: edge triggered, cascade, vector bases, 8086 mode (8259A datasheet, "Initialization").
  cpu::outb(kMasterCommand, kIcw1Init | kIcw1NeedIcw4); cpu::io_wait();
  cpu::outb(kSlaveCommand, kIcw1Init | kIcw1NeedIcw4); cpu::io_wait();
  cpu::outb(kMasterData, trap::kIrqBase); cpu::io_wait();
  cpu::outb(kSlaveData, trap::kIrqBase + 8); cpu::io_wait();
  cpu::outb(kMasterData, 1u << kCascadeIrq); cpu::io_wait();  // slave on IRQ 2
  cpu::outb(kSlaveData, kCascadeIrq); cpu::io_wait();         // slave identity
  cpu::outb(kMasterData, kIcw4Mode8086); cpu::io_wait();
  cpu::outb(kSlaveData, kIcw4Mode8086); cpu::io_wait();
  masks = static_cast<uint16_t>(~(1u << kCascadeIrq));
  write_masks();
}

void mask(unsigned irq) {
  masks = static_cast<uint16_t>(masks | (1u << irq));
  write_masks();
}

void unmask(unsigned irq) {
  masks = static_cast<uint16_t>(masks & ~(1u << irq));
  write_masks();
}

void end_of_interrupt(unsigned irq) {
  if (irq >= 8) cpu::outb(kSlaveCommand, kEoi);
  cpu::outb(kMasterCommand, kEoi);
}

bool is_spurious(unsigned irq) {
  if (irq != 7 && irq != 15) return false;
  if (in_service() & (1u << irq)) return false;
  // A spurious IRQ 15 still came through the master's cascade line, which needs its EOI.
  if (irq == 15) cpu::outb(kMasterCommand, kEoi);
  return true;
}

}  // namespace cw::pic
