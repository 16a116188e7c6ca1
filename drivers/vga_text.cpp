#include "drivers/vga_text.h"

#include <cstdint>

#include "kernel/arch/cpu.h"
#include "lib/ansi_parser.h"
#include "mm/kernel_layout.h"

namespace cw::vga {

namespace {

inline constexpr uint32_t kColumns = 80, kRows = 25;
inline constexpr uint8_t kDefaultAttribute = 0x07;  // light grey on black
inline constexpr uint16_t kCrtIndex = 0x3D4, kCrtData = 0x3D5;
inline constexpr uint8_t kCursorHigh = 0x0E, kCursorLow = 0x0F;

volatile uint16_t* screen() {
  return reinterpret_cast<volatile uint16_t*>(phys_to_virt(PhysAddr(0xB8000)).get());
}

uint32_t row = 0, column = 0;
uint16_t attribute = kDefaultAttribute << 8;
AnsiParser parser;

// ANSI colour numbers (black red green yellow blue magenta cyan white) as VGA's 4-bit colours, whose
// bits are blue, green, red, intensity (IBM VGA text attribute byte).
constexpr uint8_t kAnsiToVga[8] = {0, 4, 2, 6, 1, 5, 3, 7};
inline constexpr uint8_t kIntensity = 0x08;

uint16_t blank() { return static_cast<uint16_t>(attribute | ' '); }

// SGR (ECMA-48 8.3.117): 0 reset, 1 bold (bright foreground), 2 faint (dark grey), 22 normal intensity,
// 30-37 foreground, 39 default foreground, 40-47 background, 49 default background.
void apply_sgr(const AnsiAction& a) {
  uint8_t attr = static_cast<uint8_t>(attribute >> 8);
  if (a.count == 0) attr = kDefaultAttribute;
  for (uint8_t i = 0; i < a.count; ++i) {
    uint16_t p = a.params[i];
    if (p == 0) attr = kDefaultAttribute;
    else if (p == 1) attr |= kIntensity;
    else if (p == 2) attr = static_cast<uint8_t>((attr & 0xF0) | kIntensity);
    else if (p == 22) attr &= static_cast<uint8_t>(~kIntensity);
    else if (p >= 30 && p <= 37) attr = static_cast<uint8_t>((attr & 0xF8) | kAnsiToVga[p - 30]);
    else if (p == 39) attr = static_cast<uint8_t>((attr & 0xF0) | kDefaultAttribute);
    else if (p >= 40 && p <= 47) attr = static_cast<uint8_t>((attr & 0x8F) | (kAnsiToVga[p - 40] << 4));
    else if (p == 49) attr &= 0x8F;
  }
  attribute = static_cast<uint16_t>(attr << 8);
}

void erase(uint32_t from, uint32_t to) {
  volatile uint16_t* s = screen();
  for (uint32_t i = from; i < to; ++i) s[i] = blank();
}

void apply(const AnsiAction& a);

void move_cursor() {
  uint32_t position = row * kColumns + column;
  cpu::outb(kCrtIndex, kCursorHigh);
  cpu::outb(kCrtData, static_cast<uint8_t>(position >> 8));
  cpu::outb(kCrtIndex, kCursorLow);
  cpu::outb(kCrtData, static_cast<uint8_t>(position));
}

void scroll() {
  volatile uint16_t* s = screen();
  for (uint32_t i = 0; i < (kRows - 1) * kColumns; ++i) s[i] = s[i + kColumns];
  for (uint32_t i = (kRows - 1) * kColumns; i < kRows * kColumns; ++i) s[i] = blank();
  row = kRows - 1;
}

void put(char c) {
  if (c == '\n') {
    column = 0;
    ++row;
  } else if (c == '\r') {
    column = 0;
  } else if (c == '\b') {
    if (column > 0) --column;
    screen()[row * kColumns + column] = blank();
  } else if (c == '\t') {
    column = (column + 8) & ~7u;
  } else {
    screen()[row * kColumns + column] = static_cast<uint16_t>(attribute | static_cast<uint8_t>(c));
    ++column;
  }
  if (column >= kColumns) {
    column = 0;
    ++row;
  }
  if (row >= kRows) scroll();
}

void apply(const AnsiAction& a) {
  uint32_t here = row * kColumns + column;
  switch (a.kind) {
    case AnsiAction::Kind::Print: put(a.c); break;
    case AnsiAction::Kind::Sgr: apply_sgr(a); break;
    case AnsiAction::Kind::CursorPosition: {  // 1-based, clamped to the screen
      uint32_t r = a.count >= 1 && a.params[0] > 0 ? a.params[0] - 1u : 0;
      uint32_t c = a.count >= 2 && a.params[1] > 0 ? a.params[1] - 1u : 0;
      row = r < kRows ? r : kRows - 1;
      column = c < kColumns ? c : kColumns - 1;
      break;
    }
    case AnsiAction::Kind::EraseDisplay:  // 0: to the end, 1: to the cursor, 2: all
      if (a.params[0] == 0) erase(here, kRows * kColumns);
      else if (a.params[0] == 1) erase(0, here + 1);
      else erase(0, kRows * kColumns);
      break;
    case AnsiAction::Kind::EraseLine:
      if (a.params[0] == 0) erase(here, (row + 1) * kColumns);
      else if (a.params[0] == 1) erase(row * kColumns, here + 1);
      else erase(row * kColumns, (row + 1) * kColumns);
      break;
    case AnsiAction::Kind::Pending:
    case AnsiAction::Kind::Ignore: break;
  }
}

}  // namespace

void init() {
  volatile uint16_t* s = screen();
  for (uint32_t i = 0; i < kRows * kColumns; ++i) s[i] = blank();
  row = column = 0;
  move_cursor();
}

void write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) apply(parser.feed(text[i]));
  move_cursor();
}

}  // namespace cw::vga
