// Base address registers: what a BAR says about the address range a function decodes, and the sizing
// protocol that finds the range's length (PCI Local Bus Specification 3.0 section 6.2.5.1).
//
// A BAR's low bits give its kind: bit 0 set is an I/O range (address in bits 31-2); clear is a memory
// range with its type in bits 2-1 (00: 32-bit, 10: 64-bit, the next BAR holding the upper half) and
// bit 3 "prefetchable" (address in bits 31-4). Writing all ones and reading back leaves the address bits
// the function hard-wires to zero: the lowest writable address bit is the range's size.
#pragma once

#include <cstdint>

#include "drivers/pci/config_space.h"

namespace cw::pci {

enum class BarKind : uint8_t {
  None,       // not implemented (reads back zero), or the upper half of the 64-bit BAR before it
  Io,         // I/O ports
  Memory32,   // memory below 4 GiB
  Memory64,   // memory anywhere; the next BAR is its upper half
};

struct Bar {
  BarKind kind = BarKind::None;
  bool prefetchable = false;
  uint64_t base = 0;  // as programmed by firmware; 0 if it left the BAR unassigned
  uint64_t size = 0;  // bytes (ports for Io); 0 for None

  bool is_memory() const { return kind == BarKind::Memory32 || kind == BarKind::Memory64; }
};

// True if `original` (the BAR's value) is the lower half of a 64-bit memory BAR.
constexpr bool is_64bit_bar(uint32_t original) { return (original & 0x7) == 0x4; }

// Decodes one BAR from its value before sizing (`original`) and the value read back after writing all
// ones (`sized`). For a 64-bit BAR pass the upper dword's two values too; otherwise they are ignored.
// An I/O BAR's size is taken within the 16-bit port space when the upper bits read back as zero.
Bar decode_bar(uint32_t original, uint32_t sized, uint32_t original_high = 0, uint32_t sized_high = 0);

// Sizes the first `count` BARs of `function` (6 for devices, 2 for bridges) into `out[0..count)`: turns
// off I/O and memory decoding while it writes all ones, then restores every BAR and the command register
// as it found them. A 64-bit BAR fills two slots: the first with the range, the second BarKind::None.
void probe_bars(ConfigSpace& config, PciAddress function, unsigned count, Bar* out);


}  // namespace cw::pci
