// Raw wrappers of the Linux start-up calls (lib/abi/syscall_numbers.h, "TLS and the calls of glibc's
// start-up"): each passes its arguments through unchanged, bad pointers included, and returns the
// kernel's raw result: a value, or a negated errno in [-4095, -1]. Test programs compare results with
// -errno directly (neg(Error::X)); typed convenience lives in the callers.
#pragma once

#include <cstdint>

#include "lib/abi/linux_structs.h"
#include "lib/abi/structs.h"
#include "lib/error.h"

namespace cw::lx {  // "lx": `linux` is a predefined macro in GNU modes

constexpr int32_t neg(Error e) { return -static_cast<int32_t>(e); }

int32_t set_thread_area(abi::UserDesc* desc);
int32_t get_thread_area(abi::UserDesc* desc);
int32_t uname(abi::Utsname* out);
int32_t gettid();
int32_t set_tid_address(int32_t* tidptr);
// The four ids, by Linux number: getuid (24) / getuid32 (199) and so on.
int32_t id_call(uint32_t number);
int32_t umask(uint32_t mask);
int32_t getpgrp();
int32_t getpgid(int32_t pid);
int32_t setpgid(int32_t pid, int32_t pgid);
int32_t getsid(int32_t pid);
int32_t setsid();
int32_t writev(int32_t fd, const abi::Iovec* iov, int32_t count);
int32_t clock_gettime(int32_t clock, abi::Timespec* out);
int32_t clock_gettime64(int32_t clock, abi::Timespec64* out);
int32_t clock_getres(int32_t clock, abi::Timespec* out);
int32_t clock_getres_time64(int32_t clock, abi::Timespec64* out);
int32_t clock_nanosleep(int32_t clock, uint32_t flags, const abi::Timespec* request, abi::Timespec* remaining);
int32_t clock_nanosleep_time64(int32_t clock, uint32_t flags, const abi::Timespec64* request,
                               abi::Timespec64* remaining);
int32_t gettimeofday(abi::Timeval* tv, abi::Timezone* tz);
int32_t time(int32_t* out);
int32_t getrandom(void* buffer, uint32_t count, uint32_t flags);
int32_t ugetrlimit(uint32_t resource, abi::Rlimit* out);
int32_t getrlimit(uint32_t resource, abi::Rlimit* out);
int32_t setrlimit(uint32_t resource, const abi::Rlimit* limit);
int32_t prlimit64(int32_t pid, uint32_t resource, const abi::Rlimit64* replacement, abi::Rlimit64* old);
int32_t sysinfo(abi::Sysinfo* out);
// Any call by number with up to three arguments, for the ones Clockwork leaves ENOSYS.
int32_t call3(uint32_t number, uint32_t a1, uint32_t a2, uint32_t a3);

}  // namespace cw::lx
