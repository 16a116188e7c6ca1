#include "kernel/arch/gdt.h"

namespace cw::gdt {

namespace {

// Segment descriptor fields (Intel SDM Vol 3A 3.4.5, figure 3-8).
inline constexpr uint8_t kPresent = 0x80;
inline constexpr uint8_t kCodeOrData = 0x10;   // S: code/data rather than system
inline constexpr uint8_t kExecutable = 0x08;
inline constexpr uint8_t kReadWrite = 0x02;    // readable code / writable data
inline constexpr uint8_t kTss32Available = 0x09;
inline constexpr uint8_t kGranularity4K = 0x80;
inline constexpr uint8_t kSize32 = 0x40;

constexpr uint8_t dpl(unsigned ring) { return static_cast<uint8_t>(ring << 5); }

constexpr uint64_t descriptor(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
  return (limit & 0xFFFFull) | (static_cast<uint64_t>(base & 0xFFFFFF) << 16) |
         (static_cast<uint64_t>(access) << 40) | (static_cast<uint64_t>((limit >> 16) & 0xF) << 48) |
         (static_cast<uint64_t>(flags & 0xF0) << 48) | (static_cast<uint64_t>(base >> 24) << 56);
}

constexpr uint64_t flat(uint8_t access) {
  return descriptor(0, 0xFFFFF, access, kGranularity4K | kSize32);
}

// The bootblock's flat code descriptor has the same encoding: checks the encoder against the manual.
static_assert(flat(kPresent | kCodeOrData | kExecutable | kReadWrite) == 0x00CF9A000000FFFFull);
static_assert(flat(kPresent | kCodeOrData | kReadWrite) == 0x00CF92000000FFFFull);

// 32-bit TSS (Intel SDM Vol 3A 7.2.1, figure 7-2). Only ss0/esp0 and the I/O map base are used.
struct [[gnu::packed]] Tss {
  uint32_t link;
  uint32_t esp0;
  uint32_t ss0;
  uint32_t unused[22];
  uint16_t trap;
  uint16_t iomap_base;
};
static_assert(sizeof(Tss) == 104);

Tss tss;
uint64_t table[tls::kFirstEntry + tls::kEntries];
static_assert(kTss >> 3 < tls::kFirstEntry);

struct [[gnu::packed]] Pointer {
  uint16_t limit;
  uint32_t base;
};

}  // namespace

void init() {
  table[0] = 0;
  table[kKernelCode >> 3] = flat(kPresent | kCodeOrData | kExecutable | kReadWrite | dpl(0));
  table[kKernelData >> 3] = flat(kPresent | kCodeOrData | kReadWrite | dpl(0));
  table[kUserCode >> 3] = flat(kPresent | kCodeOrData | kExecutable | kReadWrite | dpl(3));
  table[kUserData >> 3] = flat(kPresent | kCodeOrData | kReadWrite | dpl(3));
  tss.ss0 = kKernelData;
  // An I/O map base beyond the segment limit means "no I/O permission bitmap": with IOPL 0, every
  // in/out from ring 3 faults (Intel SDM Vol 1 18.5.2).
  tss.iomap_base = sizeof(Tss);
  table[kTss >> 3] = descriptor(reinterpret_cast<uint32_t>(&tss), sizeof(Tss) - 1,
                                kPresent | kTss32Available | dpl(0), 0);

  Pointer pointer{sizeof(table) - 1, reinterpret_cast<uint32_t>(&table)};
  asm volatile(
      "lgdt %0\n"
      "mov %1, %%ds\n"
      "mov %1, %%es\n"
      "mov %1, %%fs\n"
      "mov %1, %%gs\n"
      "mov %1, %%ss\n"
      "ljmp %2, $1f\n"
      "1:\n"
      "ltr %w3\n"
      :
      : "m"(pointer), "r"(static_cast<uint32_t>(kKernelData)), "i"(kKernelCode), "r"(kTss)
      : "memory");
  // A null LDT. LDTR's reset value is selector 0 with base 0 and limit 0xFFFF (Intel SDM Vol 3A table
  // 9-1), and nothing else ever loads it: every selector with TI=1 would then be read from linear
  // 0-0xFFFF, user memory, and a program could forge a call gate to the kernel code segment and run at
  // CPL 0. With a null selector loaded, any TI=1 reference is a #GP (SDM Vol 2A, LLDT).
  asm volatile("lldt %w0" : : "r"(0u) : "memory");
}

void set_kernel_stack(uint32_t esp0) { tss.esp0 = esp0; }

void load_tls(const tls::Slots& slots) {
  for (uint32_t i = 0; i < tls::kEntries; ++i) table[tls::kFirstEntry + i] = slots.descriptor[i];
}

}  // namespace cw::gdt
