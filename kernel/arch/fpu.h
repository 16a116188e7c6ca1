// The x87 FPU and SSE state of user threads (docs/fpu_tls.md).
//
// The kernel itself never executes x87, MMX or SSE instructions: it is built with -mgeneral-regs-only
// (cmake/Toolchain.cmake), so the registers always hold the state of the user thread that ran last.
// Switching is eager: the scheduler saves the outgoing user thread's registers with FXSAVE and loads the
// incoming one's with FXRSTOR on every switch (FNSAVE/FRSTOR on a CPU without FXSR), so CR0.TS and #NM
// are never used. State layouts: Intel SDM Vol 1 10.5.1 (FXSAVE area, table 10-2) and 8.1.10 (FNSAVE).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::fpu {

inline constexpr size_t kStateSize = 512;  // the FXSAVE area; FNSAVE uses its first 108 bytes

// One thread's saved registers, in the format save() writes (FXSAVE when has_fxsr()).
struct alignas(16) State {
  uint8_t bytes[kStateSize];
};

// FXSAVE-area offsets of the fields the kernel reads or sets (SDM Vol 1 table 10-2).
inline constexpr size_t kFcwOffset = 0;
inline constexpr size_t kMxcsrOffset = 24;
inline constexpr size_t kMxcsrMaskOffset = 28;
inline constexpr uint16_t kDefaultFcw = 0x037F;    // FNINIT: all exceptions masked, 64-bit precision
inline constexpr uint32_t kDefaultMxcsr = 0x1F80;  // all SIMD exceptions masked, round to nearest

// Boot: CR0.MP and NE on, EM and TS off; CR4.OSFXSR and OSXMMEXCPT when CPUID reports FXSR and SSE.
// Prints one line saying which state format is in use. Before the first user thread.
void init();

bool has_fxsr();
bool has_sse();

// The state of a new process, and of a process after execve: what FNINIT and a default MXCSR give, with
// every data register zero (Linux fpstate_init_fxstate).
void reset(State& state);

// Live registers <-> memory. Interrupts off or not: the kernel never touches the registers in between.
void save(State& state);
void restore(const State& state);

// For signal frames. copy_out gives the 512-byte FXSAVE image; sanitize makes an image that came from
// user memory safe to load: MXCSR bits the CPU does not support are cleared (they would make FXRSTOR
// #GP in the kernel), as Linux does with mxcsr_feature_mask.
void copy_out(const State& state, uint8_t out[kStateSize]);
void load_sanitized(State& state, const uint8_t in[kStateSize]);

// The MXCSR bits this CPU supports (the MXCSR_MASK of SDM Vol 1 11.6.6; 0xFFBF when FXSAVE reports 0).
uint32_t mxcsr_feature_mask();

}  // namespace cw::fpu
