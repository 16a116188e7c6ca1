// vmbench [rounds]: what demand paging costs, in TSC cycles, next to what it cannot go below. A benchmark,
// not a test: it prints numbers and checks nothing but its own data.
//
// 1. Floors, measured first while the pool still has free frames:
//    * resident touch: read-modify-write of one word of a page that is mapped (no fault);
//    * zero-fill fault: the first touch of a fresh heap page while free frames remain, so no eviction:
//      the bare fault round trip (trap, lookup, frame allocation, zeroing 4 KiB, map, return);
//    * sequential swap read: there is no system call that reads the disk directly, so the proxy is a
//      purely sequential re-read of pages that are already in swap and clean (evicted without writes):
//      every touch is one swap-in of 8 sectors from the next slot. Its cost minus the zero-fill floor
//      approximates the driver's raw read time per 4 KiB; both are printed.
// 2. The sweep: for working sets of 1/2, 1, 2, 4 and 8 times the pool, sequential and uniformly random
//    page order: the area is first written (first touch: zero-fill minor faults, evicting once the pool is
//    full), then `rounds` x ws pages are touched (read-modify-write of one word, so an evicted page is
//    always dirty). For each: faults, swap reads and writes, cycles per touched page, cycles per minor
//    fault (first touch) and per major fault (touches that faulted), each fault cost also as a ratio to
//    its floor.
//
// Counters come from vm_stat(getpid()); cycles from rdtsc around each touch. Run it as init, alone:
//   tests/integration/cwboot.py build/disk.img --append 'init="vmbench"'
// The TSC rate is estimated against clock_gettime. Under QEMU TCG the TSC follows the host clock; with
// -icount (cwboot --icount 0) one cycle is one guest instruction, so the figures are deterministic.
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

uint32_t pool = 0;

// A touch costing more than this many cycles is counted as a faulting touch (set in main from the cost
// of resident touches).
uint64_t fault_threshold = 0;

struct Sample {
  uint64_t touches = 0;
  uint64_t cycles = 0;         // all touches
  uint64_t fault_touches = 0;  // touches above the threshold
  uint64_t fault_cycles = 0;
  VmEvents events;
  uint64_t ms = 0;
};

inline uint64_t touch(uint8_t* page) {
  uint64_t t0 = rdtsc();
  volatile uint32_t* w = reinterpret_cast<volatile uint32_t*>(page);
  *w = *w + 1;
  uint64_t t1 = rdtsc();
  return t1 - t0;
}

class Meter {
public:
  Meter() : start_(vm_stat(sys::getpid())), ms_(now_ms()) {}
  void add(uint64_t cycles) {
    ++s_.touches;
    s_.cycles += cycles;
    if (cycles > fault_threshold) {
      ++s_.fault_touches;
      s_.fault_cycles += cycles;
    }
  }
  Sample finish() {
    s_.events = events_of(vm_stat(sys::getpid())) - events_of(start_);
    s_.ms = now_ms() - ms_;
    return s_;
  }

private:
  abi::VmStat start_;
  uint64_t ms_;
  Sample s_;
};

uint8_t* page_at(uint8_t* area, uint32_t i) { return area + static_cast<size_t>(i) * kPage; }

// Gives the pages back: brk shrink discards them and their swap slots.
void release(uint8_t* area) { (void)sys::brk(reinterpret_cast<uintptr_t>(area)); }

RatioText per(uint64_t a, uint64_t b) { return RatioText(Ratio{a, b}); }

struct Floors {
  uint64_t resident = 0;   // cycles per resident touch
  uint64_t zero_fill = 0;  // cycles per zero-fill fault with free frames
  uint64_t swap_in = 0;    // cycles per sequential clean swap-in
};

