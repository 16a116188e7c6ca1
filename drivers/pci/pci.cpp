#include "drivers/pci/pci.h"

#include "drivers/pci/config_registers.h"
#include "drivers/pci/enumerate.h"
#include "drivers/pci/port_config_space.h"
#include "kernel/print.h"
#include "mm/device_window.h"

namespace cw::pci {

namespace {

PortConfigSpace config_space;
FunctionTable table;

}  // namespace

void init() {
  if (!PortConfigSpace::present()) {
    kprint("pci: no configuration mechanism #1 (ports 0xCF8/0xCFC); no PCI devices\n");
    return;
  }
  EnumerationReport report;
  auto result = enumerate(config_space, table, report);
  for (const PciFunction& f : table) {
    char line[200];  // one kprint per line, so other output cannot split it
    BufferSink sink(line, sizeof(line));
    format_function(sink, f);
    kprint("pci: {}\n", sink.view());
  }
  kprint("pci: {} functions on {} buses\n", report.functions, report.buses_scanned);
  if (report.bus_loops) kprint("pci: {} bridges name a bus already scanned; not followed\n", report.bus_loops);
  if (!result) kprint("pci: only the first {} functions are kept\n", FunctionTable::kCapacity);
}

const FunctionTable& functions() { return table; }

void enable_bus_master(const PciFunction& function) {
  uint16_t command = config_space.read16(function.address, reg::kCommand);
  command |= reg::kCommandBusMaster | reg::kCommandMemorySpace | reg::kCommandIoSpace;
  config_space.write16(function.address, reg::kCommand, command);
}

Result<VirtAddr> map_bar(const PciFunction& function, unsigned index) {
  if (index >= function.bar_count || !function.bars[index].is_memory()) return Error::InvalidArgument;
  const Bar& bar = function.bars[index];
  if (bar.base == 0 || bar.base + bar.size > (1ull << 32)) return Error::Range;
  return map_device_memory(PhysAddr(static_cast<uint32_t>(bar.base)), static_cast<uint32_t>(bar.size));
}

}  // namespace cw::pci
