#include "lib/calendar.h"

namespace cw {

namespace {
constexpr int64_t kSecondsPerDay = 86400;
// Howard Hinnant's algorithms ("chrono-Compatible Low-Level Date Algorithms"): years counted from March,
// so the leap day is the last day of the year, in 400-year eras of 146097 days.
constexpr int64_t kDaysPerEra = 146097;
constexpr int64_t kEpochShift = 719468;  // days from 0000-03-01 to 1970-01-01

int64_t floor_div(int64_t a, int64_t b) { return (a >= 0 ? a : a - b + 1) / b; }
}  // namespace

uint32_t days_in_month(int32_t year, uint32_t month) {
  static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

int64_t days_from_civil(int32_t year, uint32_t month, uint32_t day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  int64_t era = floor_div(y, 400);
  int64_t year_of_era = y - era * 400;                                       // 0-399
  int64_t m = month;
  int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;  // 0-365, from March 1
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPerEra + day_of_era - kEpochShift;
}

Result<int64_t> unix_seconds(const CivilTime& t) {
  if (t.year < 1 || t.year > 9999) return Error::InvalidArgument;
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return Error::InvalidArgument;  // month too
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return Error::InvalidArgument;
  return days_from_civil(t.year, t.month, t.day) * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

CivilTime civil_from_unix(int64_t seconds) {
  int64_t days = floor_div(seconds, kSecondsPerDay);
  int64_t rest = seconds - days * kSecondsPerDay;
  int64_t z = days + kEpochShift;
  int64_t era = floor_div(z, kDaysPerEra);
  int64_t day_of_era = z - era * kDaysPerEra;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t mp = (5 * day_of_year + 2) / 153;
  CivilTime t;
  t.day = static_cast<uint32_t>(day_of_year - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int32_t>(year_of_era + era * 400 + (t.month <= 2 ? 1 : 0));
  t.hour = static_cast<uint32_t>(rest / 3600);
  t.minute = static_cast<uint32_t>(rest / 60 % 60);
  t.second = static_cast<uint32_t>(rest % 60);
  return t;
}

}  // namespace cw
