// lib/signal/signal_state.h and default_action.h: dispositions, masks, pending selection, forced
// faults, sigsuspend's mask, the alternate stack, fork and exec (Linux kernel/signal.c as the reference).
#include <gtest/gtest.h>

#include "lib/signal/signal_state.h"

namespace cw::signal {
namespace {

constexpr uint32_t kHandler = 0x08048100;

abi::KSigaction handler_action(uint32_t flags = 0, SigSet mask = {}) {
  return abi::KSigaction{kHandler, flags, 0, mask.to_abi()};
}

TEST(SigSet, BitsAndLowest) {
  SigSet s = SigSet::of(abi::kSigUsr1).with(64).with(1);
  EXPECT_TRUE(s.contains(1) && s.contains(10) && s.contains(64));
  EXPECT_FALSE(s.contains(2));
  EXPECT_EQ(s.lowest(), 1);
  EXPECT_EQ(s.without(1).lowest(), 10);
  EXPECT_EQ(SigSet{}.lowest(), 0);
  abi::Sigset a = s.to_abi();
  EXPECT_EQ(a.sig[0], (1u << 0) | (1u << 9));
  EXPECT_EQ(a.sig[1], 1u << 31);
  EXPECT_EQ(SigSet::from_abi(a), s);
}

TEST(DefaultAction, LinuxClasses) {
  EXPECT_EQ(default_action(abi::kSigSegv), DefaultAction::Core);
  EXPECT_EQ(default_action(abi::kSigQuit), DefaultAction::Core);
  EXPECT_EQ(default_action(abi::kSigChld), DefaultAction::Ignore);
  EXPECT_EQ(default_action(abi::kSigUrg), DefaultAction::Ignore);
  EXPECT_EQ(default_action(abi::kSigWinch), DefaultAction::Ignore);
  EXPECT_EQ(default_action(abi::kSigCont), DefaultAction::Continue);
  EXPECT_EQ(default_action(abi::kSigTstp), DefaultAction::Stop);
  EXPECT_EQ(default_action(abi::kSigTerm), DefaultAction::Terminate);
  EXPECT_EQ(default_action(abi::kSigRtMin + 3), DefaultAction::Terminate);
  EXPECT_TRUE(default_is_fatal(abi::kSigInt));
  EXPECT_FALSE(default_is_fatal(abi::kSigChld));
}

TEST(SignalState, SigkillAndSigstopRefuseActionsButAnswerQueries) {
  SignalState s;
  abi::KSigaction act = handler_action();
  abi::KSigaction old{};
  EXPECT_EQ(s.set_action(abi::kSigKill, &act, nullptr).error(), Error::InvalidArgument);
  EXPECT_EQ(s.set_action(abi::kSigStop, &act, nullptr).error(), Error::InvalidArgument);
  EXPECT_TRUE(s.set_action(abi::kSigKill, nullptr, &old));
  EXPECT_EQ(old.handler, abi::kSigDfl);
  EXPECT_EQ(s.set_action(0, nullptr, nullptr).error(), Error::InvalidArgument);
  EXPECT_EQ(s.set_action(65, nullptr, nullptr).error(), Error::InvalidArgument);
  EXPECT_TRUE(s.set_action(64, &act, nullptr));
}

TEST(SignalState, ActionKeepsKnownFlagsAndDropsUnblockableFromItsMask) {
  SignalState s;
  abi::KSigaction act = handler_action(abi::kSaSiginfo | 0x00000400u, SigSet::of(abi::kSigKill).with(abi::kSigUsr2));
  ASSERT_TRUE(s.set_action(abi::kSigUsr1, &act, nullptr));
  EXPECT_EQ(s.action(abi::kSigUsr1).flags, abi::kSaSiginfo);
  EXPECT_EQ(SigSet::from_abi(s.action(abi::kSigUsr1).mask), SigSet::of(abi::kSigUsr2));
}

TEST(SignalState, IgnoredSignalsAreDiscardedUnlessBlocked) {
  SignalState s;
  EXPECT_FALSE(s.post(abi::kSigChld, {}));  // default ignore
  EXPECT_TRUE(s.pending().empty());
  s.set_blocked(SigSet::of(abi::kSigChld));
  EXPECT_TRUE(s.post(abi::kSigChld, {}));  // blocked: the handler may change before it is unblocked
  EXPECT_TRUE(s.pending().contains(abi::kSigChld));
  abi::KSigaction ign{abi::kSigIgn, 0, 0, {}};
  ASSERT_TRUE(s.set_action(abi::kSigChld, &ign, nullptr));
  EXPECT_FALSE(s.pending().contains(abi::kSigChld));  // setting SIG_IGN discards the pending one
}

TEST(SignalState, StandardSignalsDoNotQueueAndKeepTheFirstInfo) {
  SignalState s;
  EXPECT_TRUE(s.post(abi::kSigUsr1, user_info(abi::kSiUser, 5)));
  EXPECT_FALSE(s.post(abi::kSigUsr1, user_info(abi::kSiUser, 6)));
  PendingInfo info;
  EXPECT_EQ(s.dequeue(&info), abi::kSigUsr1);
  EXPECT_EQ(info.fields[0], 5u);
  EXPECT_EQ(s.dequeue(&info), 0);
}

TEST(SignalState, DequeueTakesFaultsFirstThenTheLowestUnblocked) {
  SignalState s;
  abi::KSigaction act = handler_action();
  for (int sig : {abi::kSigTerm, abi::kSigUsr1, abi::kSigSegv, abi::kSigHup}) {
    ASSERT_TRUE(s.set_action(sig, &act, nullptr));
    ASSERT_TRUE(s.post(sig, {}));
  }
  s.set_blocked(SigSet::of(abi::kSigHup));
  EXPECT_TRUE(s.has_deliverable());
  EXPECT_EQ(s.dequeue(nullptr), abi::kSigSegv);
  EXPECT_EQ(s.dequeue(nullptr), abi::kSigUsr1);
  EXPECT_EQ(s.dequeue(nullptr), abi::kSigTerm);
  EXPECT_EQ(s.dequeue(nullptr), 0);
  EXPECT_FALSE(s.has_deliverable());
  EXPECT_TRUE(s.pending().contains(abi::kSigHup));
}

TEST(SignalState, MaskChangesNeverBlockSigkillOrSigstop) {
  SignalState s;
  EXPECT_TRUE(s.change_blocked(abi::kSigBlock, SigSet::from_bits(~uint64_t{0})));
  EXPECT_FALSE(s.blocked().contains(abi::kSigKill));
  EXPECT_FALSE(s.blocked().contains(abi::kSigStop));
  EXPECT_TRUE(s.change_blocked(abi::kSigUnblock, SigSet::of(abi::kSigUsr1)));
  EXPECT_FALSE(s.blocked().contains(abi::kSigUsr1));
  EXPECT_TRUE(s.change_blocked(abi::kSigSetmask, SigSet::of(abi::kSigUsr2)));
  EXPECT_EQ(s.blocked(), SigSet::of(abi::kSigUsr2));
  EXPECT_EQ(s.change_blocked(3, {}).error(), Error::InvalidArgument);
}

TEST(SignalState, DispositionFollowsHandlerAndDefaults) {
  SignalState s;
  EXPECT_EQ(s.disposition(abi::kSigTerm), Disposition::Terminate);
  EXPECT_EQ(s.disposition(abi::kSigSegv), Disposition::Core);
  EXPECT_EQ(s.disposition(abi::kSigChld), Disposition::Ignore);
  EXPECT_EQ(s.disposition(abi::kSigStop), Disposition::Stop);
  EXPECT_EQ(s.disposition(abi::kSigTstp), Disposition::Stop);
  EXPECT_EQ(s.disposition(abi::kSigCont), Disposition::Ignore);  // SIGCONT acts when it is sent
  EXPECT_EQ(s.disposition(abi::kSigKill), Disposition::Terminate);
  abi::KSigaction act = handler_action();
  ASSERT_TRUE(s.set_action(abi::kSigTerm, &act, nullptr));
  EXPECT_EQ(s.disposition(abi::kSigTerm), Disposition::Handle);
}

TEST(SignalState, BeginHandlerBlocksMaskAndSignalUnlessNodeferAndResets) {
  SignalState s;
  abi::KSigaction act = handler_action(abi::kSaResethand, SigSet::of(abi::kSigUsr2));
  ASSERT_TRUE(s.set_action(abi::kSigUsr1, &act, nullptr));
  abi::KSigaction used = s.begin_handler(abi::kSigUsr1);
  EXPECT_EQ(used.handler, kHandler);
  EXPECT_EQ(s.blocked(), SigSet::of(abi::kSigUsr1).with(abi::kSigUsr2));
  EXPECT_EQ(s.action(abi::kSigUsr1).handler, abi::kSigDfl);

  SignalState n;
  abi::KSigaction nodefer = handler_action(abi::kSaNodefer);
  ASSERT_TRUE(n.set_action(abi::kSigUsr1, &nodefer, nullptr));
  (void)n.begin_handler(abi::kSigUsr1);
  EXPECT_TRUE(n.blocked().empty());
  EXPECT_EQ(n.action(abi::kSigUsr1).handler, kHandler);
}

TEST(SignalState, ForcedFaultUnblocksAndResetsAnIgnoredOrBlockedSignal) {
  SignalState s;
  abi::KSigaction act = handler_action();
  ASSERT_TRUE(s.set_action(abi::kSigSegv, &act, nullptr));
  s.set_blocked(SigSet::of(abi::kSigSegv));
  s.force(abi::kSigSegv, fault_info(abi::kSegvMaperr, 0x1234), FaultRecord{0, "x", 1, 2});
  EXPECT_FALSE(s.blocked().contains(abi::kSigSegv));
  EXPECT_EQ(s.disposition(abi::kSigSegv), Disposition::Core);  // the blocked handler is not run
  PendingInfo info;
  EXPECT_EQ(s.dequeue(&info), abi::kSigSegv);
  EXPECT_EQ(info.code, abi::kSegvMaperr);
  EXPECT_EQ(info.fields[0], 0x1234u);
  FaultRecord f = s.take_fault(abi::kSigSegv);
  EXPECT_EQ(f.sig, abi::kSigSegv);
  EXPECT_EQ(f.address, 2u);
  EXPECT_EQ(s.take_fault(abi::kSigSegv).sig, 0);

  SignalState ign;
  abi::KSigaction ignore{abi::kSigIgn, 0, 0, {}};
  ASSERT_TRUE(ign.set_action(abi::kSigFpe, &ignore, nullptr));
  ign.force(abi::kSigFpe, {}, {});
  EXPECT_EQ(ign.disposition(abi::kSigFpe), Disposition::Core);

  SignalState caught;
  ASSERT_TRUE(caught.set_action(abi::kSigSegv, &act, nullptr));
  caught.force(abi::kSigSegv, {}, FaultRecord{0, "x", 1, 2});
  EXPECT_EQ(caught.disposition(abi::kSigSegv), Disposition::Handle);  // a handler that can run keeps it
  (void)caught.begin_handler(abi::kSigSegv);
  EXPECT_EQ(caught.take_fault(abi::kSigSegv).sig, 0);  // handled: no kill report left
}

TEST(SignalState, SuspendMaskIsRecordedForTheFrameOrRestored) {
  SignalState s;
  s.set_blocked(SigSet::of(abi::kSigUsr1));
  s.save_mask_for_suspend();
  s.set_blocked({});
  EXPECT_EQ(s.mask_to_restore(), SigSet::of(abi::kSigUsr1));
  s.restore_saved_mask();
  EXPECT_EQ(s.blocked(), SigSet::of(abi::kSigUsr1));
  EXPECT_FALSE(s.has_saved_mask());
  EXPECT_EQ(s.mask_to_restore(), s.blocked());
}

TEST(SignalState, AltStackRulesAsLinux) {
  SignalState s;
  EXPECT_EQ(s.alt_stack_mode(0x1000), abi::kSsDisable);
  EXPECT_EQ(s.set_alt_stack({0x10000, 0, 100}, 0xBFFFF000).error(), Error::NoMemory);
  EXPECT_EQ(s.set_alt_stack({0x10000, 4, 0x4000}, 0xBFFFF000).error(), Error::InvalidArgument);
  ASSERT_TRUE(s.set_alt_stack({0x10000, abi::kSsOnstack, 0x4000}, 0xBFFFF000));  // SS_ONSTACK: accepted as 0
  EXPECT_EQ(s.alt_stack_mode(0xBFFFF000), 0);
  EXPECT_TRUE(s.on_alt_stack(0x14000));   // the top itself is on it
  EXPECT_FALSE(s.on_alt_stack(0x10000));  // the base is not
  EXPECT_EQ(s.alt_stack_info(0x12000).ss_flags, abi::kSsOnstack);
  EXPECT_EQ(s.set_alt_stack({0, abi::kSsDisable, 0}, 0x12000).error(), Error::Permission);
  ASSERT_TRUE(s.set_alt_stack({0x1234, abi::kSsDisable, 99}, 0xBFFFF000));
  abi::StackT info = s.alt_stack_info(0xBFFFF000);
  EXPECT_EQ(info.ss_flags, abi::kSsDisable);
  EXPECT_EQ(info.ss_sp, 0u);
  EXPECT_EQ(info.ss_size, 0u);
}

TEST(SignalState, ForkInheritsAllButPendingAndExecResetsCaughtOnly) {
  SignalState parent;
  abi::KSigaction act = handler_action(abi::kSaRestart, SigSet::of(abi::kSigUsr2));
  abi::KSigaction ign{abi::kSigIgn, abi::kSaRestart, 0, {}};
  ASSERT_TRUE(parent.set_action(abi::kSigUsr1, &act, nullptr));
  ASSERT_TRUE(parent.set_action(abi::kSigPipe, &ign, nullptr));
  parent.set_blocked(SigSet::of(abi::kSigHup));
  ASSERT_TRUE(parent.post(abi::kSigHup, {}));
  ASSERT_TRUE(parent.set_alt_stack({0x10000, 0, 0x4000}, 0xBFFFF000));
  parent.alarm_tick = 5000;

  SignalState child;
  child.inherit_for_fork(parent);
  EXPECT_EQ(child.action(abi::kSigUsr1).handler, kHandler);
  EXPECT_EQ(child.blocked(), SigSet::of(abi::kSigHup));
  EXPECT_TRUE(child.pending().empty());
  EXPECT_EQ(child.alt_stack().size, 0x4000u);
  EXPECT_EQ(child.alarm_tick, 0u);  // alarms are not inherited

  parent.reset_for_exec();
  EXPECT_EQ(parent.action(abi::kSigUsr1).handler, abi::kSigDfl);
  EXPECT_EQ(parent.action(abi::kSigUsr1).flags, 0u);
  EXPECT_TRUE(SigSet::from_abi(parent.action(abi::kSigUsr1).mask).empty());
  EXPECT_EQ(parent.action(abi::kSigPipe).handler, abi::kSigIgn);
  EXPECT_EQ(parent.action(abi::kSigPipe).flags, 0u);
  EXPECT_EQ(parent.blocked(), SigSet::of(abi::kSigHup));
  EXPECT_TRUE(parent.pending().contains(abi::kSigHup));
  EXPECT_EQ(parent.alt_stack().size, 0u);
  EXPECT_EQ(parent.alarm_tick, 5000u);  // exec keeps the alarm
}

// Linux prepare_signal: the later of a stop signal and SIGCONT cancels the other while both are pending
// (blocked here, so that both can be pending at all).
TEST(SignalState, StopSignalsAndSigcontCancelEachOtherWhilePending) {
  SignalState s;
  ASSERT_TRUE(s.change_blocked(abi::kSigBlock, SigSet::of(abi::kSigTstp).with(abi::kSigCont).with(abi::kSigTtin)));
  EXPECT_TRUE(s.post(abi::kSigTstp, user_info(abi::kSiUser, 1)));
  EXPECT_TRUE(s.post(abi::kSigTtin, user_info(abi::kSiUser, 1)));
  EXPECT_TRUE(s.post(abi::kSigCont, user_info(abi::kSiUser, 1)));
  EXPECT_EQ(s.pending(), SigSet::of(abi::kSigCont));
  EXPECT_TRUE(s.post(abi::kSigStop, user_info(abi::kSiUser, 1)));  // SIGSTOP cannot be blocked: pending
  EXPECT_EQ(s.pending(), SigSet::of(abi::kSigStop));
  EXPECT_TRUE(s.post(abi::kSigCont, user_info(abi::kSiUser, 1)));
  EXPECT_EQ(s.pending(), SigSet::of(abi::kSigCont));
}

// A stop signal's default is not "ignore": it is posted and stops at delivery; SIGCONT's default is
// ignore at delivery (it did its work when sent), so an unblocked one is discarded.
TEST(SignalState, DefaultStopIsPostedAndDefaultContinueIsDiscarded) {
  SignalState s;
  EXPECT_TRUE(s.post(abi::kSigTstp, user_info(abi::kSiUser, 1)));
  EXPECT_EQ(s.dequeue(nullptr), abi::kSigTstp);
  EXPECT_FALSE(s.post(abi::kSigCont, user_info(abi::kSiUser, 1)));
  EXPECT_TRUE(s.pending().empty());
  abi::KSigaction ignore{};
  ignore.handler = abi::kSigIgn;
  ASSERT_TRUE(s.set_action(abi::kSigTstp, &ignore, nullptr));
  EXPECT_FALSE(s.post(abi::kSigTstp, user_info(abi::kSiUser, 1)));
}

}  // namespace
}  // namespace cw::signal
