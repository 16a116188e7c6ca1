// Command-line arguments for programs: the usage line, numbers and keywords from argv.
//
// A program declares its synopsis once, at the top of main:
//   check_args(argc, argv, "[COUNT [DELAY_MS]]", 2);
// `NAME --help` then prints "usage: NAME [COUNT [DELAY_MS]]" on stdout and exits 0, and too many
// arguments print "NAME: too many arguments" and the usage line on stderr and exit 2 (the usual usage
// error status). The argument readers below report a bad argument the same way.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/cmdline.h"  // cw::parse_uint: decimal or 0x-hex, nothing trailing
#include "lib/string_view.h"

namespace cw::user {

inline constexpr int kAnyArgCount = -1;  // check_args: no limit on the number of arguments

// Handles --help and an argument count above `max_args` (not counting argv[0]) as described above,
// and remembers `synopsis` for the usage line of later errors.
void check_args(int argc, char** argv, const char* synopsis, int max_args);

// Prints "<argv[0]>: <problem>" and the usage line on stderr and exits with status 2.
[[noreturn]] void usage_error(char** argv, StringView problem);

// argv[index] as a number (parse_uint). Absent (index >= argc): `fallback`. Malformed: a usage error,
// "<argv[0]>: bad number '<text>': <why>".
uint32_t arg_uint(int argc, char** argv, int index, uint32_t fallback);

// argv[index], or `fallback` when absent.
const char* arg_string(int argc, char** argv, int index, const char* fallback);

// An optional keyword argument: false if argv[index] is absent, true if it is `keyword`, otherwise a
// usage error ("<argv[0]>: expected '<keyword>', got '<text>'").
bool arg_keyword(int argc, char** argv, int index, const char* keyword);

}  // namespace cw::user
