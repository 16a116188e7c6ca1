// The Bochs/QEMU debug console: every byte written to port 0xE9 appears on the emulator's output
// (Bochs `port_e9_hack`, QEMU `-debugcon`). Harmless on real hardware, where nothing listens.
#pragma once

#include <cstddef>

namespace cw::debugcon {

void write(const char* text, size_t length);

}  // namespace cw::debugcon
