// The driver's private view of the DMA frame a UhciController keeps its queue heads, SETUP buffer and
// TDs in (uhci_controller.h, "Memory"), and small helpers its two source files share.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pit.h"
#include "drivers/usb/uhci/uhci_regs.h"
#include "drivers/usb/uhci/uhci_schedule.h"
#include "lib/types.h"

namespace cw::usb::uhci::layout {

// The DMA frame: anchor QH, transfer QH, SETUP packet, scratch, then TDs to the end of the page.
inline constexpr uint32_t kAnchorOffset = 0;
inline constexpr uint32_t kQhOffset = 16;
inline constexpr uint32_t kSetupOffset = 32;
inline constexpr uint32_t kScratchOffset = 40;
inline constexpr uint32_t kScratchBytes = 24;
inline constexpr uint32_t kTdOffset = 64;
inline constexpr size_t kTdCapacity = (kPageSize - kTdOffset) / sizeof(Td);
static_assert(kScratchOffset + kScratchBytes <= kTdOffset && kTdOffset % kDescriptorAlign == 0);

// Orders the CPU's writes to the schedule as the program states them (the controller reads memory, and
// x86 keeps stores in order; only the compiler could reorder them).
inline void compiler_barrier() { asm volatile("" ::: "memory"); }

// Milliseconds since boot, the clock transfer deadlines are measured on.
inline uint64_t now_ms() { return pit::ticks(); }

}  // namespace cw::usb::uhci::layout
