// The policies the simulator can run, by name: every kernel policy under the name `policy=` accepts, the
// alias `default` for the kernel's default policy, and the references `lru` and `opt`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mm/policy_factory.h"
#include "tools/policysim/sim_counts.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {

enum class Engine : uint8_t { Kernel, Lru, Opt };

struct SimPolicy {
  std::string name;  // as given on the command line, and as printed in the CSV
  Engine engine = Engine::Kernel;
  mm::PolicyKind kind = mm::kDefaultPolicy;  // for Engine::Kernel
};

// Every policy, kernel ones first in the factory's order, then lru and opt (not the `default` alias,
// which would repeat a row).
std::vector<SimPolicy> all_policies();

// Parses "name,name,...". On failure returns false with `error` naming the unknown or empty entry.
bool parse_policy_list(const std::string& text, std::vector<SimPolicy>& policies, std::string& error);

// Parses "100,200,400": pool sizes from 1 to mm::kMaxPageableFrames.
bool parse_sizes(const std::string& text, std::vector<uint32_t>& sizes, std::string& error);

// Runs one policy at one size. False only if a kernel policy failed to choose a victim.
bool run_policy(const SimPolicy& policy, const Trace& trace, uint32_t frames, SimCounts& counts);

}  // namespace cw::policysim
