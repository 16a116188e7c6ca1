// Host tests for lib/calendar: known dates, leap years, range checks, and agreement with the host C
// library's timegm/gmtime_r (glibc on Linux, the reference) over four centuries of days.
#include "lib/calendar.h"

#include <gtest/gtest.h>

#include <ctime>

namespace cw {
namespace {

int64_t seconds(int32_t y, uint32_t mo, uint32_t d, uint32_t h = 0, uint32_t mi = 0, uint32_t s = 0) {
  auto r = unix_seconds(CivilTime{y, mo, d, h, mi, s});
  EXPECT_TRUE(r) << y << "-" << mo << "-" << d;
  return r ? r.value() : -1;
}

TEST(calendar, KnownDates) {
  EXPECT_EQ(seconds(1970, 1, 1), 0);
  EXPECT_EQ(seconds(1970, 1, 1, 0, 0, 1), 1);
  EXPECT_EQ(seconds(2000, 3, 1), 951868800);
  EXPECT_EQ(seconds(2038, 1, 19, 3, 14, 7), 2147483647);
  EXPECT_EQ(seconds(2038, 1, 19, 3, 14, 8), 2147483648LL);
  EXPECT_EQ(seconds(2024, 2, 29, 12, 0, 0), 1709208000);
  EXPECT_EQ(seconds(1969, 12, 31, 23, 59, 59), -1);
}

TEST(calendar, LeapYears) {
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2100, 2), 28u);
  EXPECT_EQ(days_in_month(2023, 4), 30u);
  EXPECT_EQ(days_in_month(2023, 0), 0u);
  EXPECT_EQ(days_in_month(2023, 13), 0u);
}

TEST(calendar, FieldsOutOfRangeAreInvalid) {
  EXPECT_EQ(unix_seconds({2023, 2, 29, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 13, 1, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 0, 1, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 1, 0, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 4, 31, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 1, 1, 24, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 1, 1, 0, 60, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({2023, 1, 1, 0, 0, 60}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({0, 1, 1, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_EQ(unix_seconds({10000, 1, 1, 0, 0, 0}).error(), Error::InvalidArgument);
  EXPECT_TRUE(unix_seconds({9999, 12, 31, 23, 59, 59}));
}

// Every day from 1900 to 2300 at a time of day that moves with it, against glibc's timegm and back.
TEST(calendar, AgreesWithHostTimegm) {
  int64_t checked = 0;
  for (int32_t year = 1900; year < 2300; ++year) {
    for (uint32_t month = 1; month <= 12; ++month) {
      for (uint32_t day = 1; day <= days_in_month(year, month); ++day) {
        uint32_t h = (day * 7) % 24, mi = (day * 13 + month) % 60, s = (year + day) % 60;
        std::tm tm{};
        tm.tm_year = year - 1900;
        tm.tm_mon = static_cast<int>(month) - 1;
        tm.tm_mday = static_cast<int>(day);
        tm.tm_hour = static_cast<int>(h);
        tm.tm_min = static_cast<int>(mi);
        tm.tm_sec = static_cast<int>(s);
        int64_t expected = static_cast<int64_t>(timegm(&tm));
        auto got = unix_seconds(CivilTime{year, month, day, h, mi, s});
        ASSERT_TRUE(got);
        ASSERT_EQ(got.value(), expected) << year << "-" << month << "-" << day;
        CivilTime back = civil_from_unix(expected);
        ASSERT_EQ(back.year, year);
        ASSERT_EQ(back.month, month);
        ASSERT_EQ(back.day, day);
        ASSERT_EQ(back.hour, h);
        ASSERT_EQ(back.minute, mi);
        ASSERT_EQ(back.second, s);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 146097);  // 400 Gregorian years
}

}  // namespace
}  // namespace cw
