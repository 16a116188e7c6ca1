// VmTrace: the kernel's record of page faults and evictions (boot option `vmtrace`, mm/vm_trace_log.h),
// kept in a fixed ring and written out in the simulator's trace format (docs/policies.md "Trace format",
// tools/policysim/trace.h) or as full event lines.
//
// Page numbers. A trace of several processes needs one page number per (process, page): a fault of pid P
// on virtual page V (address >> 12, 20 bits on i386) is page P << 20 | V, so `page >> 20` is the pid and
// `page & 0xFFFFF` the virtual page. Two processes that share a frame (a program's text, a fork's pages
// before copy-on-write) therefore have different page numbers for it, as they fault separately.
//
// The ring holds the last `capacity` events: when it is full a new event overwrites the oldest one, and
// record() says when that first happens so the kernel can tell the user once. Hardware-independent: the
// storage is the caller's (the kernel allocates it once at boot), so host tests use an array.
#pragma once

#include <cstdint>

#include "lib/format.h"

namespace cw::mm {

enum class VmTraceKind : uint8_t {
  Fault,     // a page was made present for an access (any kind of fault: zero fill, swap-in, image, copy)
  Eviction,  // a page was taken from a process to free its frame
};

struct VmTraceEvent {
  uint32_t vpn = 0;      // virtual page number (address >> 12)
  uint32_t pid = 0;
  uint16_t frame = 0;    // index in the pageable pool (mm/frame_index.h; at most kMaxPageableFrames)
  VmTraceKind kind = VmTraceKind::Fault;
  bool write = false;    // Fault: the access was a write. Eviction: the page was written to swap
};
static_assert(sizeof(VmTraceEvent) == 12);

inline constexpr uint32_t kVmTraceVpnBits = 20;

// The simulator's page number of (pid, vpn): pid << 20 | vpn.
constexpr uint64_t vm_trace_page(uint32_t pid, uint32_t vpn) {
  return (static_cast<uint64_t>(pid) << kVmTraceVpnBits) | vpn;
}

class VmTraceRing {
public:
  constexpr VmTraceRing() = default;

  // Uses `storage` (capacity entries, capacity > 0) from now on, empty.
  void attach(VmTraceEvent* storage, uint32_t capacity);
  bool attached() const { return storage_ != nullptr; }

  // Appends `event`, overwriting the oldest when full. True exactly when this is the first overwrite.
  bool record(const VmTraceEvent& event);

  uint32_t capacity() const { return capacity_; }
  uint32_t size() const { return recorded_ < capacity_ ? static_cast<uint32_t>(recorded_) : capacity_; }
  uint64_t recorded() const { return recorded_; }         // every event ever recorded
  uint64_t lost() const { return recorded_ - size(); }    // overwritten ones
  // The i-th kept event, oldest first (i < size()).
  const VmTraceEvent& at(uint32_t i) const;

private:
  VmTraceEvent* storage_ = nullptr;
  uint32_t capacity_ = 0;
  uint64_t recorded_ = 0;
};

enum class VmTraceFormat : uint8_t {
  References,  // faults only, one line each: "PAGE R" or "PAGE W" (the simulator's input)
  Events,      // every event: "fault PID VPN R|W frame F" or "evict PID VPN frame F written|dropped"
};

inline constexpr int32_t kVmTraceAllPids = -1;

// Writes the kept events of process `pid` (or of all with kVmTraceAllPids), oldest first, one line
// each; returns the number of lines.
uint32_t write_vm_trace(const VmTraceRing& ring, int32_t pid, VmTraceFormat format, FormatSink& sink);

}  // namespace cw::mm
