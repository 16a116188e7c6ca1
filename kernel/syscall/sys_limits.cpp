// Resource limits and system information: getrlimit (old), ugetrlimit, setrlimit, prlimit64, sysinfo
// (docs/abi.md "Limits"). The limit rules are lib/resource_limits.h's; each process has its own table,
// inherited by fork and spawn.
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"
#include "lib/load_average.h"
#include "lib/resource_limits.h"
#include "mm/pager.h"

namespace cw::syscall {

namespace {

using limits::ResourceLimits;

// ugetrlimit and old getrlimit: EINVAL for a bad resource before the pointer is used, as Linux.
int32_t get_limit(const Args& a, abi::Rlimit (*narrow)(const abi::Rlimit64&)) {
  auto value = proc::current()->limits.get(a.a[0]);
  if (!value) return error_return(value.error());
  return to_return(write_user(a.a[1], narrow(value.value())));
}

}  // namespace

int32_t sys_ugetrlimit(const Args& a) { return get_limit(a, limits::narrow); }
int32_t sys_getrlimit(const Args& a) { return get_limit(a, limits::narrow_old); }

// setrlimit(resource, const struct rlimit*): RLIM_INFINITY (~0) is infinity.
int32_t sys_setrlimit(const Args& a) {
  auto value = read_user<abi::Rlimit>(a.a[1]);
  if (!value) return error_return(value.error());
  abi::Rlimit64 wide = limits::widen(value.value());
  return to_return(proc::current()->limits.exchange(a.a[0], &wide, nullptr));
}

// prlimit64(pid, resource, new, old): pid 0 or a process's pid (Clockwork has one user, root, so every
// process may change every other's limits, as CAP_SYS_RESOURCE would allow). Order as Linux: copy `new`
// (EFAULT), find pid (ESRCH), the rules (EINVAL, EPERM), then `old`. `old` is checked before the limit
// changes, so a bad `old` leaves the limits alone.
int32_t sys_prlimit64(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  uint32_t resource = a.a[1], new_address = a.a[2], old_address = a.a[3];
  abi::Rlimit64 replacement{};
  if (new_address != 0) {
    auto value = read_user<abi::Rlimit64>(new_address);
    if (!value) return error_return(value.error());
    replacement = value.value();
  }
  if (old_address != 0) {
    auto ok = current_space().verify(VirtAddr(old_address), sizeof(abi::Rlimit64), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  abi::Rlimit64 old{};
  {
    cpu::InterruptGuard guard;
    Process* p = pid == 0 ? proc::current() : proc::find(pid);
    if (!p || p->state == ProcessState::Zombie) return error_return(Error::NoProcess);
    auto done = p->limits.exchange(resource, new_address ? &replacement : nullptr, old_address ? &old : nullptr);
    if (!done) return error_return(done.error());
  }
  if (old_address != 0) return to_return(write_user(old_address, old));
  return 0;
}

// sysinfo: uptime from the tick count; RAM is the pageable pool (user memory, in pages: mem_unit 4096),
// swap the swap partition's slots; procs counts the processes that have not exited; loads are the load
// averages (kernel/sched/scheduler.h) shifted from FSHIFT to SI_LOAD_SHIFT (16) bits of fraction, as
// Linux's get_avenrun(loads, 0, SI_LOAD_SHIFT - FSHIFT). No shared-memory segments or buffer cache
// (sharedram, bufferram 0) and no high memory.
int32_t sys_sysinfo(const Args& a) {
  abi::VmStat vm{};
  pager::fill_vm_stat(vm);
  abi::Sysinfo info{};
  info.uptime = static_cast<int32_t>(pit::ticks() / 1000);
  info.totalram = vm.pageable_frames;
  info.freeram = vm.free_frames;
  info.totalswap = vm.swap_slots_total;
  info.freeswap = vm.swap_slots_total - vm.swap_slots_used;
  for (int i = 0; i < 3; ++i) info.loads[i] = sched::load_average(i) << (16 - LoadAverage::kShift);
  {
    cpu::InterruptGuard guard;
    for (Process* p = proc::first(); p; p = p->next)
      if (p->state != ProcessState::Zombie) ++info.procs;
  }
  info.mem_unit = kPageSize;
  return to_return(write_user(a.a[0], info));
}

}  // namespace cw::syscall
