#include "kernel/arch/fpu.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/cpu_features.h"
#include "kernel/print.h"

namespace cw::fpu {

namespace {

// CPUID.01H:EDX feature bits (Intel SDM Vol 2A table 3-11).
inline constexpr uint32_t kCpuidFxsr = 1u << 24;
inline constexpr uint32_t kCpuidSse = 1u << 25;
// Control-register bits (Intel SDM Vol 3A 2.5).
inline constexpr uint32_t kCr0Mp = 1u << 1;   // WAIT/FWAIT honour TS
inline constexpr uint32_t kCr0Em = 1u << 2;   // set: x87 instructions raise #NM (emulation)
inline constexpr uint32_t kCr0Ts = 1u << 3;   // task switched: next FPU instruction raises #NM
inline constexpr uint32_t kCr0Ne = 1u << 5;   // x87 errors as #MF, not the legacy IRQ 13
inline constexpr uint32_t kCr4Osfxsr = 1u << 9;
inline constexpr uint32_t kCr4Osxmmexcpt = 1u << 10;
// FNSAVE layout (SDM Vol 1 figure 8-9, 32-bit protected mode): 32-bit slots for FCW, FSW and FTW.
inline constexpr size_t kFnsaveFtwOffset = 8;
inline constexpr uint32_t kDefaultFxsrMask = 0xFFBF;  // SDM Vol 1 11.6.6: when MXCSR_MASK reads 0

bool fxsr = false;
bool sse = false;
uint32_t mxcsr_mask = kDefaultFxsrMask;

template <typename T>
void put(State& s, size_t offset, T value) {
  __builtin_memcpy(s.bytes + offset, &value, sizeof(T));
}
template <typename T>
T get(const State& s, size_t offset) {
  T value;
  __builtin_memcpy(&value, s.bytes + offset, sizeof(T));
  return value;
}

}  // namespace

bool has_fxsr() { return fxsr; }
bool has_sse() { return sse; }
uint32_t mxcsr_feature_mask() { return mxcsr_mask; }

void init() {
  uint32_t edx = cpu::cpuid(1).edx;
  fxsr = (edx & kCpuidFxsr) != 0;
  sse = fxsr && (edx & kCpuidSse) != 0;
  cpu::write_cr0((cpu::read_cr0() | kCr0Mp | kCr0Ne) & ~(kCr0Em | kCr0Ts));
  if (fxsr) cpu::write_cr4(cpu::read_cr4() | kCr4Osfxsr | (sse ? kCr4Osxmmexcpt : 0));
  asm volatile("fninit");
  if (fxsr) {
    // Static, not on the stack: kernel stacks are only 4-byte aligned at some entry points, and FXSAVE
    // needs 16 (a misaligned operand is #GP, SDM Vol 2A FXSAVE).
    static State probe;
    __builtin_memset(probe.bytes, 0, sizeof(probe.bytes));
    save(probe);
    uint32_t reported = get<uint32_t>(probe, kMxcsrMaskOffset);
    mxcsr_mask = reported != 0 ? reported : kDefaultFxsrMask;
  }
  kprint("fpu: {} state ({}), MXCSR mask {:#x}\n", fxsr ? "FXSAVE" : "FNSAVE",
         sse ? "x87 and SSE" : "x87 only", fxsr ? mxcsr_mask : 0);
}

void reset(State& state) {
  __builtin_memset(state.bytes, 0, sizeof(state.bytes));
  put<uint16_t>(state, kFcwOffset, kDefaultFcw);
  if (fxsr) {
    // The abridged tag word (offset 4) of 0 already means "all registers empty".
    put<uint32_t>(state, kMxcsrOffset, kDefaultMxcsr);
  } else {
    put<uint16_t>(state, kFnsaveFtwOffset, 0xFFFF);  // full tag word: every register empty
  }
}

void save(State& state) {
  if (fxsr) asm volatile("fxsave %0" : "=m"(state.bytes));
  // FNSAVE also reinitialises the FPU; FRSTOR puts the state back so that save() leaves it live (fork
  // saves the parent's registers for the child while the parent keeps running with them).
  else asm volatile("fnsave %0; frstor %0" : "+m"(state.bytes));
}

void restore(const State& state) {
  if (fxsr) asm volatile("fxrstor %0" : : "m"(state.bytes));
  else asm volatile("frstor %0" : : "m"(state.bytes));
}

void copy_out(const State& state, uint8_t out[kStateSize]) { __builtin_memcpy(out, state.bytes, kStateSize); }

void load_sanitized(State& state, const uint8_t in[kStateSize]) {
  __builtin_memcpy(state.bytes, in, kStateSize);
  if (fxsr) put<uint32_t>(state, kMxcsrOffset, get<uint32_t>(state, kMxcsrOffset) & mxcsr_mask);
}

}  // namespace cw::fpu
