// The CMOS real-time clock (Motorola MC146818A, or the compatible one in every PC chipset): index port
// 0x70, data port 0x71. Read once at boot for the wall time (kernel/wall_clock.h); Clockwork never sets it.
#pragma once

#include "lib/rtc_fields.h"

namespace cw::rtc {

// The time registers, read consistently: waits for an update in progress to end (status register A's
// UIP bit) and reads until two readings in a row agree, since an update can begin between the check and
// the reads (OSDev wiki "CMOS", "RTC Update In Progress"). Errors: TimedOut when UIP never clears or the
// readings never agree (no RTC, or a broken one).
[[nodiscard]] Result<RtcRegisters> read_registers();

}  // namespace cw::rtc
