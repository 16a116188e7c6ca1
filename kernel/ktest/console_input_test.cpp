// ktest=console_input: the console input line discipline, end to end and through its entry point.
//
// 1. Typed on COM1 (the integration case answers each "type:" prompt with `send:`): a line, then a long
//    line read 4 bytes at a time. Each read is printed quoted, so the case checks the exact bytes, and
//    the serial receive interrupt, CR -> '\n' and the blocking read are exercised on the way.
//    Without anyone typing, the test waits at the first prompt (until the run's time limit).
// 2. Injected through console_input::receive, the function the IRQ handlers call: erasing, killing,
//    ctrl-C, ctrl-D, partial reads, the full buffer, and a reader blocked until a thread types a line.
// 3. Scan code set 1 byte sequences through a private keymap decoder: shift, caps lock, ctrl, num lock,
//    the 0xE0 and 0xE1 sequences, and one decoded line fed into the line discipline.
#include "drivers/keymap.h"
#include "drivers/pit.h"
#include "kernel/console_input.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"

namespace cw::ktest {

namespace {

constexpr const char* kName = "console_input";
char buf[1024];

// `text` as a C string literal body: \n \t \\ \" and \xNN escapes, truncated to fit.
const char* quoted(StringView text) {
  static char out[160];
  static const char kHex[] = "0123456789abcdef";
  size_t n = 0;
  for (size_t i = 0; i < text.size() && n + 5 < sizeof(out); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { out[n++] = '\\'; out[n++] = 'n'; }
    else if (c == '\t') { out[n++] = '\\'; out[n++] = 't'; }
    else if (c == '\\' || c == '"') { out[n++] = '\\'; out[n++] = static_cast<char>(c); }
    else if (c < 0x20 || c >= 0x7F) {
      out[n++] = '\\'; out[n++] = 'x'; out[n++] = kHex[c >> 4]; out[n++] = kHex[c & 15];
    } else {
      out[n++] = static_cast<char>(c);
    }
  }
  out[n] = '\0';
  return out;
}

void type(StringView text) {
  for (char c : text) console_input::receive(c);
}

// Reads once (blocking) and prints the bytes quoted.
bool read_and_show(size_t cap) {
  auto r = console_input::read_line(buf, cap);
  if (!r) {
    kprint("({}) FAIL: read_line: {}\n", kName, r.error());
    return false;
  }
  kprint("({}) read \"{}\"\n", kName, quoted(StringView(buf, r.value())));
  return true;
}

// Reads once, where a line must already be waiting, and compares.
bool expect_read(size_t cap, StringView want, const char* what) {
  if (!check(console_input::has_line(), kName, "{}: no line to read", what)) return false;
  auto r = console_input::read_line(buf, cap);
  if (!r) {
    kprint("({}) FAIL: {}: read_line: {}\n", kName, what, r.error());
    return false;
  }
  StringView got(buf, r.value());
  if (got == want) return true;
  kprint("({}) FAIL: {}: read \"{}\"", kName, what, quoted(got));
  kprint(", expected \"{}\"\n", quoted(want));
  return false;
}

bool serial_lines() {
  bool ok = true;
  kprint("({}) type: hello world\n", kName);
  ok &= read_and_show(sizeof(buf));
  kprint("({}) type: a long line\n", kName);
  for (int part = 0; part < 3; ++part) ok &= read_and_show(4);
  return ok;
}

bool editing() {
  bool ok = true;
  type("abd\bc");
  ok &= check(!console_input::has_line(), kName, "a line is readable before Enter");
  type("\n");
  ok &= expect_read(sizeof(buf), "abc\n", "backspace");
  type("\b\bx\n");
  ok &= expect_read(sizeof(buf), "x\n", "backspace on an empty line");
  type("junk\x15" "ok\n");
  ok &= expect_read(sizeof(buf), "ok\n", "ctrl-U");
  type("oops\x03" "fine\n");
  ok &= expect_read(sizeof(buf), "fine\n", "ctrl-C");
  type("a\x01" "b\n");
  ok &= expect_read(sizeof(buf), StringView("a\x01" "b\n", 4), "control character kept");
  type("q\x01\b\n");
  ok &= expect_read(sizeof(buf), "q\n", "backspace over a control character");
  type("one\ntwo\n");
  ok &= expect_read(sizeof(buf), "one\n", "first of two lines");
  ok &= expect_read(sizeof(buf), "two\n", "second of two lines");
  type("z\n");
  auto none = console_input::read_line(buf, 0);
  ok &= check(none && none.value() == 0, kName, "a read of 0 bytes did not return 0");
  ok &= expect_read(sizeof(buf), "z\n", "line after a 0-byte read");
  auto bad = console_input::read_line(nullptr, 5);
  ok &= check(!bad && bad.error() == Error::InvalidArgument, kName, "null buffer accepted");
  ok &= check(!console_input::has_line(), kName, "input left over after editing");
  if (ok) kprint("({}) editing: backspace, ctrl-U, ctrl-C, control characters, lines kept apart\n", kName);
  return ok;
}

bool end_of_file() {
  bool ok = true;
  type("\x04");
  ok &= expect_read(sizeof(buf), "", "ctrl-D on an empty line");
  type("par\x04");
  ok &= expect_read(sizeof(buf), "par", "ctrl-D after text");
  type("abc\x04");
  ok &= expect_read(3, "abc", "ctrl-D right after an exact-size read");
  type("\x04\x04");
  ok &= expect_read(sizeof(buf), "", "first of two ctrl-Ds");
  ok &= expect_read(sizeof(buf), "", "second of two ctrl-Ds");
  ok &= check(!console_input::has_line(), kName, "input left over after end-of-file tests");
  kprint("\n");  // ctrl-D echoes nothing: the echoed "par" and "abc" are still on the current line
  if (ok) kprint("({}) end of file: ctrl-D on an empty line reads 0, after text it ends the line\n", kName);
  return ok;
}

bool full_buffer() {
  bool ok = true;
  console_input::set_echo(false);
  size_t dropped_before = console_input::dropped();
  static_assert(console_input::kCapacity == 4096, "the counts below assume 4 KiB");
  for (int i = 0; i < 5000; ++i) console_input::receive('x');
  ok &= check(!console_input::has_line(), kName, "a line is readable before Enter");
  console_input::receive('\n');  // the reserved last byte
  console_input::receive('y');
  console_input::receive('\n');
  size_t dropped = console_input::dropped() - dropped_before;
  size_t total = 0;
  char last = 0;
  for (int reads = 0; reads < 10 && console_input::has_line(); ++reads) {
    auto r = console_input::read_line(buf, sizeof(buf));
    if (!r || r.value() == 0) break;
    total += r.value();
    last = buf[r.value() - 1];
  }
  console_input::set_echo(true);
  ok &= check(total == console_input::kCapacity && last == '\n', kName,
              "full buffer: read {} bytes, last {:#x}", total, static_cast<unsigned>(last));
  // 4095 'x' fit, 905 do not; after the reserved '\n' the buffer is full, so 'y' and '\n' go too.
  ok &= check(dropped == 905 + 2, kName, "full buffer: {} dropped", dropped);
  type("after\n");
  ok &= expect_read(sizeof(buf), "after\n", "line after the buffer was full");
  if (ok)
    kprint("({}) full buffer: {} characters kept, {} dropped, line end reserved\n", kName, total - 1,
           dropped);
  return ok;
}

void late_typist(void*) {
  sched::sleep_ms(50);
  type("late\n");
}

bool blocking_reader() {
  uint64_t start = pit::ticks();
  auto t = sched::spawn_kernel_thread("typist", late_typist, nullptr);
  if (!check(t.has_value(), kName, "cannot spawn a thread")) return false;
  auto r = console_input::read_line(buf, sizeof(buf));  // blocks until the typist's line
  uint64_t elapsed = pit::ticks() - start;
  bool ok = check(r && StringView(buf, r.value()) == "late\n", kName, "blocked read got the wrong line");
  ok &= check(elapsed >= 50, kName, "blocked read returned after {} ms", elapsed);
  if (ok) kprint("({}) a blocked reader woke for a line typed 50 ms later\n", kName);
  return ok;
}

struct KeyCase {
  const char* what;
  const uint8_t* bytes;
  size_t count;
  StringView expected;
};

constexpr uint8_t kShiftText[] = {
    0x2A, 0x23, 0xA3, 0xAA, 0x12, 0x92, 0x26, 0xA6, 0x26, 0xA6, 0x18, 0x98,  // H e l l o
    0x33, 0xB3, 0x39, 0xB9, 0x36, 0x11, 0x91, 0xB6,                          // , space W (right shift)
    0x18, 0x98, 0x13, 0x93, 0x26, 0xA6, 0x20, 0xA0,                          // o r l d
    0x2A, 0x02, 0x82, 0xAA, 0x1C, 0x9C,                                      // ! Enter
};
constexpr uint8_t kCapsLock[] = {
    0x3A, 0x3A, 0xBA,              // caps lock on (a typematic repeat does not toggle it back)
    0x1E, 0x9E,                    // A
    0x2A, 0x1E, 0x9E, 0xAA,        // shift: a
    0x02, 0x82, 0x2A, 0x02, 0x82, 0xAA,  // 1 ! (digits ignore caps lock)
    0x3A, 0xBA, 0x1E, 0x9E,        // caps lock off: a
};
constexpr uint8_t kCtrl[] = {
    0x1D, 0x2E, 0xAE, 0x9D,              // ctrl-C
    0x1D, 0x20, 0xA0, 0x9D,              // ctrl-D
    0xE0, 0x1D, 0x16, 0x96, 0xE0, 0x9D,  // right ctrl-U
    0x1D, 0x1A, 0x9A, 0x9D,              // ctrl-[ (ESC)
    0x2E, 0xAE,                          // c, ctrl released
};
constexpr uint8_t kExtended[] = {
    0xE0, 0x48, 0xE0, 0xC8,                          // up arrow: nothing
    0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA,  // print screen and its fake shift: nothing
    0x1E, 0x9E,                                      // a (the fake shift left no trace)
    0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5,              // pause: nothing (not ctrl, not num lock)
    0x2E, 0xAE,                                      // c
    0xE0, 0x1C, 0xE0, 0x9C, 0xE0, 0x35, 0xE0, 0xB5,  // keypad Enter, keypad /
    0xE0, 0x38, 0x1E, 0x9E, 0xE0, 0xB8,              // right alt held: a
    0x3B, 0xBB, 0x5B, 0xDB, 0xFA, 0x00,              // F1, an unknown code, an ACK, an error: nothing
    0x0E, 0x8E, 0x0F, 0x8F, 0x01, 0x81,              // Backspace, Tab, Esc
};
constexpr uint8_t kKeypad[] = {
    0x4F, 0xCF, 0x4A, 0xCA, 0x37, 0xB7,  // num lock on at start: 1 - *
    0x45, 0xC5, 0x4F, 0xCF, 0x4E, 0xCE,  // num lock off: (End) +
    0x45, 0xC5, 0x2A, 0x4F, 0xCF, 0xAA,  // on again, shift held: (End)
    0x53, 0xD3,                          // .
};

bool keyboard() {
  const KeyCase cases[] = {
      {"shift", kShiftText, sizeof(kShiftText), "Hello, World!\n"},
      {"caps lock", kCapsLock, sizeof(kCapsLock), "Aa1!a"},
      {"ctrl", kCtrl, sizeof(kCtrl), "\x03\x04\x15\x1b" "c"},
      {"extended", kExtended, sizeof(kExtended), "ac\n/a\b\t\x1b"},
      {"keypad", kKeypad, sizeof(kKeypad), "1-*+."},
  };
  bool ok = true;
  for (const KeyCase& k : cases) {
    keymap::ScanCodeSet1Decoder decoder;
    char out[64];
    size_t n = 0;
    for (size_t i = 0; i < k.count && n < sizeof(out); ++i) {
      int c = decoder.feed(k.bytes[i]);
      if (c != keymap::kNoCharacter) out[n++] = static_cast<char>(c);
    }
    if (StringView(out, n) != k.expected) {
      kprint("({}) FAIL: keyboard {}: decoded \"{}\"", kName, k.what, quoted(StringView(out, n)));
      kprint(", expected \"{}\"\n", quoted(k.expected));
      ok = false;
    }
    if (k.bytes == kCapsLock)
      ok &= check(decoder.take_leds_changed() && decoder.leds() == keymap::kLedNumLock, kName,
                  "keyboard: lock lights {:#x} after caps lock on and off", decoder.leds());
  }
  // A decoded line through the line discipline: "ls -lx", Backspace, Enter.
  constexpr uint8_t kLine[] = {0x26, 0xA6, 0x1F, 0x9F, 0x39, 0xB9, 0x0C, 0x8C, 0x26, 0xA6,
                               0x2D, 0xAD, 0x0E, 0x8E, 0x1C, 0x9C};
  keymap::ScanCodeSet1Decoder decoder;
  for (uint8_t byte : kLine) {
    int c = decoder.feed(byte);
    if (c != keymap::kNoCharacter) console_input::receive(static_cast<char>(c));
  }
  ok &= expect_read(sizeof(buf), "ls -l\n", "keyboard line");
  if (ok) kprint("({}) keyboard: set 1 decoding (shift, caps lock, ctrl, num lock, 0xE0/0xE1)\n", kName);
  return ok;
}

}  // namespace

bool console_input_test() {
  bool ok = serial_lines();
  ok &= editing();
  ok &= end_of_file();
  ok &= full_buffer();
  ok &= blocking_reader();
  ok &= keyboard();
  return ok;
}

}  // namespace cw::ktest
