// The COM1 16550A UART (National Semiconductor PC16550D datasheet), polled output, 115200 8N1, and
// interrupt-driven receive on IRQ 4 once start_receive() has run.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::serial {

// Programs the line settings and FIFOs. Returns false if no UART answers at COM1 (loopback test).
bool init();
void write(const char* text, size_t length);
// Waits (bounded) until every byte written has left the transmitter, e.g. before powering off.
void flush();

// Receives each input character, in the IRQ 4 handler (interrupts off).
using ReceiveSink = void (*)(char c);

// Enables the receive-data-available interrupt and installs the IRQ 4 handler, which drains the receive
// FIFO into `sink` with terminal conventions applied: CR becomes '\n' (the LF of a CR LF pair is
// dropped, a lone LF stays '\n'), DEL (0x7F) becomes '\b'; NUL bytes, and bytes flagged with a parity
// or framing error or a break, are dropped (best effort: output polling reads, and so clears, the same
// line status). Bytes that arrived before the call are discarded. Output is unaffected. Call once, with
// interrupts off, after the trap layer is up. False (nothing installed) if init() found no UART.
bool start_receive(ReceiveSink sink);

}  // namespace cw::serial
