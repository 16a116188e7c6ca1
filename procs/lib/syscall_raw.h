// Raw system-call entry: `int 0x80` with the number in eax and up to six arguments in ebx, ecx, edx,
// esi, edi, ebp (docs/abi.md). The result comes back in eax: a value, or a negated errno in
// [-4095, -1]. The kernel preserves every other register, like Linux, so only eax is an output.
//
// These are the only places user code enters the kernel; lib/syscall.h builds the typed calls on them.
// The "memory" clobber is required: the kernel reads and writes user memory behind the compiler's back.
#pragma once

#include <cstdint>

#include "lib/abi/syscall_numbers.h"

// Six arguments need ebp, which is the frame pointer (-fno-omit-frame-pointer) and cannot be named in an
// asm constraint, so that one is a small NASM function (syscall6.asm) that saves and restores it.
extern "C" int32_t cw_raw_syscall6(uint32_t number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                                   uint32_t a5, uint32_t a6);

namespace cw::sys {

inline int32_t raw_syscall0(abi::Syscall n) {
  int32_t r;
  asm volatile("int $0x80" : "=a"(r) : "a"(static_cast<uint32_t>(n)) : "memory");
  return r;
}

inline int32_t raw_syscall1(abi::Syscall n, uint32_t a1) {
  int32_t r;
  asm volatile("int $0x80" : "=a"(r) : "a"(static_cast<uint32_t>(n)), "b"(a1) : "memory");
  return r;
}

inline int32_t raw_syscall2(abi::Syscall n, uint32_t a1, uint32_t a2) {
  int32_t r;
  asm volatile("int $0x80" : "=a"(r) : "a"(static_cast<uint32_t>(n)), "b"(a1), "c"(a2) : "memory");
  return r;
}

inline int32_t raw_syscall3(abi::Syscall n, uint32_t a1, uint32_t a2, uint32_t a3) {
  int32_t r;
  asm volatile("int $0x80"
               : "=a"(r)
               : "a"(static_cast<uint32_t>(n)), "b"(a1), "c"(a2), "d"(a3)
               : "memory");
  return r;
}

inline int32_t raw_syscall4(abi::Syscall n, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4) {
  int32_t r;
  asm volatile("int $0x80"
               : "=a"(r)
               : "a"(static_cast<uint32_t>(n)), "b"(a1), "c"(a2), "d"(a3), "S"(a4)
               : "memory");
  return r;
}

inline int32_t raw_syscall5(abi::Syscall n, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                            uint32_t a5) {
  int32_t r;
  asm volatile("int $0x80"
               : "=a"(r)
               : "a"(static_cast<uint32_t>(n)), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
               : "memory");
  return r;
}

inline int32_t raw_syscall6(abi::Syscall n, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                            uint32_t a5, uint32_t a6) {
  return cw_raw_syscall6(static_cast<uint32_t>(n), a1, a2, a3, a4, a5, a6);
}

// Pointers and sizes travel as 32-bit register values.
template <typename T>
inline uint32_t reg(T* pointer) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(pointer));
}

}  // namespace cw::sys
