// The PS/2 keyboard behind the 8042 keyboard controller (ports 0x60/0x64, IRQ 1), read in scan code
// set 1 (the controller's translation, which the BIOS leaves on) and decoded by drivers/keymap.h.
#pragma once

namespace cw::ps2_keyboard {

// Receives each character typed, in the IRQ 1 handler (interrupts off).
using CharSink = void (*)(char c);

// Checks that a controller answers, makes sure it interrupts on IRQ 1 with translation on, installs the
// IRQ 1 handler that feeds typed characters to `sink`, and sets the keyboard's lock lights. Call once,
// with interrupts off, after the trap layer is up. Returns false (installing nothing) if no 8042
// answers.
bool init(CharSink sink);

}  // namespace cw::ps2_keyboard
