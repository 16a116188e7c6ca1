#include "kernel/console.h"

#include "drivers/debugcon.h"
#include "drivers/serial.h"
#include "drivers/vga_text.h"
#include "kernel/arch/cpu.h"

namespace cw::console {

namespace {

uint8_t active = static_cast<uint8_t>(Device::Serial) | static_cast<uint8_t>(Device::DebugPort);

class ConsoleSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override { console::write(text, length); }
};

ConsoleSink console_sink;

}  // namespace

void configure(const CommandLine& cmdline) {
  uint8_t wanted = 0;
  if (!cmdline.has("console")) {
    wanted = static_cast<uint8_t>(Device::Serial) | static_cast<uint8_t>(Device::Vga);
  } else {
    if (cmdline.list_contains("console", "serial")) wanted |= static_cast<uint8_t>(Device::Serial);
    if (cmdline.list_contains("console", "vga")) wanted |= static_cast<uint8_t>(Device::Vga);
    if (cmdline.list_contains("console", "e9")) wanted |= static_cast<uint8_t>(Device::DebugPort);
    if (wanted == 0) wanted = static_cast<uint8_t>(Device::Serial);  // never go silent
  }
  if (wanted & static_cast<uint8_t>(Device::Vga)) vga::init();
  active = wanted;
}

bool enabled(Device device) { return (active & static_cast<uint8_t>(device)) != 0; }

FormatSink& sink() { return console_sink; }

void write(const char* text, size_t length) {
  // One message stays in one piece even if an interrupt handler prints in the middle of it.
  cpu::InterruptGuard guard;
  if (enabled(Device::Serial)) serial::write(text, length);
  if (enabled(Device::Vga)) vga::write(text, length);
  if (enabled(Device::DebugPort)) debugcon::write(text, length);
}

}  // namespace cw::console
