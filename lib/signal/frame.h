// Building a signal frame and checking one that comes back: the hardware-independent half of delivery
// and sigreturn (kernel/signal/delivery.cpp and sigreturn.cpp do the copying and the trap frame).
//
// Layouts and rules follow Linux arch/x86/kernel/signal_32.c and signal.c: the frame goes below the
// interrupted esp (or at the top of the alternate stack with SA_ONSTACK), aligned so that the handler is
// entered with (esp + 4) a multiple of 16 as after a call; the return address is sa_restorer with
// SA_RESTORER, else the retcode trampoline in the frame itself (Clockwork has no vDSO).
#pragma once

#include <cstdint>

#include "lib/abi/signal.h"
#include "lib/result.h"
#include "lib/signal/signal_state.h"

namespace cw::signal {

// EFLAGS bits a sigreturn may change (Linux FIX_EFLAGS): AC, OF, DF, TF, SF, ZF, AF, PF, CF, RF.
inline constexpr uint32_t kUserChangeableEflags = (1u << 18) | (1u << 11) | (1u << 10) | (1u << 8) | (1u << 7) |
                                                  (1u << 6) | (1u << 4) | (1u << 2) | (1u << 0) | (1u << 16);
// Cleared on handler entry (Linux handle_signal): DF as the ABI wants at a call, RF and TF.
inline constexpr uint32_t kEflagsClearedForHandler = (1u << 10) | (1u << 16) | (1u << 8);

struct Selectors {
  uint16_t user_code;
  uint16_t user_data;
};

struct FrameRequest {
  int sig = 0;
  abi::KSigaction action{};     // as in force when the signal was taken (before SA_RESETHAND)
  abi::Sigcontext context{};    // the interrupted registers; fpstate and oldmask are set here
  SigSet restore_mask;          // the mask sigreturn puts back
  abi::Siginfo info{};          // written in rt frames only
  uint32_t fpu_bytes = 0;       // room for the FPU state (lib/signal/fpu_frame.h) above the frame; 0: none
};

struct FramePlan {
  uint32_t address = 0;  // where `bytes` go, and the handler's esp
  uint32_t size = 0;     // sizeof(Sigframe) or sizeof(RtSigframe)
  alignas(4) uint8_t bytes[sizeof(abi::Sigframe)] = {};
  // The handler's registers (the others keep their interrupted values; fs and gs too).
  uint32_t eip = 0, esp = 0, eax = 0, edx = 0, ecx = 0, eflags = 0;
  uint16_t cs = 0, ds = 0, es = 0, ss = 0;
  bool disarm_alt_stack = false;  // SS_AUTODISARM: the kernel drops the alternate stack once written
  uint32_t fpu_address = 0;  // where the FPU state goes (sigcontext.fpstate); 0 without fpu_bytes
};

// Lays out the frame for `request` given the process's alternate stack. BadAddress when the frame would
// overflow the alternate stack (Linux then forces SIGSEGV); whether the memory can be written is the
// caller's to find out.
Result<FramePlan> plan_frame(const FrameRequest& request, const SignalState& state, Selectors selectors);

// Where sigreturn and rt_sigreturn find their frame: the handler's `ret` popped pretcode, and the
// sigreturn trampoline also popped `sig`.
constexpr uint32_t sigframe_at(uint32_t esp_at_sigreturn) { return esp_at_sigreturn - 8; }
constexpr uint32_t rt_sigframe_at(uint32_t esp_at_sigreturn) { return esp_at_sigreturn - 4; }

// The registers to resume with from a frame's sigcontext that user space may have rewritten, as Linux's
// restore_sigcontext allows: EFLAGS takes only the user-changeable bits from the frame; cs and ss are
// forced to RPL 3 and must be the user code and data selectors; ds, es, fs and gs must be null, the user
// data selector, or what they hold now (a TLS selector the kernel gave). Anything else is a forged frame:
// BadAddress (the caller forces SIGSEGV, as Linux's badframe path does).
Result<abi::Sigcontext> checked_context(const abi::Sigcontext& from_frame, const abi::Sigcontext& current,
                                        Selectors selectors);

}  // namespace cw::signal
