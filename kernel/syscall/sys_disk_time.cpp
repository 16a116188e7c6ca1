// disk_time: times raw requests on a named block device (lib/abi/disk_time.h, docs/abi.md), so
// benchmarks can divide by the disk's real floor. Reads may go to any device. Writes go only to the swap
// partition in use, and only to a slot taken from the swap allocator for the call and given back after
// it: no page lives there meanwhile, so nothing live is ever overwritten.
#include "drivers/ata/ata.h"
#include "drivers/block/block_registry.h"
#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/disk_time.h"
#include "lib/disk_format.h"
#include "mm/swap.h"

namespace cw::syscall {

namespace {

struct Timed {
  block::BlockDevice& device;
  const abi::DiskTimeRequest& request;
  uint8_t* buffer;
  uint64_t write_lba;  // writes: the first sector of the scratch slot
};

Result<void> run_requests(const Timed& t, abi::DiskTimeResult& out) {
  uint64_t lba = t.request.first_lba;
  out.min_cycles = UINT64_MAX;
  uint64_t start_ms = ata::now_ms();
  for (uint32_t i = 0; i < t.request.requests; ++i) {
    if (t.request.op == abi::kDiskTimeWrite) {
      lba = t.write_lba;
    } else if (lba > t.device.sector_count() - t.request.sectors) {
      lba = 0;
    }
    uint64_t c0 = cpu::read_tsc();
    Result<void> done = t.request.op == abi::kDiskTimeWrite
                            ? t.device.write(lba, t.request.sectors, t.buffer)
                            : t.device.read(lba, t.request.sectors, t.buffer);
    uint64_t c = cpu::read_tsc() - c0;
    TRY(done);
    out.cycles += c;
    if (c < out.min_cycles) out.min_cycles = c;
    if (c > out.max_cycles) out.max_cycles = c;
    lba += t.request.sectors;
  }
  out.elapsed_ms = ata::now_ms() - start_ms;
  return {};
}

Result<abi::DiskTimeResult> disk_time(const abi::DiskTimeRequest& request) {
  if (request.device[sizeof request.device - 1] != '\0') return fail(Error::NameTooLong);
  block::BlockDevice* device = block::block_registry().find(StringView(request.device));
  if (device == nullptr) return fail(Error::NoDevice);
  bool write = request.op == abi::kDiskTimeWrite;
  if (request.op > abi::kDiskTimeWrite || request.method > abi::kDiskTimeDma || request.sectors == 0 ||
      request.sectors > abi::kDiskTimeMaxSectors || request.requests == 0 ||
      request.requests > abi::kDiskTimeMaxRequests || (write && request.sectors > disk::kSectorsPerPage))
    return fail(Error::InvalidArgument);
  if (write && device != swap::swap_device()) return fail(Error::Permission);
  if (!write) TRY(device->check_range(request.first_lba, request.sectors));

  ata::AtaDrive* drive = ata::ata_drive_of(*device);
  if (request.method != abi::kDiskTimeAsIs && drive == nullptr) return fail(Error::NotSupported);
  ata::Transfer before = drive ? drive->transfer() : ata::Transfer::Pio;
  if (request.method != abi::kDiskTimeAsIs)
    TRY(drive->set_transfer(request.method == abi::kDiskTimeDma ? ata::Transfer::Dma : ata::Transfer::Pio));

  abi::DiskTimeResult out{};
  if (drive) out.method = drive->transfer() == ata::Transfer::Dma ? abi::kDiskTimeDma : abi::kDiskTimePio;
  uint64_t dma_before = drive ? drive->stats().dma_commands : 0;
  Result<void> ran = Error::NoMemory;
  // Page aligned, like the frames swap moves.
  if (Result<void*> buffer = kmalloc(request.sectors * block::kSectorSize, kPageSize)) {
    __builtin_memset(buffer.value(), 0, request.sectors * block::kSectorSize);
    Timed t{*device, request, static_cast<uint8_t*>(buffer.value()), 0};
    if (!write) {
      ran = run_requests(t, out);
    } else if (Result<mm::SwapSlot> slot = swap::allocate()) {
      t.write_lba = slot.value().first_sector();
      ran = run_requests(t, out);
      swap::free(slot.value());
    } else {
      ran = slot.error();
    }
    kfree(buffer.value());
  }
  if (drive) {
    out.dma_commands = static_cast<uint32_t>(drive->stats().dma_commands - dma_before);
    if (request.method != abi::kDiskTimeAsIs) (void)drive->set_transfer(before);
  }
  TRY(ran);
  return out;
}

}  // namespace

int32_t sys_disk_time(const Args& a) {
  auto request = read_user<abi::DiskTimeRequest>(a.a[0]);
  if (!request) return error_return(request.error());
  auto result = disk_time(request.value());
  if (!result) return error_return(result.error());
  auto ok = write_user(a.a[1], result.value());
  if (!ok) return error_return(ok.error());
  return 0;
}

}  // namespace cw::syscall
