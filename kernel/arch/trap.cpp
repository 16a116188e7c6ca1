#include "kernel/arch/trap.h"

#include "drivers/pic.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/exceptions.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"

namespace cw::trap {

namespace {

Handler irq_handlers[kIrqCount];
volatile uint64_t interrupts = 0;

struct SharedEntry {
  SharedHandler handler = nullptr;
  void* context = nullptr;
};
SharedEntry shared_handlers[kIrqCount][kSharedHandlersPerLine];
unsigned shared_counts[kIrqCount];
uint32_t unclaimed[kIrqCount];  // interrupts on a shared line that no handler claimed

void run_shared(unsigned irq) {
  bool claimed = false;
  for (unsigned i = 0; i < shared_counts[irq]; ++i) {
    const SharedEntry& e = shared_handlers[irq][i];
    claimed = e.handler(e.context) || claimed;
  }
  if (!claimed && ++unclaimed[irq] == 1)
    kprint("kernel: IRQ {} came with no device claiming it (reported once)\n", irq);
}
Handler vector_handlers[256];

}  // namespace

uint64_t interrupt_count() {
  cpu::InterruptGuard guard;
  return interrupts;
}

void set_irq_handler(unsigned irq, Handler handler) {
  CW_ASSERT(irq < kIrqCount);
  CW_ASSERT(irq_handlers[irq] == nullptr && shared_counts[irq] == 0);
  irq_handlers[irq] = handler;
  pic::unmask(irq);
}

void add_shared_irq_handler(unsigned irq, SharedHandler handler, void* context) {
  CW_ASSERT(irq < kIrqCount && handler != nullptr);
  CW_ASSERT(irq_handlers[irq] == nullptr);
  CW_ASSERT(shared_counts[irq] < kSharedHandlersPerLine);
  {
    cpu::InterruptGuard guard;
    shared_handlers[irq][shared_counts[irq]++] = {handler, context};
  }
  pic::unmask(irq);
}

void set_vector_handler(uint8_t vector, Handler handler) {
  CW_ASSERT(vector >= kIrqBase + kIrqCount);
  vector_handlers[vector] = handler;
}
}  // namespace cw::trap

extern "C" void trap_dispatch(cw::TrapFrame* frame) {
  using namespace cw;
  uint32_t vector = frame->vector;
  if (vector < 32) {
    handle_exception(*frame);
    // A user fault raised a signal: it is delivered now, before the faulting code runs again.
    if (frame->from_user()) proc::on_return_to_user();
    return;
  }
  if (vector < trap::kIrqBase + trap::kIrqCount) {
    unsigned irq = vector - trap::kIrqBase;
    if (pic::is_spurious(irq)) return;
    trap::interrupts = trap::interrupts + 1;
    // Acknowledge first: a handler may switch threads and not come back here for a long time.
    pic::end_of_interrupt(irq);
    if (trap::irq_handlers[irq]) trap::irq_handlers[irq](*frame);
    else if (trap::shared_counts[irq]) trap::run_shared(irq);
  } else if (trap::vector_handlers[vector]) {
    trap::vector_handlers[vector](*frame);
  } else {
    kprint("kernel: stray interrupt on vector {} (eip {:#010x})\n", vector, frame->eip);
  }
  // A tick may have used up the quantum, or a handler may have woken a thread while the CPU idled.
  sched::preempt_if_needed();
  if (frame->from_user()) proc::on_return_to_user();
}
