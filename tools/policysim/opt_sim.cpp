#include "tools/policysim/opt_sim.h"

#include <set>
#include <utility>
#include <vector>

namespace cw::policysim {

SimCounts simulate_opt(const Trace& trace, uint32_t frames) {
  const size_t n = trace.pages.size();
  // next_use[k]: the position of the next reference to the page referenced at k, or n + page id when there
  // is none (distinct "infinities", so every resident page has a unique key).
  std::vector<uint64_t> next_use(n);
  std::vector<uint64_t> upcoming(trace.distinct);
  for (uint32_t p = 0; p < trace.distinct; ++p) upcoming[p] = n + p;
  for (size_t k = n; k-- > 0;) {
    next_use[k] = upcoming[trace.pages[k]];
    upcoming[trace.pages[k]] = k;
  }

  SimCounts counts;
  std::set<std::pair<uint64_t, uint32_t>> resident;  // (next use, page); the last element is the victim
  std::vector<bool> is_resident(trace.distinct), dirty(trace.distinct);
  for (size_t k = 0; k < n; ++k) {
    uint32_t p = trace.pages[k];
    if (is_resident[p]) {
      resident.erase({k, p});  // its key was this very reference
    } else {
      ++counts.faults;
      if (resident.size() == frames) {
        auto last = std::prev(resident.end());
        uint32_t victim = last->second;
        resident.erase(last);
        is_resident[victim] = false;
        if (dirty[victim]) ++counts.writebacks;
        dirty[victim] = false;
      }
      is_resident[p] = true;
    }
    resident.insert({next_use[k], p});
    if (trace.writes[k]) dirty[p] = true;
  }
  return counts;
}

}  // namespace cw::policysim
