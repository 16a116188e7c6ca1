// Type-safe formatted output for the kernel, the user library and the host tools.
//
//   format(sink, "frame {} at {:#010x}: {}", index, addr, error);
//
// Placeholders are `{}` or `{:spec}` with spec = [0][width][type]; `#` before the width adds a 0x/0b
// prefix. Types: d (decimal), x/X (hex), b (binary), c (character), s (string); the default depends on
// the argument's C++ type, which is captured at compile time, so a mismatched argument cannot read
// garbage the way printf's varargs do. `{{` and `}}` print braces. A placeholder with no matching
// argument prints `{?}` and a bad spec prints `{!}`, so a formatting slip is visible, never undefined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "lib/error.h"
#include "lib/string_view.h"
#include "lib/types.h"

namespace cw {

// Where formatted text goes. Implementations: consoles, fixed buffers, test captures.
class FormatSink {
public:
  virtual void write(const char* text, size_t length) = 0;

protected:
  ~FormatSink() = default;
};

// Writes into a caller-owned buffer, truncating (always NUL-terminated when capacity > 0).
class BufferSink final : public FormatSink {
public:
  BufferSink(char* buffer, size_t capacity);
  void write(const char* text, size_t length) override;
  size_t size() const { return size_; }
  bool truncated() const { return truncated_; }
  StringView view() const { return StringView(buffer_, size_); }

private:
  char* buffer_;
  size_t capacity_;
  size_t size_ = 0;
  bool truncated_ = false;
};

// One captured argument. Built only by make_format_arg, which decides the kind from the C++ type.
struct FormatArg {
  enum class Kind : uint8_t { Signed, Unsigned, Bool, Char, String, Pointer, Address };
  Kind kind;
  union {
    int64_t s;
    uint64_t u;
    const char* str;
    const void* ptr;
  };
  size_t length = 0;  // for String
  uint8_t bits = 64;  // for Signed: the argument's width, so -1 as an int32_t prints as ffffffff in hex
};

template <typename T>
constexpr FormatArg make_format_arg(const T& value) {
  using U = std::remove_cv_t<T>;
  FormatArg arg{};
  if constexpr (std::is_same_v<U, bool>) {
    arg.kind = FormatArg::Kind::Bool;
    arg.u = value ? 1 : 0;
  } else if constexpr (std::is_same_v<U, char>) {
    arg.kind = FormatArg::Kind::Char;
    arg.u = static_cast<unsigned char>(value);
  } else if constexpr (std::is_enum_v<U>) {
    if constexpr (std::is_same_v<U, Error>) {
      arg.kind = FormatArg::Kind::String;
      arg.str = error_string(value);
      arg.length = StringView(arg.str).size();
    } else {
      arg.kind = FormatArg::Kind::Signed;
      arg.s = static_cast<int64_t>(value);
    }
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    arg.kind = FormatArg::Kind::Signed;
    arg.s = value;
    arg.bits = static_cast<uint8_t>(sizeof(U) * 8);
  } else if constexpr (std::is_integral_v<U>) {
    arg.kind = FormatArg::Kind::Unsigned;
    arg.u = value;
  } else if constexpr (std::is_same_v<U, const char*> || std::is_same_v<U, char*>) {
    arg.kind = FormatArg::Kind::String;
    arg.str = value ? value : "(null)";
    arg.length = StringView(arg.str).size();
  } else if constexpr (std::is_same_v<U, StringView>) {
    arg.kind = FormatArg::Kind::String;
    arg.str = value.data();
    arg.length = value.size();
  } else if constexpr (std::is_same_v<U, PhysAddr> || std::is_same_v<U, VirtAddr>) {
    arg.kind = FormatArg::Kind::Address;
    arg.u = value.get();
  } else if constexpr (std::is_same_v<U, Pfn> || std::is_same_v<U, Vpn>) {
    arg.kind = FormatArg::Kind::Unsigned;
    arg.u = value.get();
  } else if constexpr (std::is_pointer_v<U>) {
    arg.kind = FormatArg::Kind::Pointer;
    arg.ptr = value;
  } else {
    static_assert(sizeof(U) == 0, "format: no formatting for this argument type");
  }
  return arg;
}

// String literals and char arrays decay to const char*.
template <size_t N>
constexpr FormatArg make_format_arg(const char (&value)[N]) {
  return make_format_arg(static_cast<const char*>(value));
}

void vformat(FormatSink& sink, StringView fmt, const FormatArg* args, size_t count);

template <typename... Args>
void format(FormatSink& sink, StringView fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    vformat(sink, fmt, nullptr, 0);
  } else {
    const FormatArg captured[] = {make_format_arg(args)...};
    vformat(sink, fmt, captured, sizeof...(Args));
  }
}

// Formats into `buffer` (capacity bytes, NUL-terminated); returns the length written.
template <typename... Args>
size_t format_to(char* buffer, size_t capacity, StringView fmt, const Args&... args) {
  BufferSink sink(buffer, capacity);
  format(sink, fmt, args...);
  return sink.size();
}

}  // namespace cw
