// Shared by the replacement-policy host tests: fake accessed/dirty bits, a pool with pages loaded
// (PolicyRig), and a replay of a reference
// string through a real FramePool and a policy the way the kernel's fault path drives them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "mm/frame_pool.h"
#include "mm/page_bits.h"
#include "mm/policy_factory.h"

namespace cw::mm::policy_test {

inline constexpr PageOwnerId kOwner(1);

// Accessed/dirty bits held in arrays, standing in for the PTE bits.
class FakePageBits final : public PageBitsOps {
public:
  bool accessed(FrameIndex f) const override { return a[f.get()]; }
  void clear_accessed(FrameIndex f) override {
    a[f.get()] = false;
    ++clears;
  }
  bool dirty(FrameIndex f) const override { return d[f.get()]; }

  void set(uint32_t frame, bool accessed_bit, bool dirty_bit) {
    a[frame] = accessed_bit;
    d[frame] = dirty_bit;
  }

  bool a[kMaxPageableFrames] = {};
  bool d[kMaxPageableFrames] = {};
  uint32_t clears = 0;
};

// A pool of `frames` frames with pages 0..frames-1 loaded in order (page i in frame i).
template <typename Policy>
class PolicyRig {
public:
  explicit PolicyRig(uint32_t frames) : policy(pool, bits) {
    EXPECT_TRUE(pool.init_contiguous(Pfn(0x100), frames));
    for (uint32_t i = 0; i < frames; ++i) load(i);
  }

  FrameIndex load(uint32_t vpn) {
    Result<FrameIndex> f = pool.allocate(kOwner, Vpn(vpn));
    EXPECT_TRUE(f);
    FrameIndex frame = f.value_or(FrameIndex(0));
    policy.on_fill(frame);
    return frame;
  }

  // The kernel's eviction sequence minus the I/O; returns the freed frame.
  FrameIndex evict() {
    Result<FrameIndex> v = policy.choose_victim();
    EXPECT_TRUE(v);
    FrameIndex frame = v.value_or(FrameIndex(0));
    EXPECT_TRUE(pool.begin_io(frame));
    policy.on_free(frame);
    EXPECT_TRUE(pool.free(frame));
    return frame;
  }

  uint32_t victim() {
    Result<FrameIndex> v = policy.choose_victim();
    EXPECT_TRUE(v);
    return v.value_or(FrameIndex(~0u)).get();
  }

  FramePool pool;
  FakePageBits bits;
  Policy policy;
};

struct ReplayCounts {
  uint32_t faults = 0;
  uint32_t writebacks = 0;  // evictions of a page with its dirty bit set
};

// Runs refs[0..count) (page numbers below kReplayPages) through `kind` in `frames` frames. A reference to
// a non-resident page is a fault: evict if the pool is full (begin_io, on_free, free), allocate, clear the
// bits, on_fill; then every reference sets A, and sets D if writes[k] (writes may be null: all reads).
inline constexpr uint32_t kReplayPages = 256;

inline ReplayCounts replay(PolicyKind kind, uint32_t frames, const uint32_t* refs, uint32_t count,
                           const bool* writes = nullptr) {
  FramePool pool;
  FakePageBits bits;
  PolicyStorage storage;
  EXPECT_TRUE(pool.init_contiguous(Pfn(0x100), frames));
  ReplacementPolicy* policy = storage.create(kind, pool, bits);
  bool resident[kReplayPages] = {};
  FrameIndex frame_of[kReplayPages];
  ReplayCounts counts;

  auto allocate = [&](uint32_t page) -> FrameIndex {
    Result<FrameIndex> f = pool.allocate(kOwner, Vpn(page));
    if (f) return f.value();
    EXPECT_EQ(f.error(), Error::NoMemory);
    Result<FrameIndex> victim = policy->choose_victim();
    EXPECT_TRUE(victim);
    FrameIndex v = victim.value();
    uint32_t old_page = pool.info(v).value().vpn.get();
    EXPECT_TRUE(resident[old_page]);
    resident[old_page] = false;
    if (bits.d[v.get()]) ++counts.writebacks;
    EXPECT_TRUE(pool.begin_io(v));
    policy->on_free(v);
    EXPECT_TRUE(pool.free(v));
    return pool.allocate(kOwner, Vpn(page)).value();
  };

  for (uint32_t k = 0; k < count; ++k) {
    uint32_t page = refs[k];
    EXPECT_LT(page, kReplayPages);
    if (!resident[page]) {
      ++counts.faults;
      FrameIndex f = allocate(page);
      bits.set(f.get(), false, false);
      resident[page] = true;
      frame_of[page] = f;
      policy->on_fill(f);
    }
    bits.a[frame_of[page].get()] = true;
    if (writes != nullptr && writes[k]) bits.d[frame_of[page].get()] = true;
  }
  EXPECT_EQ(policy->evictions(), counts.faults > frames ? counts.faults - frames : 0u);
  EXPECT_TRUE(pool.check_consistency());
  return counts;
}

inline uint32_t count_faults(PolicyKind kind, uint32_t frames, const uint32_t* refs, uint32_t count) {
  return replay(kind, frames, refs, count).faults;
}

}  // namespace cw::mm::policy_test
