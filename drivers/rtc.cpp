#include "drivers/rtc.h"

#include "kernel/arch/cpu.h"

namespace cw::rtc {

namespace {

constexpr uint16_t kIndexPort = 0x70;
constexpr uint16_t kDataPort = 0x71;
// Bit 7 of the index port masks NMI on the PC/AT (OSDev "CMOS", "Non-Maskable Interrupts"): set while
// reading, so an NMI handler touching CMOS cannot change the index between our write and read.
constexpr uint8_t kNmiDisable = 0x80;
// Register D, selected at the end with NMI unmasked (its reads are harmless: bit 7 is "valid RAM").
constexpr uint8_t kRegStatusD = 0x0D;

// The datasheet: UIP is set 244 us before an update, which then takes under 2 ms. A poll costs about
// a microsecond (an ISA port read); a million polls is far longer than one update, and a bound when
// the port floats (no RTC: reads 0xFF, UIP never clears).
constexpr uint32_t kUpdateWaitPolls = 1000000;
constexpr uint32_t kReadAttempts = 8;

uint8_t read_register(uint8_t index) {
  cpu::outb(kIndexPort, static_cast<uint8_t>(kNmiDisable | index));
  cpu::io_wait();
  return cpu::inb(kDataPort);
}

bool wait_for_update_to_end() {
  for (uint32_t i = 0; i < kUpdateWaitPolls; ++i)
    if ((read_register(kRegStatusA) & kStatusAUpdateInProgress) == 0) return true;
  return false;
}

RtcRegisters read_once() {
  RtcRegisters r;
  r.seconds = read_register(kRegSeconds);
  r.minutes = read_register(kRegMinutes);
  r.hours = read_register(kRegHours);
  r.day = read_register(kRegDayOfMonth);
  r.month = read_register(kRegMonth);
  r.year = read_register(kRegYear);
  r.century = read_register(kRegCentury);
  r.status_b = read_register(kRegStatusB);
  return r;
}

void unmask_nmi() {
  cpu::outb(kIndexPort, kRegStatusD);
  (void)cpu::inb(kDataPort);
}

}  // namespace

Result<RtcRegisters> read_registers() {
  RtcRegisters last{};
  bool have_last = false;
  for (uint32_t attempt = 0; attempt < kReadAttempts; ++attempt) {
    if (!wait_for_update_to_end()) break;
    RtcRegisters now = read_once();
    if (have_last && now == last) {
      unmask_nmi();
      return now;
    }
    last = now;
    have_last = true;
  }
  unmask_nmi();
  return Error::TimedOut;
}

}  // namespace cw::rtc
