// The kernel command line: whitespace-separated `key=value` options and bare `flag` words.
//
//   console=serial,vga pageable_pages=8 policy=fifo init="memtest 4 seq" quiet
//
// A value may be double-quoted to hold spaces. Parsing never fails: malformed pieces (an unterminated
// quote, an empty key) are collected in `errors()` so the kernel can report them, and the rest is used.
// The parser stores views into the caller's string, which must outlive the CommandLine.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {

class CommandLine {
public:
  static constexpr size_t kMaxOptions = 32;

  struct Option {
    StringView key;
    StringView value;  // empty for a bare flag
    bool has_value = false;
  };

  CommandLine() = default;
  explicit CommandLine(StringView text);

  size_t size() const { return count_; }
  const Option& operator[](size_t i) const { return options_[i]; }

  // The value of the last occurrence of `key` (later options override earlier ones), or nullptr.
  const Option* find(StringView key) const;
  bool has(StringView key) const { return find(key) != nullptr; }
  StringView get(StringView key, StringView fallback = StringView()) const;
  // Decimal or 0x-prefixed hexadecimal. NotFound if absent, InvalidArgument/Overflow if malformed.
  Result<uint32_t> get_uint(StringView key) const;
  // True if `key`'s comma-separated value list contains `item` (e.g. console=serial,vga).
  bool list_contains(StringView key, StringView item) const;

  // Problems met while parsing, as human-readable pieces of the input ("unterminated quote", ...).
  size_t error_count() const { return error_count_; }
  StringView error(size_t i) const { return errors_[i]; }

private:
  void add_error(StringView what);

  Option options_[kMaxOptions];
  size_t count_ = 0;
  StringView errors_[4];
  size_t error_count_ = 0;
};

// Parses an unsigned 32-bit number, decimal or 0x-hex, with nothing trailing.
Result<uint32_t> parse_uint(StringView text);

}  // namespace cw
