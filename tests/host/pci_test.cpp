// The PCI core: BAR decoding and sizing, class matching and names, enumeration through bridges and
// multi-function devices, and the lspci line, against a fake configuration space that behaves like
// hardware (BARs keep only their writable address bits, absent functions read as all ones).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "drivers/pci/bar.h"
#include "drivers/pci/config_registers.h"
#include "drivers/pci/enumerate.h"
#include "drivers/pci/pci_class.h"
#include "drivers/pci/pci_function.h"

namespace cw::pci {
namespace {

class FakeConfigSpace final : public ConfigSpace {
public:
  struct Function {
    uint32_t regs[64] = {};
    uint32_t bar_writable[6] = {};  // per BAR dword: the bits a write can change
    int writes_while_decoding = 0;  // BAR writes seen with I/O or memory decoding on
  };

  // Adds a function; `header` is the header-type byte (layout | 0x80 for multi-function).
  Function& add(PciAddress a, uint16_t vendor, uint16_t device, ClassCode c, uint8_t header = 0) {
    Function& f = functions_[key(a)];
    f.regs[0] = vendor | (uint32_t{device} << 16);
    f.regs[2] = (uint32_t{c.base} << 24) | (uint32_t{c.sub} << 16) | (uint32_t{c.prog_if} << 8) | 0x01;
    f.regs[3] = uint32_t{header} << 16;
    return f;
  }
  // A BAR decoding `size` bytes (a power of two) at `base` (aligned to size: hardware wires the bits
  // below the size to zero), with the given low flag bits.
  static void set_bar(Function& f, unsigned i, uint32_t base, uint32_t size, uint32_t flags) {
    EXPECT_EQ(base & (size - 1), 0u) << "a BAR's base is aligned to its size";
    f.regs[4 + i] = base | flags;
    uint32_t flag_mask = (flags & 1) ? 0x3 : 0xF;
    f.bar_writable[i] = ~(size - 1) & ~flag_mask;
  }

  uint32_t read32(PciAddress a, uint8_t offset) override {
    auto it = functions_.find(key(a));
    if (it == functions_.end()) return 0xFFFFFFFF;
    ++reads;
    return it->second.regs[offset / 4];
  }
  void write32(PciAddress a, uint8_t offset, uint32_t value) override {
    auto it = functions_.find(key(a));
    if (it == functions_.end()) return;
    Function& f = it->second;
    unsigned index = offset / 4;
    if (index >= 4 && index < 10) {
      unsigned bar = index - 4;
      if (f.regs[1] & 0x3) ++f.writes_while_decoding;
      f.regs[index] = (f.regs[index] & ~f.bar_writable[bar]) | (value & f.bar_writable[bar]);
      return;
    }
    if (index == 1) {  // command is writable, status is not (write-one-to-clear bits ignored here)
      f.regs[1] = (f.regs[1] & 0xFFFF0000) | (value & 0xFFFF);
      return;
    }
    f.regs[index] = value;
  }

