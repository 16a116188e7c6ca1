// forkbench [rounds]: what process memory operations cost, in TSC cycles, next to floors measured in the
// same run (docs/perf.md). A benchmark, not a test: it prints numbers and checks only that they are sane
// (exact fault counts where the kernel's design fixes them).
//
// 0. Floors: a null system call (getpid), a resident write (one word of a private mapped page), a
//    zero-fill fault (the first write to each of the 256 fresh heap pages of the 1 MiB area, free frames).
// 1. fork + exit + wait4: of this process with the 1 MiB area untouched ("empty", the floor of the
//    section), with it written before the fork and the child exiting at once ("cow"), and with the child
//    writing one word of each of the 256 pages before exiting ("full copy": what a fork that copied
//    everything would pay, done through copy-on-write faults). Per round: cycles, the child's minor faults
//    (wait4's ru_minflt), all minor faults (vm_stat(0), the parent's included), major faults and
//    swap-outs; in one extra round, the pool frames the child holds when it exits.
// 2. One copy-on-write fault: the parent writes one word of each of the 256 pages while a child that
//    shares them is alive (blocked on a mailbox), against the zero-fill floor and a resident write.
// 3. execve: fork + execve("forkbench exit") + wait4, spawn("forkbench exit") + wait4 and fork + exit +
//    wait4, all with the area released, so that the exec part is (fork + execve) - (fork + exit).
// 4. mmap + munmap of 1 and of 256 anonymous private pages, untouched and with every page written.
//
// Run it as init, alone, with a pool that holds the area twice over (nothing pages):
//   tests/integration/cwboot.py build/disk.img --append 'init="forkbench" pageable_pages=1024'
// `forkbench exit` is the exec'd program: it returns at once.
#include "lib/abi/linux_structs.h"
#include "lib/abi/mman.h"
#include "procs/lib/args.h"
#include "procs/lib/mmap.h"
#include "procs/lib/wait.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr uint32_t kAreaPages = 256;  // 1 MiB
constexpr const char* kUpBox = "forkbench.up";
constexpr const char* kGoBox = "forkbench.go";
constexpr const char* const kExitArgv[] = {"forkbench", "exit", nullptr};
constexpr const char* const kNoEnv[] = {nullptr};

uint8_t* area = nullptr;

// A store to one word of a page, without reading it first: the page becomes dirty and, if shared, is
// copied, in one fault at most.
inline void write_page(uint8_t* page) { *reinterpret_cast<volatile uint32_t*>(page) = 0x5A5A5A5Au; }

// A read-modify-write of one word (what vmbench's touches do): in a fork child whose page table has no
// entry for the page yet, the read and the write are two faults.
inline void update_page(uint8_t* page) {
  volatile uint32_t* w = reinterpret_cast<volatile uint32_t*>(page);
  *w = *w + 1;
}

inline uint64_t timed_write(uint8_t* page) {
  uint64_t t0 = rdtsc();
  write_page(page);
  return rdtsc() - t0;
}

uint32_t used_frames() {
  abi::VmStat g = vm_stat(0);
  return g.pageable_frames - g.free_frames;
}

RatioText per(uint64_t a, uint64_t b) { return RatioText(Ratio{a, b}); }

// Cycles of repeated operations: the mean and the smallest.
struct Cycles {
  uint64_t sum = 0, min = ~0ull, n = 0;
  void add(uint64_t c) {
    sum += c;
    ++n;
    if (c < min) min = c;
  }
  void merge(const Cycles& other) {
    sum += other.sum;
    n += other.n;
    if (other.min < min) min = other.min;
  }
  uint64_t mean() const { return n ? sum / n : 0; }
};

// The global event counters over an interval.
class Interval {
public:
  Interval() : start_(events_of(vm_stat(0))) {}
  VmEvents finish() const { return events_of(vm_stat(0)) - start_; }

private:
  VmEvents start_;
};

// One store to each of `pages` pages, each timed, with this process's event counters and the pool frames
// it took. Not inlined, so that the floors and the copy-on-write section run the same code: its text is
// resident before the copy-on-write pass (a first execution would load a text page inside the window).
struct WritePass {
  Cycles cycles;
  VmEvents own;
  int32_t frames = 0;
};

[[gnu::noinline]] WritePass write_pass(uint8_t* base, uint32_t pages) {
  WritePass w;
  abi::VmStat g0 = vm_stat(0);
  abi::VmStat o0 = vm_stat(sys::getpid());
  for (uint32_t i = 0; i < pages; ++i) w.cycles.add(timed_write(base + i * kPage));
  abi::VmStat o1 = vm_stat(sys::getpid());
  abi::VmStat g1 = vm_stat(0);
  w.own = events_of(o1) - events_of(o0);
  w.frames = static_cast<int32_t>(g0.free_frames) - static_cast<int32_t>(g1.free_frames);
  return w;
}

