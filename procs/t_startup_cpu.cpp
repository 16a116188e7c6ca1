// t_startup, second half: TLS through set_thread_area and %gs, and the FPU/SSE state across switches
// and fork (kernel/arch/fpu.h, kernel/syscall/sys_tls.cpp). See t_startup.cpp for the step list.
#include "procs/lib/clock.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"
#include "procs/t_startup.h"

namespace cw::startup {

using namespace cw::user;
using abi::UserDesc;
using lx::neg;

namespace {

constexpr uint32_t kAnyEntry = 0xFFFFFFFF;
constexpr int kSigSegv = 11;
constexpr int kSigFpe = 8;
constexpr int kNoSimdExceptions = 0x5E;  // a child's exit code: see step 19
constexpr int kStormRounds = 300;

uint32_t block_a[4] = {0xA11CE000, 1, 2, 3};
uint32_t block_b[4] = {0xB0B00000, 4, 5, 6};
// In .rodata: set_thread_area cannot write the chosen entry number back.
const UserDesc kReadOnlyDesc{0xFFFFFFFF, 0x1000, 0xFFFFF, abi::kUserDescSeg32Bit | abi::kUserDescLimitInPages};

// glibc's descriptor: 4 GiB limit in pages, 32-bit, writable data, "useable" set.
UserDesc tls_desc(uint32_t entry, const void* base) {
  return UserDesc{entry, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(base)), 0xFFFFF,
                  abi::kUserDescSeg32Bit | abi::kUserDescLimitInPages | abi::kUserDescUseable};
}

void load_gs(uint32_t entry) {
  uint16_t selector = static_cast<uint16_t>(entry << 3 | 3);
  asm volatile("movw %0, %%gs" : : "r"(selector) : "memory");
}
uint32_t gs_word(uint32_t index) {
  uint32_t v;
  asm volatile("movl %%gs:(,%1,4), %0" : "=r"(v) : "r"(index) : "memory");
  return v;
}
uint16_t read_fs() {
  uint16_t v;
  asm volatile("movw %%fs, %0" : "=r"(v));
  return v;
}
uint16_t read_gs() {
  uint16_t v;
  asm volatile("movw %%gs, %0" : "=r"(v));
  return v;
}

// The TLS word through %gs stays `want` while this process yields to another one that uses the same
// entry with another base.
void storm(uint32_t want, const char* who) {
  for (int i = 0; i < kStormRounds; ++i) {
    uint32_t got = gs_word(0);
    if (got != want) fail_test("{}: %gs:0 is {:#x} in round {}, want {:#x}", who, got, i, want);
    sys::sched_yield();
  }
}

uint16_t fnstcw() {
  uint16_t v;
  asm volatile("fnstcw %0" : "=m"(v));
  return v;
}
uint32_t stmxcsr() {
  uint32_t v;
  asm volatile("stmxcsr %0" : "=m"(v));
  return v;
}

// Eight x87 registers, eight XMM registers, FCW and MXCSR loaded from `in`, held across `yields`
// sched_yield calls (every one a chance for the other process to run with its own values), then stored
// to `out`. No compiler-generated code runs in between, so only the kernel could change them.
struct CpuRegs {
  double st[8];        // offset 0
  uint32_t xmm[8][4];  // offset 64
  uint32_t mxcsr;      // offset 192
  uint16_t fcw;        // offset 196
};
static_assert(__builtin_offsetof(CpuRegs, mxcsr) == 192 && __builtin_offsetof(CpuRegs, fcw) == 196);

void hold_registers(const CpuRegs& in, CpuRegs& out, uint32_t yields) {
  asm volatile(
      "fldcw 196(%%ebx)\n ldmxcsr 192(%%ebx)\n"
      "movups 64(%%ebx), %%xmm0\n movups 80(%%ebx), %%xmm1\n movups 96(%%ebx), %%xmm2\n"
      "movups 112(%%ebx), %%xmm3\n movups 128(%%ebx), %%xmm4\n movups 144(%%ebx), %%xmm5\n"
      "movups 160(%%ebx), %%xmm6\n movups 176(%%ebx), %%xmm7\n"
      "fldl 56(%%ebx)\n fldl 48(%%ebx)\n fldl 40(%%ebx)\n fldl 32(%%ebx)\n"
      "fldl 24(%%ebx)\n fldl 16(%%ebx)\n fldl 8(%%ebx)\n fldl 0(%%ebx)\n"
      "1:\n movl $158, %%eax\n int $0x80\n decl %%ecx\n jnz 1b\n"
      "fstpl 0(%%edx)\n fstpl 8(%%edx)\n fstpl 16(%%edx)\n fstpl 24(%%edx)\n"
      "fstpl 32(%%edx)\n fstpl 40(%%edx)\n fstpl 48(%%edx)\n fstpl 56(%%edx)\n"
      "movups %%xmm0, 64(%%edx)\n movups %%xmm1, 80(%%edx)\n movups %%xmm2, 96(%%edx)\n"
      "movups %%xmm3, 112(%%edx)\n movups %%xmm4, 128(%%edx)\n movups %%xmm5, 144(%%edx)\n"
      "movups %%xmm6, 160(%%edx)\n movups %%xmm7, 176(%%edx)\n"
      "stmxcsr 192(%%edx)\n fnstcw 196(%%edx)\n"
      : "+c"(yields)
      : "b"(&in), "d"(&out)
      : "eax", "memory");
}

void set_default_controls() {
  uint16_t fcw = 0x037F;
  uint32_t mxcsr = 0x1F80;
  asm volatile("fldcw %0\n ldmxcsr %1" : : "m"(fcw), "m"(mxcsr));
}

// Runs hold_registers with values derived from `seed` and checks every register came back.
void check_held(uint32_t seed, uint16_t fcw, uint32_t mxcsr, uint32_t yields, const char* who) {
  CpuRegs in{};
  for (int i = 0; i < 8; ++i) in.st[i] = static_cast<double>(seed) * 1000.0 + i + 0.25;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) in.xmm[i][j] = seed * 0x01010101u + static_cast<uint32_t>(i * 4 + j);
  in.mxcsr = mxcsr;
  in.fcw = fcw;
  CpuRegs out{};
  hold_registers(in, out, yields);
  for (int i = 0; i < 8; ++i)
    if (out.st[i] != in.st[i]) fail_test("{}: st({}) changed", who, i);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j)
      if (out.xmm[i][j] != in.xmm[i][j]) fail_test("{}: xmm{} word {} changed", who, i, j);
  if (out.mxcsr != mxcsr) fail_test("{}: MXCSR {:#x}, want {:#x}", who, out.mxcsr, mxcsr);
  if (out.fcw != fcw) fail_test("{}: FCW {:#x}, want {:#x}", who, out.fcw, fcw);
  set_default_controls();
}

