#include "drivers/vga_text.h"

#include <cstdint>

#include "kernel/arch/cpu.h"
#include "mm/kernel_layout.h"

namespace cw::vga {

namespace {

inline constexpr uint32_t kColumns = 80, kRows = 25;
inline constexpr uint16_t kAttribute = 0x07 << 8;  // light grey on black
inline constexpr uint16_t kCrtIndex = 0x3D4, kCrtData = 0x3D5;
inline constexpr uint8_t kCursorHigh = 0x0E, kCursorLow = 0x0F;

volatile uint16_t* screen() {
  return reinterpret_cast<volatile uint16_t*>(phys_to_virt(PhysAddr(0xB8000)).get());
}

uint32_t row = 0, column = 0;

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
  for (uint32_t i = (kRows - 1) * kColumns; i < kRows * kColumns; ++i) s[i] = kAttribute | ' ';
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
    screen()[row * kColumns + column] = kAttribute | ' ';
  } else if (c == '\t') {
    column = (column + 8) & ~7u;
  } else {
    screen()[row * kColumns + column] = static_cast<uint16_t>(kAttribute | static_cast<uint8_t>(c));
    ++column;
  }
  if (column >= kColumns) {
    column = 0;
    ++row;
  }
  if (row >= kRows) scroll();
}

}  // namespace

void init() {
  volatile uint16_t* s = screen();
  for (uint32_t i = 0; i < kRows * kColumns; ++i) s[i] = kAttribute | ' ';
  row = column = 0;
  move_cursor();
}

void write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) put(text[i]);
  move_cursor();
}

}  // namespace cw::vga
