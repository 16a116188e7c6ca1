// Thin wrappers over i386 instructions the kernel needs: port I/O, control registers, interrupt flag,
// TLB maintenance. Everything that needs inline asm lives in kernel/arch, behind these functions.
#pragma once

#include <cstdint>

#include "lib/types.h"

namespace cw::cpu {

inline void outb(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
inline void outw(uint16_t port, uint16_t value) { asm volatile("outw %0, %1" : : "a"(value), "Nd"(port)); }
inline void outl(uint16_t port, uint32_t value) { asm volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }
inline uint8_t inb(uint16_t port) {
  uint8_t value;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}
inline uint16_t inw(uint16_t port) {
  uint16_t value;
  asm volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}
inline uint32_t inl(uint16_t port) {
  uint32_t value;
  asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}
// A write to an unused port: roughly 1 us on ISA-era hardware, used to pace the 8259 PIC.
inline void io_wait() { outb(0x80, 0); }

inline void disable_interrupts() { asm volatile("cli" ::: "memory"); }
inline void enable_interrupts() { asm volatile("sti" ::: "memory"); }
inline void halt() { asm volatile("hlt" ::: "memory"); }
// Enable interrupts and halt as one step: `sti` takes effect after the next instruction, so no
// interrupt can slip in between and leave the CPU asleep with work pending.
inline void enable_interrupts_and_halt() { asm volatile("sti; hlt" ::: "memory"); }

inline uint32_t eflags() {
  uint32_t value;
  asm volatile("pushfl; popl %0" : "=r"(value));
  return value;
}
inline constexpr uint32_t kEflagsIF = 1u << 9;
inline bool interrupts_enabled() { return (eflags() & kEflagsIF) != 0; }

inline uint32_t read_cr0() { uint32_t v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
inline uint32_t read_cr2() { uint32_t v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
inline uint32_t read_cr3() { uint32_t v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
inline uint32_t read_cr4() { uint32_t v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
inline void write_cr0(uint32_t value) { asm volatile("mov %0, %%cr0" : : "r"(value) : "memory"); }
inline void write_cr4(uint32_t value) { asm volatile("mov %0, %%cr4" : : "r"(value) : "memory"); }
inline constexpr uint32_t kCr4PageGlobalEnable = 1u << 7;  // Intel SDM Vol 3A 2.5
inline void write_cr3(PhysAddr page_directory) {
  asm volatile("mov %0, %%cr3" : : "r"(page_directory.get()) : "memory");
}
inline void invalidate_page(VirtAddr address) {
  asm volatile("invlpg (%0)" : : "r"(address.get()) : "memory");
}

inline uint64_t read_tsc() {
  uint32_t lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

[[noreturn]] inline void halt_forever() {
  for (;;) {
    disable_interrupts();
    halt();
  }
}

// RAII: interrupts off for the guard's lifetime, restored to their previous state afterwards (so guards
// nest). The kernel runs on one CPU, so this is also its basic mutual exclusion against interrupt handlers.
class [[nodiscard]] InterruptGuard {
public:
  InterruptGuard() : were_enabled_(interrupts_enabled()) { disable_interrupts(); }
  ~InterruptGuard() {
    if (were_enabled_) enable_interrupts();
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
  bool were_enabled_;
};

}  // namespace cw::cpu
