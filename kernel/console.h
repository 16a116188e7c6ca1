// The kernel console: a fan-out of output to the devices the command line selects
// (`console=serial,vga,e9`; default serial,vga).
#pragma once

#include "lib/cmdline.h"
#include "lib/format.h"

namespace cw::console {

enum class Device : uint8_t { Serial = 1, Vga = 2, DebugPort = 4 };

// Before configure() runs, output goes to serial and port 0xE9, so early boot messages and panics are
// never lost.
void configure(const CommandLine& cmdline);
bool enabled(Device device);

FormatSink& sink();
void write(const char* text, size_t length);

}  // namespace cw::console
