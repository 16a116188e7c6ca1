// The VGA text console: 80x25 characters at physical 0xB8000, hardware cursor through the CRT controller.
// Text may carry ANSI colour and cursor escapes (lib/ansi_parser.h), as the serial terminal shows them.
#pragma once

#include <cstddef>

namespace cw::vga {

void init();
void write(const char* text, size_t length);

}  // namespace cw::vga
