// Line input from fd 0, the console.
//
// The Clockwork console is line-buffered in the kernel (one read returns at most one line), but a
// read may also return part of a line, and on a Linux host a pipe returns many lines at once, so the
// reader keeps its own buffer and splits lines itself.
#pragma once

#include <cstddef>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::user {

struct Line {
  StringView text;    // without the '\n'; points into the caller's buffer, which is NUL-terminated
  bool end_of_input;  // read() returned 0 before a '\n': `text` holds what came before (maybe nothing)
  bool truncated;     // the line did not fit: the rest of it, up to its '\n', was discarded
};

// Flushes print() output (so a prompt appears), then reads the next line into `buffer` (`capacity`
// bytes, at least 1). Errors are those of read(). Not usable on other descriptors.
Result<Line> readline(char* buffer, size_t capacity);

}  // namespace cw::user
