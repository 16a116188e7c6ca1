#include "kernel/arch/trap.h"

#include "drivers/pic.h"
#include "kernel/arch/exceptions.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"

namespace cw::trap {

namespace {

Handler irq_handlers[kIrqCount];
Handler vector_handlers[256];

}  // namespace

void set_irq_handler(unsigned irq, Handler handler) {
  CW_ASSERT(irq < kIrqCount);
  CW_ASSERT(irq_handlers[irq] == nullptr);
  irq_handlers[irq] = handler;
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
    return;
  }
  if (vector < trap::kIrqBase + trap::kIrqCount) {
    unsigned irq = vector - trap::kIrqBase;
    if (pic::is_spurious(irq)) return;
    // Acknowledge first: a handler may switch threads and not come back here for a long time.
    pic::end_of_interrupt(irq);
    if (trap::irq_handlers[irq]) trap::irq_handlers[irq](*frame);
  } else if (trap::vector_handlers[vector]) {
    trap::vector_handlers[vector](*frame);
  } else {
    kprint("kernel: stray interrupt on vector {} (eip {:#010x})\n", vector, frame->eip);
  }
  // A tick may have used up the quantum, or a handler may have woken a thread while the CPU idled.
  sched::preempt_if_needed();
  if (frame->from_user()) proc::on_return_to_user();
}
