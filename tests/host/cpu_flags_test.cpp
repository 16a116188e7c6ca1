#include "lib/cpu_flags.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

std::string flags(uint32_t edx, uint32_t ecx) {
  char text[1024];
  BufferSink sink(text, sizeof(text));
  write_cpu_flags(sink, edx, ecx);
  return std::string(sink.view().data(), sink.view().size());
}

TEST(CpuFlags, NamesEdxThenEcxInBitOrder) {
  EXPECT_EQ(flags(0, 0), "");
  EXPECT_EQ(flags(1u << 0, 0), "fpu");
  EXPECT_EQ(flags((1u << 0) | (1u << 4) | (1u << 25), 1u << 0), "fpu tsc sse pni");
  EXPECT_EQ(flags(0, (1u << 31) | (1u << 23)), "popcnt hypervisor");
}

TEST(CpuFlags, ReservedAndHiddenBitsHaveNoName) {
  EXPECT_EQ(flags(1u << 10, 0), "");  // EDX bit 10 is reserved
  EXPECT_EQ(flags(1u << 20, 0), "");  // and bit 20
  EXPECT_EQ(flags(0, 1u << 27), "");  // OSXSAVE: Linux does not list it
  EXPECT_EQ(flags(0, 1u << 16), "");
}

TEST(CpuFlags, QemuDefaultCpu) {
  // QEMU's qemu32 CPU model: EDX 0x0781abfd... here a typical set, and the text Linux prints for it.
  uint32_t edx = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 9) |
                 (1u << 13) | (1u << 15) | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26);
  EXPECT_EQ(flags(edx, 1u << 0), "fpu pse tsc msr pae mce cx8 apic pge cmov mmx fxsr sse sse2 pni");
}

}  // namespace
}  // namespace cw
