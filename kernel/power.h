// Power-off with an exit status, so a test can read how a run ended.
//
// The status reaches the host two ways: the line "clockwork: power off, status N" on the console, and,
// under QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=4`, QEMU's own exit code (N << 1) | 1.
#pragma once

#include <cstdint>

namespace cw {

inline constexpr uint8_t kExitSuccess = 0;
inline constexpr uint8_t kExitKernelFault = 253;  // unhandled CPU exception in the kernel
inline constexpr uint8_t kExitPanic = 254;        // PANIC / failed assertion

[[noreturn]] void power_off(uint8_t status);

// Resets the machine ("clockwork: restart" on the console first): the keyboard controller's reset line,
// then a triple fault if that did nothing.
[[noreturn]] void restart();

}  // namespace cw