// Four passes over the area, whose pages must be private and resident: the cost of a plain store.
Cycles resident_writes() {
  Cycles all;
  for (uint32_t round = 0; round < 4; ++round) all.merge(write_pass(area, kAreaPages).cycles);
  return all;
}

// wait4 for `pid`; the child must have exited with status 0. Adds its minor faults to `child_minor`.
void reap(int pid, uint64_t& child_minor, uint64_t& child_major) {
  int status = 0;
  abi::Rusage usage{};
  auto reaped = sys::wait4(pid, &status, 0, &usage);
  check(reaped && reaped.value() == pid, "wait4({}) failed", pid);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child {} status {:#x}", pid, status);
  child_minor += static_cast<uint32_t>(usage.ru_minflt);
  child_major += static_cast<uint32_t>(usage.ru_majflt);
}

int fork_now() {
  auto pid = sys::fork();
  check(static_cast<bool>(pid), "fork failed");
  return pid.value();
}

// --- 0. floors ----------------------------------------------------------------------------------------------

struct Floors {
  uint64_t null_call = 0;  // cycles per getpid
  uint64_t resident = 0;   // cycles per write to a private resident page
  uint64_t zero_fill = 0;  // cycles per zero-fill fault with free frames
};

Floors measure_floors() {
  Floors f;
  uint64_t t0 = rdtsc();
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 10000; ++i) sum += static_cast<uint32_t>(sys::getpid());
  f.null_call = (rdtsc() - t0) / 10000;
  asm volatile("" : : "r"(sum));

  area = take_pages(kAreaPages);
  WritePass z = write_pass(area, kAreaPages);
  const VmEvents& e = z.own;
  f.zero_fill = z.cycles.mean();
  Cycles r = resident_writes();
  f.resident = r.mean();
  print("floor  null system call        {} cycles/call (getpid, 10000 calls)\n", f.null_call);
  print("floor  resident write          {} cycles/write (min {}) over {} writes\n", f.resident, r.min, r.n);
  print("floor  zero-fill fault         {} cycles/fault (min {}) over {} first writes: {} minor, {} major, "
        "{} evictions\n",
        f.zero_fill, z.cycles.min, z.cycles.n, e.minor, e.major, e.evictions);
  check(e.minor >= kAreaPages, "{} first writes of fresh pages made only {} minor faults", kAreaPages, e.minor);
  if (e.evictions != 0) print("       (not a clean floor: the pool had no room for {} fresh pages)\n", kAreaPages);
  return f;
}

// --- 1. fork + exit + wait ---------------------------------------------------------------------------------

enum class ChildWork { None, WriteAll, UpdateAll };

struct ForkResult {
  Cycles cycles;
  uint64_t child_minor = 0, child_major = 0;
  VmEvents events;         // global, all timed rounds
  uint32_t frames = 0;     // pool frames the child holds at its exit, above the parent's before the fork
  uint32_t leftover = 0;   // pool frames in use after the wait, above those before the fork
};

// Every child reads `area` (its data page is one read fault), whatever it does next, so that the cases
// differ by the area's pages alone.
[[noreturn]] void child_body(ChildWork work, volatile uint32_t* report) {
  uint8_t* const base = *static_cast<uint8_t* volatile*>(&area);
  if (work == ChildWork::WriteAll)
    for (uint32_t i = 0; i < kAreaPages; ++i) write_page(base + i * kPage);
  if (work == ChildWork::UpdateAll)
    for (uint32_t i = 0; i < kAreaPages; ++i) update_page(base + i * kPage);
  if (report) *report = used_frames();
  sys::exit(0);
}

ForkResult fork_rounds(ChildWork work, uint32_t rounds, volatile uint32_t* report) {
  ForkResult r;
  flush_output();
  uint64_t warm_minor = 0, warm_major = 0;
  int warm = fork_now();  // warm-up, untimed: the first fork after a change of the parent's memory
  if (warm == 0) child_body(work, nullptr);
  reap(warm, warm_minor, warm_major);
  Interval iv;
  for (uint32_t k = 0; k < rounds; ++k) {
    uint64_t t0 = rdtsc();
    int pid = fork_now();
    if (pid == 0) child_body(work, nullptr);
    reap(pid, r.child_minor, r.child_major);
    r.cycles.add(rdtsc() - t0);
  }
  r.events = iv.finish();
  // One more, untimed: the child reports the frames in use just before it exits.
  uint32_t before = used_frames();
  *report = 0;
  int pid = fork_now();
  if (pid == 0) child_body(work, report);
  uint64_t ignored_minor = 0, ignored_major = 0;
  reap(pid, ignored_minor, ignored_major);
  uint32_t after = used_frames();
  r.frames = *report > before ? *report - before : 0;
  r.leftover = after > before ? after - before : 0;
  return r;
}

