#include "kernel/console_input.h"

#include "drivers/ps2_keyboard.h"
#include "drivers/serial.h"
#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/fs/readiness.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/signal/send.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::console_input {

namespace {

inline constexpr char kErase = '\b', kKill = 0x15, kInterrupt = 0x03, kQuit = 0x1C, kSuspend = 0x1A,
                      kEndOfFile = 0x04;
static_assert((kCapacity & (kCapacity - 1)) == 0, "the ring is indexed with a mask");

// The ring, indexed by free-running counters (only their differences matter, and kCapacity divides
// 2^32, so wrapping is harmless):
//   [tail, commit)  completed lines, readable
//   [commit, head)  the line being typed, editable
// A completed line ends in '\n' (handed to the reader) or kEndOfFile (never handed over). Canonical mode
// stores neither character anywhere else, so they mark the line boundaries by themselves.
char ring[kCapacity];
size_t tail = 0, commit = 0, head = 0;
bool echo_on = true;
bool canonical = true;   // termios ICANON
bool signals_on = true;  // termios ISIG
size_t dropped_count = 0;
volatile int32_t foreground_group = 0;  // set_foreground(); read by receive() in IRQ context
WaitQueue readers;

char& at(size_t index) { return ring[index & (kCapacity - 1)]; }
size_t used() { return head - tail; }

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

void echo(const char* text, size_t length) {
  if (echo_on) console::write(text, length);
}

void echo_char(char c) {
  if (c == '\t' || !is_control(c)) {
    echo(&c, 1);
  } else {
    const char caret[2] = {'^', static_cast<char>(c ^ 0x40)};  // 0x01 -> ^A, 0x7F -> ^?
    echo(caret, 2);
  }
}

void erase_last() {
  char c = at(--head);
  echo("\b \b", 3);
  if (c != '\t' && is_control(c)) echo("\b \b", 3);  // its ^X took two columns
}

void drop() {
  ++dropped_count;
  // The bell goes to the serial terminal only: VGA text mode would draw code 7 as a glyph.
  if (echo_on && console::enabled(console::Device::Serial)) serial::write("\a", 1);
}

void end_line(char terminator) {
  if (used() >= kCapacity) {
    drop();
    return;
  }
  at(head++) = terminator;
  commit = head;
  if (terminator == '\n') echo("\n", 1);
  readers.wake_all();
  fs::readiness_changed();
}

// The signal a character sends while ISIG is on (Linux n_tty_receive_signal_char with the default
// c_cc: VINTR ^C, VQUIT ^\, VSUSP ^Z), 0 for none.
int signal_of(char c) {
  switch (c) {
    case kInterrupt: return abi::kSigInt;
    case kQuit: return abi::kSigQuit;
    case kSuspend: return abi::kSigTstp;
    default: return 0;
  }
}

}  // namespace

void receive(char c) {
  cpu::InterruptGuard guard;
  if (int sig = signals_on ? signal_of(c) : 0; sig != 0) {
    head = commit;
    echo_char(c);
    echo("\n", 1);
    // The foreground group may have ended (NoProcess) or hold only zombies: then nobody is signalled.
    if (foreground_group != 0) (void)signal::kill_group(nullptr, foreground_group, sig);
    return;
  }
  if (!canonical) {  // every byte is readable as it arrives, with no editing (VMIN 1, VTIME 0)
    if (used() >= kCapacity) {
      drop();
      return;
    }
    at(head++) = c;
    commit = head;
    if (c == '\n') echo("\n", 1); else echo_char(c);
    readers.wake_all();
    fs::readiness_changed();
    return;
  }
  switch (c) {
    case '\n':
    case kEndOfFile:
      end_line(c);
      return;
    case kErase:
      if (head != commit) erase_last();
      return;
    case kKill:
      while (head != commit) erase_last();
      return;
    default:
      if (used() >= kCapacity - 1) {  // the last byte is for the line end
        drop();
        return;
      }
      at(head++) = c;
      echo_char(c);
  }
}

Result<size_t> read_line(char* buf, size_t cap) {
  if (cap == 0) return size_t{0};
  if (buf == nullptr) return fail(Error::InvalidArgument);
  cpu::InterruptGuard guard;
  while (tail == commit) TRY(readers.wait_interruptible());  // a killed reader stops waiting
  size_t n = 0;
  if (!canonical) {  // what is there, up to cap: bytes, not lines
    while (n < cap && tail != commit) buf[n++] = at(tail++);
    return n;
  }
  while (n < cap && tail != commit) {
    char c = at(tail);
    if (c == kEndOfFile) break;
    buf[n++] = c;
    ++tail;
    if (c == '\n') return n;
  }
  // An end-of-file mark right after the bytes copied ends their line: it goes with them (with no bytes
  // before it, this is the end-of-file read), so it never shows up as a spurious end of file later.
  if (tail != commit && at(tail) == kEndOfFile) ++tail;
  return n;
}

bool has_line() {
  cpu::InterruptGuard guard;
  return tail != commit;
}

void set_echo(bool on) {
  cpu::InterruptGuard guard;
  echo_on = on;
}

void set_canonical(bool on) {
  cpu::InterruptGuard guard;
  if (canonical && !on) commit = head;  // the line being typed becomes readable as it is
  canonical = on;
}

void set_signals(bool on) {
  cpu::InterruptGuard guard;
  signals_on = on;
}

void flush() {
  cpu::InterruptGuard guard;
  tail = commit = head;
}

size_t dropped() {
  cpu::InterruptGuard guard;
  return dropped_count;
}

// One aligned 32-bit load or store, atomic on this single CPU with respect to the IRQ handler that
// reads it: no guard needed.
void set_foreground(int32_t pgid) { foreground_group = pgid; }
int32_t foreground() { return foreground_group; }

}  // namespace cw::console_input

namespace cw {

void init_console_input() {
  bool com1 = serial::start_receive(console_input::receive);
  bool keyboard = ps2_keyboard::init(console_input::receive);
  kprint("console input: COM1 {}, PS/2 keyboard {}\n", com1 ? "on IRQ 4" : "absent",
         keyboard ? "on IRQ 1" : "absent");
}

}  // namespace cw
