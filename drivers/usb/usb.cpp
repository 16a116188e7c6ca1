#include "drivers/usb/usb.h"

#include "drivers/block/block_registry.h"
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/core/usb_bus.h"
#include "drivers/usb/hub/hub_driver.h"
#include "drivers/usb/storage/mass_storage_driver.h"
#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/mutex.h"

namespace cw::usb {

namespace {

class KernelEnvironment final : public Environment {
public:
  void sleep_ms(uint32_t ms) override { sched::sleep_ms(ms); }
  FormatSink& log() override { return console::sink(); }
};

class MutexLock final : public Lock {
public:
  void lock() override { mutex_.lock(); }
  void unlock() override { mutex_.unlock(); }

private:
  Mutex mutex_;
};

KernelEnvironment g_env;
MutexLock g_disk_locks[storage::kMaxDisks];
Lock* const g_lock_table[storage::kMaxDisks] = {&g_disk_locks[0], &g_disk_locks[1], &g_disk_locks[2],
                                                &g_disk_locks[3]};
static_assert(storage::kMaxDisks == 4, "g_lock_table lists one lock per disk");
DeviceTable g_devices;
hub::HubDriver g_hub_driver;
storage::MassStorageDriver g_storage_driver(block::block_registry(), g_lock_table);
ClassDriver* const g_drivers[] = {&g_hub_driver, &g_storage_driver};
Bus g_bus(g_env, g_devices, g_drivers, sizeof g_drivers / sizeof g_drivers[0]);
bool g_initialized = false;

}  // namespace

size_t enumerate_all() { return g_bus.enumerate_all(controllers()); }

const DeviceTable& devices() { return g_devices; }

void init() {
  CW_ASSERT(!g_initialized);
  CW_ASSERT(cpu::interrupts_enabled());
  g_initialized = true;
  if (controllers().size() == 0) {
    kprint("usb: no host controllers\n");
    return;
  }
  enumerate_all();
  kprint("usb: {} controllers, {} devices ({} with a driver), {} disks, {} hubs\n", controllers().size(),
         g_devices.capacity() - g_devices.count(DeviceState::Free), g_devices.count(DeviceState::Attached),
         g_storage_driver.disk_count(), g_hub_driver.hub_count());
}

}  // namespace cw::usb