void print_fork_row(const char* name, const ForkResult& r, uint32_t rounds, uint64_t floor) {
  print("{}  {:9} ({:6})  {:9}  {:11}  {:11}  {:5}  {:8}  {:6}  {:8}\n", name, r.cycles.mean(),
        per(r.cycles.mean(), floor).c_str(), r.cycles.min, per(r.child_minor, rounds).c_str(),
        per(r.events.minor, rounds).c_str(), r.events.major, r.events.swap_outs, r.frames, r.leftover);
}

// Sets `paged` when any round needed the disk (a pool too small for the area twice over).
void fork_section(uint32_t rounds, volatile uint32_t* report, bool& paged) {
  print("\nfork + exit + wait4, {} rounds each (x floor: x the empty fork)\n", rounds);
  print("case       cyc/fork (x floor)  min        child minor  all minor    major  swap-out  frames  leftover\n");
  // "empty" forks with the area released; it is then rebuilt (zero-fill) for the other two cases.
  (void)sys::brk(reinterpret_cast<uintptr_t>(area));
  ForkResult empty = fork_rounds(ChildWork::None, rounds, report);
  area = take_pages(kAreaPages);
  for (uint32_t i = 0; i < kAreaPages; ++i) write_page(area + i * kPage);
  ForkResult cow = fork_rounds(ChildWork::None, rounds, report);
  ForkResult full = fork_rounds(ChildWork::WriteAll, rounds, report);
  ForkResult update = fork_rounds(ChildWork::UpdateAll, rounds, report);
  uint64_t floor = empty.cycles.mean();
  print_fork_row("empty     ", empty, rounds, floor);
  print_fork_row("cow       ", cow, rounds, floor);
  print_fork_row("full copy ", full, rounds, floor);
  print_fork_row("full r+w  ", update, rounds, floor);
  print("full copy: the child stores to each page; full r+w: it reads, then writes each page.\n");
  print("child minor = the child's faults (wait4 ru_minflt) per round; all minor = every minor fault in the\n"
        "pool per round (vm_stat(0): the parent's after the fork included); major and swap-out: all rounds;\n"
        "frames = pool frames the child holds at its exit, above the parent's before the fork; leftover =\n"
        "frames still used after the wait.\n");
  paged = empty.events.major + cow.events.major + full.events.major + update.events.major +
              full.events.swap_outs + update.events.swap_outs !=
          0;
  if (paged) {
    print("       (paged: the pool cannot hold the area twice; the rows include swap traffic)\n");
    return;
  }
  // Without paging the counts are exact: each of the 256 pages the full-copy child writes is one
  // copy-on-write fault more than the child that exits at once takes, and one frame more.
  check(full.child_minor == cow.child_minor + static_cast<uint64_t>(kAreaPages) * rounds,
        "full copy: {} child faults, cow: {} ({} rounds of {} pages)", full.child_minor, cow.child_minor, rounds,
        kAreaPages);
  check(full.frames == cow.frames + kAreaPages, "full copy child holds {} frames, cow child {}", full.frames,
        cow.frames);
  // The child's page table starts empty (docs/vm.md): a read maps the shared page read-only, then the
  // write copies it: two faults per page, the same frames.
  check(update.child_minor == cow.child_minor + 2ull * kAreaPages * rounds,
        "full r+w: {} child faults, cow: {} ({} rounds of {} pages)", update.child_minor, cow.child_minor, rounds,
        kAreaPages);
  check(update.frames == full.frames, "full r+w child holds {} frames, full copy child {}", update.frames,
        full.frames);
}

// --- 2. one copy-on-write fault -------------------------------------------------------------------------

int open_box(const char* name) {
  auto box = sys::mbox_open(name);
  check(static_cast<bool>(box), "mbox_open({}) failed", name);
  return box.value();
}