// A computation whose exact result depends on every step: x87 in double precision, with yields.
double x87_series(int steps, bool yield) {
  // volatile: every step is stored as a double. Otherwise x could stay in an 80-bit register in one
  // variant and be spilled around the sched_yield call in the other, giving different roundings.
  volatile double x = 1.0;
  for (int i = 1; i <= steps; ++i) {
    x = x * 1.0000001 + 1.0 / i;
    if (yield && i % 16 == 0) sys::sched_yield();
  }
  return x;
}

// The same idea in SSE2 scalar arithmetic (inline asm: the user flags target i686, which has no SSE).
uint64_t sse_series(int steps, bool yield) {
  double x = 1.0;
  const double factor = 0.9999999, add = 0.5;
  for (int i = 1; i <= steps; ++i) {
    asm volatile("movsd %0, %%xmm0\n mulsd %1, %%xmm0\n addsd %2, %%xmm0\n movsd %%xmm0, %0"
                 : "+m"(x)
                 : "m"(factor), "m"(add)
                 : "memory");
    if (yield && i % 16 == 0) sys::sched_yield();
  }
  uint64_t bits;
  __builtin_memcpy(&bits, &x, 8);
  return bits;
}

}  // namespace

void check_initial_fpu_state() {
  uint16_t fcw = fnstcw();
  uint32_t mxcsr = stmxcsr();
  check(fcw == 0x37F, "a new process has FCW {:#x}, want 0x37f", fcw);
  check(mxcsr == 0x1F80, "a new process has MXCSR {:#x}, want 0x1f80", mxcsr);
}

