#include "lib/shebang.h"

namespace cw {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// The first character in [first, last] that is not blank, or null (Linux's next_non_spacetab).
const char* next_non_blank(const char* first, const char* last) {
  for (; first <= last; ++first)
    if (!blank(*first)) return first;
  return nullptr;
}

// The first blank or NUL in [first, last], or null (Linux's next_terminator).
const char* next_terminator(const char* first, const char* last) {
  for (; first <= last; ++first)
    if (blank(*first) || *first == '\0') return first;
  return nullptr;
}

// The string starting at `from` that ends at `end` or at the first NUL before it.
StringView up_to_nul(const char* from, const char* end) {
  const char* p = from;
  while (p < end && *p != '\0') ++p;
  return StringView(from, static_cast<size_t>(p - from));
}

}  // namespace

bool is_script(const char* bytes, size_t length) {
  return length >= 2 && bytes[0] == '#' && bytes[1] == '!';
}

Result<Shebang> parse_shebang(const char* bytes, size_t length) {
  if (!is_script(bytes, length)) return Error::BadExecutable;
  // The views returned point into `bytes`; the padding of a short file is only ever read as NULs, so the
  // scan runs over `bytes` where it has them and treats the rest as NUL.
  const size_t size = length < kShebangBytes ? length : kShebangBytes;
  char buffer[kShebangBytes] = {};
  for (size_t i = 0; i < size; ++i) buffer[i] = bytes[i];
  const char* buf_end = buffer + kShebangBytes - 1;  // as Linux: the last byte never belongs to the line

  const char* line_end = nullptr;
  for (const char* p = buffer; p < buffer + kShebangBytes; ++p) {
    if (*p == '\n') {
      line_end = p;
      break;
    }
  }
  if (!line_end) {
    line_end = next_non_blank(buffer + 2, buf_end);
    if (!line_end) return Error::BadExecutable;                          // only blanks
    if (!next_terminator(line_end, buf_end)) return Error::BadExecutable;  // the name is cut off
    line_end = buf_end;
  }
  while (blank(line_end[-1])) --line_end;  // stops at the '!' at the latest

  const char* name = next_non_blank(buffer + 2, line_end);
  if (!name || name == line_end) return Error::BadExecutable;  // no interpreter name
  const char* separator = next_terminator(name, line_end);
  const char* argument = nullptr;
  if (separator && *separator != '\0') argument = next_non_blank(separator, line_end);

  auto in_caller = [&](StringView view) {
    return StringView(bytes + (view.data() - buffer), view.size());
  };
  Shebang result;
  result.interpreter = in_caller(up_to_nul(name, separator ? separator : line_end));
  if (argument) {
    result.argument = in_caller(up_to_nul(argument, line_end));
    result.has_argument = true;
  }
  return result;
}

}  // namespace cw
