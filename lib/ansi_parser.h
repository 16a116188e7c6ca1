// A parser for the ANSI (ECMA-48) escape sequences a text console needs to show colour pictures
// (memshow) and full-screen redraws: CSI sequences `ESC [ p1 ; p2 ... final`. Feed it one character at
// a time; it returns what to do. Hardware-independent (the VGA console uses it; host-tested).
//
// Recognised: SGR `m` (ECMA-48 8.3.117), CUP `H`/`f` (8.3.21), ED `J` (8.3.39), EL `K` (8.3.41). Any
// other complete sequence is swallowed (Ignore), so unknown escapes never print garbage; a malformed one
// ends at the first character that cannot continue it, which is then printed.
#pragma once

#include <cstdint>

namespace cw {

struct AnsiAction {
  enum class Kind : uint8_t { Print, Pending, Ignore, Sgr, CursorPosition, EraseDisplay, EraseLine };
  static constexpr uint32_t kMaxParams = 8;

  Kind kind = Kind::Pending;
  char c = 0;                      // Print: the character
  uint16_t params[kMaxParams] = {};  // missing parameters are 0 (each sequence's default is the caller's)
  uint8_t count = 0;               // parameters given (an empty list is 0)
};

class AnsiParser {
public:
  AnsiAction feed(char c);

private:
  enum class State : uint8_t { Ground, Escape, Csi };
  State state_ = State::Ground;
  AnsiAction building_;
  bool in_param_ = false;
  bool dropping_ = false;
};

}  // namespace cw