  Function& at(PciAddress a) { return functions_.at(key(a)); }
  int reads = 0;

private:
  static std::tuple<int, int, int> key(PciAddress a) { return {a.bus, a.device, a.function}; }
  std::map<std::tuple<int, int, int>, Function> functions_;
};

constexpr ClassCode kHostBridge{0x06, 0x00, 0x00};
constexpr ClassCode kUhci{0x0C, 0x03, 0x00};
constexpr ClassCode kXhci{0x0C, 0x03, 0x30};
constexpr ClassCode kBridge{0x06, 0x04, 0x00};

std::string line(const PciFunction& f) {
  char buffer[256];
  BufferSink sink(buffer, sizeof(buffer));
  format_function(sink, f);
  return std::string(sink.view().data(), sink.view().size());
}

TEST(pci_bar, DecodesIoBarWithinTheSixteenBitPortSpace) {
  // A 32-port I/O BAR of a decoder that reads back zeros above bit 15.
  Bar bar = decode_bar(0xC041, 0x0000FFE1);
  EXPECT_EQ(bar.kind, BarKind::Io);
  EXPECT_EQ(bar.base, 0xC040u);
  EXPECT_EQ(bar.size, 32u);
}

TEST(pci_bar, DecodesMemory32AndPrefetchable) {
  Bar bar = decode_bar(0xFEBF0008, 0xFFFFF008);
  EXPECT_EQ(bar.kind, BarKind::Memory32);
  EXPECT_TRUE(bar.prefetchable);
  EXPECT_EQ(bar.base, 0xFEBF0000u);
  EXPECT_EQ(bar.size, 4096u);
}

TEST(pci_bar, DecodesMemory64AcrossTwoDwords) {
  Bar bar = decode_bar(0x00000004, 0xFF000004, 0x00000001, 0xFFFFFFFF);
  EXPECT_EQ(bar.kind, BarKind::Memory64);
  EXPECT_EQ(bar.base, 0x100000000ull);
  EXPECT_EQ(bar.size, 16ull << 20);
}

TEST(pci_bar, UnimplementedBarIsNone) {
  EXPECT_EQ(decode_bar(0, 0).kind, BarKind::None);
  EXPECT_EQ(decode_bar(0x1, 0x1).kind, BarKind::None);
}

TEST(pci_bar, ProbeSizesWithDecodingOffAndRestoresEverything) {
  FakeConfigSpace config;
  auto& f = config.add({0, 3, 0}, 0x1B36, 0x000D, kXhci);
  FakeConfigSpace::set_bar(f, 0, 0xFEBF0000, 0x4000, 0x4);  // 64-bit memory, 16 KiB
  f.regs[5] = 0;                                            // its upper half: below 4 GiB
  f.bar_writable[1] = 0xFFFFFFFF;
  FakeConfigSpace::set_bar(f, 4, 0xC000, 0x20, 0x1);
  f.regs[1] = reg::kCommandMemorySpace | reg::kCommandIoSpace | reg::kCommandBusMaster;
  Bar bars[6];
  probe_bars(config, {0, 3, 0}, 6, bars);
  EXPECT_EQ(f.writes_while_decoding, 0);
  EXPECT_EQ(bars[0].kind, BarKind::Memory64);
  EXPECT_EQ(bars[0].base, 0xFEBF0000u);
  EXPECT_EQ(bars[0].size, 0x4000u);
  EXPECT_EQ(bars[1].kind, BarKind::None);
  EXPECT_EQ(bars[4].kind, BarKind::Io);
  EXPECT_EQ(bars[4].size, 0x20u);
  EXPECT_EQ(f.regs[4], 0xFEBF0004u);
  EXPECT_EQ(f.regs[5], 0u);
  EXPECT_EQ(f.regs[8], 0xC001u);
  EXPECT_EQ(f.regs[1] & 0xFFFF, uint32_t{reg::kCommandMemorySpace | reg::kCommandIoSpace | reg::kCommandBusMaster});
}

TEST(pci_class, MatchesByProgrammingInterface) {
  EXPECT_TRUE(kUsbXhci.matches(kXhci));
  EXPECT_FALSE(kUsbXhci.matches(kUhci));
  EXPECT_TRUE(kUsbUhci.matches(kUhci));
  EXPECT_TRUE(kIdeController.matches({0x01, 0x01, 0x80}));
  EXPECT_TRUE(kIdeController.matches({0x01, 0x01, 0x8A}));
  EXPECT_FALSE(kAhciController.matches({0x01, 0x06, 0x00}));
}

TEST(pci_class, NamesKnownClassesAndFallsBackToTheBaseClass) {
  EXPECT_STREQ(class_name(kXhci), "USB xHCI");
  EXPECT_STREQ(class_name({0x01, 0x01, 0x80}), "IDE controller");
  EXPECT_STREQ(class_name({0x01, 0x06, 0x01}), "SATA AHCI");
  EXPECT_STREQ(class_name({0x02, 0x80, 0x00}), "network controller");
  EXPECT_STREQ(class_name({0xFF, 0x00, 0x00}), "unclassified");
}

TEST(pci_enumerate, FindsSingleAndMultiFunctionDevices) {
  FakeConfigSpace config;
  config.add({0, 0, 0}, 0x8086, 0x1237, kHostBridge);
  config.add({0, 1, 0}, 0x8086, 0x7000, {0x06, 0x01, 0x00}, reg::kHeaderMultiFunction);
  config.add({0, 1, 1}, 0x8086, 0x7010, {0x01, 0x01, 0x80});
  config.add({0, 1, 2}, 0x8086, 0x7020, kUhci);
  config.add({0, 2, 0}, 0x1234, 0x1111, {0x03, 0x00, 0x00});
  // Function 1 of a single-function device is a mirror on some chipsets: it must not be listed.
  config.add({0, 2, 1}, 0x1234, 0x1111, {0x03, 0x00, 0x00});
  FunctionTable table;
  EnumerationReport report;
  ASSERT_TRUE(enumerate(config, table, report));
  ASSERT_EQ(table.size(), 5u);
  EXPECT_EQ(report.buses_scanned, 1u);
  EXPECT_EQ(table[3].address, (PciAddress{0, 1, 2}));
  ASSERT_NE(table.find(kUsbUhci), nullptr);
  EXPECT_EQ(table.find(kUsbUhci)->device, 0x7020);
  EXPECT_EQ(table.find(kUsbXhci), nullptr);
}

TEST(pci_enumerate, FollowsBridgesAndRefusesLoops) {
  FakeConfigSpace config;
  config.add({0, 0, 0}, 0x8086, 0x29C0, kHostBridge);
  auto& bridge = config.add({0, 4, 0}, 0x1B36, 0x0001, kBridge, reg::kHeaderBridge);
  bridge.regs[6] = 0x00020100;  // primary 0, secondary 1, subordinate 2
  config.add({1, 0, 0}, 0x1B36, 0x000D, kXhci);
  auto& looping = config.add({1, 5, 0}, 0x1B36, 0x0001, kBridge, reg::kHeaderBridge);
  looping.regs[6] = 0x00000001;  // names bus 0 as its secondary bus: a loop
  FunctionTable table;
  EnumerationReport report;
  ASSERT_TRUE(enumerate(config, table, report));
  EXPECT_EQ(table.size(), 4u);
  EXPECT_EQ(report.buses_scanned, 2u);
  EXPECT_EQ(report.bus_loops, 0u);  // secondary bus 0 is "none" for a bridge: not followed
  ASSERT_NE(table.find(kUsbXhci), nullptr);
  EXPECT_EQ(table.find(kUsbXhci)->address, (PciAddress{1, 0, 0}));
  looping.regs[6] = 0x00000101;  // now names bus 1, which is being scanned
  FunctionTable again;
  ASSERT_TRUE(enumerate(config, again, report));
  EXPECT_EQ(report.bus_loops, 1u);
  EXPECT_EQ(again.size(), 4u);
}

TEST(pci_enumerate, MultiFunctionHostBridgeMeansSeveralRootBuses) {
  FakeConfigSpace config;
  config.add({0, 0, 0}, 0x1022, 0x1450, kHostBridge, reg::kHeaderMultiFunction);
  config.add({0, 0, 1}, 0x1022, 0x1451, kHostBridge);
  config.add({1, 3, 0}, 0x8086, 0x7020, kUhci);
  FunctionTable table;
  EnumerationReport report;
  ASSERT_TRUE(enumerate(config, table, report));
  EXPECT_EQ(report.buses_scanned, 2u);
  EXPECT_NE(table.find(kUsbUhci), nullptr);
}

TEST(pci_enumerate, FullTableIsAnErrorButCountsEverything) {
  FakeConfigSpace config;
  config.add({0, 0, 0}, 0x8086, 0x1237, kHostBridge);
  for (uint8_t bus = 1; bus <= 3; ++bus) {
    auto& b = config.add({0, static_cast<uint8_t>(bus), 0}, 0x1B36, 1, kBridge, reg::kHeaderBridge);
    b.regs[6] = uint32_t{bus} << 8;
    for (uint8_t d = 0; d < 32; ++d) config.add({bus, d, 0}, 0x1AF4, 0x1000, {0x02, 0x00, 0x00});
  }
  FunctionTable table;
  EnumerationReport report;
  auto result = enumerate(config, table, report);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), Error::NoSpace);
  EXPECT_EQ(table.size(), FunctionTable::kCapacity);
  EXPECT_EQ(report.functions, 1u + 3u + 3u * 32u);
}

