// Scan code set 1 (what the 8042 delivers with its default set 2 -> set 1 translation) decoded into
// characters for the US layout. Pure state machine, no I/O: drivers/ps2_keyboard.cpp feeds it the bytes
// it reads from port 0x60, and tests can feed it canned sequences.
//
// Byte stream (Microsoft "Keyboard Scan Code Specification" rev 1.3a, the set 1 tables; IBM PS/2
// Hardware Interface Technical Reference, keyboard chapter):
//   make code 0x01-0x58 on press (repeated while the key is held: typematic), make | 0x80 on release;
//   0xE0 prefixes one make or break code of the "extended" keys (arrows, right ctrl/alt, keypad enter
//   and /, the navigation block, and the fake shifts around print screen);
//   0xE1 starts the Pause key's sequence E1 1D 45 E1 9D C5, which has no release.
//
// Produced characters: printable ASCII, '\n' (Enter, keypad Enter), '\b' (Backspace), '\t' (Tab), 0x1B
// (Esc), and with ctrl held a letter or [ \ ] gives its control code (ctrl-C 0x03, ctrl-D 0x04, ctrl-U
// 0x15). Shift (either), caps lock (letters only) and num lock (keypad digits; shift suspends it) apply.
// Alt, the function keys, arrows and the navigation block produce nothing (no cursor editing yet).
#pragma once

#include <cstdint>

namespace cw::keymap {

inline constexpr int kNoCharacter = -1;

// Lock-key bits as the keyboard's Set LEDs command (0xED) takes them.
inline constexpr uint8_t kLedScrollLock = 0x01, kLedNumLock = 0x02, kLedCapsLock = 0x04;

class ScanCodeSet1Decoder {
public:
  // Feeds one byte. Returns the character (0-127) the byte produced, or kNoCharacter (a release, a
  // modifier, a prefix, or an ignored or unknown key; unknown bytes leave the state as it was).
  int feed(uint8_t byte);

  // The lock keys' state, in kLed* bits; starts with num lock on.
  uint8_t leds() const;
  // True once after a lock key press changed leds() (the driver then updates the keyboard's lights).
  bool take_leds_changed();

private:
  int press(uint8_t code);
  int press_extended(uint8_t code);

  bool extended_ = false;   // the previous byte was 0xE0
  uint8_t skip_ = 0;        // bytes of a Pause sequence still to swallow
  bool left_shift_ = false, right_shift_ = false, left_ctrl_ = false, right_ctrl_ = false;
  bool caps_lock_ = false, num_lock_ = true, scroll_lock_ = false;
  // Lock keys toggle on the first make code only, not on typematic repeats.
  bool caps_held_ = false, num_held_ = false, scroll_held_ = false;
  bool leds_changed_ = false;
};

}  // namespace cw::keymap
