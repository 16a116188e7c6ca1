#include "lib/rtc_fields.h"

namespace cw::rtc {

Result<uint32_t> from_bcd(uint8_t value) {
  uint32_t high = value >> 4, low = value & 0x0F;
  if (high > 9 || low > 9) return Error::InvalidArgument;
  return high * 10 + low;
}

namespace {
Result<uint32_t> field(uint8_t value, bool binary) {
  if (binary) return static_cast<uint32_t>(value);
  return from_bcd(value);
}
}  // namespace

Result<CivilTime> decode(const RtcRegisters& r) {
  bool binary = (r.status_b & kStatusBBinary) != 0;
  bool twelve_hour = (r.status_b & kStatusB24Hour) == 0;
  CivilTime t;
  t.second = TRY(field(r.seconds, binary));
  t.minute = TRY(field(r.minutes, binary));
  uint8_t hours = r.hours;
  bool pm = false;
  if (twelve_hour) {
    pm = (hours & kHoursPm) != 0;
    hours = static_cast<uint8_t>(hours & ~kHoursPm);
  }
  t.hour = TRY(field(hours, binary));
  if (twelve_hour) {
    if (t.hour < 1 || t.hour > 12) return Error::InvalidArgument;
    t.hour = t.hour % 12 + (pm ? 12 : 0);  // 12 AM is 0, 12 PM is 12
  }
  t.day = TRY(field(r.day, binary));
  t.month = TRY(field(r.month, binary));
  uint32_t year = TRY(field(r.year, binary));
  if (year > 99) return Error::InvalidArgument;
  auto century = field(r.century, binary);
  uint32_t hundreds = century && (century.value() == 19 || century.value() == 20) ? century.value() : 20;
  t.year = static_cast<int32_t>(hundreds * 100 + year);
  (void)TRY(unix_seconds(t));  // every field within its calendar range
  return t;
}

}  // namespace cw::rtc
