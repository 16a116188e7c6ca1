#include "drivers/ata/ata_wait.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/sched/scheduler.h"

namespace cw::ata {

void relax() {
  CW_ASSERT(cpu::interrupts_enabled());
  sched::yield();  // let other threads run while the device is polled
}

uint64_t now_ms() { return pit::ticks(); }

}  // namespace cw::ata
