// alarm(2): SIGALRM after a number of seconds (Linux kernel/time/itimer.c alarm_setitimer, ITIMER_REAL
// without an interval). One kernel thread, started by the first alarm, sleeps until the earliest alarm
// of any process and sends SIGALRM (si_code SI_KERNEL, as Linux's it_real_fn) to each whose time came.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::signal {

// Sets the calling process's alarm to `seconds` from now (0 cancels it) and returns the seconds that
// were left of the previous one, rounded to the nearest second but at least 1 if any time was left
// (Linux), 0 if there was none. NoMemory if the alarm thread cannot be started.
Result<uint32_t> set_alarm(uint32_t seconds);

}  // namespace cw::signal
