#include "lib/resource_limits.h"

namespace cw::limits {

namespace {

inline constexpr uint64_t kMiB = 1024 * 1024;

}  // namespace

ResourceLimits::ResourceLimits() {
  for (auto& v : values_) v = {kInfinity64, kInfinity64};
  values_[kStack] = {kStackReservation, kStackReservation};  // _STK_LIM is 8 MiB too
  values_[kCore] = {0, kInfinity64};
  values_[kNofile] = {1024, 4096};                           // INR_OPEN_CUR, INR_OPEN_MAX
  values_[kMemlock] = {8 * kMiB, 8 * kMiB};                  // MLOCK_LIMIT
  values_[kMsgqueue] = {819200, 819200};                     // MQ_BYTES_MAX
  values_[kNice] = {0, 0};
  values_[kRtprio] = {0, 0};
}

Result<abi::Rlimit64> ResourceLimits::get(uint32_t resource) const {
  if (resource >= kCount) return Error::InvalidArgument;
  return values_[resource];
}

Result<void> ResourceLimits::exchange(uint32_t resource, const abi::Rlimit64* replacement, abi::Rlimit64* old) {
  if (resource >= kCount) return Error::InvalidArgument;
  if (replacement) {
    if (replacement->rlim_cur > replacement->rlim_max) return Error::InvalidArgument;
    if (resource == kNofile && replacement->rlim_max > kNrOpen) return Error::Permission;
    if (resource == kStack && replacement->rlim_max > kStackReservation) return Error::Permission;
  }
  if (old) *old = values_[resource];
  if (replacement) values_[resource] = *replacement;
  return {};
}

abi::Rlimit64 widen(const abi::Rlimit& l) {
  auto one = [](uint32_t v) { return v == kInfinity32 ? kInfinity64 : static_cast<uint64_t>(v); };
  return {one(l.rlim_cur), one(l.rlim_max)};
}

abi::Rlimit narrow(const abi::Rlimit64& l) {
  auto one = [](uint64_t v) { return v >= kInfinity32 ? kInfinity32 : static_cast<uint32_t>(v); };
  return {one(l.rlim_cur), one(l.rlim_max)};
}

abi::Rlimit narrow_old(const abi::Rlimit64& l) {
  auto one = [](uint64_t v) { return v > kOldInfinity ? kOldInfinity : static_cast<uint32_t>(v); };
  return {one(l.rlim_cur), one(l.rlim_max)};
}

}  // namespace cw::limits
