#include "drivers/ata/ata_selftest.h"

#include <cstdint>

#include "drivers/ata/ata.h"
#include "drivers/ata/ata_regs.h"
#include "drivers/ata/ata_wait.h"
#include "drivers/block/block_registry.h"
#include "kernel/heap.h"
#include "kernel/print.h"
#include "lib/disk_format.h"

namespace cw::ata {

namespace {

using block::BlockDevice;

// 40 pages: more than one command's 256 sectors, so a request is split.
inline constexpr uint32_t kRegionSectors = 40 * disk::kSectorsPerPage;
inline constexpr uint32_t kRegionBytes = kRegionSectors * block::kSectorSize;

class Checker {
public:
  bool expect(bool ok, StringView device, StringView what) {
    ++total_;
    if (!ok) {
      ++failed_;
      kprint("ata selftest: {}: FAILED: {}\n", device, what);
    }
    return ok;
  }
  bool expect_ok(const Result<void>& r, StringView device, StringView what) {
    bool ok = r.has_value();
    if (!ok) kprint("ata selftest: {}: {}: {}\n", device, what, r.error());
    return expect(ok, device, what);
  }
  bool expect_error(const Result<void>& r, Error want, StringView device, StringView what) {
    return expect(!r.has_value() && r.error() == want, device, what);
  }
  uint32_t total() const { return total_; }
  uint32_t failed() const { return failed_; }

private:
  uint32_t total_ = 0;
  uint32_t failed_ = 0;
};

struct Buffers {
  uint8_t* saved;
  uint8_t* pattern;
  uint8_t* readback;  // kRegionBytes + 1, for the unaligned read
};

bool equal(const uint8_t* a, const uint8_t* b, uint32_t bytes) { return __builtin_memcmp(a, b, bytes) == 0; }

// Each sector starts with its absolute LBA on the disk (little-endian, 8 bytes), so a sector that lands
// at the wrong address can be recognized in the image; the rest is pseudo-random, varied by `salt`.
void fill_pattern(uint8_t* p, uint64_t first_lba, uint32_t sectors, uint32_t salt) {
  for (uint32_t s = 0; s < sectors; ++s) {
    uint8_t* sector = p + s * block::kSectorSize;
    uint64_t lba = first_lba + s;
    for (uint32_t i = 0; i < 8; ++i) sector[i] = static_cast<uint8_t>(lba >> (8 * i));
    uint32_t seed = static_cast<uint32_t>(lba) * 2654435761u ^ salt;
    for (uint32_t i = 8; i < block::kSectorSize; ++i) {
      seed = seed * 1103515245u + 12345u;
      sector[i] = static_cast<uint8_t>(seed >> 16);
    }
  }
}

// Requests outside `dev` must fail before any command reaches a disk.
void check_bounds(Checker& c, BlockDevice& dev, uint8_t* buffer) {
  uint64_t commands = ata_stats().commands;
  uint64_t n = dev.sector_count();
  c.expect_error(dev.read(n, 1, buffer), Error::Range, dev.name(), "read one past the end");
  c.expect_error(dev.read(n - 1, 2, buffer), Error::Range, dev.name(), "read straddling the end");
  c.expect_error(dev.write(n - 4, 8, buffer), Error::Range, dev.name(), "write straddling the end");
  c.expect_error(dev.read(UINT64_MAX - 2, 8, buffer), Error::Range, dev.name(), "read wrapping 2^64");
  c.expect_error(dev.read(0, 1, nullptr), Error::InvalidArgument, dev.name(), "null buffer");
  c.expect(ata_stats().commands == commands, dev.name(), "rejected requests issued no command");
  kprint("ata selftest: {}: out-of-range requests rejected\n", dev.name());
}

void check_disk(Checker& c, BlockDevice& disk, uint8_t* buffer) {
  // A disk need not hold a partition table: the signature is reported, not checked.
  if (c.expect_ok(disk.read(0, 1, buffer), disk.name(), "read sector 0"))
    kprint("ata selftest: {}: sector 0 read, MBR signature {}\n", disk.name(),
           buffer[510] == 0x55 && buffer[511] == 0xAA ? "present" : "absent");
  uint64_t n = disk.sector_count();
  if (n > kLba28Limit + 8) {
    c.expect_ok(disk.read(n - 8, 8, buffer), disk.name(), "read last page (LBA48)");
    c.expect_ok(disk.read(kLba28Limit - 7, 16, buffer), disk.name(), "read across sector 2^28");
    kprint("ata selftest: {}: LBA48 reads at the end and across 2^28 done\n", disk.name());
  }
  check_bounds(c, disk, buffer);
}

void check_system(Checker& c, block::Partition& system, const Buffers& b) {
  BlockDevice& disk = *system.parent();
  if (!c.expect_ok(system.read(0, 8, b.pattern), system.name(), "read superblock page")) return;
  disk::Superblock sb;
  __builtin_memcpy(&sb, b.pattern, sizeof sb);
  c.expect(sb.magic == disk::kSuperblockMagic, system.name(), "superblock magic");
  if (c.expect_ok(disk.read(system.first_sector(), 8, b.readback), disk.name(), "read partition start"))
    c.expect(equal(b.pattern, b.readback, 8 * block::kSectorSize), system.name(), "partition translation");
  kprint("ata selftest: {}: superblock magic {:#010x}, kernel {} sectors\n", system.name(), sb.magic,
         sb.kernel_sectors);
}

void check_swap_region(Checker& c, block::Partition& swap, uint64_t lba, uint32_t n, const Buffers& b,
                       uint32_t salt, StringView method) {
  StringView name = swap.name();
  uint32_t bytes = n * block::kSectorSize;
  uint32_t failed_before = c.failed();
  if (!c.expect_ok(swap.read(lba, n, b.saved), name, "save region")) return;
  fill_pattern(b.pattern, swap.first_sector() + lba, n, salt);
  uint64_t start = now_ms();
  bool written = c.expect_ok(swap.write(lba, n, b.pattern), name, "write pattern");
  uint64_t write_ms = now_ms() - start;
  __builtin_memset(b.readback, 0, bytes + 1);
  start = now_ms();
  if (written && c.expect_ok(swap.read(lba, n, b.readback), name, "read pattern back"))
    c.expect(equal(b.pattern, b.readback, bytes), name, "pattern read back equals pattern written");
  uint64_t read_ms = now_ms() - start;
  if (written && c.expect_ok(swap.read(lba + 3, 9, b.readback + 1), name, "unaligned read"))
    c.expect(equal(b.pattern + 3 * block::kSectorSize, b.readback + 1, 9 * block::kSectorSize), name,
             "unaligned read equals pattern");
  if (c.expect_ok(swap.write(lba, n, b.saved), name, "restore region") &&
      c.expect_ok(swap.read(lba, n, b.readback), name, "read restored region"))
    c.expect(equal(b.saved, b.readback, bytes), name, "restored contents");
  if (c.failed() == failed_before)
    kprint("ata selftest: {} ({}): sectors {}-{}: pattern written ({} ms), read back ({} ms), restored\n", name,
           method, lba, lba + n - 1, write_ms, read_ms);
}

void check_swap(Checker& c, block::Partition& swap, const Buffers& b, uint32_t salt, StringView method) {
  uint64_t count = swap.sector_count();
  uint32_t n = count < kRegionSectors ? static_cast<uint32_t>(count) : kRegionSectors;
  check_swap_region(c, swap, 0, n, b, salt, method);
  if (count > n) check_swap_region(c, swap, count - n, n, b, salt + 1, method);
}

// The swap checks once per transfer method the drive has: by DMA (the 40-page buffers span several
// 64 KiB blocks, so PRD tables of more than one entry; the unaligned read goes through the bounce
// frame), then by PIO. The drive's method is put back afterwards.
void check_swap_methods(Checker& c, block::Partition& swap, const Buffers& b, uint32_t salt) {
  AtaDrive* drive = ata_drive_of(swap);
  if (drive == nullptr) {
    check_swap(c, swap, b, salt, "own method");  // AHCI or USB: the driver has one way
  } else if (!drive->dma_capable()) {
    check_swap(c, swap, b, salt, "PIO");
  } else {
    Transfer before = drive->transfer();
    for (Transfer method : {Transfer::Dma, Transfer::Pio}) {
      StringView label = method == Transfer::Dma ? "DMA" : "PIO";
      if (!c.expect_ok(drive->set_transfer(method), swap.name(), "set transfer method")) continue;
      AtaStats s0 = drive->stats();
      check_swap(c, swap, b, salt, label);
      uint64_t dma = drive->stats().dma_commands - s0.dma_commands;
      uint64_t bounced = drive->stats().bounced - s0.bounced;
      c.expect(method == Transfer::Dma ? dma > bounced && bounced > 0 : dma == 0, swap.name(),
               "DMA commands only by DMA, the unaligned buffer bounced");
      kprint("ata selftest: {} ({}): {} DMA commands, {} through the bounce frame\n", swap.name(), label, dma,
             bounced);
    }
    (void)drive->set_transfer(before);
  }
  check_bounds(c, swap, b.readback);
}

}  // namespace

Result<void> ata_selftest() {
  Result<void*> saved = kmalloc(kRegionBytes);
  Result<void*> pattern = kmalloc(kRegionBytes);
  Result<void*> readback = kmalloc(kRegionBytes + 1);
  if (!saved || !pattern || !readback) {
    kprint("ata selftest: no memory for buffers\n");
    if (saved) kfree(saved.value());
    if (pattern) kfree(pattern.value());
    if (readback) kfree(readback.value());
    return fail(Error::NoMemory);
  }
  Buffers b{static_cast<uint8_t*>(saved.value()), static_cast<uint8_t*>(pattern.value()),
            static_cast<uint8_t*>(readback.value())};

  Checker c;
  block::BlockRegistry& registry = block::block_registry();
  uint32_t disks = 0, systems = 0, swaps = 0;
  for (size_t i = 0; i < registry.size(); ++i) {
    block::Partition* p = registry.partition_at(i);
    if (p == nullptr) {
      ++disks;
      check_disk(c, registry[i], b.readback);
    } else if (p->type() == disk::kPartitionTypeSystem) {
      ++systems;
      check_system(c, *p, b);
    } else if (p->type() == disk::kPartitionTypeSwap) {
      ++swaps;
      check_swap_methods(c, *p, b, static_cast<uint32_t>(now_ms()));
    }
  }
  c.expect(disks > 0, "ata", "at least one disk");
  kprint("ata selftest: {} disks, {} system and {} swap partitions tested\n", disks, systems, swaps);
  ata_print_stats();
  kfree(b.saved);
  kfree(b.pattern);
  kfree(b.readback);
  if (c.failed() != 0) {
    kprint("ata selftest: FAIL ({} of {} checks failed)\n", c.failed(), c.total());
    return fail(Error::Io);
  }
  kprint("ata selftest: PASS ({} checks)\n", c.total());
  return {};
}

}  // namespace cw::ata
