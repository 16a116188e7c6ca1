// Calendar time to Unix time: a date and time of day in the proleptic Gregorian calendar, UTC, to the
// seconds since 1970-01-01 00:00:00 (POSIX "Seconds Since the Epoch", XBD 4.16: leap seconds are not
// counted, every day has 86400 seconds). Hardware-independent: the RTC driver (drivers/rtc.h) decodes its
// registers into a CivilTime, and this turns it into the number CLOCK_REALTIME starts from.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw {

struct CivilTime {
  int32_t year = 1970;  // e.g. 2026
  uint32_t month = 1;   // 1-12
  uint32_t day = 1;     // 1-31, within the month
  uint32_t hour = 0;    // 0-23
  uint32_t minute = 0;  // 0-59
  uint32_t second = 0;  // 0-59
};

// A Gregorian leap year: divisible by 4, except centuries not divisible by 400.
[[nodiscard]] constexpr bool is_leap_year(int32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days in `month` (1-12) of `year`; 0 for a month out of range.
[[nodiscard]] uint32_t days_in_month(int32_t year, uint32_t month);

// Days from 1970-01-01 to year-month-day (negative before it). Any month and day in range.
[[nodiscard]] int64_t days_from_civil(int32_t year, uint32_t month, uint32_t day);

// The Unix time of `t`. Errors: InvalidArgument when a field is out of its range (month 13, February 30,
// hour 24, ...) or the year is outside 1-9999.
[[nodiscard]] Result<int64_t> unix_seconds(const CivilTime& t);

// The calendar time of Unix time `seconds` (the inverse of unix_seconds), for boot messages.
[[nodiscard]] CivilTime civil_from_unix(int64_t seconds);

}  // namespace cw
