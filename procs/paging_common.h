// Shared helpers of the paging tests and benchmarks (memtest, recurse, bigdata, swapfill, paging_suite,
// vmbench): VmStat snapshots and differences, a seeded pseudo-random generator, the data patterns,
// the cycle counter and a few formatting helpers. Header-only, so each program lists one source file.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/abi/structs.h"
#include "lib/string_view.h"
#include "procs/lib/clock.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

namespace cw::paging {

inline constexpr uint32_t kPage = 4096;
inline constexpr uint32_t kWordsPerPage = kPage / 4;
inline constexpr uint32_t kSectorsPerPage = kPage / 512;

// --- VmStat ---------------------------------------------------------------------------------------------

// vm_stat(pid) (0: global); a failure fails the test, since every paging test depends on it.
inline abi::VmStat vm_stat(int pid) {
  abi::VmStat s{};
  auto ok = sys::vm_stat(pid, &s);
  if (!ok) user::fail_test("vm_stat({}): {}", pid, ok.error());
  return s;
}

// The event counters of a VmStat: the part that only grows, so two snapshots can be subtracted.
struct VmEvents {
  uint64_t minor = 0, major = 0, swap_ins = 0, swap_outs = 0, avoided = 0, evictions = 0;
  uint64_t sectors_read = 0, sectors_written = 0;
  // Pages read ahead that a fault then mapped without I/O (docs/vm.md "Read-around"): each stands for
  // a major fault, a swap-in or an image read that read-around made unnecessary.
  uint64_t ahead = 0;
};

inline VmEvents events_of(const abi::VmStat& s) {
  return VmEvents{s.minor_faults, s.major_faults, s.swap_ins,     s.swap_outs,
                  s.writes_avoided, s.evictions,  s.sectors_read, s.sectors_written, s.read_ahead_used};
}

inline VmEvents operator-(const VmEvents& a, const VmEvents& b) {
  return VmEvents{a.minor - b.minor,         a.major - b.major,       a.swap_ins - b.swap_ins,
                  a.swap_outs - b.swap_outs, a.avoided - b.avoided,   a.evictions - b.evictions,
                  a.sectors_read - b.sectors_read, a.sectors_written - b.sectors_written, a.ahead - b.ahead};
}

// A snapshot of this process's counters and the global ones, taken together. The global counters are
// read on both sides of this process's: a fault while a vm_stat result is copied out (its page was
// evicted) lands between two reads, and a global delta must cover every fault the process delta counts.
// Global deltas therefore run from the earlier snapshot's `global_before` to the later one's `global`
// (global_delta below); the two reads taken one after the other missed such a fault by one.
struct VmSnapshot {
  abi::VmStat global_before;
  abi::VmStat own;
  abi::VmStat global;
  uint64_t ms;

  static VmSnapshot take() {
    VmSnapshot s;
    s.global_before = vm_stat(0);
    s.own = vm_stat(sys::getpid());
    s.global = vm_stat(0);
    s.ms = user::now_ms();
    return s;
  }
};

// The global events from `earlier` to `later`, over an interval that contains the process's own one.
inline VmEvents global_delta(const VmSnapshot& later, const VmSnapshot& earlier) {
  return events_of(later.global) - events_of(earlier.global_before);
}

// "[name] info: <label>: minor 3 major 40 in 20 out 31 evict 40 avoided 9 sectors 160/248 (12 ms)"
inline void info_events(StringView label, const VmEvents& e, uint64_t ms) {
  user::info("{}: minor {} major {} in {} out {} evict {} avoided {} sectors r {} w {} ({} ms)", label, e.minor,
             e.major, e.swap_ins, e.swap_outs, e.evictions, e.avoided, e.sectors_read, e.sectors_written, ms);
}

// Checks the relations that must hold between one process's event counters (`own`) over an interval
// and the system-wide ones (`global`) over an interval that contains it. docs/abi.md: with a pid, the
// event counters, sectors included, count only events on that process's pages.
//
// `in_flight`: how many swap writes other processes may have had in progress at either snapshot (0 when
// this process ran alone). The kernel counts an eviction (globally and for the page's owner) and the
// owner's swap-out when it unmaps the victim, but the global swap_outs and sectors_written only when
// the write has finished, so while another process waits for its write the global swap-outs lag behind.
// In child mode (paging_suite) other processes page at the same time; each has at most one write in flight.
inline constexpr uint32_t kConcurrentSlack = 16;

inline void check_counter_relations(const VmEvents& own, const VmEvents& global, uint32_t in_flight = 0) {
  using user::check;
  uint64_t slack = in_flight;
  check(own.minor <= global.minor && own.major <= global.major && own.swap_ins <= global.swap_ins &&
            own.evictions <= global.evictions && own.avoided <= global.avoided &&
            own.sectors_read <= global.sectors_read,
        "a process counter grew more than its global counterpart");
  check(own.swap_outs <= global.swap_outs + slack, "process swap-outs {} > global swap-outs {} (+{} in flight)",
        own.swap_outs, global.swap_outs, slack);
  check(own.evictions == own.swap_outs + own.avoided, "process: evictions {} != swap-outs {} + writes avoided {}",
        own.evictions, own.swap_outs, own.avoided);
  uint64_t accounted = global.swap_outs + global.avoided;
  uint64_t gap = global.evictions > accounted ? global.evictions - accounted : accounted - global.evictions;
  check(gap <= slack, "global: evictions {} != swap-outs {} + writes avoided {} (allowing {} writes in flight)",
        global.evictions, global.swap_outs, global.avoided, slack);
  check(own.swap_ins <= own.major, "process: {} swap-ins but only {} major faults", own.swap_ins, own.major);
  check(own.sectors_read >= own.swap_ins * kSectorsPerPage, "process: {} sectors read for {} swap-ins",
        own.sectors_read, own.swap_ins);
  check(global.sectors_written == global.swap_outs * kSectorsPerPage,
        "global: {} sectors written for {} swap-outs", global.sectors_written, global.swap_outs);
}

// The per-process sector count of swap writes: 8 per page written out.
inline void check_own_sectors_written(const VmEvents& own) {
  user::check(own.sectors_written == own.swap_outs * kSectorsPerPage,
              "process: {} sectors written for {} swap-outs (expected {})", own.sectors_written, own.swap_outs,
              own.swap_outs * kSectorsPerPage);
}

// --- Patterns and randomness -------------------------------------------------------------------------------

// A 32-bit finaliser (murmur3 fmix32): spreads every input bit over the whole word.
constexpr uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x *= 0xC2B2AE35u;
  x ^= x >> 16;
  return x;
}

