// disk_time (1013, docs/abi.md): raw requests on a block device timed in the kernel, the "floor" the
// paging benchmarks divide by (docs/perf.md). Shared by the kernel and user programs (diskbench).
#pragma once

#include <cstdint>

namespace cw::abi {

inline constexpr uint32_t kDiskTimeRead = 0;
inline constexpr uint32_t kDiskTimeWrite = 1;

// How an ATA drive moves the data during the call; the drive's own setting is restored afterwards.
inline constexpr uint32_t kDiskTimeAsIs = 0;  // the method the drive uses now
inline constexpr uint32_t kDiskTimePio = 1;
inline constexpr uint32_t kDiskTimeDma = 2;

inline constexpr uint32_t kDiskTimeMaxSectors = 256;   // per request (128 KiB)
inline constexpr uint32_t kDiskTimeMaxRequests = 4096;

struct DiskTimeRequest {
  char device[16];     // NUL-terminated block device name: "ata0", "ata0p2"
  uint32_t op;         // kDiskTimeRead or kDiskTimeWrite
  uint32_t method;     // kDiskTimeAsIs, kDiskTimePio or kDiskTimeDma
  uint32_t sectors;    // per request: 1..kDiskTimeMaxSectors; writes 1..8 (one swap slot)
  uint32_t requests;   // 1..kDiskTimeMaxRequests
  uint64_t first_lba;  // reads: where the first request starts (the next ones follow it, wrapping to 0)
};
static_assert(sizeof(DiskTimeRequest) == 40);

struct DiskTimeResult {
  uint64_t cycles;      // TSC cycles of all requests together
  uint64_t min_cycles;  // the fastest request
  uint64_t max_cycles;  // the slowest request
  uint64_t elapsed_ms;  // the same span on the 1 ms clock
  uint32_t method;      // what the requests used: kDiskTimePio or kDiskTimeDma (kDiskTimeAsIs: not ATA)
  uint32_t dma_commands;  // DMA commands the drive issued meanwhile (any thread's)
};
static_assert(sizeof(DiskTimeResult) == 40);

}  // namespace cw::abi
