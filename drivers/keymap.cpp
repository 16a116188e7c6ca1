#include "drivers/keymap.h"

namespace cw::keymap {

namespace {

// Set 1 make codes of the keys that are not characters (Scan Code Specification, set 1 table).
inline constexpr uint8_t kLeftCtrl = 0x1D, kLeftShift = 0x2A, kRightShift = 0x36, kCapsLock = 0x3A,
                         kNumLock = 0x45, kScrollLock = 0x46;
inline constexpr uint8_t kKeypadFirst = 0x47, kKeypadLast = 0x53;  // keypad 7 ... keypad .
inline constexpr uint8_t kExtendedPrefix = 0xE0, kPausePrefix = 0xE1, kBreakBit = 0x80;
// After 0xE0 (the same table): keypad Enter, right ctrl, keypad /. Everything else extended is ignored.
inline constexpr uint8_t kExtKeypadEnter = 0x1C, kExtRightCtrl = 0x1D, kExtKeypadSlash = 0x35;

struct Key {
  uint8_t code;
  char normal;
  char shifted;
};

// US layout, main block. Keypad keys are in kKeypad below; codes not listed produce nothing.
constexpr Key kKeys[] = {
    {0x01, 0x1B, 0x1B}, {0x02, '1', '!'},   {0x03, '2', '@'},   {0x04, '3', '#'},   {0x05, '4', '$'},
    {0x06, '5', '%'},   {0x07, '6', '^'},   {0x08, '7', '&'},   {0x09, '8', '*'},   {0x0A, '9', '('},
    {0x0B, '0', ')'},   {0x0C, '-', '_'},   {0x0D, '=', '+'},   {0x0E, '\b', '\b'}, {0x0F, '\t', '\t'},
    {0x10, 'q', 'Q'},   {0x11, 'w', 'W'},   {0x12, 'e', 'E'},   {0x13, 'r', 'R'},   {0x14, 't', 'T'},
    {0x15, 'y', 'Y'},   {0x16, 'u', 'U'},   {0x17, 'i', 'I'},   {0x18, 'o', 'O'},   {0x19, 'p', 'P'},
    {0x1A, '[', '{'},   {0x1B, ']', '}'},   {0x1C, '\n', '\n'}, {0x1E, 'a', 'A'},   {0x1F, 's', 'S'},
    {0x20, 'd', 'D'},   {0x21, 'f', 'F'},   {0x22, 'g', 'G'},   {0x23, 'h', 'H'},   {0x24, 'j', 'J'},
    {0x25, 'k', 'K'},   {0x26, 'l', 'L'},   {0x27, ';', ':'},   {0x28, '\'', '"'},  {0x29, '`', '~'},
    {0x2B, '\\', '|'},  {0x2C, 'z', 'Z'},   {0x2D, 'x', 'X'},   {0x2E, 'c', 'C'},   {0x2F, 'v', 'V'},
    {0x30, 'b', 'B'},   {0x31, 'n', 'N'},   {0x32, 'm', 'M'},   {0x33, ',', '<'},   {0x34, '.', '>'},
    {0x35, '/', '?'},   {0x37, '*', '*'},   {0x39, ' ', ' '},
};

struct Table {
  char normal[0x80] = {};
  char shifted[0x80] = {};
};

constexpr Table make_table() {
  Table t;
  for (const Key& k : kKeys) {
    t.normal[k.code] = k.normal;
    t.shifted[k.code] = k.shifted;
  }
  return t;
}

constexpr Table kTable = make_table();

// Keypad 7 8 9 - 4 5 6 + 1 2 3 0 . (codes 0x47-0x53). Digits and '.' need num lock (and no shift; with
// num lock off they are the navigation keys, which produce nothing); '-' and '+' always type.
constexpr char kKeypad[] = "789-456+1230.";
static_assert(sizeof(kKeypad) - 1 == kKeypadLast - kKeypadFirst + 1);

constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

int ScanCodeSet1Decoder::feed(uint8_t byte) {
  if (skip_ > 0) {
    --skip_;
    return kNoCharacter;
  }
  if (byte == kPausePrefix) {
    skip_ = 2;  // E1 1D 45, then E1 9D C5: each E1 swallows the two bytes after it
    extended_ = false;
    return kNoCharacter;
  }
  if (byte == kExtendedPrefix) {
    extended_ = true;
    return kNoCharacter;
  }
  bool was_extended = extended_;
  extended_ = false;
  uint8_t code = byte & ~kBreakBit;
  bool released = (byte & kBreakBit) != 0;

  if (was_extended) {
    if (code == kExtRightCtrl) right_ctrl_ = !released;
    return released ? kNoCharacter : press_extended(code);
  }
  switch (code) {
    case kLeftShift: left_shift_ = !released; return kNoCharacter;
    case kRightShift: right_shift_ = !released; return kNoCharacter;
    case kLeftCtrl: left_ctrl_ = !released; return kNoCharacter;
    case kCapsLock: if (released) caps_held_ = false; break;
    case kNumLock: if (released) num_held_ = false; break;
    case kScrollLock: if (released) scroll_held_ = false; break;
    default: break;
  }
  return released ? kNoCharacter : press(code);
}

int ScanCodeSet1Decoder::press(uint8_t code) {
  auto toggle = [this](bool& lock, bool& held) {
    if (!held) {  // a typematic repeat of a held lock key must not toggle again
      lock = !lock;
      leds_changed_ = true;
    }
    held = true;
    return kNoCharacter;
  };
  if (code == kCapsLock) return toggle(caps_lock_, caps_held_);
  if (code == kNumLock) return toggle(num_lock_, num_held_);
  if (code == kScrollLock) return toggle(scroll_lock_, scroll_held_);

  bool shift = left_shift_ || right_shift_;
  if (code >= kKeypadFirst && code <= kKeypadLast) {
    char c = kKeypad[code - kKeypadFirst];
    if (c == '-' || c == '+' || (num_lock_ && !shift)) return c;
    return kNoCharacter;
  }
  char c = kTable.normal[code];
  if (c == 0) return kNoCharacter;
  if (is_lower(c)) {
    if (left_ctrl_ || right_ctrl_) return c & 0x1F;  // ctrl-A 0x01 ... ctrl-Z 0x1A
    return (shift != caps_lock_) ? kTable.shifted[code] : c;
  }
  if ((left_ctrl_ || right_ctrl_) && (c == '[' || c == '\\' || c == ']')) return c & 0x1F;  // ESC, FS, GS
  return shift ? kTable.shifted[code] : c;
}

int ScanCodeSet1Decoder::press_extended(uint8_t code) {
  if (code == kExtKeypadEnter) return '\n';
  if (code == kExtKeypadSlash) return '/';
  // Right ctrl (tracked in feed), right alt, arrows, the navigation block, the GUI keys and the fake
  // shifts that surround print screen: nothing to type.
  return kNoCharacter;
}

uint8_t ScanCodeSet1Decoder::leds() const {
  return static_cast<uint8_t>((scroll_lock_ ? kLedScrollLock : 0) | (num_lock_ ? kLedNumLock : 0) |
                              (caps_lock_ ? kLedCapsLock : 0));
}

bool ScanCodeSet1Decoder::take_leds_changed() {
  bool changed = leds_changed_;
  leds_changed_ = false;
  return changed;
}

}  // namespace cw::keymap