// Data patterns. Each page gets a key from (page, seed, generation); each word of it is derived from the
// key and the word's index alone. The per-word loops below keep everything in registers, so while one
// runs it touches only its code page and the data page: a small instantaneous working set, which keeps
// several tests at once feasible even with a pool of a handful of frames (a loop that also needed a
// stack and a .data page would fault on every word whenever the pool cannot hold all four pages).
constexpr uint32_t page_key(uint32_t page, uint32_t seed, uint32_t gen) {
  return mix32(page * 0x9E3779B1u ^ mix32(seed * 0x27D4EB2Fu + gen * 0x632BE5ABu + 1u));
}

constexpr uint32_t pattern_word(uint32_t key, uint32_t word) { return mix32(key + word * 0x85EBCA77u) ^ key; }

// The word at (page, word) of generation `gen` of a data area written with `seed`.
constexpr uint32_t pattern(uint32_t page, uint32_t word, uint32_t seed, uint32_t gen) {
  return pattern_word(page_key(page, seed, gen), word);
}

inline void fill_page(volatile uint32_t* words, uint32_t key) {
  for (uint32_t i = 0; i < kWordsPerPage; ++i) words[i] = pattern_word(key, i);
}

// The index of the first word that differs from the pattern of `key`, or kWordsPerPage if none does.
inline uint32_t first_mismatch(const volatile uint32_t* words, uint32_t key) {
  for (uint32_t i = 0; i < kWordsPerPage; ++i)
    if (words[i] != pattern_word(key, i)) return i;
  return kWordsPerPage;
}

// xorshift32: deterministic for a given seed (never 0).
class Rng {
public:
  explicit Rng(uint32_t seed) : state_(mix32(seed + 0x6A09E667u) | 1u) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform enough for test orders: [0, bound).
  uint32_t below(uint32_t bound) { return static_cast<uint32_t>((static_cast<uint64_t>(next()) * bound) >> 32); }

private:
  uint32_t state_;
};

// Fills order[0..n) with a seeded permutation of 0..n-1 (Fisher-Yates).
inline void shuffle(uint32_t* order, uint32_t n, Rng& rng) {
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  for (uint32_t i = n; i > 1; --i) {
    uint32_t j = rng.below(i);
    uint32_t t = order[i - 1];
    order[i - 1] = order[j];
    order[j] = t;
  }
}

// --- Memory from the break -----------------------------------------------------------------------------------

// Grows the break by `pages` whole pages and returns the first one (page aligned). For programs that do
// not use malloc. Fails the test if the break cannot move.
inline uint8_t* take_pages(uint32_t pages) {
  uintptr_t start = sys::brk(0);
  uintptr_t base = (start + kPage - 1) & ~static_cast<uintptr_t>(kPage - 1);
  uintptr_t end = base + static_cast<uintptr_t>(pages) * kPage;
  if (end < base || sys::brk(end) != end) user::fail_test("brk could not grow by {} pages", pages);
  return reinterpret_cast<uint8_t*>(base);
}

// --- Time ---------------------------------------------------------------------------------------------------

inline uint64_t rdtsc() {
  uint32_t lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

// TSC cycles per millisecond of the guest clock, measured two ways: across a 500 ms sleep (the CPU idles,
// so timer ticks are not delayed) and across a 200 ms busy loop reading the clock. Under QEMU TCG the TSC
// follows the host clock; with -icount one cycle is one guest instruction (docs/perf.md).
struct TscRate {
  uint64_t over_sleep = 0;
  uint64_t over_busy_loop = 0;
};

inline TscRate measure_tsc_rate() {
  TscRate rate;
  uint64_t c0 = rdtsc(), m0 = user::now_ms();
  (void)user::sleep_ms(500);
  rate.over_sleep = (rdtsc() - c0) / (user::now_ms() - m0);
  m0 = user::now_ms();
  while (user::now_ms() == m0) {}
  c0 = rdtsc();
  uint64_t m1 = user::now_ms();
  while (user::now_ms() < m1 + 200) {}
  rate.over_busy_loop = (rdtsc() - c0) / (user::now_ms() - m1);
  return rate;
}

// A ratio a / b printed with two decimals ("12.34"), or "-" when b is 0.
struct Ratio {
  uint64_t a, b;
};

inline void format_ratio(FormatSink& sink, Ratio r) {
  if (r.b == 0) {
    format(sink, "-");
    return;
  }
  uint64_t hundredths = (r.a * 100 + r.b / 2) / r.b;
  format(sink, "{}.{}{}", hundredths / 100, (hundredths / 10) % 10, hundredths % 10);
}

// Small fixed buffer for a formatted ratio, usable as a {} argument.
struct RatioText {
  char text[32];
  explicit RatioText(Ratio r) {
    BufferSink sink(text, sizeof(text));
    format_ratio(sink, r);
  }
  const char* c_str() const { return text; }
};

}  // namespace cw::paging
