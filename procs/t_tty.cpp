// t_tty: the console as a terminal (kernel/fs/console_file.cpp, kernel/console_input.h, lib/abi/termios.h).
//   1. TCGETS on 0, 1 and 2 gives a Linux tty's defaults; a pipe is not a terminal (ENOTTY);
//   2. TIOCGWINSZ gives 25 rows of 80 columns, and TIOCSWINSZ changes what it gives;
//   3. without ICANON and ISIG every byte is readable as it arrives: ctrl-D and ctrl-C (typed by the
//      test case, without Enter) come back as the bytes 0x04 and 0x03;
//   4. TCSETS back to the defaults: canonical lines again (the case types a line).
// Output: (t_tty) begin / one line per step / (t_tty) end.
#include "lib/abi/termios.h"
#include "procs/lib/fd.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

bool same(const abi::Termios& a, const abi::Termios& b) { return __builtin_memcmp(&a, &b, sizeof(a)) == 0; }

abi::Termios get(int fd) {
  abi::Termios t{};
  auto r = sys::ioctl(fd, abi::kTcgets, &t);
  if (!r) fail_test("TCGETS on {}: {}", fd, r.error());
  return t;
}

void set(const abi::Termios& t) {
  abi::Termios copy = t;
  if (auto r = sys::ioctl(0, abi::kTcsets, &copy); !r) fail_test("TCSETS: {}", r.error());
}

char read_byte() {
  char c = 0;
  auto n = sys::read(0, &c, 1);
  if (!n || n.value() != 1) fail_test("read of one byte: {}", n ? Error::Io : n.error());
  return c;
}

}  // namespace

int main() {
  test_begin("t_tty");
  msg("1. TCGETS on 0, 1 and 2 gives a Linux tty's defaults; a pipe is not a terminal (ENOTTY)");
  const abi::Termios defaults = abi::default_termios();
  for (int fd = 0; fd < 3; ++fd) check(same(get(fd), defaults), "fd {} does not have the defaults", fd);
  check((defaults.c_lflag & (abi::kIcanon | abi::kEcho | abi::kIsig)) == (abi::kIcanon | abi::kEcho | abi::kIsig),
        "ICANON, ECHO and ISIG");
  int fds[2];
  check(sys::pipe(fds).has_value(), "pipe");
  abi::Termios t{};
  auto not_tty = sys::ioctl(fds[0], abi::kTcgets, &t);
  check(!not_tty && not_tty.error() == Error::NotTty, "TCGETS on a pipe");
  (void)sys::close(fds[0]);
  (void)sys::close(fds[1]);

  msg("2. TIOCGWINSZ gives 25 rows of 80 columns, and TIOCSWINSZ changes what it gives");
  abi::Winsize w{};
  check(sys::ioctl(1, abi::kTiocgwinsz, &w).has_value() && w.ws_row == 25 && w.ws_col == 80, "TIOCGWINSZ {}x{}",
        w.ws_row, w.ws_col);
  abi::Winsize bigger{50, 132, 0, 0};
  check(sys::ioctl(1, abi::kTiocswinsz, &bigger).has_value(), "TIOCSWINSZ");
  check(sys::ioctl(2, abi::kTiocgwinsz, &w).has_value() && w.ws_row == 50 && w.ws_col == 132, "after TIOCSWINSZ");

  abi::Termios raw = defaults;
  raw.c_lflag &= ~(abi::kIcanon | abi::kIsig);  // ECHO stays: the case waits for the echoed ^D
  set(raw);
  check(same(get(0), raw), "TCGETS after TCSETS");
  msg("3. raw mode: type ctrl-D then ctrl-C");
  flush_output();
  char first = read_byte();
  char second = read_byte();
  check(first == 0x04 && second == 0x03, "raw bytes {:#x} {:#x}", static_cast<int>(first), static_cast<int>(second));
  print("\n");  // after the echoed ^D^C
  msg("3. without ICANON and ISIG ctrl-D and ctrl-C arrive as the bytes 0x04 and 0x03");

  set(defaults);
  msg("4. canonical again: type a line");
  flush_output();
  char line[32] = {};
  auto n = sys::read(0, line, sizeof(line));
  check(n && StringView(line, n.value()) == StringView("one line\n"), "canonical read '{}'",
        StringView(line, n ? n.value() : 0));
  msg("4. TCSETS back to the defaults gives canonical lines again");
  test_end();
  return 0;
}
