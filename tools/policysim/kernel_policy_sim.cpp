#include "tools/policysim/kernel_policy_sim.h"

#include <memory>
#include <vector>

#include "mm/frame_pool.h"
#include "mm/page_bits.h"

namespace cw::policysim {

namespace {

constexpr mm::PageOwnerId kOwner(1);
constexpr uint32_t kNotResident = UINT32_MAX;

// The accessed and dirty bits of every frame, as the MMU would keep them in the PTEs.
class SimulatedPageBits final : public mm::PageBitsOps {
public:
  bool accessed(mm::FrameIndex f) const override { return accessed_[f.get()]; }
  void clear_accessed(mm::FrameIndex f) override { accessed_[f.get()] = false; }
  bool dirty(mm::FrameIndex f) const override { return dirty_[f.get()]; }

  void reference(mm::FrameIndex f, bool write) {
    accessed_[f.get()] = true;
    if (write) dirty_[f.get()] = true;
  }
  void clear(mm::FrameIndex f) { accessed_[f.get()] = dirty_[f.get()] = false; }

private:
  bool accessed_[mm::kMaxPageableFrames] = {};
  bool dirty_[mm::kMaxPageableFrames] = {};
};

// Everything one run needs; large (a pool of kMaxPageableFrames), so it lives on the heap.
struct Machine {
  mm::FramePool pool;
  SimulatedPageBits bits;
  mm::PolicyStorage storage;
  mm::ReplacementPolicy* policy = nullptr;
  std::vector<uint32_t> frame_of;  // by dense page id: its frame, or kNotResident
  SimCounts counts;

  // Evicts the policy's victim the way the pager does. False if the policy found none.
  bool evict() {
    Result<mm::FrameIndex> victim = policy->choose_victim();
    if (!victim) return false;
    mm::FrameIndex v = victim.value();
    if (bits.dirty(v)) ++counts.writebacks;
    frame_of[pool.info(v).value().vpn.get()] = kNotResident;
    if (!pool.begin_io(v)) return false;
    policy->on_free(v);
    return static_cast<bool>(pool.free(v));
  }

  // The fault path: a frame for `page`, evicting first if the pool is full.
  bool fill(uint32_t page) {
    ++counts.faults;
    if (pool.free_count() == 0 && !evict()) return false;
    Result<mm::FrameIndex> f = pool.allocate(kOwner, Vpn(page));
    if (!f) return false;
    bits.clear(f.value());
    frame_of[page] = f.value().get();
    policy->on_fill(f.value());
    return true;
  }
};

}  // namespace

bool simulate_kernel_policy(mm::PolicyKind kind, const Trace& trace, uint32_t frames, SimCounts& counts) {
  counts = SimCounts{};
  auto m = std::make_unique<Machine>();
  if (!m->pool.init_contiguous(Pfn(1), frames)) return false;
  m->policy = m->storage.create(kind, m->pool, m->bits);
  m->frame_of.assign(trace.distinct, kNotResident);
  for (size_t k = 0; k < trace.pages.size(); ++k) {
    uint32_t page = trace.pages[k];
    if (m->frame_of[page] == kNotResident && !m->fill(page)) return false;
    m->bits.reference(mm::FrameIndex(m->frame_of[page]), trace.writes[k]);
  }
  counts = m->counts;
  return true;
}

}  // namespace cw::policysim
