// The COM1 16550A UART (National Semiconductor PC16550D datasheet), polled output, 115200 8N1.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::serial {

// Programs the line settings and FIFOs. Returns false if no UART answers at COM1 (loopback test).
bool init();
void write(const char* text, size_t length);
// Waits (bounded) until every byte written has left the transmitter, e.g. before powering off.
void flush();
// A received byte, or -1 if none is waiting.
int read_byte();

}  // namespace cw::serial
