// lib/signal/frame.h and fault_signal.h: the frames Linux i386 builds (arch/x86/kernel/signal_32.c),
// placed, aligned and filled as Linux does, and what sigreturn accepts from a frame user space may
// have rewritten.
#include <gtest/gtest.h>

#include <cstring>

#include "lib/signal/fault_signal.h"
#include "lib/signal/frame.h"
#include "lib/signal/fpu_frame.h"

namespace cw::signal {
namespace {

constexpr Selectors kSel{0x1B, 0x23};
constexpr uint32_t kHandler = 0x08049000;
constexpr uint32_t kRestorer = 0x08049100;
constexpr uint32_t kEflagsIf = 1u << 9;

FrameRequest request(uint32_t flags, uint32_t esp = 0xBFFFF123) {
  FrameRequest r;
  r.sig = abi::kSigUsr1;
  r.action = abi::KSigaction{kHandler, flags, kRestorer, {}};
  r.context.esp = esp;
  r.context.eip = 0x08048555;
  r.context.eax = 0xAAAA;
  r.context.cs = kSel.user_code;
  r.context.ss = r.context.ds = r.context.es = kSel.user_data;
  r.context.gs = 0x33;
  r.context.eflags = kEflagsIf | (1u << 10) | (1u << 8) | 0x2;  // IF, DF, TF
  r.restore_mask = SigSet::of(abi::kSigHup).with(40);
  r.info.si_signo = abi::kSigUsr1;
  r.info.fields[0] = 77;
  return r;
}

template <typename T>
T frame_of(const FramePlan& plan) {
  T f;
  std::memcpy(&f, plan.bytes, sizeof(T));
  return f;
}

TEST(SignalFrame, PlainFrameBelowEspAlignedAsAfterACall) {
  SignalState s;
  auto plan = plan_frame(request(abi::kSaRestorer), s, kSel);
  ASSERT_TRUE(plan);
  const FramePlan& p = plan.value();
  EXPECT_EQ(p.size, sizeof(abi::Sigframe));
  EXPECT_LE(p.address + p.size, 0xBFFFF123u);
  EXPECT_EQ((p.address + 4) % 16, 0u);
  EXPECT_EQ(p.esp, p.address);
  EXPECT_EQ(p.eip, kHandler);
  EXPECT_EQ(p.eax, static_cast<uint32_t>(abi::kSigUsr1));
  EXPECT_EQ(p.edx, 0u);
  EXPECT_EQ(p.ecx, 0u);
  EXPECT_EQ(p.eflags, kEflagsIf | 0x2);  // DF and TF cleared for the handler
  EXPECT_EQ(p.cs, kSel.user_code);
  EXPECT_EQ(p.ss, kSel.user_data);
  auto f = frame_of<abi::Sigframe>(p);
  EXPECT_EQ(f.pretcode, kRestorer);
  EXPECT_EQ(f.sig, abi::kSigUsr1);
  EXPECT_EQ(f.sc.eip, 0x08048555u);
  EXPECT_EQ(f.sc.eax, 0xAAAAu);
  EXPECT_EQ(f.sc.gs, 0x33);
  EXPECT_EQ(f.sc.fpstate, 0u);
  EXPECT_EQ(f.sc.oldmask, 1u);                // SIGHUP: the low word
  EXPECT_EQ(f.extramask, 1u << (40 - 33));  // signal 40: the high word
  EXPECT_EQ(std::memcmp(f.retcode, abi::kSigreturnCode, 8), 0);
}

TEST(SignalFrame, FpuStateGoesAboveTheFrame64ByteAligned) {
  SignalState s;
  FrameRequest r = request(abi::kSaRestorer | abi::kSaSiginfo);
  r.fpu_bytes = kFpstateSize;
  auto plan = plan_frame(r, s, kSel);
  ASSERT_TRUE(plan);
  const FramePlan& p = plan.value();
  EXPECT_EQ(p.fpu_address % 64, 0u);
  EXPECT_LE(p.fpu_address + kFpstateSize, 0xBFFFF123u);
  EXPECT_LE(p.address + p.size, p.fpu_address);
  EXPECT_EQ((p.address + 4) % 16, 0u);
  EXPECT_EQ(frame_of<abi::RtSigframe>(p).uc.uc_mcontext.fpstate, p.fpu_address);
}

// The _fpstate_32 of an FXSAVE image (lib/signal/fpu_frame.h), against values worked out by hand from
// the SDM's FXSAVE layout and Linux's convert_from_fxsr.
TEST(SignalFpuFrame, LegacyHeaderFromFxsave) {
  uint8_t fx[512] = {};
  fx[0] = 0x7F; fx[1] = 0x03;           // FCW 0x037F
  fx[2] = 0x00; fx[3] = 0x38;           // FSW: TOP = 7
  fx[4] = 0x80;                         // abridged tag: physical register 7 valid
  fx[6] = 0x34; fx[7] = 0x01;           // FOP 0x134
  fx[8] = 0x78; fx[9] = 0x56; fx[10] = 0x34; fx[11] = 0x12;  // FIP
  fx[12] = 0x23;                        // FCS
  fx[16] = 0xEF; fx[17] = 0xBE;         // FDP
  fx[20] = 0x2B;                        // FDS
  fx[24] = 0x80; fx[25] = 0x1F;         // MXCSR
  // st(0) = physical register 7 = 1.0: mantissa 0x8000000000000000, exponent 0x3FFF.
  fx[32 + 7] = 0x80; fx[32 + 8] = 0xFF; fx[32 + 9] = 0x3F;
  fx[160] = 0xAB;                       // xmm0's first byte
  uint8_t out[kFpstateSize];
  build_fpstate(fx, out);
  auto word = [&](int offset) {
    return static_cast<uint32_t>(out[offset] | out[offset + 1] << 8 | out[offset + 2] << 16 | out[offset + 3] << 24);
  };
  EXPECT_EQ(word(0), 0xFFFF037Fu);
  EXPECT_EQ(word(4), 0xFFFF3800u);
  EXPECT_EQ(word(8), 0xFFFF3FFFu);      // every register empty (11) but physical 7: valid (00)
  EXPECT_EQ(word(12), 0x12345678u);
  EXPECT_EQ(word(16), 0x01340023u);     // cssel | fop << 16
  EXPECT_EQ(word(20), 0x0000BEEFu);
  EXPECT_EQ(word(24), 0xFFFF002Bu);
  EXPECT_EQ(out[28 + 7], 0x80);         // _st[0], 10 bytes each
  EXPECT_EQ(out[28 + 9], 0x3F);
  EXPECT_EQ(out[108] | out[109] << 8, 0x3800);  // status
  EXPECT_EQ(out[110] | out[111] << 8, 0);       // magic: FXSR data follows
  EXPECT_EQ(std::memcmp(fxsave_in_fpstate(out), fx, 512), 0);
  EXPECT_EQ(out[112 + 160], 0xAB);
}

TEST(SignalFrame, WithoutRestorerTheFramesOwnRetcodeReturns) {
  SignalState s;
  auto plan = plan_frame(request(0), s, kSel);
  ASSERT_TRUE(plan);
  auto f = frame_of<abi::Sigframe>(plan.value());
  EXPECT_EQ(f.pretcode, plan.value().address + offsetof(abi::Sigframe, retcode));
  auto rt = plan_frame(request(abi::kSaSiginfo), s, kSel);
  ASSERT_TRUE(rt);
  auto r = frame_of<abi::RtSigframe>(rt.value());
  EXPECT_EQ(r.pretcode, rt.value().address + offsetof(abi::RtSigframe, retcode));
  EXPECT_EQ(std::memcmp(r.retcode, abi::kRtSigreturnCode, 8), 0);
}

TEST(SignalFrame, RtFrameCarriesInfoAndUcontextAndPassesPointers) {
  SignalState s;
  auto plan = plan_frame(request(abi::kSaSiginfo | abi::kSaRestorer), s, kSel);
  ASSERT_TRUE(plan);
  const FramePlan& p = plan.value();
  EXPECT_EQ(p.size, sizeof(abi::RtSigframe));
  EXPECT_EQ((p.address + 4) % 16, 0u);
  auto f = frame_of<abi::RtSigframe>(p);
  EXPECT_EQ(f.pinfo, p.address + 16);
  EXPECT_EQ(f.puc, p.address + 144);
  EXPECT_EQ(p.edx, f.pinfo);
  EXPECT_EQ(p.ecx, f.puc);
  EXPECT_EQ(f.info.fields[0], 77u);
  EXPECT_EQ(f.uc.uc_flags, 0u);
  EXPECT_EQ(f.uc.uc_mcontext.eip, 0x08048555u);
  EXPECT_EQ(SigSet::from_abi(f.uc.uc_sigmask), SigSet::of(abi::kSigHup).with(40));
  EXPECT_EQ(f.uc.uc_stack.ss_size, 0u);
}

TEST(SignalFrame, OnstackUsesTheTopOfTheAlternateStackAndRefusesOverflow) {
  SignalState s;
  ASSERT_TRUE(s.set_alt_stack({0x10000, 0, 0x2000}, 0xBFFFF000));
  auto plan = plan_frame(request(abi::kSaOnstack | abi::kSaSiginfo), s, kSel);
  ASSERT_TRUE(plan);
  EXPECT_GT(plan.value().address, 0x10000u);
  EXPECT_LE(plan.value().address + plan.value().size, 0x12000u);
  auto f = frame_of<abi::RtSigframe>(plan.value());
  EXPECT_EQ(f.uc.uc_stack.ss_sp, 0x10000u);
  EXPECT_EQ(f.uc.uc_stack.ss_size, 0x2000u);
  // Already on the alternate stack (nested): the frame goes below esp there, and must still fit.
  auto nested = plan_frame(request(abi::kSaOnstack, 0x11000), s, kSel);
  ASSERT_TRUE(nested);
  EXPECT_LT(nested.value().address, 0x11000u);
  auto overflow = plan_frame(request(abi::kSaOnstack, 0x10100), s, kSel);
  EXPECT_FALSE(overflow);
  // Without SA_ONSTACK the normal stack is used.
  auto normal = plan_frame(request(0), s, kSel);
  ASSERT_TRUE(normal);
  EXPECT_GT(normal.value().address, 0xB0000000u);
}

TEST(SignalFrame, AutodisarmDisarmsOnlyWhenEntering) {
  SignalState s;
  ASSERT_TRUE(s.set_alt_stack({0x10000, abi::kSsAutodisarm, 0x2000}, 0xBFFFF000));
  auto plan = plan_frame(request(abi::kSaOnstack | abi::kSaSiginfo), s, kSel);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan.value().disarm_alt_stack);
  auto f = frame_of<abi::RtSigframe>(plan.value());
  EXPECT_EQ(f.uc.uc_stack.ss_flags, abi::kSsAutodisarm);  // saved for rt_sigreturn to put back
}

TEST(SignalFrame, CheckedContextMergesEflagsAndRefusesForeignSelectors) {
  abi::Sigcontext now{};
  now.cs = kSel.user_code;
  now.ss = now.ds = now.es = kSel.user_data;
  now.gs = 0x33;
  now.eflags = kEflagsIf | 0x2;
  abi::Sigcontext saved = now;
  saved.eflags = 0xFFFFFFFF;
  saved.eax = 5;
  saved.cs = 0x18;  // RPL 0: forced to 3
  auto ok = checked_context(saved, now, kSel);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value().eax, 5u);
  EXPECT_EQ(ok.value().cs, kSel.user_code);
  EXPECT_EQ(ok.value().eflags, (kEflagsIf | 0x2) | kUserChangeableEflags);  // no IOPL, IF kept
  abi::Sigcontext kernel_cs = now;
  kernel_cs.cs = 0x08;
  EXPECT_FALSE(checked_context(kernel_cs, now, kSel));
  abi::Sigcontext null_ds = now;
  null_ds.ds = 0;
  EXPECT_TRUE(checked_context(null_ds, now, kSel));
  abi::Sigcontext tls_gs = now;  // the selector the kernel gave is accepted back
  EXPECT_TRUE(checked_context(tls_gs, now, kSel));
  abi::Sigcontext bad_fs = now;
  bad_fs.fs = 0x28;  // the TSS
  EXPECT_FALSE(checked_context(bad_fs, now, kSel));
  EXPECT_EQ(sigframe_at(0x1008), 0x1000u);
  EXPECT_EQ(rt_sigframe_at(0x1004), 0x1000u);
}

