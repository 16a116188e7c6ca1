// Helpers for system-call handlers: the current process's address space and typed copies to and from it.
#pragma once

#include "kernel/proc/process.h"
#include "lib/result.h"
#include "mm/address_space.h"

namespace cw::syscall {

inline AddressSpace& current_space() { return *proc::current()->space; }

template <typename T>
Result<T> read_user(uint32_t address) {
  T value;
  TRY(current_space().copy_in(&value, VirtAddr(address), sizeof(T)));
  return value;
}

template <typename T>
Result<void> write_user(uint32_t address, const T& value) {
  return current_space().copy_out(VirtAddr(address), &value, sizeof(T));
}

}  // namespace cw::syscall
