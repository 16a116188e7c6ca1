#include "procs/lib/linux_calls.h"

#include "procs/lib/syscall_raw.h"

namespace cw::lx {  // "lx": `linux` is a predefined macro in GNU modes

using abi::Syscall;
using sys::reg;
using sys::raw_syscall0;
using sys::raw_syscall1;
using sys::raw_syscall2;
using sys::raw_syscall3;
using sys::raw_syscall4;

namespace {

uint32_t u(int32_t v) { return static_cast<uint32_t>(v); }

}  // namespace

int32_t set_thread_area(abi::UserDesc* desc) { return raw_syscall1(Syscall::SetThreadArea, reg(desc)); }
int32_t get_thread_area(abi::UserDesc* desc) { return raw_syscall1(Syscall::GetThreadArea, reg(desc)); }
int32_t uname(abi::Utsname* out) { return raw_syscall1(Syscall::Uname, reg(out)); }
int32_t gettid() { return raw_syscall0(Syscall::Gettid); }
int32_t set_tid_address(int32_t* tidptr) { return raw_syscall1(Syscall::SetTidAddress, reg(tidptr)); }
int32_t id_call(uint32_t number) { return raw_syscall0(static_cast<Syscall>(number)); }
int32_t umask(uint32_t mask) { return raw_syscall1(Syscall::Umask, mask); }
int32_t getpgrp() { return raw_syscall0(Syscall::Getpgrp); }
int32_t getpgid(int32_t pid) { return raw_syscall1(Syscall::Getpgid, u(pid)); }
int32_t setpgid(int32_t pid, int32_t pgid) { return raw_syscall2(Syscall::Setpgid, u(pid), u(pgid)); }
int32_t getsid(int32_t pid) { return raw_syscall1(Syscall::Getsid, u(pid)); }
int32_t setsid() { return raw_syscall0(Syscall::Setsid); }
int32_t writev(int32_t fd, const abi::Iovec* iov, int32_t count) {
  return raw_syscall3(Syscall::Writev, u(fd), reg(iov), u(count));
}
int32_t clock_gettime(int32_t clock, abi::Timespec* out) { return raw_syscall2(Syscall::ClockGettime, u(clock), reg(out)); }
int32_t clock_gettime64(int32_t clock, abi::Timespec64* out) {
  return raw_syscall2(Syscall::ClockGettime64, u(clock), reg(out));
}
int32_t clock_getres(int32_t clock, abi::Timespec* out) { return raw_syscall2(Syscall::ClockGetres, u(clock), reg(out)); }
int32_t clock_getres_time64(int32_t clock, abi::Timespec64* out) {
  return raw_syscall2(Syscall::ClockGetresTime64, u(clock), reg(out));
}
int32_t clock_nanosleep(int32_t clock, uint32_t flags, const abi::Timespec* request, abi::Timespec* remaining) {
  return raw_syscall4(Syscall::ClockNanosleep, u(clock), flags, reg(request), reg(remaining));
}
int32_t clock_nanosleep_time64(int32_t clock, uint32_t flags, const abi::Timespec64* request,
                               abi::Timespec64* remaining) {
  return raw_syscall4(Syscall::ClockNanosleepTime64, u(clock), flags, reg(request), reg(remaining));
}
int32_t gettimeofday(abi::Timeval* tv, abi::Timezone* tz) { return raw_syscall2(Syscall::Gettimeofday, reg(tv), reg(tz)); }
int32_t time(int32_t* out) { return raw_syscall1(Syscall::Time, reg(out)); }
int32_t getrandom(void* buffer, uint32_t count, uint32_t flags) {
  return raw_syscall3(Syscall::Getrandom, reg(buffer), count, flags);
}
int32_t ugetrlimit(uint32_t resource, abi::Rlimit* out) { return raw_syscall2(Syscall::Ugetrlimit, resource, reg(out)); }
int32_t getrlimit(uint32_t resource, abi::Rlimit* out) { return raw_syscall2(Syscall::Getrlimit, resource, reg(out)); }
int32_t setrlimit(uint32_t resource, const abi::Rlimit* limit) {
  return raw_syscall2(Syscall::Setrlimit, resource, reg(limit));
}
int32_t prlimit64(int32_t pid, uint32_t resource, const abi::Rlimit64* replacement, abi::Rlimit64* old) {
  return raw_syscall4(Syscall::Prlimit64, u(pid), resource, reg(replacement), reg(old));
}
int32_t sysinfo(abi::Sysinfo* out) { return raw_syscall1(Syscall::Sysinfo, reg(out)); }
int32_t call3(uint32_t number, uint32_t a1, uint32_t a2, uint32_t a3) {
  return raw_syscall3(static_cast<Syscall>(number), a1, a2, a3);
}

}  // namespace cw::lx
