// Kernel panics: for the kernel's own bugs only. Bad input and faulting programs get errors, not panics.
//
//   PANIC("frame {} freed twice", index);   prints "PANIC: frame 3 freed twice" with file:line, stops.
//   CW_ASSERT(cond);                         panics with the condition's text if it is false.
#pragma once

#include "lib/format.h"

namespace cw {

[[noreturn]] void panic_formatted(const char* file, int line, StringView fmt, const FormatArg* args,
                                  size_t count);

template <typename... Args>
[[noreturn]] void panic_at(const char* file, int line, StringView fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    panic_formatted(file, line, fmt, nullptr, 0);
  } else {
    const FormatArg captured[] = {make_format_arg(args)...};
    panic_formatted(file, line, fmt, captured, sizeof...(Args));
  }
}

}  // namespace cw

#define PANIC(...) ::cw::panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define CW_ASSERT(cond)                                      \
  do {                                                       \
    if (!(cond)) PANIC("assertion failed: {}", #cond);       \
  } while (0)
