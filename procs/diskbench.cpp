// diskbench [DEVICE [REQUESTS]]: the disk's floor, measured in the kernel with disk_time (lib/abi/
// disk_time.h): the cost of one 4 KiB read, one 4 KiB write (with its cache flush) and the bulk read
// rate in 128 KiB requests, by PIO and by bus-master DMA on the same drive. A benchmark, not a test.
//
// DEVICE is the swap partition in use (default ata0p2): the kernel writes only to a swap slot it takes
// from the allocator for the call, never over live data. REQUESTS (default 200) is the number of 4 KiB
// requests per measurement; the bulk read makes a quarter as many 128 KiB ones. Reads are sequential
// from the partition's first sector.
//
// Output, per method (PIO, then DMA; "DMA: not available on DEVICE" when the drive cannot; "own" for the
// one method of a disk that is not on the IDE controller, AHCI or USB):
//   PIO 4 KiB read      123456 cycles  61.72 us  (min 100000, max 200000 cycles)
//   PIO 4 KiB write     ...
//   PIO bulk read       12.34 MB/s  (50 x 128 KiB, 123 ms)
// Run it as init, alone:  tests/integration/cwboot.py build/disk.img --append 'init="diskbench"'
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

struct Setup {
  const char* device;
  uint32_t requests;
  uint64_t cycles_per_ms;
};

Result<abi::DiskTimeResult> time(const Setup& s, uint32_t op, uint32_t method, uint32_t sectors,
                                 uint32_t requests) {
  abi::DiskTimeRequest request{};
  for (size_t i = 0; s.device[i] != '\0' && i + 1 < sizeof request.device; ++i) request.device[i] = s.device[i];
  request.op = op;
  request.method = method;
  request.sectors = sectors;
  request.requests = requests;
  abi::DiskTimeResult result{};
  TRY(sys::disk_time(&request, &result));
  return result;
}

// False if the method is not available on the device (the first measurement says so).
bool measure(const Setup& s, uint32_t method, const char* name) {
  struct Small {
    uint32_t op;
    const char* what;
  };
  for (Small m : {Small{abi::kDiskTimeRead, "read "}, Small{abi::kDiskTimeWrite, "write"}}) {
    auto r = time(s, m.op, method, 8, s.requests);
    if (!r) {
      if (r.error() == Error::NotSupported) {
        print("{}: not available on {}\n", name, s.device);
        return false;
      }
      eprint("diskbench: {} 4 KiB {}: {}\n", name, m.what, r.error());
      exit(1);
    }
    const abi::DiskTimeResult& t = r.value();
    print("{} 4 KiB {}  {} cycles  {} us  (min {}, max {} cycles)\n", name, m.what,
          t.cycles / s.requests, RatioText(Ratio{t.cycles * 1000, s.requests * s.cycles_per_ms}).c_str(),
          t.min_cycles, t.max_cycles);
  }
  uint32_t bulk = s.requests / 4 > 0 ? s.requests / 4 : 1;
  auto r = time(s, abi::kDiskTimeRead, method, abi::kDiskTimeMaxSectors, bulk);
  if (!r) {
    eprint("diskbench: {} bulk read: {}\n", name, r.error());
    exit(1);
  }
  uint64_t bytes = uint64_t{bulk} * abi::kDiskTimeMaxSectors * 512;
  print("{} bulk read     {} MB/s  ({} x 128 KiB, {} ms)\n", name,
        RatioText(Ratio{bytes * s.cycles_per_ms, r.value().cycles * 1000}).c_str(), bulk, r.value().elapsed_ms);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[DEVICE [REQUESTS]]", 3);
  Setup s{arg_string(argc, argv, 1, "ata0p2"), arg_uint(argc, argv, 2, 200), 0};
  if (s.requests == 0 || s.requests > abi::kDiskTimeMaxRequests) usage_error(argv, "REQUESTS: 1 to 4096");
  TscRate tsc = measure_tsc_rate();
  s.cycles_per_ms = tsc.over_sleep;
  print("diskbench: {}, {} requests of 4 KiB each; TSC {} cycles/ms\n", s.device, s.requests, s.cycles_per_ms);
  bool pio = measure(s, abi::kDiskTimePio, "PIO");
  bool dma = measure(s, abi::kDiskTimeDma, "DMA");
  // Not an ATA drive (AHCI, USB): its driver has one method.
  if (!pio && !dma) measure(s, abi::kDiskTimeAsIs, "own");
  print("diskbench: done\n");
  return 0;
}
