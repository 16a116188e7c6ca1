#include "procs/lib/readline.h"

#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

namespace cw::user {

namespace {

// Bytes read from fd 0 but not yet handed out: [start, end) of pending.
char pending[256];
size_t pending_start = 0;
size_t pending_end = 0;

// Refills `pending` when it is empty. Returns false at end of input.
Result<bool> fill() {
  if (pending_start < pending_end) return true;
  auto n = sys::read(0, pending, sizeof(pending));
  if (!n) return n.error();
  pending_start = 0;
  pending_end = n.value();
  return n.value() != 0;
}

}  // namespace

Result<Line> readline(char* buffer, size_t capacity) {
  flush_output();
  Line line{StringView(), false, false};
  size_t length = 0;
  for (;;) {
    auto more = fill();
    if (!more) return more.error();
    if (!more.value()) {
      line.end_of_input = true;
      break;
    }
    char c = pending[pending_start++];
    if (c == '\n') break;
    if (length + 1 < capacity) buffer[length++] = c; else line.truncated = true;
  }
  if (capacity > 0) buffer[length] = '\0';
  line.text = StringView(buffer, length);
  return line;
}

}  // namespace cw::user
