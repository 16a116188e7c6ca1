#include "lib/ansi_parser.h"

namespace cw {

namespace {

inline constexpr char kEscape = '\x1b';
inline constexpr uint16_t kParamMax = 9999;

AnsiAction print(char c) {
  AnsiAction a;
  a.kind = AnsiAction::Kind::Print;
  a.c = c;
  return a;
}

}  // namespace

AnsiAction AnsiParser::feed(char c) {
  switch (state_) {
    case State::Ground:
      if (c != kEscape) return print(c);
      state_ = State::Escape;
      return AnsiAction{};
    case State::Escape:
      if (c == '[') {
        state_ = State::Csi;
        building_ = AnsiAction{};
        in_param_ = false;
        dropping_ = false;
        return AnsiAction{};
      }
      state_ = State::Ground;
      return print(c);  // ESC followed by anything else: drop the ESC
    case State::Csi:
      break;
  }
  if (c >= '0' && c <= '9') {
    if (!in_param_) {
      in_param_ = true;
      if (building_.count < AnsiAction::kMaxParams) ++building_.count;
      else dropping_ = true;  // parameters past kMaxParams are read and dropped
    }
    if (dropping_) return AnsiAction{};
    uint16_t& p = building_.params[building_.count - 1];
    uint32_t next = p * 10u + static_cast<uint32_t>(c - '0');
    p = static_cast<uint16_t>(next > kParamMax ? kParamMax : next);
    return AnsiAction{};
  }
  if (c == ';') {
    if (!in_param_) {  // an empty parameter
      if (building_.count < AnsiAction::kMaxParams) ++building_.count;
      else dropping_ = true;
    }
    in_param_ = false;
    return AnsiAction{};
  }
  if (c >= 0x20 && c <= 0x2F) return AnsiAction{};  // intermediate bytes, and '?' style privates below
  if (c >= 0x3C && c <= 0x3F) return AnsiAction{};
  state_ = State::Ground;
  if (c < 0x40 || c > 0x7E) return print(c);  // not a final byte: the sequence was malformed
  AnsiAction done = building_;
  switch (c) {
    case 'm': done.kind = AnsiAction::Kind::Sgr; break;
    case 'H':
    case 'f': done.kind = AnsiAction::Kind::CursorPosition; break;
    case 'J': done.kind = AnsiAction::Kind::EraseDisplay; break;
    case 'K': done.kind = AnsiAction::Kind::EraseLine; break;
    default: done.kind = AnsiAction::Kind::Ignore; break;
  }
  return done;
}

}  // namespace cw
