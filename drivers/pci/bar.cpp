#include "drivers/pci/bar.h"

#include "drivers/pci/config_registers.h"

namespace cw::pci {

namespace {

inline constexpr uint32_t kIoAddressMask = 0xFFFFFFFC;
inline constexpr uint32_t kMemoryAddressMask = 0xFFFFFFF0;
inline constexpr uint32_t kIoFlag = 0x1;
inline constexpr uint32_t kPrefetchable = 0x8;

constexpr uint64_t lowest_set_bit(uint64_t v) { return v & (~v + 1); }

}  // namespace

Bar decode_bar(uint32_t original, uint32_t sized, uint32_t original_high, uint32_t sized_high) {
  Bar bar;
  if (original & kIoFlag) {
    uint32_t mask = sized & kIoAddressMask;
    // A 16-bit I/O decoder reads back zeros above bit 15: size it within the 64 KiB port space.
    if ((mask & 0xFFFF0000u) == 0) mask |= 0xFFFF0000u;
    uint32_t size = static_cast<uint32_t>(lowest_set_bit(mask & 0xFFFF));
    if (size == 0) return bar;
    bar.kind = BarKind::Io;
    bar.base = original & kIoAddressMask;
    bar.size = size;
    return bar;
  }
  bool wide = is_64bit_bar(original);
  uint64_t mask = sized & kMemoryAddressMask;
  uint64_t base = original & kMemoryAddressMask;
  if (wide) {
    mask |= static_cast<uint64_t>(sized_high) << 32;
    base |= static_cast<uint64_t>(original_high) << 32;
  }
  uint64_t size = lowest_set_bit(mask);
  if (size == 0) return bar;
  bar.kind = wide ? BarKind::Memory64 : BarKind::Memory32;
  bar.prefetchable = (original & kPrefetchable) != 0;
  bar.base = base;
  bar.size = size;
  return bar;
}

void probe_bars(ConfigSpace& config, PciAddress function, unsigned count, Bar* out) {
  uint16_t command = config.read16(function, reg::kCommand);
  // No decoding while a BAR holds all ones: the function would claim addresses all over the bus.
  config.write16(function, reg::kCommand,
                 static_cast<uint16_t>(command & ~(reg::kCommandIoSpace | reg::kCommandMemorySpace)));
  for (unsigned i = 0; i < count; ++i) {
    uint8_t offset = static_cast<uint8_t>(reg::kBar0 + 4 * i);
    uint32_t original = config.read32(function, offset);
    config.write32(function, offset, 0xFFFFFFFF);
    uint32_t sized = config.read32(function, offset);
    config.write32(function, offset, original);
    if (!(original & kIoFlag) && is_64bit_bar(original) && i + 1 < count) {
      uint8_t high_offset = static_cast<uint8_t>(offset + 4);
      uint32_t original_high = config.read32(function, high_offset);
      config.write32(function, high_offset, 0xFFFFFFFF);
      uint32_t sized_high = config.read32(function, high_offset);
      config.write32(function, high_offset, original_high);
      out[i] = decode_bar(original, sized, original_high, sized_high);
      out[++i] = Bar{};
      continue;
    }
    // A 64-bit BAR in the last slot has no upper half: decode it as 32 bits, which loses nothing of a
    // range firmware placed below 4 GiB.
    out[i] = decode_bar(is_64bit_bar(original) ? (original & ~0x6u) : original, sized);
  }
  config.write16(function, reg::kCommand, command);
}

}  // namespace cw::pci
