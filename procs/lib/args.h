// Command-line helpers for programs: numbers from argv and splitting a line into words.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/cmdline.h"  // cw::parse_uint: decimal or 0x-hex, nothing trailing
#include "lib/string_view.h"

namespace cw::user {

// argv[index] as a number (parse_uint). Absent (index >= argc): `fallback`. Malformed: prints
// "<argv[0]>: bad number '<text>'" on stderr and exits with status 2, the usual usage-error status.
uint32_t arg_uint(int argc, char** argv, int index, uint32_t fallback);

// argv[index], or `fallback` when absent.
const char* arg_string(int argc, char** argv, int index, const char* fallback);

// Splits `line` in place at spaces and tabs: NUL-terminates each word and stores pointers to at most
// `max - 1` of them in `words`, followed by a nullptr (an argv for spawn). Returns the word count, or
// `max` if there were more words than fit (then the array holds the first max - 1).
size_t split_words(char* line, char** words, size_t max);

}  // namespace cw::user
