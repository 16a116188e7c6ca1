// lspci [-v]: lists the PCI functions the kernel found at boot, one line each, as the boot log does
// (drivers/pci/pci_function.h, format_function). -v adds each function's revision and interrupt pin.
//
// Output:  00:01.2 8086:7020 0c0300 USB UHCI, irq 11, BAR4 io 0xc040 (32)      one line per function
#include "drivers/pci/pci_function.h"
#include "lib/string_view.h"
#include "procs/lib/args.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

using namespace cw;
using namespace cw::user;

namespace {

class StdoutSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override { print("{}", StringView(text, length)); }
};

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[-v]", 1);
  bool verbose = arg_keyword(argc, argv, 1, "-v");
  static pci::PciFunction functions[pci::FunctionTable::kCapacity];
  auto found = sys::pci_list(functions, pci::FunctionTable::kCapacity);
  if (!found) {
    eprint("lspci: pci_list: {}\n", found.error());
    return 1;
  }
  size_t shown = found.value() < pci::FunctionTable::kCapacity ? found.value() : pci::FunctionTable::kCapacity;
  StdoutSink out;
  for (size_t i = 0; i < shown; ++i) {
    format_function(out, functions[i]);
    if (verbose) {
      const char* pins[] = {"none", "INTA#", "INTB#", "INTC#", "INTD#"};
      print(" [rev {:02x}, pin {}]", functions[i].revision, pins[functions[i].interrupt_pin]);
    }
    print("\n");
  }
  if (found.value() > shown) print("lspci: {} more functions than the kernel keeps\n", found.value() - shown);
  return 0;
}