void cow_fault_section(const Floors& floors) {
  int up = open_box(kUpBox), go = open_box(kGoBox);
  flush_output();
  int pid = fork_now();
  if (pid == 0) {  // holds the area shared until told to go
    char c = 'r';
    if (!sys::mbox_send(up, &c, 1)) sys::exit(2);
    if (!sys::mbox_recv(go, &c, 1)) sys::exit(3);
    sys::exit(0);
  }
  char c = 0;
  check(static_cast<bool>(sys::mbox_recv(up, &c, 1)), "mbox_recv failed");
  (void)sleep_ms(20);  // let the child reach its mbox_recv and block
  WritePass pass = write_pass(area, kAreaPages);
  const Cycles& cow = pass.cycles;
  const VmEvents& e = pass.own;
  int32_t frames = pass.frames;
  Cycles priv = resident_writes();
  check(static_cast<bool>(sys::mbox_send(go, &c, 1)), "mbox_send failed");
  uint64_t minor = 0, major = 0;
  reap(pid, minor, major);
  (void)sys::mbox_close(up);
  (void)sys::mbox_close(go);

  print("\none copy-on-write fault: the parent writes each of {} pages while a child shares them\n", kAreaPages);
  print("case                 cycles/write (x zero-fill) (x resident)  min      minor  major  frames\n");
  print("cow fault            {:9} ({:6}) ({:8})  {:7}  {:5}  {:5}  {:6}\n", cow.mean(),
        per(cow.mean(), floors.zero_fill).c_str(), per(cow.mean(), floors.resident).c_str(), cow.min, e.minor,
        e.major, frames);
  print("zero-fill fault      {:9} ({:6}) ({:8})\n", floors.zero_fill, per(floors.zero_fill, floors.zero_fill).c_str(),
        per(floors.zero_fill, floors.resident).c_str());
  print("private write        {:9} ({:6}) ({:8})  {:7}\n", priv.mean(), per(priv.mean(), floors.zero_fill).c_str(),
        per(priv.mean(), floors.resident).c_str(), priv.min);
  if (e.major == 0) {
    check(e.minor == kAreaPages, "{} writes to shared pages made {} minor faults", kAreaPages, e.minor);
    check(frames == static_cast<int32_t>(kAreaPages), "{} copy-on-write faults took {} frames", kAreaPages, frames);
  }
}

// --- 3. execve ---------------------------------------------------------------------------------------------

struct ExecRow {
  Cycles cycles;
  uint64_t minor = 0, major = 0;
};

enum class Start { ForkExit, ForkExec, Spawn };

int start(Start how) {
  if (how == Start::Spawn) {
    auto pid = sys::spawn("forkbench", kExitArgv);
    check(static_cast<bool>(pid), "spawn failed");
    return pid.value();
  }
  int pid = fork_now();
  if (pid == 0) {
    if (how == Start::ForkExit) sys::exit(0);
    (void)sys::execve("/bin/forkbench", kExitArgv, kNoEnv);
    sys::exit(4);
  }
  return pid;
}

ExecRow exec_rounds(Start how, uint32_t rounds) {
  uint64_t m = 0, j = 0;
  reap(start(how), m, j);  // warm-up: the image's pages come in from disk once
  ExecRow r;
  for (uint32_t k = 0; k < rounds; ++k) {
    uint64_t t0 = rdtsc();
    reap(start(how), r.minor, r.major);
    r.cycles.add(rdtsc() - t0);
  }
  return r;
}

void exec_section(uint32_t rounds) {
  (void)sys::brk(reinterpret_cast<uintptr_t>(area));  // the area released: a small parent
  flush_output();
  ExecRow fe = exec_rounds(Start::ForkExit, rounds);
  ExecRow fx = exec_rounds(Start::ForkExec, rounds);
  ExecRow sp = exec_rounds(Start::Spawn, rounds);
  uint64_t floor = fe.cycles.mean();
  print("\nexecve, {} rounds each after one warm-up (x floor: x fork + exit + wait4)\n", rounds);
  print("case                      cycles (x floor)  min        child minor  child major\n");
  const struct {
    const char* name;
    const ExecRow* row;
  } rows[] = {{"fork + exit + wait4     ", &fe}, {"fork + execve + wait4   ", &fx}, {"spawn + wait4           ", &sp}};
  for (const auto& row : rows)
    print("{}  {:9} ({:6})  {:9}  {:11}  {:11}\n", row.name, row.row->cycles.mean(),
          per(row.row->cycles.mean(), floor).c_str(), row.row->cycles.min, per(row.row->minor, rounds).c_str(),
          per(row.row->major, rounds).c_str());
  uint64_t exec_part = fx.cycles.mean() > floor ? fx.cycles.mean() - floor : 0;
  print("execve part (fork + execve minus fork + exit): {} cycles ({} x spawn + wait4)\n", exec_part,
        per(exec_part, sp.cycles.mean()).c_str());
  print("child minor/major = the child's faults (wait4) per round, the exec'd program's included.\n");
}

