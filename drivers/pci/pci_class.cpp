#include "drivers/pci/pci_class.h"

namespace cw::pci {

namespace {

struct Named {
  ClassMatch match;
  const char* name;
};

// Most specific first: the first match names the function.
constexpr Named kNames[] = {
    {kUsbUhci, "USB UHCI"},
    {kUsbOhci, "USB OHCI"},
    {kUsbEhci, "USB EHCI"},
    {kUsbXhci, "USB xHCI"},
    {{0x0C, 0x03, 0xFE}, "USB device"},
    {kAhciController, "SATA AHCI"},
    {kIdeController, "IDE controller"},
    {{0x01, 0x00, ClassMatch::kAny}, "SCSI controller"},
    {{0x01, 0x06, ClassMatch::kAny}, "SATA controller"},
    {{0x01, 0x08, ClassMatch::kAny}, "NVMe controller"},
    {{0x02, 0x00, ClassMatch::kAny}, "Ethernet controller"},
    {{0x03, 0x00, ClassMatch::kAny}, "VGA controller"},
    {{0x04, 0x01, ClassMatch::kAny}, "audio device"},
    {{0x04, 0x03, ClassMatch::kAny}, "audio device"},
    {{0x06, 0x00, ClassMatch::kAny}, "host bridge"},
    {{0x06, 0x01, ClassMatch::kAny}, "ISA bridge"},
    {kPciBridge, "PCI bridge"},
    {{0x06, 0x80, ClassMatch::kAny}, "bridge"},
    {{0x0C, 0x05, ClassMatch::kAny}, "SMBus controller"},
};

constexpr const char* kBaseNames[] = {
    "unclassified",       "mass storage",       "network controller", "display controller",
    "multimedia",         "memory controller",  "bridge",             "communication controller",
    "system peripheral",  "input device",       "docking station",    "processor",
    "serial bus",         "wireless controller", "intelligent controller", "satellite controller",
    "encryption controller", "signal processing",
};

}  // namespace

const char* class_name(ClassCode code) {
  for (const Named& n : kNames)
    if (n.match.matches(code)) return n.name;
  if (code.base < sizeof(kBaseNames) / sizeof(kBaseNames[0])) return kBaseNames[code.base];
  return "unclassified";
}

}  // namespace cw::pci
