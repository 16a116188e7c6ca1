// kernel_main: bring-up order. Each step only uses what the steps before it set up.
#include <cstdint>

#include "drivers/ahci/ahci.h"
#include "drivers/ata/ata.h"
#include "drivers/ata/ata_selftest.h"
#include "drivers/block/block_registry.h"
#include "drivers/pci/pci.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/serial.h"
#include "drivers/usb/ehci/ehci.h"
#include "drivers/usb/uhci/uhci.h"
#include "drivers/usb/usb.h"
#include "drivers/usb/xhci/xhci.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/cpu_features.h"
#include "kernel/arch/fpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/idt.h"
#include "kernel/boot_params.h"
#include "kernel/console.h"
#include "kernel/console_input.h"
#include "kernel/crash.h"
#include "kernel/cxx_runtime.h"
#include "kernel/debug/magic_break.h"
#include "kernel/fs/program_store.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/init_process.h"
#include "kernel/ktest/ktest.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/print.h"
#include "kernel/random.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/trace_enosys.h"
#include "kernel/version.h"
#include "kernel/wall_clock.h"
#include "lib/cmdline.h"
#include "mm/pager.h"
#include "mm/physical_memory.h"
#include "mm/swap.h"

namespace cw {
namespace {

BootParams boot_params;
CommandLine command_line;

void report_command_line_errors() {
  for (size_t i = 0; i < command_line.error_count(); ++i)
    kprint("boot: command line: {}\n", command_line.error(i));
}

void print_e820() {
  kprint("memory map (BIOS E820, {} records):\n", boot_params.e820_count);
  for (uint32_t i = 0; i < boot_params.e820_count; ++i) {
    const auto& e = boot_params.e820[i];
    kprint("  {:#018x} - {:#018x} type {}\n", e.base, e.base + e.length, e.type);
  }
}

}  // namespace
}  // namespace cw

extern "C" [[noreturn]] void kernel_main(uint32_t boot_info_physical) {
  using namespace cw;
  run_global_constructors();
  serial::init();
  read_boot_params(boot_info_physical, boot_params);
  command_line = CommandLine(boot_params.command_line());
  console::configure(command_line);

  kprint("Clockwork {} (i386) booting\n", kVersion);
  kprint("command line: {}\n", boot_params.command_line());
  report_command_line_errors();
  kprint("boot drive {:#04x}, system partition at LBA {}\n", boot_params.boot_drive,
         boot_params.partition_lba);

  gdt::init();
  idt::init();
  cpu::enable_user_mode_protections();
  fpu::init();
  pic::init();
  print_e820();
  init_physical_memory(boot_params);
  sched::init();
  pit::init();
  wall_clock::init();
  init_console_input();
  cpu::enable_interrupts();
  random::init();

  pci::init();
  // USB controllers first (UHCI before the EHCI/xHCI that may hand devices to it), then the disks on
  // every bus, then the program directory and swap on whichever disk the system was booted from.
  usb::uhci::init();
  usb::ehci::init();
  xhci::init();
  ata::ata_init(command_line.get("ata") == "pio");
  ahci::init();
  if (command_line.has("ata_selftest") && !ata::ata_selftest()) kprint("boot: ata self-test failed\n");
  // `nousb`: controllers up, no device enumerated, so ktest=uhci_probe and xhci_probe can drive fresh
  // devices through the controllers themselves.
  if (!command_line.has("nousb")) usb::init();
  auto found = programs::init(boot_params);
  if (!found) kprint("programs: cannot read the program directory: {}\n", found.error());
  fs::init_name_space();
  pager::init(command_line);
  // Swap is the type-0x82 partition on the disk the system was booted from.
  block::Partition* system = programs::system_partition();
  swap::init(system ? block::block_registry().find_partition(disk::kPartitionTypeSwap, system->parent())
                    : nullptr);
  syscall::init();
  syscall::configure_enosys_trace(command_line);
  magic_break::init(command_line);

  crash_on_request(command_line.get("crash"));

  kprint("Clockwork is up\n");
  if (command_line.has("ktest")) ktest::run_and_power_off(command_line.get("ktest"));
  if (command_line.has("poweroff")) power_off(kExitSuccess);
  run_init(command_line);
}
