// Belady's OPT (MIN; Belady, IBM Systems Journal 1966): on a fault with the pool full, evict the resident
// page whose next reference lies furthest in the future (never referenced again counts as infinitely
// far). It minimises faults, not write-backs; the write-backs it causes are reported for comparison. A
// lower bound that needs the whole future, so no kernel can run it.
#pragma once

#include <cstdint>

#include "tools/policysim/sim_counts.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {

SimCounts simulate_opt(const Trace& trace, uint32_t frames);

}  // namespace cw::policysim