void check_tls() {
  msg("12. set_thread_area picks entry 6, %gs reads the segment, get_thread_area reads it back");
  UserDesc d = tls_desc(kAnyEntry, block_a);
  expect(lx::set_thread_area(&d), 0, "set_thread_area(-1)");
  check(d.entry_number == 6, "entry_number written back as {}", d.entry_number);
  load_gs(6);
  check(gs_word(0) == 0xA11CE000 && gs_word(3) == 3, "%gs:0 is {:#x}", gs_word(0));
  UserDesc back{6, 0, 0, 0};
  expect(lx::get_thread_area(&back), 0, "get_thread_area(6)");
  check(back.base_addr == d.base_addr && back.limit == 0xFFFFF && back.flags == d.flags,
        "get_thread_area gave base {:#x} limit {:#x} flags {:#x}", back.base_addr, back.limit, back.flags);
  UserDesc empty{8, 0xFFFF, 0xFFFF, 0};
  expect(lx::get_thread_area(&empty), 0, "get_thread_area(8)");
  check(empty.base_addr == 0 && empty.flags == (abi::kUserDescReadExecOnly | abi::kUserDescSegNotPresent),
        "an empty entry reads flags {:#x}", empty.flags);

  msg("13. bad TLS arguments: EINVAL, EFAULT, ESRCH, modify_ldt ENOSYS");
  UserDesc bad = tls_desc(5, block_a);
  expect(lx::set_thread_area(&bad), neg(Error::InvalidArgument), "entry 5");
  bad.entry_number = 9;
  expect(lx::set_thread_area(&bad), neg(Error::InvalidArgument), "entry 9");
  bad = tls_desc(7, block_a);
  bad.flags &= ~abi::kUserDescSeg32Bit;
  expect(lx::set_thread_area(&bad), neg(Error::InvalidArgument), "a 16-bit segment");
  bad = tls_desc(7, block_a);
  bad.flags |= 2u << abi::kUserDescContentsShift;
  expect(lx::set_thread_area(&bad), neg(Error::InvalidArgument), "a code segment");
  expect(lx::set_thread_area(nullptr), neg(Error::BadAddress), "set_thread_area(NULL)");
  expect(lx::set_thread_area(reinterpret_cast<UserDesc*>(kKernelAddress)), neg(Error::BadAddress),
         "set_thread_area(kernel)");
  UserDesc range{12, 0, 0, 0};
  expect(lx::get_thread_area(&range), neg(Error::InvalidArgument), "get_thread_area(12)");
  expect(lx::get_thread_area(nullptr), neg(Error::BadAddress), "get_thread_area(NULL)");
  // A read-only descriptor cannot take the entry number back: EFAULT, and the free entry stays free.
  expect(lx::set_thread_area(const_cast<UserDesc*>(&kReadOnlyDesc)), neg(Error::BadAddress),
         "entry -1 in read-only memory");
  UserDesc seven{7, 0, 0, 0};
  expect(lx::get_thread_area(&seven), 0, "get_thread_area(7)");
  check(seven.base_addr == 0 && (seven.flags & abi::kUserDescSegNotPresent), "entry 7 was taken by a failed call");
  UserDesc e7 = tls_desc(kAnyEntry, block_b), e8 = tls_desc(kAnyEntry, block_b), e9 = tls_desc(kAnyEntry, block_b);
  expect(lx::set_thread_area(&e7), 0, "second -1");
  expect(lx::set_thread_area(&e8), 0, "third -1");
  check(e7.entry_number == 7 && e8.entry_number == 8, "entries {} and {}", e7.entry_number, e8.entry_number);
  expect(lx::set_thread_area(&e9), neg(Error::NoProcess), "a fourth -1 (all in use)");
  expect(lx::call3(123, 0, 0, 0), neg(Error::NotImplemented), "modify_ldt");

  msg("14. clearing an entry in use nulls the selector; using it then kills only the program");
  load_gs(6);
  asm volatile("movw %0, %%fs" : : "r"(static_cast<uint16_t>(7 << 3 | 3)));
  UserDesc clear{7, 0, 0, abi::kUserDescReadExecOnly | abi::kUserDescSegNotPresent};
  expect(lx::set_thread_area(&clear), 0, "clear entry 7");
  check(read_fs() == 0, "%fs is {:#x} after its entry was cleared", read_fs());
  check(read_gs() == 0x33 && gs_word(0) == 0xA11CE000, "%gs changed when entry 7 was cleared");
  UserDesc zero8{8, 0, 0, 0};  // the all-zero form clears too
  expect(lx::set_thread_area(&zero8), 0, "clear entry 8 (all zero)");
  int pid = fork_or_fail();
  if (pid == 0) {
    uint32_t v;
    asm volatile("movl %%fs:0, %0" : "=r"(v) : : "memory");  // null selector: #GP in user mode
    exit(static_cast<int>(v & 1));
  }
  int status = wait_status(pid);
  check(WIFSIGNALED(status) && WTERMSIG(status) == kSigSegv, "a load through the null %fs gave status {:#x}", status);

  msg("15. the TLS base survives a sleep, a fork and a switch storm against another base");
  (void)sleep_ms(30);
  check(read_gs() == 0x33 && gs_word(0) == 0xA11CE000, "%gs:0 changed across a sleep");
  block_b[0] = 0xDEADBEEF;  // the parent's copy: the child's base must not read it
  pid = fork_or_fail();
  if (pid == 0) {
    if (gs_word(0) != 0xA11CE000) fail_test("child: %gs:0 is {:#x} after fork", gs_word(0));
    block_b[0] = 0xB0B00000;
    UserDesc mine = tls_desc(6, block_b);
    if (lx::set_thread_area(&mine) != 0) fail_test("child: set_thread_area failed");
    load_gs(6);
    storm(0xB0B00000, "child");
    exit(0);
  }
  storm(0xA11CE000, "parent");
  expect_child_ok(pid, "TLS storm");
  check(gs_word(0) == 0xA11CE000, "parent: %gs:0 is {:#x} after the storm", gs_word(0));
}

