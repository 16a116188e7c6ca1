// Host tests for lib/rtc_fields: the MC146818's register formats (BCD or binary, 12- or 24-hour per
// status register B) decoded to a calendar time, and bad readings refused.
#include "lib/rtc_fields.h"

#include <gtest/gtest.h>

namespace cw::rtc {
namespace {

constexpr uint8_t kBcd24 = kStatusB24Hour;                   // what QEMU and most BIOSes leave
constexpr uint8_t kBcd12 = 0;
constexpr uint8_t kBinary24 = kStatusB24Hour | kStatusBBinary;
constexpr uint8_t kBinary12 = kStatusBBinary;

CivilTime ok(const RtcRegisters& r) {
  auto t = decode(r);
  EXPECT_TRUE(t);
  return t ? t.value() : CivilTime{};
}

void expect_time(const CivilTime& t, int32_t y, uint32_t mo, uint32_t d, uint32_t h, uint32_t mi, uint32_t s) {
  EXPECT_EQ(t.year, y);
  EXPECT_EQ(t.month, mo);
  EXPECT_EQ(t.day, d);
  EXPECT_EQ(t.hour, h);
  EXPECT_EQ(t.minute, mi);
  EXPECT_EQ(t.second, s);
}

TEST(rtc_fields, Bcd) {
  EXPECT_EQ(from_bcd(0x59).value(), 59u);
  EXPECT_EQ(from_bcd(0x00).value(), 0u);
  EXPECT_EQ(from_bcd(0x5A).error(), Error::InvalidArgument);
  EXPECT_EQ(from_bcd(0xA1).error(), Error::InvalidArgument);
}

TEST(rtc_fields, Bcd24Hour) {
  expect_time(ok({0x09, 0x12, 0x19, 0x04, 0x12, 0x26, 0x20, kBcd24}), 2026, 12, 4, 19, 12, 9);
}

TEST(rtc_fields, Binary24Hour) {
  expect_time(ok({9, 12, 19, 4, 12, 26, 20, kBinary24}), 2026, 12, 4, 19, 12, 9);
}

TEST(rtc_fields, TwelveHourBcd) {
  expect_time(ok({0x00, 0x30, 0x12, 0x01, 0x01, 0x24, 0x20, kBcd12}), 2024, 1, 1, 0, 30, 0);   // 12 AM
  expect_time(ok({0x00, 0x30, 0x92, 0x01, 0x01, 0x24, 0x20, kBcd12}), 2024, 1, 1, 12, 30, 0);  // 12 PM
  expect_time(ok({0x00, 0x30, 0x87, 0x01, 0x01, 0x24, 0x20, kBcd12}), 2024, 1, 1, 19, 30, 0);  // 7 PM
  expect_time(ok({0x00, 0x30, 0x07, 0x01, 0x01, 0x24, 0x20, kBcd12}), 2024, 1, 1, 7, 30, 0);   // 7 AM
}

TEST(rtc_fields, TwelveHourBinary) {
  expect_time(ok({0, 0, 0x80 | 11, 29, 2, 24, 20, kBinary12}), 2024, 2, 29, 23, 0, 0);
  expect_time(ok({0, 0, 12, 29, 2, 24, 20, kBinary12}), 2024, 2, 29, 0, 0, 0);
  EXPECT_FALSE(decode({0, 0, 0, 1, 1, 24, 20, kBinary12}));   // hour 0 does not exist in 12-hour mode
  EXPECT_FALSE(decode({0, 0, 13, 1, 1, 24, 20, kBinary12}));
}

TEST(rtc_fields, CenturyHint) {
  expect_time(ok({0, 0, 0, 1, 1, 0x99, 0x19, kBcd24}), 1999, 1, 1, 0, 0, 0);
  // No century register (reads 0 or garbage): the 2000s.
  expect_time(ok({0, 0, 0, 1, 1, 0x24, 0x00, kBcd24}), 2024, 1, 1, 0, 0, 0);
  expect_time(ok({0, 0, 0, 1, 1, 0x24, 0xFF, kBcd24}), 2024, 1, 1, 0, 0, 0);
}

TEST(rtc_fields, InvalidReadings) {
  EXPECT_FALSE(decode({0x60, 0, 0, 1, 1, 0x24, 0x20, kBcd24}));  // second 60
  EXPECT_FALSE(decode({0, 0, 0x24, 1, 1, 0x24, 0x20, kBcd24}));  // hour 24
  EXPECT_FALSE(decode({0, 0, 0, 0x30, 2, 0x24, 0x20, kBcd24}));  // February 30
  EXPECT_FALSE(decode({0, 0, 0, 1, 0x13, 0x24, 0x20, kBcd24}));  // month 13
  EXPECT_FALSE(decode({0, 0, 0, 0, 1, 0x24, 0x20, kBcd24}));     // day 0
  EXPECT_FALSE(decode({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, kBcd24}));  // no RTC: the bus floats
  EXPECT_FALSE(decode({0, 0, 0, 1, 1, 100, 20, kBinary24}));     // year 100
}

}  // namespace
}  // namespace cw::rtc