TEST(FaultSignal, LinuxI386Mapping) {
  EXPECT_EQ(fault_signal(0).sig, abi::kSigFpe);
  EXPECT_EQ(fault_signal(0).code, abi::kFpeIntdiv);
  EXPECT_EQ(fault_signal(6).sig, abi::kSigIll);
  EXPECT_EQ(fault_signal(6).code, abi::kIllIllopn);
  EXPECT_EQ(fault_signal(6).address, FaultAddress::Eip);
  EXPECT_EQ(fault_signal(3).sig, abi::kSigTrap);
  EXPECT_EQ(fault_signal(3).code, abi::kSiKernel);
  EXPECT_EQ(fault_signal(13).sig, abi::kSigSegv);
  EXPECT_EQ(fault_signal(13).code, abi::kSiKernel);
  EXPECT_EQ(fault_signal(13).address, FaultAddress::None);
  EXPECT_EQ(fault_signal(11).sig, abi::kSigBus);
  EXPECT_EQ(fault_signal(12).sig, abi::kSigBus);
  EXPECT_EQ(fault_signal(17).sig, abi::kSigBus);
  EXPECT_EQ(fault_signal(17).code, abi::kBusAdraln);
  EXPECT_EQ(fault_signal(16).sig, abi::kSigFpe);
  EXPECT_EQ(fault_signal(19).sig, abi::kSigFpe);
}

TEST(FaultSignal, FpuCodesFromUnmaskedExceptions) {
  // x87: control word masks (bit set: masked), status word flags.
  EXPECT_EQ(x87_fpe_code(0x037F, 0x0004), 0);                   // all masked: spurious
  EXPECT_EQ(x87_fpe_code(0x037B, 0x0004), abi::kFpeFltdiv);     // ZE unmasked
  EXPECT_EQ(x87_fpe_code(0x0372, 0x0005), abi::kFpeFltinv);     // IE wins over ZE
  EXPECT_EQ(x87_fpe_code(0x0377, 0x0008), abi::kFpeFltovf);
  EXPECT_EQ(x87_fpe_code(0x036F, 0x0010), abi::kFpeFltund);
  EXPECT_EQ(x87_fpe_code(0x035F, 0x0020), abi::kFpeFltres);
  // MXCSR: masks in bits 7..12, flags in 0..5.
  EXPECT_EQ(simd_fpe_code(0x1F80 | 0x04), 0);
  EXPECT_EQ(simd_fpe_code((0x1F80 & ~(0x04u << 7)) | 0x04), abi::kFpeFltdiv);
}

}  // namespace
}  // namespace cw::signal