Floors measure_floors() {
  Floors f;
  abi::VmStat g = vm_stat(0);
  // Zero-fill: fresh pages while frames are free (leave a few for text and stack).
  uint32_t fresh = g.free_frames > 8 ? g.free_frames - 6 : 1;
  if (fresh > 64) fresh = 64;
  uint8_t* area = take_pages(fresh);
  Meter zf;
  for (uint32_t i = 0; i < fresh; ++i) zf.add(touch(page_at(area, i)));
  Sample z = zf.finish();
  // Resident: the same pages again, many times.
  uint64_t best = ~0ull, sum = 0, n = 0;
  for (uint32_t r = 0; r < 16; ++r)
    for (uint32_t i = 0; i < fresh; ++i) {
      uint64_t c = touch(page_at(area, i));
      sum += c;
      ++n;
      if (c < best) best = c;
    }
  f.resident = sum / n;
  f.zero_fill = z.events.minor ? z.cycles / z.touches : 0;
  print("floor  resident touch          {} cycles/touch (min {}) over {} touches\n", f.resident, best, n);
  print("floor  zero-fill fault         {} cycles/fault over {} first touches: {} minor, {} major, {} evictions\n",
        f.zero_fill, z.touches, z.events.minor, z.events.major, z.events.evictions);
  if (z.events.evictions != 0 || z.events.minor != z.touches)
    print("       (not a clean floor: the pool had no room for {} fresh pages)\n", fresh);
  release(area);

  // Sequential swap read: 3x the pool written (dirty, so they go to swap in order), read back once (now
  // clean with a valid slot each), then read back again: that pass evicts only clean pages, so it does
  // no writes, and each fault reads the next slot.
  uint32_t n_pages = 3 * pool;
  area = take_pages(n_pages);
  for (uint32_t i = 0; i < n_pages; ++i) (void)touch(page_at(area, i));
  for (uint32_t i = 0; i < n_pages; ++i) (void)*reinterpret_cast<volatile uint32_t*>(page_at(area, i));
  Meter rd;
  uint64_t cycles = 0;
  for (uint32_t i = 0; i < n_pages; ++i) {
    uint64_t t0 = rdtsc();
    (void)*reinterpret_cast<volatile uint32_t*>(page_at(area, i));
    uint64_t c = rdtsc() - t0;
    cycles += c;
    rd.add(c);
  }
  Sample s = rd.finish();
  f.swap_in = s.events.swap_ins ? s.fault_cycles / s.events.swap_ins : 0;
  print("floor  sequential swap-in      {} cycles/page over {} pages: {} swap-ins, {} swap-outs, {} ms "
        "({} KiB/s)\n",
        f.swap_in, n_pages, s.events.swap_ins, s.events.swap_outs, s.ms,
        s.ms ? s.events.swap_ins * 4 * 1000 / s.ms : 0);
  print("       proxy for the raw sequential read of the swap partition; minus the zero-fill floor: {} "
        "cycles per 4 KiB\n",
        f.swap_in > f.zero_fill ? f.swap_in - f.zero_fill : 0);
  if (s.events.swap_outs != 0) print("       (not a clean floor: {} pages were written)\n", s.events.swap_outs);
  release(area);
  return f;
}

void sweep(const Floors& floors, uint32_t rounds) {
  print("\npattern    ws  ws/pool  touches  minor  major  swap-in  swap-out  cyc/touch  cyc/minor (x floor)  "
        "cyc/major (x floor)  ms\n");
  const uint32_t halves[] = {1, 2, 4, 8, 16};  // working set in half pools
  for (int random = 0; random < 2; ++random) {
    for (uint32_t h : halves) {
      uint32_t ws = h * pool / 2;
      if (ws == 0) ws = 1;
      uint8_t* area = take_pages(ws);
      Meter first;
      for (uint32_t i = 0; i < ws; ++i) first.add(touch(page_at(area, i)));
      Sample f = first.finish();
      Rng rng(ws * 2 + random);
      Meter m;
      uint64_t touches = static_cast<uint64_t>(rounds) * ws;
      for (uint64_t k = 0; k < touches; ++k) {
        uint32_t i = random ? rng.below(ws) : static_cast<uint32_t>(k % ws);
        m.add(touch(page_at(area, i)));
      }
      Sample s = m.finish();
      uint64_t minor_cost = f.events.minor ? f.cycles / f.events.minor : 0;
      uint64_t major_cost = s.events.major ? s.fault_cycles / s.events.major : 0;
      print("{}  {:5}  {:3}/2  {:7}  {:5}  {:5}  {:7}  {:8}  {:9}  {:9} ({:5})  {:9} ({:5})  {}\n",
            random ? "random    " : "sequential", ws, h, s.touches, f.events.minor + s.events.minor,
            s.events.major, s.events.swap_ins, f.events.swap_outs + s.events.swap_outs, s.cycles / s.touches,
            minor_cost, per(minor_cost, floors.zero_fill).c_str(), major_cost,
            per(major_cost, floors.swap_in).c_str(), f.ms + s.ms);
      release(area);
    }
  }
  print("minor = first-touch zero-fill faults (they evict once the pool is full); major = faults in the\n"
        "measured touches; swap-out counts both phases; cyc/major = cycles of the touches that faulted per\n"
        "major fault; floors: zero-fill fault with free frames, sequential clean swap-in.\n");
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[ROUNDS]", 1);
  uint32_t rounds = arg_uint(argc, argv, 1, 4);
  if (rounds == 0) rounds = 1;
  abi::VmStat g = vm_stat(0);
  pool = g.pageable_frames;
  TscRate tsc = measure_tsc_rate();
  // The fault threshold from a resident page: 20x an ordinary touch (at least 500 cycles).
  uint8_t* probe = take_pages(1);
  (void)touch(probe);
  uint64_t sum = 0;
  for (uint32_t i = 0; i < 1000; ++i) sum += touch(probe);
  fault_threshold = sum / 1000 * 20 > 500 ? sum / 1000 * 20 : 500;
  print("vmbench: pool {} frames, policy {}, swap {} slots, {} rounds per working set; TSC {} cycles/ms over a sleep, "
        "{} over a busy loop; fault threshold {} cycles\n",
        pool, g.policy, g.swap_slots_total, rounds, tsc.over_sleep, tsc.over_busy_loop, fault_threshold);
  Floors floors = measure_floors();
  sweep(floors, rounds);
  abi::VmStat end = vm_stat(0);
  print("vmbench: done; swap {} slots used, {} free frames\n", end.swap_slots_used, end.free_frames);
  return 0;
}
