#include "procs/lib/syscall.h"

#include "procs/lib/syscall_raw.h"

namespace cw::sys {

using abi::Syscall;

namespace {

uint32_t u(int value) { return static_cast<uint32_t>(value); }

Result<void> to_void(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return {};
}

Result<size_t> to_size(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return static_cast<size_t>(r.value());
}

Result<int> to_int(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return static_cast<int>(r.value());
}

}  // namespace

Result<uint32_t> to_result(int32_t raw) {
  if (raw < 0 && raw >= -4095) return static_cast<Error>(-raw);
  return static_cast<uint32_t>(raw);
}

void exit(int status) {
  raw_syscall1(Syscall::Exit, u(status));
  __builtin_trap();  // unreachable unless the kernel is broken; ud2 makes that loud
}

void exit_group(int status) {
  raw_syscall1(Syscall::ExitGroup, u(status));
  __builtin_trap();
}

Result<size_t> read(int fd, void* buffer, size_t count) {
  return to_size(raw_syscall3(Syscall::Read, u(fd), reg(buffer), count));
}

Result<size_t> write(int fd, const void* buffer, size_t count) {
  return to_size(raw_syscall3(Syscall::Write, u(fd), reg(buffer), count));
}

Result<int> waitpid(int pid, int* status, int options) {
  return to_int(raw_syscall3(Syscall::Waitpid, u(pid), reg(status), u(options)));
}

Result<int> wait4(int pid, int* status, int options, abi::Rusage* usage) {
  return to_int(raw_syscall4(Syscall::Wait4, u(pid), reg(status), u(options), reg(usage)));
}

Result<void> execve(const char* path, const char* const* argv, const char* const* envp) {
  return to_void(raw_syscall3(Syscall::Execve, reg(path), reg(argv), reg(envp)));
}

int getpid() { return raw_syscall0(Syscall::Getpid); }

Result<int> ioctl(int fd, uint32_t request, void* arg) {
  return to_int(raw_syscall3(Syscall::Ioctl, u(fd), request, reg(arg)));
}

int getppid() { return raw_syscall0(Syscall::Getppid); }

Result<void> kill(int pid, int signal) { return to_void(raw_syscall2(Syscall::Kill, u(pid), u(signal))); }

uintptr_t brk(uintptr_t end) {
  return static_cast<uint32_t>(raw_syscall1(Syscall::Brk, static_cast<uint32_t>(end)));
}

Result<void> reboot(uint32_t magic1, uint32_t magic2, uint32_t command, uint32_t arg) {
  return to_void(raw_syscall4(Syscall::Reboot, magic1, magic2, command, arg));
}

Result<void> power_off() { return reboot(abi::kRebootMagic1, abi::kRebootMagic2, abi::kRebootCmdPowerOff, 0); }

Result<void> mlock(const void* address, size_t length) {
  return to_void(raw_syscall2(Syscall::Mlock, reg(address), length));
}

Result<void> munlock(const void* address, size_t length) {
  return to_void(raw_syscall2(Syscall::Munlock, reg(address), length));
}

void sched_yield() { raw_syscall0(Syscall::SchedYield); }

Result<void> nanosleep(const abi::Timespec* request, abi::Timespec* remaining) {
  return to_void(raw_syscall2(Syscall::Nanosleep, reg(request), reg(remaining)));
}

Result<void> clock_gettime(int clock, abi::Timespec* out) {
  return to_void(raw_syscall2(Syscall::ClockGettime, u(clock), reg(out)));
}

Result<int> spawn(const char* name, const char* const* argv, uint32_t flags) {
  return to_int(raw_syscall3(Syscall::Spawn, reg(name), reg(argv), flags));
}

Result<int> fork() { return to_int(raw_syscall0(Syscall::Fork)); }

Result<int> clone(uint32_t flags, void* stack, int* parent_tid, int* child_tid) {
  return to_int(raw_syscall5(Syscall::Clone, flags, reg(stack), reg(parent_tid), 0, reg(child_tid)));
}

Result<int> mbox_open(const char* name) { return to_int(raw_syscall1(Syscall::MboxOpen, reg(name))); }

Result<void> mbox_close(int mbox) { return to_void(raw_syscall1(Syscall::MboxClose, u(mbox))); }

Result<void> mbox_send(int mbox, const void* message, size_t size) {
  return to_void(raw_syscall3(Syscall::MboxSend, u(mbox), reg(message), size));
}

Result<size_t> mbox_recv(int mbox, void* buffer, size_t capacity) {
  return to_size(raw_syscall3(Syscall::MboxRecv, u(mbox), reg(buffer), capacity));
}

Result<void> mbox_status(int mbox, abi::MboxStatus* out) {
  return to_void(raw_syscall2(Syscall::MboxStatus, u(mbox), reg(out)));
}

Result<size_t> pci_list(pci::PciFunction* out, size_t max) {
  return to_size(raw_syscall2(Syscall::PciList, reg(out), max));
}

Result<size_t> frame_map(abi::FrameCell* out, size_t max) {
  return to_size(raw_syscall2(Syscall::FrameMap, reg(out), max));
}

Result<size_t> page_map(int pid, abi::PageRun* out, size_t max) {
  return to_size(raw_syscall3(Syscall::PageMap, u(pid), reg(out), max));
}

Result<void> disk_time(const abi::DiskTimeRequest* request, abi::DiskTimeResult* out) {
  return to_void(raw_syscall2(Syscall::DiskTime, reg(request), reg(out)));
}

Result<size_t> proc_list(abi::ProcInfo* out, size_t max) {
  return to_size(raw_syscall2(Syscall::ProcList, reg(out), max));
}

Result<size_t> prog_list(abi::ProgInfo* out, size_t max) {
  return to_size(raw_syscall2(Syscall::ProgList, reg(out), max));
}

Result<void> vm_stat(int pid, abi::VmStat* out) {
  return to_void(raw_syscall2(Syscall::VmStat, u(pid), reg(out)));
}

Result<void> page_dump(int pid) { return to_void(raw_syscall1(Syscall::PageDump, u(pid))); }

}  // namespace cw::sys
