// The wall clock (CLOCK_REALTIME): the time of day read from the CMOS RTC once at boot (drivers/rtc.h),
// advanced by the PIT's 1 ms ticks since (drivers/pit.h), so it has the PIT's resolution and drifts
// with it; nothing sets it afterwards (no settimeofday, no NTP). An RTC that reads as invalid leaves it
// at the epoch at boot, as before Clockwork read one. File times (kernel/fs/vfs/node.h) come from here.
#pragma once

#include <cstdint>

#include "lib/timestamp.h"

namespace cw::wall_clock {

// Reads the RTC and prints one boot line with the time read (or why not). After pit::init().
void init();

// Unix seconds at the moment pit::ticks() was 0 (0 if the RTC was not valid).
int64_t boot_seconds();
// CLOCK_REALTIME in milliseconds since the epoch.
uint64_t now_ms();
// The same as a Timestamp (file times).
Timestamp now();
// The wall time at boot: what files of fixed file systems (/, /bin, /dev, /proc) report.
Timestamp boot_time();

}  // namespace cw::wall_clock
