// A set of signals 1..64 as one 64-bit word (signal n is bit n-1), the kernel's view of Linux's
// sigset_t (lib/abi/signal.h Sigset is its user-memory form).
#pragma once

#include <cstdint>

#include "lib/abi/signal.h"

namespace cw::signal {

constexpr bool valid_signal(int sig) { return sig >= 1 && sig <= abi::kNsig; }

class SigSet {
public:
  constexpr SigSet() = default;
  static constexpr SigSet of(int sig) { return SigSet(uint64_t{1} << (sig - 1)); }
  static constexpr SigSet from_bits(uint64_t bits) { return SigSet(bits); }
  static constexpr SigSet from_abi(const abi::Sigset& s) {
    return SigSet(uint64_t{s.sig[0]} | (uint64_t{s.sig[1]} << 32));
  }
  // SIGKILL and SIGSTOP: never blocked, caught or ignored.
  static constexpr SigSet unblockable() { return of(abi::kSigKill).with(abi::kSigStop); }

  constexpr uint64_t bits() const { return bits_; }
  constexpr abi::Sigset to_abi() const {
    return abi::Sigset{{static_cast<uint32_t>(bits_), static_cast<uint32_t>(bits_ >> 32)}};
  }
  constexpr uint32_t low_word() const { return static_cast<uint32_t>(bits_); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool contains(int sig) const { return (bits_ >> (sig - 1)) & 1; }
  constexpr SigSet with(int sig) const { return SigSet(bits_ | of(sig).bits_); }
  constexpr SigSet without(int sig) const { return SigSet(bits_ & ~of(sig).bits_); }
  constexpr SigSet operator|(SigSet o) const { return SigSet(bits_ | o.bits_); }
  constexpr SigSet operator&(SigSet o) const { return SigSet(bits_ & o.bits_); }
  constexpr SigSet operator~() const { return SigSet(~bits_); }
  constexpr bool operator==(const SigSet&) const = default;
  // The lowest signal in the set, 0 if empty.
  constexpr int lowest() const { return bits_ == 0 ? 0 : __builtin_ctzll(bits_) + 1; }

private:
  constexpr explicit SigSet(uint64_t bits) : bits_(bits) {}
  uint64_t bits_ = 0;
};

}  // namespace cw::signal
