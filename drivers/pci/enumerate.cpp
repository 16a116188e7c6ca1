#include "drivers/pci/enumerate.h"

#include "drivers/pci/config_registers.h"

namespace cw::pci {

namespace {

class Scanner {
public:
  Scanner(ConfigSpace& config, FunctionTable& table, EnumerationReport& report)
      : config_(config), table_(table), report_(report) {}

  void scan_bus(uint8_t bus) {
    if (scanned_[bus / 32] & (1u << (bus % 32))) {
      ++report_.bus_loops;
      return;
    }
    scanned_[bus / 32] |= 1u << (bus % 32);
    ++report_.buses_scanned;
    for (uint8_t device = 0; device < kDevicesPerBus; ++device) scan_device(bus, device);
  }

  bool overflowed() const { return overflowed_; }

private:
  void scan_device(uint8_t bus, uint8_t device) {
    PciFunction first;
    if (!read_function(config_, {bus, device, 0}, first)) return;
    visit(first);
    uint8_t header = config_.read8({bus, device, 0}, reg::kHeaderType);
    if (!(header & reg::kHeaderMultiFunction)) return;
    for (uint8_t function = 1; function < kFunctionsPerDevice; ++function) {
      PciFunction f;
      if (read_function(config_, {bus, device, function}, f)) visit(f);
    }
  }

  void visit(const PciFunction& f) {
    ++report_.functions;
    if (!table_.add(f)) overflowed_ = true;
    if (f.header_layout == reg::kHeaderBridge && f.secondary_bus != 0) scan_bus(f.secondary_bus);
  }

  ConfigSpace& config_;
  FunctionTable& table_;
  EnumerationReport& report_;
  uint32_t scanned_[kBuses / 32] = {};
  bool overflowed_ = false;
};

}  // namespace

bool read_function(ConfigSpace& config, PciAddress address, PciFunction& out) {
  uint32_t id = config.read32(address, reg::kVendorId);
  if ((id & 0xFFFF) == reg::kNoVendor || (id & 0xFFFF) == 0) return false;
  out = PciFunction{};
  out.address = address;
  out.vendor = static_cast<uint16_t>(id & 0xFFFF);
  out.device = static_cast<uint16_t>(id >> 16);
  uint32_t class_dword = config.read32(address, reg::kRevision);
  out.revision = static_cast<uint8_t>(class_dword);
  out.class_code = {static_cast<uint8_t>(class_dword >> 24), static_cast<uint8_t>(class_dword >> 16),
                    static_cast<uint8_t>(class_dword >> 8)};
  out.header_layout = config.read8(address, reg::kHeaderType) & reg::kHeaderLayoutMask;
  if (out.header_layout == reg::kHeaderDevice) out.bar_count = reg::kDeviceBars;
  else if (out.header_layout == reg::kHeaderBridge) out.bar_count = reg::kBridgeBars;
  if (out.bar_count) probe_bars(config, address, out.bar_count, out.bars);
  if (out.header_layout == reg::kHeaderBridge) out.secondary_bus = config.read8(address, reg::kSecondaryBus);
  if (out.header_layout <= reg::kHeaderBridge) {
    out.interrupt_line = config.read8(address, reg::kInterruptLine);
    out.interrupt_pin = config.read8(address, reg::kInterruptPin);
    if (out.interrupt_pin > 4) out.interrupt_pin = 0;  // not a pin: treat as none
  }
  return true;
}

Result<void> enumerate(ConfigSpace& config, FunctionTable& table, EnumerationReport& report) {
  report = EnumerationReport{};
  Scanner scanner(config, table, report);
  PciFunction host;
  bool host_present = read_function(config, {0, 0, 0}, host);
  uint8_t header = host_present ? config.read8({0, 0, 0}, reg::kHeaderType) : 0;
  if (host_present && (header & reg::kHeaderMultiFunction) && host.class_code.base == 0x06 &&
      host.class_code.sub == 0x00) {
    // Several host controllers: function N of the host bridge is the root of bus N.
    for (uint8_t function = 0; function < kFunctionsPerDevice; ++function) {
      PciFunction f;
      if (read_function(config, {0, 0, function}, f)) scanner.scan_bus(function);
    }
  } else {
    scanner.scan_bus(0);
  }
  if (scanner.overflowed()) return Error::NoSpace;
  return {};
}

}  // namespace cw::pci
