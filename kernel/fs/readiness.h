// Waiting for any of several files to become ready (poll, select). Files report what they are ready for
// (File::ready, poll(2)'s event bits); whenever a file's readiness may have changed (bytes arrived or
// left a pipe, an end closed, a console line completed) its code calls readiness_changed(), which wakes
// every poller to look again. One queue for all files: a poller re-checks its own set, so a wake-up
// meant for another file costs it one look, never a missed event.
#pragma once

#include <cstdint>

#include "kernel/sched/wait_queue.h"

namespace cw::fs {

// poll(2) event bits (asm-generic/poll.h).
inline constexpr uint16_t kPollIn = 0x001;
inline constexpr uint16_t kPollPri = 0x002;
inline constexpr uint16_t kPollOut = 0x004;
inline constexpr uint16_t kPollErr = 0x008;
inline constexpr uint16_t kPollHup = 0x010;
inline constexpr uint16_t kPollNval = 0x020;

// The queue pollers wait on (interrupts off, as every WaitQueue).
WaitQueue& readiness_queue();
// Safe from interrupt handlers.
void readiness_changed();

}  // namespace cw::fs
