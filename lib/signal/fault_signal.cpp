#include "lib/signal/fault_signal.h"

#include "lib/abi/signal.h"

namespace cw::signal {

namespace {

// Exception bits shared by the x87 status word and MXCSR (Intel SDM Vol 1 8.1.3, 10.2.3).
inline constexpr uint32_t kInvalid = 0x01;
inline constexpr uint32_t kZeroDivide = 0x04;
inline constexpr uint32_t kOverflow = 0x08;
inline constexpr uint32_t kUnderflowOrDenormal = 0x12;
inline constexpr uint32_t kPrecision = 0x20;

int32_t code_for(uint32_t unmasked) {
  if (unmasked & kInvalid) return abi::kFpeFltinv;
  if (unmasked & kZeroDivide) return abi::kFpeFltdiv;
  if (unmasked & kOverflow) return abi::kFpeFltovf;
  if (unmasked & kUnderflowOrDenormal) return abi::kFpeFltund;
  if (unmasked & kPrecision) return abi::kFpeFltres;
  return 0;
}

}  // namespace

FaultSignal fault_signal(uint32_t vector) {
  switch (vector) {
    case 0: return {abi::kSigFpe, abi::kFpeIntdiv, FaultAddress::Eip};        // #DE
    case 1: return {abi::kSigTrap, abi::kTrapTrace, FaultAddress::Eip};       // #DB (EFLAGS.TF)
    case 3: return {abi::kSigTrap, abi::kSiKernel, FaultAddress::None};       // #BP: int3
    case 6: return {abi::kSigIll, abi::kIllIllopn, FaultAddress::Eip};        // #UD
    case 9: return {abi::kSigFpe, abi::kSiKernel, FaultAddress::None};        // coprocessor overrun
    case 11: case 12: return {abi::kSigBus, abi::kSiKernel, FaultAddress::None};  // #NP, #SS
    case 16: case 19: return {abi::kSigFpe, 0, FaultAddress::Eip};            // #MF, #XM
    case 17: return {abi::kSigBus, abi::kBusAdraln, FaultAddress::None};      // #AC
    default: return {abi::kSigSegv, abi::kSiKernel, FaultAddress::None};      // #GP, #OF, #BR, #TS, ...
  }
}

int32_t x87_fpe_code(uint16_t control, uint16_t status) { return code_for(status & ~control & 0x3F); }

int32_t simd_fpe_code(uint32_t mxcsr) { return code_for(~(mxcsr >> 7) & mxcsr & 0x3F); }

}  // namespace cw::signal
