#include "kernel/debug/magic_break.h"

#include <cstdint>

#include "drivers/serial.h"
#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/print.h"
#include "mm/address_space.h"

namespace cw::magic_break {

namespace {

uint32_t target = 0;  // the fault number to stop at; 0: no stop (pending)
uint32_t faults = 0;  // user faults resolved so far (counted only while a stop is pending)

// Bochs's magic breakpoint (bochsrc `magic_break: enabled=1`); an ordinary no-op everywhere else.
inline void bochs_magic_breakpoint() { asm volatile("xchg %%bx, %%bx" ::: "memory"); }

}  // namespace

void init(const CommandLine& cmdline) {
  const CommandLine::Option* option = cmdline.find("bochs_break");
  if (option == nullptr) return;
  if (!option->has_value) {
    target = 1;
  } else {
    auto requested = parse_uint(option->value);
    if (!requested || requested.value() == 0) {
      kprint("magic-break: bochs_break={} is not a fault number (1, 2, ...); ignored\n", option->value);
      return;
    }
    target = requested.value();
  }
  kprint("magic-break: will stop at user page fault {} (xchg bx, bx)\n", target);
}

bool armed() { return target != 0; }

void on_fault_resolved(AddressSpace& space, const char* process_name, int pid) {
  // Interrupts off from the count to the stop: no other thread can fault, evict or exit in between, so
  // the tables Bochs shows at the stop are exactly the ones printed.
  cpu::InterruptGuard guard;
  if (target == 0) return;
  // Only faults in the address space that is loaded count: spawn fills a new process's first stack page
  // through the same path while its parent's directory is in CR3, and no debugger could show that one.
  uint32_t cr3 = cpu::read_cr3();
  if (cr3 != space.page_directory().get()) return;
  if (++faults != target) return;
  target = 0;  // once per boot
  kprint("magic-break: fault {} in {} (pid {}), CR3={:#010x}\n", faults, process_name, pid, cr3);
  kprint("page table of {} (pid {}), directory {}:\n", process_name, pid, space.page_directory());
  space.dump(console::sink());
  kprint("magic-break: end of page table ({} pages), xchg bx, bx\n", space.resident_pages());
  // The runner and the person at the debugger read COM1: every byte must be out before the machine stops.
  if (console::enabled(console::Device::Serial)) serial::flush();
  bochs_magic_breakpoint();
  kprint("magic-break: resumed\n");
}

}  // namespace cw::magic_break
