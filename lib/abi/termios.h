// The terminal interface as Linux i386 passes it to ioctl (include/uapi/asm-generic/termbits.h,
// ioctls.h): the kernel's struct termios (TCGETS/TCSETS), struct winsize, and the flag bits Clockwork's
// console acts on.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::abi {

inline constexpr uint32_t kTcgets = 0x5401;
inline constexpr uint32_t kTcsets = 0x5402;
inline constexpr uint32_t kTcsetsw = 0x5403;    // after output drains (the console's never waits)
inline constexpr uint32_t kTcsetsf = 0x5404;    // and discard pending input
inline constexpr uint32_t kTiocgwinsz = 0x5413;
inline constexpr uint32_t kTiocswinsz = 0x5414;

inline constexpr uint32_t kNccs = 19;

struct Termios {
  uint32_t c_iflag;
  uint32_t c_oflag;
  uint32_t c_cflag;
  uint32_t c_lflag;
  uint8_t c_line;
  uint8_t c_cc[kNccs];
};
static_assert(sizeof(Termios) == 36 && offsetof(Termios, c_cc) == 17);

struct Winsize {
  uint16_t ws_row;
  uint16_t ws_col;
  uint16_t ws_xpixel;
  uint16_t ws_ypixel;
};
static_assert(sizeof(Winsize) == 8);

// c_lflag bits the console honours.
inline constexpr uint32_t kIsig = 0000001;
inline constexpr uint32_t kIcanon = 0000002;
inline constexpr uint32_t kEcho = 0000010;

// A Linux tty's settings when it is first opened (drivers/tty/tty_io.c tty_std_termios): ICRNL|IXON,
// OPOST|ONLCR, B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, and the
// control characters of INIT_C_CC (^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, ^Q ^S ^Z, ^R ^O ^W ^V).
constexpr Termios default_termios() {
  return Termios{0002400, 0000005, 0002277, 0105073, 0,
                 {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0, 0, 0}};
}

}  // namespace cw::abi
