#include "lib/signal/frame.h"

#include "lib/signal/fpu_frame.h"

namespace cw::signal {

namespace {

// Linux align_sigframe (32-bit): the handler starts as if called, (esp + 4) % 16 == 0.
constexpr uint32_t align_frame(uint32_t sp) { return ((sp + 4) & ~15u) - 4; }

template <typename T>
void put(FramePlan& plan, const T& frame) {
  static_assert(sizeof(T) <= sizeof(plan.bytes));
  __builtin_memcpy(plan.bytes, &frame, sizeof(T));
  plan.size = sizeof(T);
}

bool data_selector_ok(uint16_t value, uint16_t now, Selectors selectors) {
  return value <= 3 || value == selectors.user_data || value == now;
}

}  // namespace

Result<FramePlan> plan_frame(const FrameRequest& request, const SignalState& state, Selectors selectors) {
  const bool rt = (request.action.flags & abi::kSaSiginfo) != 0;
  const uint32_t size = rt ? sizeof(abi::RtSigframe) : sizeof(abi::Sigframe);
  uint32_t sp = request.context.esp;
  const bool nested = state.on_alt_stack(sp);
  bool entering = false;
  if ((request.action.flags & abi::kSaOnstack) && state.alt_stack_mode(sp) == 0) {
    sp = state.alt_stack().sp + state.alt_stack().size;
    entering = true;
  }
  // The FPU state goes above the frame, 64-byte aligned (Linux fpu__alloc_mathframe).
  uint32_t fpu_address = 0;
  if (request.fpu_bytes != 0) sp = fpu_address = (sp - request.fpu_bytes) & ~(kFpstateAlign - 1);
  sp = align_frame(sp - size);
  if ((nested || entering) && !(sp > state.alt_stack().sp && sp - state.alt_stack().sp <= state.alt_stack().size))
    return Error::BadAddress;

  FramePlan plan;
  plan.address = sp;
  plan.fpu_address = fpu_address;
  const uint32_t restorer_or = (request.action.flags & abi::kSaRestorer) ? request.action.restorer : 0;
  abi::Sigcontext sc = request.context;
  sc.gsh = sc.fsh = sc.esh = sc.dsh = sc.csh = sc.ssh = 0;
  sc.fpstate = fpu_address;
  sc.oldmask = request.restore_mask.low_word();
  if (rt) {
    abi::RtSigframe f{};
    f.sig = request.sig;
    f.pinfo = sp + offsetof(abi::RtSigframe, info);
    f.puc = sp + offsetof(abi::RtSigframe, uc);
    f.info = request.info;
    f.uc.uc_flags = 0;  // no UC_FP_XSTATE: no extended FPU state follows
    f.uc.uc_link = 0;
    const AltStack& alt = state.alt_stack();
    f.uc.uc_stack = abi::StackT{alt.sp, alt.flags, alt.size};  // Linux __save_altstack
    f.uc.uc_mcontext = sc;
    f.uc.uc_sigmask = request.restore_mask.to_abi();
    __builtin_memcpy(f.retcode, abi::kRtSigreturnCode, sizeof(f.retcode));
    f.pretcode = restorer_or ? restorer_or : sp + offsetof(abi::RtSigframe, retcode);
    put(plan, f);
    plan.edx = f.pinfo;
    plan.ecx = f.puc;
  } else {
    abi::Sigframe f{};
    f.sig = request.sig;
    f.sc = sc;
    f.extramask = static_cast<uint32_t>(request.restore_mask.bits() >> 32);
    __builtin_memcpy(f.retcode, abi::kSigreturnCode, sizeof(f.retcode));
    f.pretcode = restorer_or ? restorer_or : sp + offsetof(abi::Sigframe, retcode);
    put(plan, f);
  }
  plan.eip = request.action.handler;
  plan.esp = sp;
  plan.eax = static_cast<uint32_t>(request.sig);
  plan.eflags = request.context.eflags & ~kEflagsClearedForHandler;
  plan.cs = selectors.user_code;
  plan.ds = plan.es = plan.ss = selectors.user_data;
  plan.disarm_alt_stack = entering && (state.alt_stack().flags & abi::kSsAutodisarm);
  return plan;
}

Result<abi::Sigcontext> checked_context(const abi::Sigcontext& from_frame, const abi::Sigcontext& current,
                                        Selectors selectors) {
  abi::Sigcontext out = from_frame;
  out.gsh = out.fsh = out.esh = out.dsh = out.csh = out.ssh = 0;
  out.cs = static_cast<uint16_t>(from_frame.cs | 3);
  out.ss = static_cast<uint16_t>(from_frame.ss | 3);
  if (out.cs != selectors.user_code || out.ss != selectors.user_data) return Error::BadAddress;
  if (!data_selector_ok(out.ds, current.ds, selectors) || !data_selector_ok(out.es, current.es, selectors) ||
      !data_selector_ok(out.fs, current.fs, selectors) || !data_selector_ok(out.gs, current.gs, selectors))
    return Error::BadAddress;
  out.eflags = (current.eflags & ~kUserChangeableEflags) | (from_frame.eflags & kUserChangeableEflags);
  return out;
}

}  // namespace cw::signal
