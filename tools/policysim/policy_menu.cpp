#include "tools/policysim/policy_menu.h"

#include "tools/policysim/kernel_policy_sim.h"
#include "tools/policysim/lru_sim.h"
#include "tools/policysim/opt_sim.h"

namespace cw::policysim {

namespace {

// Splits at commas, keeping empty fields so that "a,,b" can be reported.
std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    fields.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) return fields;
    start = comma + 1;
  }
}

bool lookup(const std::string& name, SimPolicy& policy) {
  policy.name = name;
  if (name == "lru") {
    policy.engine = Engine::Lru;
    return true;
  }
  if (name == "opt") {
    policy.engine = Engine::Opt;
    return true;
  }
  policy.engine = Engine::Kernel;
  if (name == "default") {
    policy.kind = mm::kDefaultPolicy;
    return true;
  }
  Result<mm::PolicyKind> kind = mm::parse_policy_name(name.c_str());
  if (!kind) return false;
  policy.kind = kind.value();
  return true;
}

}  // namespace

std::vector<SimPolicy> all_policies() {
  std::vector<SimPolicy> policies;
  for (mm::PolicyKind kind : mm::kAllPolicies) policies.push_back({mm::policy_name(kind), Engine::Kernel, kind});
  policies.push_back({"lru", Engine::Lru, mm::kDefaultPolicy});
  policies.push_back({"opt", Engine::Opt, mm::kDefaultPolicy});
  return policies;
}

bool parse_policy_list(const std::string& text, std::vector<SimPolicy>& policies, std::string& error) {
  policies.clear();
  for (const std::string& name : split(text)) {
    SimPolicy policy;
    if (!lookup(name, policy)) {
      error = "unknown policy '" + name + "'";
      return false;
    }
    policies.push_back(policy);
  }
  return true;
}

bool parse_sizes(const std::string& text, std::vector<uint32_t>& sizes, std::string& error) {
  sizes.clear();
  for (const std::string& field : split(text)) {
    uint64_t value = 0;
    bool ok = !field.empty() && field.size() <= 10;
    for (char c : field) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!ok || value < 1 || value > mm::kMaxPageableFrames) {
      error = "bad size '" + field + "' (want 1.." + std::to_string(mm::kMaxPageableFrames) + ")";
      return false;
    }
    sizes.push_back(static_cast<uint32_t>(value));
  }
  return true;
}

bool run_policy(const SimPolicy& policy, const Trace& trace, uint32_t frames, SimCounts& counts) {
  switch (policy.engine) {
    case Engine::Lru:
      counts = simulate_lru(trace, frames);
      return true;
    case Engine::Opt:
      counts = simulate_opt(trace, frames);
      return true;
    case Engine::Kernel:
    default:
      return simulate_kernel_policy(policy.kind, trace, frames, counts);
  }
}

}  // namespace cw::policysim
