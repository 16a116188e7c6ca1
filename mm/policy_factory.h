// Choosing a replacement policy by name, for `policy=NAME` on the kernel command line.
//
//   fifo            FifoPolicy
//   second-chance   SecondChancePolicy (the default)
//   enhanced        EnhancedSecondChancePolicy
//   clock-pro       ClockProPolicy (docs/policies.md has the measurements)
//
// The policy object lives in caller-provided PolicyStorage (no heap). Creating a policy in storage that
// already holds one replaces it; every policy is trivially destructible, so nothing needs tearing down.
// The pool and the bits must outlive the policy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include "lib/result.h"
#include "mm/clock_pro_policy.h"
#include "mm/enhanced_policy.h"
#include "mm/fifo_policy.h"
#include "mm/second_chance_policy.h"

namespace cw::mm {

enum class PolicyKind : uint8_t { Fifo, SecondChance, Enhanced, ClockPro };

// second-chance stays the default: clock-pro wins in the simulator and passes every kernel case as the
// default, but ran the real-program cases no faster (docs/policies.md, "The decision").
inline constexpr PolicyKind kDefaultPolicy = PolicyKind::SecondChance;

// Every kind, in the order the factory lists them (the simulator runs them all).
inline constexpr PolicyKind kAllPolicies[] = {PolicyKind::Fifo, PolicyKind::SecondChance, PolicyKind::Enhanced,
                                              PolicyKind::ClockPro};

// The command-line name of a policy, e.g. "second-chance".
const char* policy_name(PolicyKind kind);

// Parses a policy name (exact, case-sensitive). `name` need not be NUL-terminated when a length is given,
// so a command-line token can be passed in place. Errors: InvalidArgument for an unknown name.
Result<PolicyKind> parse_policy_name(const char* name, size_t length);
Result<PolicyKind> parse_policy_name(const char* name);  // NUL-terminated; null is InvalidArgument

namespace detail {
constexpr size_t max_of(size_t a, size_t b, size_t c, size_t d) {
  size_t ab = a > b ? a : b;
  size_t cd = c > d ? c : d;
  return ab > cd ? ab : cd;
}
}  // namespace detail

class PolicyStorage {
public:
  constexpr PolicyStorage() = default;
  PolicyStorage(const PolicyStorage&) = delete;
  PolicyStorage& operator=(const PolicyStorage&) = delete;

  // Constructs the policy in this storage and returns it. Cannot fail for a valid kind.
  ReplacementPolicy* create(PolicyKind kind, const FramePool& pool, PageBitsOps& bits);

  // The policy last created, or null.
  ReplacementPolicy* get() const { return current_; }

private:
  static constexpr size_t kSize = detail::max_of(sizeof(FifoPolicy), sizeof(SecondChancePolicy),
                                                 sizeof(EnhancedSecondChancePolicy), sizeof(ClockProPolicy));
  static constexpr size_t kAlign = detail::max_of(alignof(FifoPolicy), alignof(SecondChancePolicy),
                                                  alignof(EnhancedSecondChancePolicy), alignof(ClockProPolicy));

  alignas(kAlign) unsigned char bytes_[kSize] = {};
  ReplacementPolicy* current_ = nullptr;
};

// parse_policy_name + PolicyStorage::create. Errors: InvalidArgument for an unknown name (the storage is
// left unchanged).
Result<ReplacementPolicy*> make_policy(const char* name, size_t length, PolicyStorage& storage,
                                       const FramePool& pool, PageBitsOps& bits);
Result<ReplacementPolicy*> make_policy(const char* name, PolicyStorage& storage, const FramePool& pool,
                                       PageBitsOps& bits);

}  // namespace cw::mm
