// Console input: the kernel's one terminal input queue, fed by the COM1 receiver and the PS/2 keyboard,
// with a canonical-mode line discipline in the manner of a POSIX terminal (ICANON with ECHO, ECHOE,
// ECHOK). Readers get whole lines; editing happens here, as the characters arrive.
//
// Editing characters (what the devices deliver: serial maps CR to '\n' and DEL to '\b'):
//   '\n'           ends the line: it becomes readable, '\n' included (echoed)
//   '\b'           erases the last character of the line, echoing "\b \b" (nothing at the line start)
//   ctrl-U (0x15)  erases the whole line the same way
//   ctrl-C (0x03), ctrl-\ (0x1C), ctrl-Z (0x1A)
//                  (while signals are on, also in raw mode) discard the line, echo "^C", "^\" or "^Z" and a
//                  newline, and send SIGINT, SIGQUIT or SIGTSTP to the foreground process group, if one is
//                  set (below); with none only the line goes
//   ctrl-D (0x04)  ends the line without a newline (not stored, not echoed); on an empty line the read
//                  returns 0, end of file
//   others         are stored as they are; other control characters echo as ^X
// Erasing a tab or a character at the start of a wrapped screen row is exact in the buffer but only
// approximate on the screen (the echo does not track columns).
//
// Capacity: kCapacity bytes for completed lines and the line being typed together. When it is full a
// character is dropped (with a bell, if echo is on) rather than blocking an interrupt handler; the last
// byte is kept for a line end, so the line being typed can always be completed.
//
// Context: receive() from IRQ handlers (interrupts off) or threads; read_line() from threads only.
// Every function takes an InterruptGuard for its own mutual exclusion.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw::console_input {

inline constexpr size_t kCapacity = 4096;

// Feeds one typed character through the line discipline. The devices' IRQ handlers call this (tests
// may too, to type without a device).
void receive(char c);

// Blocks until a completed line (or an end of file) is there, then copies at most `cap` bytes of it to
// `buf`: up to and including its '\n', never into the next line. The rest of a longer line stays for the
// next call (Linux tty semantics). Returns the number of bytes copied; 0 is end of file (ctrl-D on an
// empty line, consumed by this read) — or `cap` was 0, which returns at once and consumes nothing.
// InvalidArgument if `buf` is null and `cap` is not 0.
Result<size_t> read_line(char* buf, size_t cap);

// True if read_line would return without blocking (a completed line, part of one, or an end of file).
bool has_line();

// Echo on (the default) or off, as termios ECHO: covers the erase echo and the bell too.
void set_echo(bool on);
// Canonical mode on (the default: lines, with the editing above) or off, as termios ICANON. Off, every
// byte is readable as it arrives (VMIN 1, VTIME 0: a read waits for one byte and returns what is there)
// and no byte is special but ctrl-C while signals are on; the line being typed becomes readable at once.
// A ctrl-D end-of-file mark left from canonical mode reads as the byte 0x04.
void set_canonical(bool on);
// ctrl-C sends SIGINT (the default) or is an ordinary byte, as termios ISIG.
void set_signals(bool on);
// Discards everything typed and not yet read (TCSETSF, TCFLSH).
void flush();

// Characters dropped because the buffer was full, since boot.
size_t dropped();

// The foreground process group (TIOCSPGRP): the one ctrl-C, ctrl-\ and ctrl-Z signal, 0 for none (the
// default). A job-control shell sets it to the job it waits for and back to its own group at the
// prompt. A group that has ended since is harmless: pids are never reused, and signalling a group with
// no live member does nothing.
void set_foreground(int32_t pgid);
int32_t foreground();

}  // namespace cw::console_input

namespace cw {

// Starts console input: COM1 receive (IRQ 4) and the PS/2 keyboard (IRQ 1), both feeding
// console_input::receive. Call once during bring-up, after pic::init() and the trap layer, with
// interrupts still off. Prints one line naming the devices found.
void init_console_input();

}  // namespace cw
