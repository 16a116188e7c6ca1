// The 8042 and the keyboard, as described in the IBM Personal System/2 Hardware Interface Technical
// Reference (keyboard/auxiliary device controller and keyboard chapters) and the IBM PC AT Technical
// Reference (8042 keyboard controller): status register at 0x64 (read), controller commands at 0x64
// (write), data in both directions at 0x60. Bytes written to 0x60 outside a controller command go to
// the keyboard itself.
#include "drivers/ps2_keyboard.h"

#include "drivers/keymap.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"

namespace cw::ps2_keyboard {

namespace {

inline constexpr uint16_t kData = 0x60, kStatusCommand = 0x64;
inline constexpr unsigned kIrq = 1;
// Status register bits.
inline constexpr uint8_t kStatusOutputFull = 0x01;  // a byte waits at 0x60 for the CPU
inline constexpr uint8_t kStatusInputFull = 0x02;   // the controller has not taken the last write yet
inline constexpr uint8_t kStatusAuxData = 0x20;     // the waiting byte is from the mouse port
// Controller commands and the bits of its configuration ("command") byte.
inline constexpr uint8_t kReadConfig = 0x20, kWriteConfig = 0x60;
inline constexpr uint8_t kConfigKeyboardIrq = 0x01, kConfigKeyboardClockOff = 0x10, kConfigTranslate = 0x40;
// Keyboard command and replies.
inline constexpr uint8_t kSetLeds = 0xED, kAck = 0xFA, kResend = 0xFE;
inline constexpr int kSpinLimit = 100000;  // bounded waits: a dead controller must not hang the kernel
inline constexpr int kMaxResends = 3;

keymap::ScanCodeSet1Decoder decoder;
CharSink sink_ = nullptr;

// The Set LEDs handshake (keyboard <- 0xED, -> ACK, <- LED bits, -> ACK), driven from the IRQ handler.
enum class LedState : uint8_t { Idle, AwaitCommandAck, AwaitDataAck };
LedState led_state = LedState::Idle;
bool led_update_pending = false;  // the locks changed while a handshake was running
uint8_t led_last_sent = 0;
int led_resends = 0;

uint8_t status() { return cpu::inb(kStatusCommand); }

bool wait_input_empty() {
  for (int spin = 0; spin < kSpinLimit; ++spin)
    if (!(status() & kStatusInputFull)) return true;
  return false;
}

bool wait_output_full() {
  for (int spin = 0; spin < kSpinLimit; ++spin)
    if (status() & kStatusOutputFull) return true;
  return false;
}

bool write_port(uint16_t port, uint8_t value) {
  if (!wait_input_empty()) return false;
  cpu::outb(port, value);
  return true;
}

void send_led_byte(uint8_t value, LedState next) {
  led_last_sent = value;
  led_state = write_port(kData, value) ? next : LedState::Idle;
}

void start_led_update() {
  if (led_state != LedState::Idle) {
    led_update_pending = true;
    return;
  }
  led_update_pending = false;
  led_resends = 0;
  send_led_byte(kSetLeds, LedState::AwaitCommandAck);
}

// True if `byte` is the keyboard's reply to a command (consumed here); false for a scan code.
// 0xFA and 0xFE are not set 1 scan codes, so a stray reply is swallowed too.
bool handle_reply(uint8_t byte) {
  if (byte != kAck && byte != kResend) return false;
  if (led_state == LedState::Idle) return true;
  if (byte == kResend) {
    if (led_resends++ < kMaxResends) send_led_byte(led_last_sent, led_state);
    else led_state = LedState::Idle;  // give up on the lights; typing still works
    return true;
  }
  if (led_state == LedState::AwaitCommandAck) {
    led_resends = 0;
    send_led_byte(decoder.leds(), LedState::AwaitDataAck);
  } else {
    led_state = LedState::Idle;
    if (led_update_pending) start_led_update();
  }
  return true;
}

void on_irq(TrapFrame&) {
  // Drain every keyboard byte: IRQ 1 is edge-triggered, so a byte left behind would never interrupt.
  // A mouse byte stays for the (future) IRQ 12 handler.
  for (int i = 0; i < 16; ++i) {
    uint8_t s = status();
    if (!(s & kStatusOutputFull) || (s & kStatusAuxData)) return;
    uint8_t byte = cpu::inb(kData);
    if (handle_reply(byte)) continue;
    int c = decoder.feed(byte);
    if (decoder.take_leds_changed()) start_led_update();
    if (c != keymap::kNoCharacter && sink_) sink_(static_cast<char>(c));
  }
}

}  // namespace

bool init(CharSink sink) {
  cpu::InterruptGuard guard;
  if (status() == 0xFF) return false;  // nothing decodes the ports: the bus floats high
  for (int i = 0; i < 32 && (status() & kStatusOutputFull); ++i) (void)cpu::inb(kData);  // stale bytes

  // Keyboard interrupt on, keyboard clock on, translation to set 1 on (the BIOS normally left them so).
  if (!write_port(kStatusCommand, kReadConfig) || !wait_output_full()) return false;
  uint8_t config = cpu::inb(kData);
  uint8_t wanted = static_cast<uint8_t>((config | kConfigKeyboardIrq | kConfigTranslate) &
                                        ~kConfigKeyboardClockOff);
  if (wanted != config && !(write_port(kStatusCommand, kWriteConfig) && write_port(kData, wanted)))
    return false;

  sink_ = sink;
  trap::set_irq_handler(kIrq, on_irq);
  start_led_update();  // make the lights match the decoder's locks (num lock on)
  return true;
}

}  // namespace cw::ps2_keyboard
