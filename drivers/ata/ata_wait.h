// How the ATA driver waits for its device while other threads run.
//
// Waiting for an interrupt is kernel/sync/irq_completion.h (IrqCompletion); the polling helpers are here.
//
// relax() yields the CPU between polls.
#pragma once

#include <cstdint>

#include "kernel/sync/irq_completion.h"
#include "lib/result.h"

namespace cw::ata {

// Thread context, interrupts enabled: yields the CPU to other ready threads (returns at once if there are
// none) inside a polling loop that may run for long.
void relax();

// Milliseconds since boot; the clock deadlines are measured on.
uint64_t now_ms();

}  // namespace cw::ata
