// The command ring (xHCI 1.2 section 4.6): one command in flight per controller, under command_lock_.
// A command is enqueued, doorbell 0 target 0 rings, and the interrupt handler hands back its Command
// Completion Event (6.4.2.2). A command that does not complete in time is aborted (CRCR.CA, 4.6.1.2)
// so the ring is free for the next one.
#include "drivers/usb/xhci/completion_code.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/poll.h"
#include "drivers/usb/xhci/registers.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"

namespace cw::xhci {

namespace {
constexpr uint32_t kAbortMs = 5000;  // 4.6.1.2: CRR clears once the running command is aborted
}  // namespace

Result<Trb> Controller::command(const Trb& trb, uint32_t timeout_ms) {
  LockGuard guard(command_lock_);
  uint64_t at;
  {
    cpu::InterruptGuard no_irq;  // the handler must see the pending command and its address together
    at = TRY(command_ring_.enqueue(trb));
    command_trb_ = at;
    command_pending_ = true;
    command_done_.arm();
  }
  ring_doorbell(0, 0);
  auto waited = command_done_.wait(timeout_ms);
  if (!waited) {
    {
      cpu::InterruptGuard no_irq;
      command_pending_ = false;
    }
    kprint("{}: command type {} timed out\n", name_, static_cast<unsigned>(trb_type(trb)));
    abort_command_ring();
    // The aborted command's slot is the controller's no longer (it completed as Command Aborted or
    // never started, and the ring restarts after it).
    static_cast<void>(command_ring_.release_through(at));
    return Error::TimedOut;
  }
  // The controller is done with every TRB up to this one.
  if (!command_ring_.release_through(at)) return Error::Io;
  return command_event_;
}

Result<Trb> Controller::command_ok(const Trb& trb, uint32_t timeout_ms) {
  Trb event = TRY(command(trb, timeout_ms));
  uint8_t code = event_completion_code(event);
  if (code != static_cast<uint8_t>(CompletionCode::Success)) {
    kprint("{}: command type {}: {} ({})\n", name_, static_cast<unsigned>(trb_type(trb)), completion_name(code),
           static_cast<unsigned>(code));
    return completion_error(code);
  }
  return event;
}

// Command Abort (5.4.5): the controller stops the command ring after the running command, posts a
// Command Ring Stopped event, and clears CRR. The next doorbell restarts it at the next command.
// Only the low dword is written: the high one, written while the ring is stopped, sets its base.
void Controller::abort_command_ring() {
  if ((op_read(reg::kCrcr) & reg::kCrcrRunning) == 0) return;
  op_write(reg::kCrcr, reg::kCrcrCommandAbort);
  auto stopped = poll_until([&] { return (op_read(reg::kCrcr) & reg::kCrcrRunning) == 0; }, kAbortMs);
  if (!stopped) kprint("{}: the command ring did not stop after an abort\n", name_);
}

}  // namespace cw::xhci
