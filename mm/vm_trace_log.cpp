#include "mm/vm_trace_log.h"

#include "kernel/heap.h"
#include "kernel/print.h"
#include "mm/pager.h"
#include "mm/vm_trace.h"

namespace cw::vmtrace {

namespace {

inline constexpr uint32_t kDefaultEvents = 65536;

mm::VmTraceRing ring;
int32_t dump_pid = mm::kVmTraceAllPids;
mm::VmTraceFormat dump_format = mm::VmTraceFormat::References;

// The console as a FormatSink, for write_vm_trace.
class ConsoleSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override { kprint("{}", StringView(text, length)); }
};

void record(const mm::VmTraceEvent& event) {
  if (ring.record(event))
    kprint("vmtrace: the ring of {} events is full; from now on each event overwrites the oldest\n",
           ring.capacity());
}

}  // namespace

void init(const CommandLine& cmdline) {
  if (!cmdline.has("vmtrace")) return;
  uint32_t events = kDefaultEvents;
  if (!cmdline.get("vmtrace").empty()) {
    auto requested = cmdline.get_uint("vmtrace");
    if (!requested || requested.value() == 0) {
      kprint("vmtrace: vmtrace={} refused: give a number of events above 0; not tracing\n", cmdline.get("vmtrace"));
      return;
    }
    events = requested.value();
  }
  size_t bytes = static_cast<size_t>(events) * sizeof(mm::VmTraceEvent);
  if (events > kernel_heap_stats().free_bytes / 2 / sizeof(mm::VmTraceEvent)) {
    kprint("vmtrace: {} events ({} KiB) would take more than half of the free kernel heap ({} KiB); not tracing\n",
           events, bytes / 1024, kernel_heap_stats().free_bytes / 1024);
    return;
  }
  auto storage = kmalloc(bytes);
  if (!storage) {
    kprint("vmtrace: cannot allocate {} events: {}; not tracing\n", events, storage.error());
    return;
  }
  ring.attach(static_cast<mm::VmTraceEvent*>(storage.value()), events);
  if (cmdline.has("vmtrace_pid")) {
    auto pid = cmdline.get_uint("vmtrace_pid");
    if (pid && pid.value() <= 0x7FFFFFFF)
      dump_pid = static_cast<int32_t>(pid.value());
    else
      kprint("vmtrace: vmtrace_pid={} refused: not a pid; printing every process\n", cmdline.get("vmtrace_pid"));
  }
  StringView format = cmdline.get("vmtrace_format", "references");
  if (format == "events")
    dump_format = mm::VmTraceFormat::Events;
  else if (format != "references")
    kprint("vmtrace: vmtrace_format={} refused (references or events); printing references\n", format);
  kprint("vmtrace: recording up to {} events ({} KiB)\n", events, bytes / 1024);
}

bool enabled() { return ring.attached(); }

void record_fault(int32_t pid, VirtAddr page, bool write, PhysAddr frame) {
  if (!ring.attached()) return;
  record(mm::VmTraceEvent{page.get() >> 12, static_cast<uint32_t>(pid),
                          static_cast<uint16_t>(pager::frame_index(frame).get()), mm::VmTraceKind::Fault, write});
}

void record_eviction(int32_t pid, VirtAddr page, PhysAddr frame, bool written) {
  if (!ring.attached()) return;
  record(mm::VmTraceEvent{page.get() >> 12, static_cast<uint32_t>(pid),
                          static_cast<uint16_t>(pager::frame_index(frame).get()), mm::VmTraceKind::Eviction,
                          written});
}

void dump() {
  if (!ring.attached()) return;
  const char* format = dump_format == mm::VmTraceFormat::Events ? "events" : "references";
  if (dump_pid == mm::kVmTraceAllPids)
    kprint("vmtrace: begin ({} of {} events kept, {} lost to the ring's wrap; {} of every process)\n", ring.size(),
           ring.recorded(), ring.lost(), format);
  else
    kprint("vmtrace: begin ({} of {} events kept, {} lost to the ring's wrap; {} of pid {})\n", ring.size(),
           ring.recorded(), ring.lost(), format, dump_pid);
  ConsoleSink sink;
  uint32_t lines = mm::write_vm_trace(ring, dump_pid, dump_format, sink);
  kprint("vmtrace: end ({} lines)\n", lines);
}

}  // namespace cw::vmtrace
