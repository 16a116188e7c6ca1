#include "kernel/wall_clock.h"

#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "kernel/print.h"
#include "lib/calendar.h"

namespace cw::wall_clock {

namespace {
int64_t boot_unix_seconds = 0;  // written once by init(), before any process runs
}  // namespace

void init() {
  uint64_t ticks_at_read = pit::ticks();
  auto registers = rtc::read_registers();
  if (!registers) {
    kprint("rtc: cannot read the clock ({}): the wall clock starts at the epoch\n", registers.error());
    return;
  }
  auto time = rtc::decode(registers.value());
  auto seconds = time ? unix_seconds(time.value()) : Result<int64_t>(time.error());
  if (!seconds) {
    const rtc::RtcRegisters& r = registers.value();
    kprint("rtc: invalid time {:02x}-{:02x} {:02x}:{:02x}:{:02x} (status B {:#04x}): the wall clock starts at "
           "the epoch\n", r.month, r.day, r.hours, r.minutes, r.seconds, r.status_b);
    return;
  }
  boot_unix_seconds = seconds.value() - static_cast<int64_t>(ticks_at_read / 1000);
  const CivilTime& t = time.value();
  kprint("rtc: {}-{:02}-{:02} {:02}:{:02}:{:02} UTC (Unix time {})\n", t.year, t.month, t.day, t.hour, t.minute,
         t.second, seconds.value());
}

int64_t boot_seconds() { return boot_unix_seconds; }

uint64_t now_ms() { return static_cast<uint64_t>(boot_unix_seconds) * 1000 + pit::ticks(); }

Timestamp now() {
  uint64_t ms = now_ms();
  return {static_cast<int64_t>(ms / 1000), static_cast<uint32_t>(ms % 1000 * 1000000)};
}

Timestamp boot_time() { return {boot_unix_seconds, 0}; }

}  // namespace cw::wall_clock
