// Introspection system calls: proc_list, prog_list, vm_stat, page_dump.
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/fs/program_store.h"
#include "kernel/print.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/structs.h"
#include "mm/pager.h"

namespace cw::syscall {

namespace {

void copy_name(char* out, const char* in) {
  size_t i = 0;
  for (; in[i] && i + 1 < abi::kNameMax; ++i) out[i] = in[i];
  for (; i < abi::kNameMax; ++i) out[i] = '\0';
}

abi::ProcState state_of(const Process& p) {
  if (p.state == ProcessState::Zombie || !p.thread) return abi::ProcState::Zombie;
  switch (p.thread->state) {
    case ThreadState::Running: return abi::ProcState::Running;
    case ThreadState::Blocked: return abi::ProcState::Blocked;
    case ThreadState::Sleeping: return abi::ProcState::Sleeping;
    default: return abi::ProcState::Ready;
  }
}

}  // namespace

int32_t sys_proc_list(const Args& a) {
  uint32_t out = a.a[0], max = a.a[1];
  if (max > 4096) return error_return(Error::InvalidArgument);
  auto checked = current_space().verify(VirtAddr(out), max * sizeof(abi::ProcInfo), mm::Access::Write);
  if (!checked) return error_return(checked.error());
  uint32_t written = 0;
  for (Process* p = proc::first(); p && written < max; p = p->next) {
    abi::ProcInfo info{};
    {
      cpu::InterruptGuard guard;
      info.pid = p->pid;
      info.parent = p->parent_pid > 0 ? p->parent_pid : 0;
      info.state = state_of(*p);
      info.resident_pages = p->space ? p->space->resident_pages() : 0;
      info.cpu_ticks = p->thread ? p->thread->cpu_ticks : 0;
      copy_name(info.name, p->name);
    }
    auto ok = write_user(out + written * sizeof(abi::ProcInfo), info);
    if (!ok) return error_return(ok.error());
    ++written;
  }
  return static_cast<int32_t>(written);
}

int32_t sys_prog_list(const Args& a) {
  uint32_t out = a.a[0], max = a.a[1];
  if (max > 4096) return error_return(Error::InvalidArgument);
  auto checked = current_space().verify(VirtAddr(out), max * sizeof(abi::ProgInfo), mm::Access::Write);
  if (!checked) return error_return(checked.error());
  uint32_t written = 0;
  for (size_t i = 0; i < programs::count() && written < max; ++i) {
    abi::ProgInfo info{};
    copy_name(info.name, programs::at(i).name);
    info.size = programs::at(i).size;
    auto ok = write_user(out + written * sizeof(abi::ProgInfo), info);
    if (!ok) return error_return(ok.error());
    ++written;
  }
  return static_cast<int32_t>(written);
}

int32_t sys_vm_stat(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  abi::VmStat stat{};
  pager::fill_vm_stat(stat);
  if (pid != 0) {
    cpu::InterruptGuard guard;
    Process* p = proc::find(pid);
    if (!p || !p->space) return error_return(Error::NoProcess);
    p->space->counters().copy_to(stat);  // the read-around and cluster counts stay system-wide
    stat.resident_pages = p->space->resident_pages();
    stat.shared_pages = p->space->shared_resident_pages();
    stat.mmap_pages = p->space->mmap_pages();
    stat.fault_rate = p->space->fault_rate(pit::ticks());
    stat.working_set = p->space->working_set_estimate();
  } else {
    cpu::InterruptGuard guard;
    uint64_t now = pit::ticks();
    for (Process* each = proc::first(); each; each = each->next) {
      if (!each->space) continue;
      stat.fault_rate += each->space->fault_rate(now);
      stat.working_set += each->space->working_set_estimate();
    }
  }
  return to_return(write_user(a.a[1], stat));
}

int32_t sys_page_dump(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  cpu::InterruptGuard guard;  // the target must not exit while its tables are walked
  Process* p = pid == 0 ? proc::current() : proc::find(pid);
  if (!p || !p->space) return error_return(Error::NoProcess);
  kprint("page table of {} (pid {}), directory {}:\n", p->name, p->pid, p->space->page_directory());
  mm::PageCounts total = p->space->report_pages(console::sink());
  kprint("total: {} resident, {} in swap, {} not loaded\n", total.resident, total.in_swap, total.not_loaded);
  return 0;
}

}  // namespace cw::syscall
