// What the USB core and class drivers need from their surroundings besides a HostController: waiting and
// reporting. The kernel implements it with sched::sleep_ms and the console (drivers/usb/usb.cpp), the
// host tests with a virtual clock and a captured log, so that every decision stays host-testable.
#pragma once

#include <cstdint>

#include "lib/format.h"

namespace cw::usb {

class Environment {
public:
  // Thread context: waits at least `ms` milliseconds.
  virtual void sleep_ms(uint32_t ms) = 0;
  // Where messages ("usb: ...") go; each message ends in '\n'.
  virtual FormatSink& log() = 0;

protected:
  ~Environment() = default;
};

// Mutual exclusion for what a class driver must serialize (one SCSI command at a time per disk). The
// kernel backs it with a Mutex; the host tests with a counter that checks lock/unlock pair up.
class Lock {
public:
  virtual void lock() = 0;
  virtual void unlock() = 0;

protected:
  ~Lock() = default;
};

class [[nodiscard]] ScopedLock {
public:
  explicit ScopedLock(Lock& lock) : lock_(lock) { lock_.lock(); }
  ~ScopedLock() { lock_.unlock(); }
  ScopedLock(const ScopedLock&) = delete;
  ScopedLock& operator=(const ScopedLock&) = delete;

private:
  Lock& lock_;
};

}  // namespace cw::usb
