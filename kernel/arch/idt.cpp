#include "kernel/arch/idt.h"

#include "kernel/arch/gdt.h"

extern "C" const uint32_t isr_stub_table[256];

namespace cw::idt {

namespace {

// Gate descriptor (Intel SDM Vol 3A 6.11, figure 6-2).
inline constexpr uint8_t kPresent = 0x80;
inline constexpr uint8_t kInterruptGate32 = 0x0E;
inline constexpr uint8_t kBreakpoint = 3;
inline constexpr uint8_t kOverflow = 4;

constexpr uint64_t gate(uint32_t offset, uint16_t selector, uint8_t type_attr) {
  return (offset & 0xFFFFull) | (static_cast<uint64_t>(selector) << 16) |
         (static_cast<uint64_t>(type_attr) << 40) | (static_cast<uint64_t>(offset >> 16) << 48);
}
static_assert(gate(0x12345678, 0x08, kPresent | kInterruptGate32) == 0x12348E0000085678ull);

uint64_t table[256];

struct [[gnu::packed]] Pointer {
  uint16_t limit;
  uint32_t base;
};

}  // namespace

void init() {
  for (unsigned v = 0; v < 256; ++v)
    table[v] = gate(isr_stub_table[v], gdt::kKernelCode, kPresent | kInterruptGate32);
  // int3 (#BP) and into (#OF) are instructions for user programs (a debugger's breakpoint, an overflow
  // check). Their gates need DPL 3 for the instruction to reach the exception rather than a #GP: Linux
  // i386 opens the same two, and the exception handler turns them into SIGTRAP and SIGSEGV.
  allow_from_user(kBreakpoint);
  allow_from_user(kOverflow);
  Pointer pointer{sizeof(table) - 1, reinterpret_cast<uint32_t>(&table)};
  asm volatile("lidt %0" : : "m"(pointer) : "memory");
}

void allow_from_user(uint8_t vector) {
  table[vector] = gate(isr_stub_table[vector], gdt::kKernelCode, kPresent | kInterruptGate32 | (3 << 5));
}

}  // namespace cw::idt
