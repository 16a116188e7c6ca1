// Result<T, E>: a value or an error, never both, never ignored.
//
// The kernel has no exceptions, so every operation that can fail returns a Result. The class is
// [[nodiscard]] so a dropped error is a compile error under -Werror. TRY(expr) unwraps a Result or returns
// its error from the enclosing function, in the spirit of SerenityOS's TRY and Rust's `?`.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "lib/error.h"

namespace cw {

template <typename E>
struct Unexpected {
  E error;
};

// Wraps an error so it converts to any Result<T, E>.
template <typename E>
constexpr Unexpected<E> fail(E error) {
  return Unexpected<E>{error};
}

template <typename T, typename E = Error>
class [[nodiscard]] Result {
  static_assert(!std::is_reference_v<T>, "Result holds values; use a pointer for references");

public:
  constexpr Result(const T& value) : has_value_(true) { new (&value_) T(value); }
  constexpr Result(T&& value) : has_value_(true) { new (&value_) T(std::move(value)); }
  constexpr Result(E error) : has_value_(false), error_(error) {}
  constexpr Result(Unexpected<E> u) : has_value_(false), error_(u.error) {}

  Result(const Result& other) : has_value_(other.has_value_) {
    if (has_value_) new (&value_) T(other.value_); else error_ = other.error_;
  }
  Result(Result&& other) : has_value_(other.has_value_) {
    if (has_value_) new (&value_) T(std::move(other.value_)); else error_ = other.error_;
  }
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;
  ~Result() {
    if (has_value_) value_.~T();
  }

  constexpr bool has_value() const { return has_value_; }
  constexpr explicit operator bool() const { return has_value_; }

  // Precondition: has_value(). Checked: reading the value of an error is a bug in the caller.
  T& value() & { check(has_value_); return value_; }
  const T& value() const& { check(has_value_); return value_; }
  T release_value() { check(has_value_); return std::move(value_); }
  T value_or(T fallback) const { return has_value_ ? value_ : fallback; }

  // Precondition: !has_value().
  E error() const { check(!has_value_); return error_; }

private:
  static void check(bool ok) {
    if (!ok) __builtin_trap();
  }

  bool has_value_;
  union {
    T value_;
    E error_;
  };
};

template <typename E>
class [[nodiscard]] Result<void, E> {
public:
  constexpr Result() : has_value_(true), error_() {}
  constexpr Result(E error) : has_value_(false), error_(error) {}
  constexpr Result(Unexpected<E> u) : has_value_(false), error_(u.error) {}

  constexpr bool has_value() const { return has_value_; }
  constexpr explicit operator bool() const { return has_value_; }
  void release_value() const {}
  E error() const {
    if (has_value_) __builtin_trap();
    return error_;
  }

private:
  bool has_value_;
  E error_;
};

}  // namespace cw

// Evaluates a Result; on error returns the error from the enclosing function, otherwise yields the value.
#define TRY(expr)                                  \
  ({                                               \
    auto _cw_try_result = (expr);                  \
    if (!_cw_try_result) return fail(_cw_try_result.error()); \
    _cw_try_result.release_value();                \
  })
