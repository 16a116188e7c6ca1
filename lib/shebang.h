// The "#!" line of an interpreter script, parsed as Linux's fs/binfmt_script.c (load_script, Linux >= 5.1)
// parses it: execve of a script runs `INTERPRETER [ARGUMENT] SCRIPT ARGS...` instead.
//
// The kernel looks only at the first kShebangBytes bytes of the file (Linux's BINPRM_BUF_SIZE); a file
// shorter than that reads as if padded with NULs. The line ends at the first newline; without one in
// those bytes, the interpreter's name must end (at a space, a tab or a NUL) before the limit, else the
// script is refused rather than run with a truncated interpreter; only the argument may be cut. Spaces
// and tabs before the name and at the end of the line are dropped. The optional argument is the rest of
// the line after the name and its following blanks, inner blanks included, up to a NUL: a single string,
// never split. A NUL inside the name ends it, and the line then has no argument.
//
// Freestanding and pure: the views point into the caller's bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {

inline constexpr uint32_t kShebangBytes = 256;  // Linux's BINPRM_BUF_SIZE (since 5.1; 128 before)

struct Shebang {
  StringView interpreter;  // the path as written in the line (not empty)
  StringView argument;     // empty if has_argument is false
  bool has_argument = false;
};

// True if the file starts with "#!": a script, whether its line is valid or not.
bool is_script(const char* bytes, size_t length);

// Parses the first `length` bytes of a file (at most kShebangBytes are looked at).
// Errors: BadExecutable (ENOEXEC): no "#!", no interpreter name, or a name the limit cuts off.
Result<Shebang> parse_shebang(const char* bytes, size_t length);

}  // namespace cw
