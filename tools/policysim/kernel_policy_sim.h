// Replays a trace through one of the kernel's own replacement policies (mm/, the same sources the kernel
// links, built here with a larger kMaxPageableFrames) and a real FramePool.
//
// What the policy sees is what it sees in the kernel:
//   - a reference to a resident page sets that frame's accessed bit, and a write also its dirty bit (the
//     MMU's A and D bits, Intel SDM Vol 3A 4.8);
//   - a reference to a non-resident page is a fault: a frame is allocated from the pool for the page
//     (owner 1, vpn = dense page id), its bits start clear, the policy is told on_fill, and then the
//     faulting access itself sets A (and D for a write), as the retried instruction does;
//   - when the pool has no free frame the policy chooses a victim, which is evicted in the kernel's order
//     (begin_io, on_free, free); the eviction counts as a write-back if the victim's dirty bit is set.
// Pages still resident at the end of the trace are not written back. Nothing here can pin a frame or
// leave one under I/O, so a policy that fails to find a victim is a bug, reported by a false return.
#pragma once

#include <cstdint>

#include "mm/policy_factory.h"
#include "tools/policysim/sim_counts.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {

// Runs `kind` over `trace` with a pool of `frames` frames (1..kMaxPageableFrames). Returns false if the
// pool cannot be made that large or the policy ever fails to choose a victim.
bool simulate_kernel_policy(mm::PolicyKind kind, const Trace& trace, uint32_t frames, SimCounts& counts);

}  // namespace cw::policysim
