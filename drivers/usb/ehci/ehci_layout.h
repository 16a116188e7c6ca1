// The driver's private view of the DMA frame an EhciController keeps its queue heads, SETUP buffer and
// qTDs in (ehci_controller.h, "Memory"), and small helpers its two source files share.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pit.h"
#include "drivers/usb/ehci/ehci_schedule.h"
#include "lib/types.h"

namespace cw::usb::ehci::layout {

inline constexpr uint32_t kAnchorOffset = 0;
inline constexpr uint32_t kQhOffset = 128;
inline constexpr uint32_t kSetupOffset = 256;
inline constexpr uint32_t kScratchOffset = 264;
inline constexpr uint32_t kScratchBytes = 56;
inline constexpr uint32_t kQtdOffset = 320;
inline constexpr size_t kQtdCapacity = (kPageSize - kQtdOffset) / sizeof(Qtd);
static_assert(kQhOffset % kDescriptorAlign == 0 && kQtdOffset % alignof(Qtd) == 0);
static_assert(kAnchorOffset + sizeof(Qh) <= kQhOffset && kQhOffset + sizeof(Qh) <= kSetupOffset);
static_assert(kScratchOffset + kScratchBytes <= kQtdOffset);

// Orders the CPU's writes to the schedule as the program states them (x86 keeps stores in order; only
// the compiler could reorder them).
inline void compiler_barrier() { asm volatile("" ::: "memory"); }

// Milliseconds since boot, the clock transfer deadlines are measured on.
inline uint64_t now_ms() { return pit::ticks(); }

}  // namespace cw::usb::ehci::layout
