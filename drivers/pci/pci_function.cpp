#include "drivers/pci/pci_function.h"

namespace cw::pci {

bool FunctionTable::add(const PciFunction& function) {
  if (count_ == kCapacity) return false;
  functions_[count_++] = function;
  return true;
}

const PciFunction* FunctionTable::find(ClassMatch match, size_t nth) const {
  for (const PciFunction& f : *this) {
    if (!match.matches(f.class_code)) continue;
    if (nth-- == 0) return &f;
  }
  return nullptr;
}

namespace {

void format_size(FormatSink& sink, uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) format(sink, "{} GiB", bytes >> 30);
  else if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) format(sink, "{} MiB", bytes >> 20);
  else if (bytes >= 1024 && bytes % 1024 == 0) format(sink, "{} KiB", bytes >> 10);
  else format(sink, "{}", bytes);
}

}  // namespace

void format_function(FormatSink& sink, const PciFunction& f) {
  format(sink, "{:02x}:{:02x}.{} {:04x}:{:04x} {:06x} {}", f.address.bus, f.address.device, f.address.function,
         f.vendor, f.device, f.class_code.packed(), class_name(f.class_code));
  if (f.legacy_irq() >= 0) format(sink, ", irq {}", f.legacy_irq());
  for (unsigned i = 0; i < f.bar_count; ++i) {
    const Bar& bar = f.bars[i];
    if (bar.kind == BarKind::None) continue;
    const char* kind = bar.kind == BarKind::Io ? "io" : bar.kind == BarKind::Memory64 ? "mem64" : "mem";
    format(sink, ", BAR{} {}{} {:#x} (", i, kind, bar.prefetchable ? " pref" : "", bar.base);
    format_size(sink, bar.size);
    format(sink, ")");
  }
  if (f.header_layout == 1) format(sink, ", secondary bus {:02x}", f.secondary_bus);
}

}  // namespace cw::pci
