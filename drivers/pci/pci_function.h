// What the kernel knows about one PCI function after enumeration, and the fixed-size table of them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pci/bar.h"
#include "drivers/pci/pci_address.h"
#include "drivers/pci/pci_class.h"
#include "lib/format.h"

namespace cw::pci {

// Also the record the pci_list system call copies to user space (docs/abi.md): its i386 layout is ABI.
struct PciFunction {
  PciAddress address;
  uint16_t vendor = 0;
  uint16_t device = 0;
  ClassCode class_code;
  uint8_t revision = 0;
  uint8_t header_layout = 0;   // 0 device, 1 PCI-to-PCI bridge, 2 CardBus bridge
  uint8_t interrupt_pin = 0;   // 0 none, 1-4 INTA#-INTD#
  uint8_t interrupt_line = 0;  // the legacy (8259) IRQ firmware routed INTx to; 0xFF unknown
  uint8_t secondary_bus = 0;   // bridges only
  uint8_t bar_count = 0;       // 6 for devices, 2 for bridges, 0 otherwise
  Bar bars[6];

  // The legacy IRQ this function interrupts on, or -1 if it has no interrupt pin or firmware did not
  // route one (interrupt line 0xFF, or a value outside the 8259 pair's 0-15).
  int legacy_irq() const {
    if (interrupt_pin == 0 || interrupt_line >= 16) return -1;
    return interrupt_line;
  }
};

#if !defined(CW_HOSTED)
static_assert(sizeof(PciFunction) == 140, "pci_list ABI: the i386 layout of PciFunction changed");
#endif

class FunctionTable {
public:
  static constexpr size_t kCapacity = 64;

  // False (and the function is not kept) when the table is full.
  bool add(const PciFunction& function);
  size_t size() const { return count_; }
  const PciFunction& operator[](size_t i) const { return functions_[i]; }
  PciFunction& operator[](size_t i) { return functions_[i]; }
  const PciFunction* begin() const { return functions_; }
  const PciFunction* end() const { return functions_ + count_; }

  // The `nth` (0-based) function of the given class, or nullptr.
  const PciFunction* find(ClassMatch match, size_t nth = 0) const;

private:
  PciFunction functions_[kCapacity];
  size_t count_ = 0;
};

// One lspci-style line, without a newline:
//   00:01.2 8086:7020 0c0300 USB UHCI, irq 11, BAR4 io 0xc040 (32)
void format_function(FormatSink& sink, const PciFunction& function);

}  // namespace cw::pci
