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

}  // namespace cw