// --- 4. mmap / munmap --------------------------------------------------------------------------------------

void mmap_row(uint32_t pages, bool touched, uint32_t rounds, const Floors& floors) {
  Cycles map, touch, unmap;
  uint32_t frames0 = used_frames();
  abi::VmStat own0 = vm_stat(sys::getpid());
  size_t length = static_cast<size_t>(pages) * kPage;
  for (uint32_t k = 0; k < rounds; ++k) {
    uint64_t t0 = rdtsc();
    auto m = sys::mmap_anonymous(0, length, abi::kProtRead | abi::kProtWrite, abi::kMapPrivate);
    uint64_t t1 = rdtsc();
    check(static_cast<bool>(m), "mmap of {} pages failed", pages);
    uint8_t* base = reinterpret_cast<uint8_t*>(m.value());
    if (touched)
      for (uint32_t i = 0; i < pages; ++i) write_page(base + i * kPage);
    uint64_t t2 = rdtsc();
    auto ok = sys::munmap(m.value(), length);
    uint64_t t3 = rdtsc();
    check(static_cast<bool>(ok), "munmap of {} pages failed", pages);
    map.add(t1 - t0);
    touch.add(t2 - t1);
    unmap.add(t3 - t2);
  }
  VmEvents e = events_of(vm_stat(sys::getpid())) - events_of(own0);
  uint32_t frames1 = used_frames();
  uint32_t leftover = frames1 > frames0 ? frames1 - frames0 : 0;
  uint64_t touch_per_page = touched ? touch.mean() / pages : 0;
  print("{:5}  {:9}  {:7} ({:5})  {:9} ({:6})  {:7} ({:6})  {:8}  {:9}  {:5}  {:8}\n", pages,
        touched ? "written" : "untouched", map.mean(), per(map.mean(), floors.null_call).c_str(), touch_per_page,
        touched ? per(touch_per_page, floors.zero_fill).c_str() : "-", unmap.mean(),
        per(unmap.mean(), floors.null_call).c_str(), map.mean() + touch.mean() + unmap.mean(),
        per(e.minor, rounds).c_str(), e.major, leftover);
  if (e.major == 0)
    check(e.minor == (touched ? static_cast<uint64_t>(pages) * rounds : 0), "mmap {} pages {}: {} minor faults",
          pages, touched ? "written" : "untouched", e.minor);
  check(leftover == 0, "mmap {} pages: {} frames not given back by munmap", pages, leftover);
}

void mmap_section(uint32_t rounds, const Floors& floors) {
  print("\nmmap + munmap (anonymous, private), {} rounds each (x floor: mmap, munmap x null system call; per-page "
        "write x zero-fill fault)\n",
        rounds);
  print("pages  case       mmap (x call)  write/page (x zf)  munmap (x call)  total     minor/rnd  major  leftover\n");
  const uint32_t sizes[] = {1, kAreaPages};
  for (uint32_t pages : sizes)
    for (int touched = 0; touched < 2; ++touched) mmap_row(pages, touched != 0, rounds, floors);
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[ROUNDS]  (and 'forkbench exit', the exec'd program)", 1);
  if (argc == 2 && StringView(argv[1]) == "exit") return 0;
  test_set_name("forkbench");
  uint32_t rounds = arg_uint(argc, argv, 1, 100);
  if (rounds == 0) rounds = 1;
  auto slot = sys::mmap_anonymous(0, kPage, abi::kProtRead | abi::kProtWrite, abi::kMapShared);
  check(static_cast<bool>(slot), "mmap of the shared report page failed");
  volatile uint32_t* report = reinterpret_cast<volatile uint32_t*>(slot.value());
  abi::VmStat g = vm_stat(0);
  TscRate tsc = measure_tsc_rate();
  print("forkbench: pool {} frames, policy {}, swap {} slots, {} rounds; TSC {} cycles/ms over a sleep, {} over "
        "a busy loop; area {} pages\n",
        g.pageable_frames, g.policy, g.swap_slots_total, rounds, tsc.over_sleep, tsc.over_busy_loop, kAreaPages);
  Floors floors = measure_floors();
  bool paged = false;
  fork_section(rounds, report, paged);
  cow_fault_section(floors);
  exec_section(rounds);
  mmap_section(rounds, floors);
  abi::VmStat end = vm_stat(0);
  print("forkbench: done; swap {} slots used, {} free frames\n", end.swap_slots_used, end.free_frames);
  return 0;
}
