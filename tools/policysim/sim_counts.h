// What one simulated run of a policy at one pool size produced.
#pragma once

#include <cstdint>

namespace cw::policysim {

struct SimCounts {
  uint64_t faults = 0;      // references to a page that was not resident (each one a fill)
  uint64_t writebacks = 0;  // evictions of a page written since it was filled
};

}  // namespace cw::policysim
