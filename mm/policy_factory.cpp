#include "mm/policy_factory.h"

namespace cw::mm {

namespace {

struct NamedPolicy {
  const char* name;
  PolicyKind kind;
};

constexpr NamedPolicy kPolicies[] = {
    {"fifo", PolicyKind::Fifo},
    {"second-chance", PolicyKind::SecondChance},
    {"enhanced", PolicyKind::Enhanced},
    {"clock-pro", PolicyKind::ClockPro},
};

// True if name[0..length) spells `word` exactly.
bool equals(const char* name, size_t length, const char* word) {
  size_t i = 0;
  for (; i < length; ++i) {
    if (word[i] == '\0' || word[i] != name[i]) return false;
  }
  return word[i] == '\0';
}

}  // namespace

const char* policy_name(PolicyKind kind) {
  for (const NamedPolicy& p : kPolicies) {
    if (p.kind == kind) return p.name;
  }
  return "unknown";
}

Result<PolicyKind> parse_policy_name(const char* name, size_t length) {
  if (name == nullptr) return fail(Error::InvalidArgument);
  for (const NamedPolicy& p : kPolicies) {
    if (equals(name, length, p.name)) return p.kind;
  }
  return fail(Error::InvalidArgument);
}

Result<PolicyKind> parse_policy_name(const char* name) {
  if (name == nullptr) return fail(Error::InvalidArgument);
  size_t length = 0;
  while (name[length] != '\0') ++length;
  return parse_policy_name(name, length);
}

ReplacementPolicy* PolicyStorage::create(PolicyKind kind, const FramePool& pool, PageBitsOps& bits) {
  // The previous occupant, if any, is trivially destructible: its lifetime simply ends here.
  switch (kind) {
    case PolicyKind::Fifo:
      current_ = new (bytes_) FifoPolicy(pool, bits);
      break;
    case PolicyKind::Enhanced:
      current_ = new (bytes_) EnhancedSecondChancePolicy(pool, bits);
      break;
    case PolicyKind::ClockPro:
      current_ = new (bytes_) ClockProPolicy(pool, bits);
      break;
    case PolicyKind::SecondChance:
    default:
      current_ = new (bytes_) SecondChancePolicy(pool, bits);
      break;
  }
  return current_;
}

Result<ReplacementPolicy*> make_policy(const char* name, size_t length, PolicyStorage& storage,
                                       const FramePool& pool, PageBitsOps& bits) {
  PolicyKind kind = TRY(parse_policy_name(name, length));
  return storage.create(kind, pool, bits);
}

Result<ReplacementPolicy*> make_policy(const char* name, PolicyStorage& storage, const FramePool& pool,
                                       PageBitsOps& bits) {
  PolicyKind kind = TRY(parse_policy_name(name));
  return storage.create(kind, pool, bits);
}

}  // namespace cw::mm
