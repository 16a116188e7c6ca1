// ClusterBuffer: a bounce buffer for one multi-page read (read-around, docs/vm.md). The pages of a run
// may be in frames scattered over the pool, and the block interface (drivers/block/block_device.h)
// takes one contiguous buffer per request, so such a run is read here and scattered, unless the frames
// are contiguous (contiguous() below; read-around asks for such frames). Clustered writes are only
// issued for contiguous frames, so they never copy. Copying 4 KiB costs about 16k cycles under
// `-icount 4` (one instruction per word), a disk command 30-50k (docs/perf.md "The disk floor").
//
// Static, never the kernel heap: paging I/O must not fail because another process ran the heap out.
// The mutex serialises the users of one buffer; a user holds it only across its copy and its one
// request, and takes no other lock meanwhile, so the buffers cannot deadlock. Thread context only.
#pragma once

#include <cstdint>

#include "drivers/block/block_device.h"
#include "kernel/sync/mutex.h"
#include "lib/types.h"
#include "mm/read_around_window.h"

namespace cw::mm {

class ClusterBuffer {
public:
  static constexpr uint32_t kPages = ReadAroundWindow::kMaxClusterPages;
  // One sector more than the pages: a run of whole pages at a byte offset that is not sector-aligned
  // (a page of a program file) is read as the sectors that cover it.
  static constexpr uint32_t kBytes = kPages * kPageSize + block::kSectorSize;

  ClusterBuffer() = default;
  ClusterBuffer(const ClusterBuffer&) = delete;
  ClusterBuffer& operator=(const ClusterBuffer&) = delete;

  uint8_t* bytes() { return bytes_; }
  Mutex& lock() { return lock_; }

private:
  alignas(kPageSize) uint8_t bytes_[kBytes];
  Mutex lock_;
};

// Whether frames[0 .. n) are one physically contiguous run, in order: then a command can move them
// straight to or from the frames (through the direct map, and DMA sees one buffer), with no copy.
inline bool contiguous(const PhysAddr* frames, uint32_t n) {
  for (uint32_t k = 1; k < n; ++k)
    if (frames[k].get() != frames[0].get() + k * kPageSize) return false;
  return true;
}

// Reads (swap and program files) whose frames are not contiguous scatter from this one.
ClusterBuffer& read_cluster_buffer();

}  // namespace cw::mm