void check_fpu() {
  msg("16. x87 and SSE registers, FCW and MXCSR survive switches to a process using other values");
  int pid = fork_or_fail();
  if (pid == 0) {
    check_held(2, 0x0C7F, 0x7F80, 200, "child");  // other rounding modes than the parent's
    exit(0);
  }
  check_held(1, 0x027F, 0x3F80, 200, "parent");
  expect_child_ok(pid, "register hold");

  msg("17. x87 and SSE computations give exact results while two processes interleave");
  double x87_expected = x87_series(3000, false);
  uint64_t sse_expected = sse_series(3000, false);
  pid = fork_or_fail();
  if (pid == 0) {
    // Another rounding mode in the child for a while: its FPU state differs from the parent's.
    uint16_t saved = fnstcw();
    uint16_t fcw = 0x0E7F;  // round toward zero, 53-bit precision
    asm volatile("fldcw %0" : : "m"(fcw));
    volatile double other = x87_series(3000, true);
    (void)other;
    asm volatile("fldcw %0" : : "m"(saved));
    exit(x87_series(3000, true) == x87_expected && sse_series(3000, true) == sse_expected ? 0 : 1);
  }
  check(x87_series(3000, true) == x87_expected, "parent: the x87 result changed");
  check(sse_series(3000, true) == sse_expected, "parent: the SSE result changed");
  expect_child_ok(pid, "exact results");

  msg("18. fork copies the FPU control state");
  uint16_t fcw = 0x0A7F;
  asm volatile("fldcw %0" : : "m"(fcw));
  pid = fork_or_fail();
  if (pid == 0) exit(fnstcw() == 0x0A7F ? 0 : 1);
  expect_child_ok(pid, "FCW after fork");
  fcw = 0x037F;
  asm volatile("fldcw %0" : : "m"(fcw));

  msg("19. unmasked x87 and SSE exceptions kill with SIGFPE (#MF through CR0.NE, #XM through CR4.OSXMMEXCPT)");
  pid = fork_or_fail();
  if (pid == 0) {
    uint16_t zm_unmasked = 0x037B;  // FCW with ZM (bit 2) clear
    double zero = 0.0, one = 1.0;
    asm volatile("fldcw %0\n fldl %1\n fdivl %2\n fwait\n fstpl %1" : : "m"(zm_unmasked), "m"(one), "m"(zero));
    exit(0);  // not reached: the pending divide-by-zero is delivered at fwait
  }
  int status = wait_status(pid);
  check(WIFSIGNALED(status) && WTERMSIG(status) == kSigFpe, "x87 divide by zero gave status {:#x}", status);
  pid = fork_or_fail();
  if (pid == 0) {
    uint32_t zm_unmasked = 0x1D80;  // MXCSR with ZM (bit 9) clear
    double zero = 0.0, one = 1.0;
    uint32_t after = 0;
    asm volatile("ldmxcsr %1\n movsd %2, %%xmm0\n divsd %3, %%xmm0\n movsd %%xmm0, %2\n stmxcsr %0"
                 : "=m"(after) : "m"(zm_unmasked), "m"(one), "m"(zero) : "memory");
    // Reached only on a CPU that records the exception without raising #XM: QEMU's TCG does that.
    exit((after & 0x4) ? kNoSimdExceptions : 1);
  }
  status = wait_status(pid);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kNoSimdExceptions) {
    info("this CPU sets MXCSR.ZE without raising #XM (QEMU TCG): the SIGFPE path is not exercised");
  } else {
    check(WIFSIGNALED(status) && WTERMSIG(status) == kSigFpe, "SSE divide by zero gave status {:#x}", status);
  }
}

}  // namespace cw::startup
