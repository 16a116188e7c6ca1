#include "kernel/power.h"

#include "drivers/pit.h"
#include "drivers/serial.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "mm/vm_trace_log.h"

namespace cw {

namespace {

inline constexpr uint16_t kQemuDebugExit = 0xF4;
inline constexpr uint16_t kBochsShutdown = 0x8900;  // Bochs: the string "Shutdown" powers off
// ACPI PM1a control: SLP_TYP 5 (S5) | SLP_EN on the PIIX4 power-management block that QEMU's and
// Bochs's i440FX machines put at 0x604 and 0xB004 (ACPI 6.4 section 4.8.3.2.1).
inline constexpr uint16_t kPiix4PmControlQemu = 0x604;
inline constexpr uint16_t kPiix4PmControlBochs = 0xB004;
inline constexpr uint16_t kSleepS5 = 0x2000;
inline constexpr uint32_t kPowerOffGraceMs = 500;
inline constexpr uint16_t kKeyboardStatus = 0x64;
inline constexpr uint16_t kKeyboardCommand = 0x64;
inline constexpr uint8_t kInputBufferFull = 0x02;
inline constexpr uint8_t kPulseReset = 0xFE;

}  // namespace

void power_off(uint8_t status) {
  cpu::disable_interrupts();
  vmtrace::dump();  // the fault trace, if `vmtrace` asked for one (mm/vm_trace_log.h)
  kprint("clockwork: power off, status {}\n", status);
  serial::flush();  // the emulators quit at once: let the last line leave the UART first
  cpu::outb(kQemuDebugExit, status);
  cpu::outw(kPiix4PmControlQemu, kSleepS5);
  cpu::outw(kPiix4PmControlBochs, kSleepS5);
  for (const char* c = "Shutdown"; *c; ++c) cpu::outb(kBochsShutdown, static_cast<uint8_t>(*c));
  // An ACPI sleep request takes effect a little later (QEMU without isa-debug-exit handles it in its
  // main loop, real chipsets after a few cycles): only a machine still running after that did not
  // power off.
  pit::busy_wait_ms(kPowerOffGraceMs);
  kprint("clockwork: this machine did not power off; halted\n");
  cpu::halt_forever();
}

void restart() {
  cpu::disable_interrupts();
  kprint("clockwork: restart\n");
  serial::flush();
  // 8042 command 0xFE pulses the CPU's reset line (IBM PC/AT Technical Reference, keyboard controller
  // commands); wait for its input buffer to empty first (status bit 1).
  for (int i = 0; i < 100000 && (cpu::inb(kKeyboardStatus) & kInputBufferFull) != 0; ++i) cpu::io_wait();
  cpu::outb(kKeyboardCommand, kPulseReset);
  pit::busy_wait_ms(kPowerOffGraceMs);
  // No 8042: an empty IDT makes the next interrupt a triple fault, which resets the CPU (Intel SDM Vol 3A
  // 6.15, shutdown on a fault while delivering a double fault).
  struct [[gnu::packed]] {
    uint16_t limit;
    uint32_t base;
  } empty_idt{0, 0};
  asm volatile("lidt %0; int3" : : "m"(empty_idt));
  cpu::halt_forever();
}

}  // namespace cw
