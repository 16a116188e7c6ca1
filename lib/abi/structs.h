// Structures passed between user programs and the kernel by Clockwork's own system calls. Fixed-size,
// no pointers, the same layout in both (static_asserts pin it).
#pragma once

#include <cstdint>

namespace cw::abi {

struct Timespec {  // Linux i386 struct timespec
  int32_t tv_sec;
  int32_t tv_nsec;
};
static_assert(sizeof(Timespec) == 8);

inline constexpr uint32_t kNameMax = 24;  // process, program and mailbox names, NUL included

struct MboxStatus {
  uint32_t capacity;     // messages the mailbox can hold
  uint32_t count;        // messages waiting
  uint32_t max_message;  // largest message in bytes
  uint32_t senders_blocked;
  uint32_t receivers_blocked;
};
static_assert(sizeof(MboxStatus) == 20);

enum class ProcState : uint32_t { Ready = 0, Running = 1, Blocked = 2, Sleeping = 3, Zombie = 4 };

struct ProcInfo {
  int32_t pid;
  int32_t parent;
  ProcState state;
  uint32_t resident_pages;  // user pages present in memory
  uint64_t cpu_ticks;
  char name[kNameMax];
};
static_assert(sizeof(ProcInfo) == 48);

struct ProgInfo {
  char name[kNameMax];
  uint32_t size;  // ELF file size in bytes
};
static_assert(sizeof(ProgInfo) == 28);

// Virtual-memory counters, global or for one process (docs/abi.md, docs/vm.md).
struct VmStat {
  uint64_t minor_faults;      // resolved without disk I/O (zero fill)
  uint64_t major_faults;      // needed a disk read (program image or swap)
  uint64_t swap_ins;
  uint64_t swap_outs;
  uint64_t writes_avoided;    // evictions of clean pages that had a valid copy on disk
  uint64_t evictions;
  uint64_t sectors_read;
  uint64_t sectors_written;
  uint32_t pageable_frames;   // the pool size
  uint32_t free_frames;
  uint32_t pinned_frames;
  uint32_t swap_slots_total;
  uint32_t swap_slots_used;
  uint32_t resident_pages;
  char policy[16];            // "fifo", "second-chance", "enhanced", "clock-pro"
  uint32_t memory_objects;    // memory objects alive (mm/memory_object.h): a leak check for tests
  uint32_t shared_pages;      // of resident_pages, those other processes may map too: pages of a
                              // program's shared image object or of a fork's hidden parent
  uint32_t mmap_pages;        // pid != 0: pages in that process's mmap regions (mapped, not
                              // necessarily resident); pid 0: 0
  uint32_t swap_slots_bad;    // slots whose sectors failed a write, never used again (mm/swap.h)
  // Load control (docs/vm.md "Load control"), system-wide whatever the pid:
  uint64_t token_handoffs;    // times the paging token was taken from a holder whose turn ended
  uint32_t token_holder_pid;  // the process that holds the token; 0 if none
  uint32_t token_waiting;     // allocations waiting in line for the token now
  // pid != 0: that process's page-fault frequency (faults in the last complete second) and working-set
  // estimate (its resident pool pages with the accessed bit set); pid 0: the sums over every process.
  uint32_t fault_rate;
  uint32_t working_set;
  // Read-around and swap clustering (docs/vm.md). System-wide whatever the pid: pages read beside a
  // faulting page by the same command, and those evicted untouched; multi-page swap writes and the
  // pages they wrote. read_ahead_used: pages read ahead that a fault then mapped without I/O (minor
  // faults that would have been major), the process's with a pid, all with pid 0.
  uint64_t read_ahead_pages;
  uint64_t read_ahead_used;
  uint64_t read_ahead_wasted;
  uint64_t cluster_writes;
  uint64_t cluster_written_pages;
  // Frames holding pages read ahead and not used yet (system-wide): resident, but mapped by nobody, so
  // a check that frames are back at a baseline counts them with the free frames.
  uint64_t read_ahead_resident;
};
static_assert(sizeof(VmStat) == 8 * 8 + 6 * 4 + 16 + 16 + 8 + 4 * 4 + 6 * 8);

}  // namespace cw::abi
