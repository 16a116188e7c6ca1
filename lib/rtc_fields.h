// The MC146818 real-time clock's time registers as read from CMOS, and their decoding into a calendar
// time (Motorola MC146818A datasheet, "Address Map" and "Register B"; OSDev wiki "CMOS" and "RTC").
// Hardware-independent, so the decoding is host-tested; drivers/rtc.h does the port I/O.
//
// Register B bit 2 (DM) set: the time registers are binary, clear: BCD (two decimal digits per byte,
// what every PC BIOS leaves). Bit 1 (24/12) set: hours 0-23, clear: 12-hour mode, hours 1-12 with bit 7
// of the hours register set for PM (in either number format). The year register holds two digits; the
// century is in a CMOS byte outside the MC146818's own map (the ACPI FADT names it; 0x32 on the IBM PC/AT
// and in QEMU and Bochs), read here as a hint and used only when it is 19 or 20.
#pragma once

#include <cstdint>

#include "lib/calendar.h"
#include "lib/result.h"

namespace cw::rtc {

// CMOS register indices (datasheet address map; century: IBM PC/AT).
inline constexpr uint8_t kRegSeconds = 0x00;
inline constexpr uint8_t kRegMinutes = 0x02;
inline constexpr uint8_t kRegHours = 0x04;
inline constexpr uint8_t kRegDayOfMonth = 0x07;
inline constexpr uint8_t kRegMonth = 0x08;
inline constexpr uint8_t kRegYear = 0x09;
inline constexpr uint8_t kRegStatusA = 0x0A;
inline constexpr uint8_t kRegStatusB = 0x0B;
inline constexpr uint8_t kRegCentury = 0x32;

inline constexpr uint8_t kStatusAUpdateInProgress = 0x80;  // UIP: the time registers are being updated
inline constexpr uint8_t kStatusB24Hour = 0x02;
inline constexpr uint8_t kStatusBBinary = 0x04;
inline constexpr uint8_t kHoursPm = 0x80;  // in 12-hour mode

// The raw bytes, as read.
struct RtcRegisters {
  uint8_t seconds = 0, minutes = 0, hours = 0, day = 0, month = 0, year = 0, century = 0;
  uint8_t status_b = 0;

  bool operator==(const RtcRegisters&) const = default;
};

// A BCD byte's value. Errors: InvalidArgument when a digit is above 9.
[[nodiscard]] Result<uint32_t> from_bcd(uint8_t value);

// The calendar time the registers hold. Errors: InvalidArgument for a bad BCD digit, a 12-hour hour
// outside 1-12, or a field out of its calendar range (checked by unix_seconds's rules).
[[nodiscard]] Result<CivilTime> decode(const RtcRegisters& r);

}  // namespace cw::rtc
