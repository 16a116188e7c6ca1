#include "mm/vm_trace.h"

namespace cw::mm {

void VmTraceRing::attach(VmTraceEvent* storage, uint32_t capacity) {
  storage_ = storage;
  capacity_ = capacity;
  recorded_ = 0;
}

bool VmTraceRing::record(const VmTraceEvent& event) {
  if (storage_ == nullptr) return false;
  storage_[recorded_ % capacity_] = event;
  ++recorded_;
  return recorded_ == static_cast<uint64_t>(capacity_) + 1;
}

const VmTraceEvent& VmTraceRing::at(uint32_t i) const {
  uint64_t first = recorded_ - size();
  return storage_[(first + i) % capacity_];
}

uint32_t write_vm_trace(const VmTraceRing& ring, int32_t pid, VmTraceFormat format, FormatSink& sink) {
  uint32_t lines = 0;
  for (uint32_t i = 0; i < ring.size(); ++i) {
    const VmTraceEvent& e = ring.at(i);
    if (pid != kVmTraceAllPids && e.pid != static_cast<uint32_t>(pid)) continue;
    if (format == VmTraceFormat::References) {
      if (e.kind != VmTraceKind::Fault) continue;
      cw::format(sink, "{} {}\n", vm_trace_page(e.pid, e.vpn), e.write ? 'W' : 'R');
    } else if (e.kind == VmTraceKind::Fault) {
      cw::format(sink, "fault {} {} {} frame {}\n", e.pid, e.vpn, e.write ? 'W' : 'R', e.frame);
    } else {
      cw::format(sink, "evict {} {} frame {} {}\n", e.pid, e.vpn, e.frame, e.write ? "written" : "dropped");
    }
    ++lines;
  }
  return lines;
}

}  // namespace cw::mm
