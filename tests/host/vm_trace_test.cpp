// The kernel's fault trace (mm/vm_trace.h): the ring keeps the last events and says when it first
// overwrites, the page numbering pid << 20 | vpn, and both output formats with and without a pid filter.
#include "mm/vm_trace.h"

#include <gtest/gtest.h>

#include "tests/host/host_page_tables.h"

namespace cw::mm {
namespace {

using test::StringSink;

VmTraceEvent fault(uint32_t pid, uint32_t vpn, bool write, uint16_t frame) {
  return VmTraceEvent{vpn, pid, frame, VmTraceKind::Fault, write};
}
VmTraceEvent eviction(uint32_t pid, uint32_t vpn, bool written, uint16_t frame) {
  return VmTraceEvent{vpn, pid, frame, VmTraceKind::Eviction, written};
}

TEST(VmTrace, PageNumberKeepsPidAndVpnApart) {
  EXPECT_EQ(vm_trace_page(0, 0x12345), 0x12345u);
  EXPECT_EQ(vm_trace_page(3, 0x08048), (3ull << 20) | 0x08048);
  EXPECT_EQ(vm_trace_page(70000, 0xFFFFF) >> 20, 70000u);  // no overflow into 32 bits
  EXPECT_EQ(vm_trace_page(70000, 0xFFFFF) & 0xFFFFF, 0xFFFFFu);
}

TEST(VmTrace, UnattachedRingRecordsNothing) {
  VmTraceRing ring;
  EXPECT_FALSE(ring.attached());
  EXPECT_FALSE(ring.record(fault(1, 2, false, 0)));
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.recorded(), 0u);
}

TEST(VmTrace, RingKeepsTheLastEventsAndReportsTheFirstOverwriteOnce) {
  VmTraceEvent storage[3];
  VmTraceRing ring;
  ring.attach(storage, 3);
  for (uint32_t v = 0; v < 3; ++v) EXPECT_FALSE(ring.record(fault(1, v, false, 0)));
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.lost(), 0u);
  EXPECT_TRUE(ring.record(fault(1, 3, false, 0)));   // the first overwrite
  EXPECT_FALSE(ring.record(fault(1, 4, false, 0)));  // said only once
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.recorded(), 5u);
  EXPECT_EQ(ring.lost(), 2u);
  EXPECT_EQ(ring.at(0).vpn, 2u);  // oldest kept first
  EXPECT_EQ(ring.at(1).vpn, 3u);
  EXPECT_EQ(ring.at(2).vpn, 4u);
}

TEST(VmTrace, ReferencesAreTheSimulatorsFormatFaultsOnly) {
  VmTraceEvent storage[8];
  VmTraceRing ring;
  ring.attach(storage, 8);
  ring.record(fault(1, 0x8048, false, 5));
  ring.record(fault(2, 0x10, true, 6));
  ring.record(eviction(1, 0x8048, false, 5));
  ring.record(fault(1, 0x8049, true, 5));
  StringSink all;
  EXPECT_EQ(write_vm_trace(ring, kVmTraceAllPids, VmTraceFormat::References, all), 3u);
  EXPECT_EQ(all.text(), "1081416 R\n2097168 W\n1081417 W\n");  // 1 << 20 | 0x8048, 2 << 20 | 0x10, ...
  StringSink one;
  EXPECT_EQ(write_vm_trace(ring, 2, VmTraceFormat::References, one), 1u);
  EXPECT_EQ(one.text(), "2097168 W\n");
}

TEST(VmTrace, EventsShowEvictionsAndFrames) {
  VmTraceEvent storage[4];
  VmTraceRing ring;
  ring.attach(storage, 4);
  ring.record(fault(1, 7, true, 3));
  ring.record(eviction(1, 7, true, 3));
  ring.record(eviction(4, 9, false, 2));
  StringSink all;
  EXPECT_EQ(write_vm_trace(ring, kVmTraceAllPids, VmTraceFormat::Events, all), 3u);
  EXPECT_EQ(all.text(), "fault 1 7 W frame 3\nevict 1 7 frame 3 written\nevict 4 9 frame 2 dropped\n");
  StringSink one;
  EXPECT_EQ(write_vm_trace(ring, 4, VmTraceFormat::Events, one), 1u);
  EXPECT_EQ(one.text(), "evict 4 9 frame 2 dropped\n");
}

}  // namespace
}  // namespace cw::mm
