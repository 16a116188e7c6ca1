// A point in time as the file calls report it (st_atime and st_atime_nsec; Linux's struct timespec64):
// seconds since the Unix epoch and nanoseconds into the second (0-999,999,999).
#pragma once

#include <cstdint>

namespace cw {

struct Timestamp {
  int64_t sec = 0;
  uint32_t nsec = 0;

  bool operator==(const Timestamp&) const = default;
};

}  // namespace cw
