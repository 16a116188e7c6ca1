#include "drivers/debugcon.h"

#include "kernel/arch/cpu.h"

namespace cw::debugcon {

void write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) cpu::outb(0xE9, static_cast<uint8_t>(text[i]));
}

}  // namespace cw::debugcon