TEST(pci_function, LegacyIrqNeedsAPinAndARoutedLine) {
  PciFunction f;
  f.interrupt_pin = 1;
  f.interrupt_line = 11;
  EXPECT_EQ(f.legacy_irq(), 11);
  f.interrupt_line = 0xFF;
  EXPECT_EQ(f.legacy_irq(), -1);
  f.interrupt_line = 11;
  f.interrupt_pin = 0;
  EXPECT_EQ(f.legacy_irq(), -1);
}

TEST(pci_function, FormatsAnLspciLine) {
  FakeConfigSpace config;
  auto& f = config.add({0, 1, 2}, 0x8086, 0x7020, kUhci);
  FakeConfigSpace::set_bar(f, 4, 0xC040, 0x20, 0x1);
  f.regs[15] = 0x0000010B;  // pin INTA#, line 11
  PciFunction function;
  ASSERT_TRUE(read_function(config, {0, 1, 2}, function));
  EXPECT_EQ(line(function), "00:01.2 8086:7020 0c0300 USB UHCI, irq 11, BAR4 io 0xc040 (32)");
  FakeConfigSpace::set_bar(f, 0, 0xFE000000, 0x100000, 0x8);
  ASSERT_TRUE(read_function(config, {0, 1, 2}, function));
  EXPECT_EQ(line(function),
            "00:01.2 8086:7020 0c0300 USB UHCI, irq 11, BAR0 mem pref 0xfe000000 (1 MiB), BAR4 io 0xc040 (32)");
}

TEST(pci_function, AbsentFunctionIsNotRead) {
  FakeConfigSpace config;
  PciFunction function;
  EXPECT_FALSE(read_function(config, {0, 7, 0}, function));
}

}  // namespace
}  // namespace cw::pci
