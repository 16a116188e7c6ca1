// The argument and environment strings of a new program image, gathered into one kernel-heap buffer
// before anything is built: execve copies them out of the caller's memory while the caller still exists,
// spawn and init from kernel strings. The buffer holds argc argument strings then envc environment
// strings, each NUL-terminated, back to back (the form lib/initial_stack.h takes).
//
// Limits (docs/abi.md, execve): at most kMaxBytes of strings plus one pointer per string, as Linux counts
// them against ARG_MAX; a single string at most kMaxStringBytes (Linux MAX_ARG_STRLEN). Going over either
// is TooBig (E2BIG).
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {

class AddressSpace;

namespace proc {

class ExecArgs {
public:
  static constexpr uint32_t kMaxBytes = 256 * 1024;
  static constexpr uint32_t kMaxStringBytes = 128 * 1024;

  ExecArgs() = default;
  ExecArgs(const ExecArgs&) = delete;
  ExecArgs& operator=(const ExecArgs&) = delete;
  ~ExecArgs();

  // Appends one string. Every argument must come before the first environment string (a programming
  // error otherwise). Errors: TooBig, NoMemory.
  Result<void> add_argument(StringView s);
  Result<void> add_environment(StringView s);
  // Appends every string of a NULL-terminated user array of string pointers at `vector` (0: none), as
  // arguments or environment. Errors: BadAddress, TooBig, NoMemory.
  Result<void> add_user_arguments(AddressSpace& space, uint32_t vector);
  Result<void> add_user_environment(AddressSpace& space, uint32_t vector);
  // An interpreter script's arguments (kernel/proc/script.h, Linux's remove_arg_zero and the strings
  // load_script pushes): the first argument is replaced by the `count` strings of `with`, the others and
  // the environment stay. On error (TooBig, NoMemory) nothing changed.
  Result<void> replace_argument0(const StringView* with, uint32_t count);

  uint32_t argc() const { return argc_; }
  uint32_t envc() const { return envc_; }
  const char* strings() const { return buffer_ ? buffer_ : ""; }
  uint32_t string_bytes() const { return used_; }
  // The first argument, or "" with none.
  StringView argument0() const;
  // The environment strings, one after another (for inheriting an environment).
  template <typename Fn>
  void for_each_environment(Fn&& fn) const;

private:
  enum class Kind : uint8_t { Argument, Environment };
  Result<void> add(StringView s, Kind kind);
  Result<void> add_user(AddressSpace& space, uint32_t vector, Kind kind);
  Result<void> reserve(uint32_t bytes);

  char* buffer_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t used_ = 0;
  uint32_t argc_ = 0;
  uint32_t envc_ = 0;
};

template <typename Fn>
void ExecArgs::for_each_environment(Fn&& fn) const {
  const char* s = strings();
  uint32_t index = 0;
  for (uint32_t at = 0; at < used_; ++index) {
    StringView view(s + at);
    if (index >= argc_) fn(view);
    at += static_cast<uint32_t>(view.size()) + 1;
  }
}

}  // namespace proc
}  // namespace cw
