// Exact LRU (Mattson et al., IBM Systems Journal 1970): on a fault with the pool full, evict the resident
// page whose last reference is the oldest. A reference point for the kernel's policies, which cannot
// implement it (i386 gives one accessed bit per page, not a reference order). A write-back is counted
// when the victim was written since it was filled.
#pragma once

#include <cstdint>

#include "tools/policysim/sim_counts.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {

SimCounts simulate_lru(const Trace& trace, uint32_t frames);

}  // namespace cw::policysim
