// Formatted console output for user programs, on lib/format.h:
//
//   print("{} pages at {:#x}\n", count, address);     // fd 1
//   eprint("{}: {}\n", name, error);                   // fd 2
//
// Output is line-buffered: a sink collects text and issues one write() per line (or per full buffer),
// so lines from concurrent processes do not interleave mid-line as long as they fit the buffer.
// eprint flushes fd 1 first and fd 2 at the end of every call, keeping the two streams in order.
// Text without a newline stays buffered until a newline, flush_output(), readline() or exit().
#pragma once

#include <cstddef>

#include "lib/format.h"

namespace cw::user {

// A FormatSink that writes to a file descriptor through a small buffer. Write errors are dropped:
// there is nowhere to report them.
class FdSink final : public FormatSink {
public:
  static constexpr size_t kBufferSize = 256;

  constexpr explicit FdSink(int fd) : fd_(fd) {}
  void write(const char* text, size_t length) override;
  void flush();

private:
  int fd_;
  size_t used_ = 0;
  char buffer_[kBufferSize] = {};
};

FdSink& stdout_sink();
FdSink& stderr_sink();

// Flushes both sinks (stdout first).
void flush_output();

template <typename... Args>
void print(StringView fmt, const Args&... args) {
  format(stdout_sink(), fmt, args...);
}

template <typename... Args>
void eprint(StringView fmt, const Args&... args) {
  stdout_sink().flush();
  format(stderr_sink(), fmt, args...);
  stderr_sink().flush();
}

}  // namespace cw::user
