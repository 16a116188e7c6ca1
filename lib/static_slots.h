// StaticSlots<T, N>: room for N objects of type T in static storage, constructed one by one when needed.
//
// Why: a static object whose constructor or member initializers are not all zero lands in .data, and
// .data is part of the kernel's file image, which stage 2 reads and checksums at every boot (docs/boot.md).
// A controller with rings, contexts and tables is tens of KiB each. Raw storage here is
// zero-initialized, so it lands in .bss (no file space), and construct() runs the constructor at boot.
// Objects are never destroyed: kernel drivers live until power-off.
#pragma once

#include <cstddef>
#include <new>

namespace cw {

template <typename T, size_t N>
class StaticSlots {
public:
  static constexpr size_t capacity() { return N; }

  // Constructs slot `i` with `args`. Precondition: i < N and slot i was not constructed before.
  template <typename... Args>
  T& construct(size_t i, Args&&... args) {
    return *new (&storage_[i]) T(static_cast<Args&&>(args)...);
  }

  // Precondition: slot i was constructed.
  T& operator[](size_t i) { return *std::launder(reinterpret_cast<T*>(&storage_[i])); }
  const T& operator[](size_t i) const { return *std::launder(reinterpret_cast<const T*>(&storage_[i])); }

private:
  struct alignas(T) Slot {
    unsigned char bytes[sizeof(T)];
  };
  Slot storage_[N];
};

}  // namespace cw
