// Host tests for drivers/block: BlockDevice range checks, Partition windows, MBR parsing and the registry,
// over a RAM-disk fake BlockDevice.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "drivers/block/block_device.h"
#include "drivers/block/block_registry.h"
#include "drivers/block/partition_table.h"
#include "lib/disk_format.h"

namespace cw::block {
namespace {

using Sector = std::array<uint8_t, kSectorSize>;

// A sparse RAM disk of any size that records every request reaching it, and can fail on demand.
class RamDisk final : public BlockDevice {
public:
  struct Request {
    bool write;
    uint64_t lba;
    uint32_t count;
  };

  RamDisk(const char* name, uint64_t sectors) : sectors_(sectors) { EXPECT_TRUE(set_name(name)); }

  uint64_t sector_count() const override { return sectors_; }
  Sector& sector(uint64_t lba) { return data_[lba]; }  // zero-filled on first use

  std::vector<Request> requests;
  bool fail_next = false;

protected:
  Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) override {
    requests.push_back({false, lba, count});
    if (fail_next) return fail(Error::Io);
    for (uint32_t i = 0; i < count; ++i)
      std::memcpy(static_cast<uint8_t*>(buffer) + i * kSectorSize, sector(lba + i).data(), kSectorSize);
    return {};
  }
  Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, Durability) override {
    requests.push_back({true, lba, count});
    if (fail_next) return fail(Error::Io);
    for (uint32_t i = 0; i < count; ++i)
      std::memcpy(sector(lba + i).data(), static_cast<const uint8_t*>(buffer) + i * kSectorSize, kSectorSize);
    return {};
  }

private:
  uint64_t sectors_;
  std::map<uint64_t, Sector> data_;
};

struct Entry {
  uint8_t status, type;
  uint32_t first, count;
};

Sector make_mbr(std::initializer_list<Entry> entries, bool signature = true) {
  Sector s{};
  size_t slot = 0;
  for (const Entry& e : entries) {
    disk::MbrPartitionEntry raw{};
    raw.status = e.status;
    raw.type = e.type;
    raw.lba_first = e.first;
    raw.sector_count = e.count;
    std::memcpy(s.data() + disk::kMbrPartitionTableOffset + slot++ * sizeof raw, &raw, sizeof raw);
  }
  if (signature) {
    s[510] = 0x55;
    s[511] = 0xAA;
  }
  return s;
}

// The layout createimage writes: system partition at 1 MiB, swap right after it.
constexpr uint64_t kDiskSectors = 65536;
Sector standard_mbr() {
  return make_mbr({{0x80, disk::kPartitionTypeSystem, 2048, 8192}, {0, disk::kPartitionTypeSwap, 10240, 32768}});
}

// --- BlockDevice ----------------------------------------------------------------------------------------

TEST(block_device, RangeIsCheckedBeforeTheDeviceSeesTheRequest) {
  RamDisk d("ram0", 100);
  uint8_t buf[2 * kSectorSize];
  EXPECT_TRUE(d.read(99, 1, buf));
  EXPECT_EQ(d.read(100, 1, buf).error(), Error::Range);
  EXPECT_EQ(d.read(99, 2, buf).error(), Error::Range);
  EXPECT_EQ(d.write(101, 0, buf).error(), Error::Range);
  EXPECT_EQ(d.read(UINT64_MAX, 1, buf).error(), Error::Range);
  EXPECT_EQ(d.read(1, UINT32_MAX, buf).error(), Error::Range);
  EXPECT_EQ(d.read(0, 1, nullptr).error(), Error::InvalidArgument);
  EXPECT_EQ(d.write(0, 1, nullptr).error(), Error::InvalidArgument);
  ASSERT_EQ(d.requests.size(), 1u);  // only the valid read got through
}

TEST(block_device, ZeroCountIsANoOp) {
  RamDisk d("ram0", 100);
  uint8_t buf[kSectorSize];
  EXPECT_TRUE(d.read(100, 0, buf));
  EXPECT_TRUE(d.write(0, 0, buf));
  EXPECT_TRUE(d.requests.empty());
}

TEST(block_device, MultiPageRequestIsOneCall) {
  RamDisk d("ram0", 1000);
  std::vector<uint8_t> buf(300 * kSectorSize, 0x5A);
  ASSERT_TRUE(d.write(8, 300, buf.data()));
  ASSERT_EQ(d.requests.size(), 1u);
  EXPECT_EQ(d.requests[0].count, 300u);
  EXPECT_EQ(d.sector(307)[511], 0x5A);
  EXPECT_EQ(d.sector(308)[0], 0);
}

// --- Partition ------------------------------------------------------------------------------------------

TEST(partition, AttachRejectsWindowsOutsideTheParent) {
  RamDisk d("ram0", 1000);
  Partition p;
  EXPECT_EQ(p.attach(d, 0, 0, 0x82, 1, "ram0p1").error(), Error::Range);
  EXPECT_EQ(p.attach(d, 1000, 1, 0x82, 1, "ram0p1").error(), Error::Range);
  EXPECT_EQ(p.attach(d, 1001, 0, 0x82, 1, "ram0p1").error(), Error::Range);
  EXPECT_EQ(p.attach(d, 999, 2, 0x82, 1, "ram0p1").error(), Error::Range);
  EXPECT_EQ(p.attach(d, UINT64_MAX - 1, 4, 0x82, 1, "ram0p1").error(), Error::Range);  // would wrap
  EXPECT_EQ(p.attach(d, 1, UINT64_MAX, 0x82, 1, "ram0p1").error(), Error::Range);
  EXPECT_EQ(p.attach(d, 0, 10, 0x82, 1, "").error(), Error::InvalidArgument);
  EXPECT_EQ(p.attach(d, 0, 10, 0x82, 1, "sixteen-chars-xx").error(), Error::InvalidArgument);
  EXPECT_EQ(p.sector_count(), 0u);
  ASSERT_TRUE(p.attach(d, 999, 1, 0x82, 1, "ram0p1"));
  EXPECT_EQ(p.attach(d, 0, 1, 0x82, 1, "ram0p1").error(), Error::Busy);
  EXPECT_EQ(p.name(), StringView("ram0p1"));
}

TEST(partition, UnattachedPartitionRejectsEveryRequest) {
  Partition p;
  uint8_t buf[kSectorSize];
  EXPECT_EQ(p.read(0, 1, buf).error(), Error::Range);
  EXPECT_EQ(p.write(0, 1, buf).error(), Error::Range);
}

TEST(partition, WindowBoundsAndTranslation) {
  RamDisk d("ram0", 1000);
  Partition p;
  ASSERT_TRUE(p.attach(d, 100, 50, 0x82, 2, "ram0p2"));
  d.sector(100)[0] = 1;
  d.sector(149)[0] = 2;
  uint8_t buf[2 * kSectorSize];
  ASSERT_TRUE(p.read(0, 1, buf));
  EXPECT_EQ(buf[0], 1);
  ASSERT_TRUE(p.read(49, 1, buf));
  EXPECT_EQ(buf[0], 2);
  size_t seen = d.requests.size();
  EXPECT_EQ(p.read(50, 1, buf).error(), Error::Range);
  EXPECT_EQ(p.read(49, 2, buf).error(), Error::Range);
  EXPECT_TRUE(p.write(50, 0, buf));  // an empty request at the end is in range
  EXPECT_EQ(p.write(51, 0, buf).error(), Error::Range);
  EXPECT_EQ(d.requests.size(), seen);
}

TEST(partition, RequestsNearTheTopOfTheAddressSpaceDoNotWrap) {
  RamDisk d("big0", UINT64_MAX);
  Partition p;
  ASSERT_TRUE(p.attach(d, UINT64_MAX - 16, 16, 0x82, 1, "big0p1"));
  uint8_t buf[16 * kSectorSize];
  EXPECT_TRUE(p.read(8, 8, buf));
  EXPECT_EQ(d.requests.back().lba, UINT64_MAX - 8);
  EXPECT_EQ(p.read(UINT64_MAX - 4, 8, buf).error(), Error::Range);  // lba + count wraps to 3
  EXPECT_EQ(p.read(9, UINT32_MAX, buf).error(), Error::Range);
  EXPECT_EQ(d.requests.size(), 1u);
}

TEST(partition, MultiPageRequestIsForwardedAsOneRequest) {
  RamDisk d("ram0", 100000);
  Partition p;
  ASSERT_TRUE(p.attach(d, 2048, 4096, 0x82, 2, "ram0p2"));
  std::vector<uint8_t> out(520 * kSectorSize);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(i * 7 + i / kSectorSize);
  ASSERT_TRUE(p.write(8, 520, out.data()));
  ASSERT_EQ(d.requests.size(), 1u);
  EXPECT_TRUE(d.requests[0].write);
  EXPECT_EQ(d.requests[0].lba, 2056u);
  EXPECT_EQ(d.requests[0].count, 520u);
  std::vector<uint8_t> in(out.size());
  ASSERT_TRUE(p.read(8, 520, in.data()));
  EXPECT_EQ(in, out);
  EXPECT_EQ(d.sector(2055), Sector{});  // nothing written before the window position
  EXPECT_EQ(d.sector(2576), Sector{});  // nor after the request
}

TEST(partition, ParentErrorsReachTheCaller) {
  RamDisk d("ram0", 100);
  Partition p;
  ASSERT_TRUE(p.attach(d, 10, 10, 0x82, 1, "ram0p1"));
  d.fail_next = true;
  uint8_t buf[kSectorSize];
  EXPECT_EQ(p.read(0, 1, buf).error(), Error::Io);
  EXPECT_EQ(p.write(0, 1, buf).error(), Error::Io);
}

// --- PartitionTable -------------------------------------------------------------------------------------

TEST(partition_table, ValidTable) {
  Sector mbr = standard_mbr();
  Result<PartitionTable> t = PartitionTable::parse(mbr.data(), kDiskSectors);
  ASSERT_TRUE(t);
  ASSERT_EQ(t.value().size(), 2u);
  const PartitionInfo& sys = t.value()[0];
  EXPECT_EQ(sys.index, 1);
  EXPECT_EQ(sys.type, disk::kPartitionTypeSystem);
  EXPECT_TRUE(sys.active);
  EXPECT_EQ(sys.first, 2048u);
  EXPECT_EQ(sys.count, 8192u);
  const PartitionInfo* swap = t.value().find_type(disk::kPartitionTypeSwap);
  ASSERT_NE(swap, nullptr);
  EXPECT_EQ(swap->index, 2);
  EXPECT_FALSE(swap->active);
  EXPECT_EQ(swap->first, 10240u);
  EXPECT_EQ(swap->count, 32768u);
  EXPECT_EQ(t.value().find_type(0x83), nullptr);
}

TEST(partition_table, MissingSignature) {
  Sector mbr = make_mbr({{0x80, 0x7F, 2048, 100}}, false);
  EXPECT_EQ(PartitionTable::parse(mbr.data(), kDiskSectors).error(), Error::NotFound);
  mbr[510] = 0xAA;  // swapped bytes are not the signature
  mbr[511] = 0x55;
  EXPECT_EQ(PartitionTable::parse(mbr.data(), kDiskSectors).error(), Error::NotFound);
}

TEST(partition_table, BadStatusByteIsNotAnMbr) {
  Sector mbr = make_mbr({{0x80, 0x7F, 2048, 100}, {0, 0, 0, 0}, {0x12, 0, 0, 0}});
  EXPECT_EQ(PartitionTable::parse(mbr.data(), kDiskSectors).error(), Error::InvalidArgument);
}

TEST(partition_table, EmptyEntriesAreIgnoredAndSlotsKept) {
  Sector mbr = make_mbr({{0, 0, 5, 7}, {0, 0x82, 100, 0}, {0, 0x7F, 2048, 10}, {0, 0, 0, 0}});
  Result<PartitionTable> t = PartitionTable::parse(mbr.data(), kDiskSectors);
  ASSERT_TRUE(t);
  ASSERT_EQ(t.value().size(), 1u);
  EXPECT_EQ(t.value()[0].index, 3);
  EXPECT_EQ(t.value().find_type(0x82), nullptr);
}

TEST(partition_table, OverlappingEntriesAreRejected) {
  Sector a = make_mbr({{0, 0x7F, 2048, 100}, {0, 0x82, 2147, 10}});  // shares sector 2147
  EXPECT_EQ(PartitionTable::parse(a.data(), kDiskSectors).error(), Error::InvalidArgument);
  Sector b = make_mbr({{0, 0x7F, 2048, 1000}, {0, 0, 0, 0}, {0, 0x82, 2100, 10}});  // inside
  EXPECT_EQ(PartitionTable::parse(b.data(), kDiskSectors).error(), Error::InvalidArgument);
  Sector c = make_mbr({{0, 0x82, 2100, 10}, {0, 0x7F, 2048, 1000}});  // contains, listed later
  EXPECT_EQ(PartitionTable::parse(c.data(), kDiskSectors).error(), Error::InvalidArgument);
  Sector adjacent = make_mbr({{0, 0x7F, 2048, 100}, {0, 0x82, 2148, 10}});
  EXPECT_TRUE(PartitionTable::parse(adjacent.data(), kDiskSectors));
}

TEST(partition_table, EntriesBeyondTheDiskAreRejected) {
  Sector fits = make_mbr({{0, 0x82, 2048, kDiskSectors - 2048}});
  EXPECT_TRUE(PartitionTable::parse(fits.data(), kDiskSectors));
  Sector beyond = make_mbr({{0, 0x82, 2048, kDiskSectors - 2047}});
  EXPECT_EQ(PartitionTable::parse(beyond.data(), kDiskSectors).error(), Error::Range);
  Sector start_beyond = make_mbr({{0, 0x82, kDiskSectors, 1}});
  EXPECT_EQ(PartitionTable::parse(start_beyond.data(), kDiskSectors).error(), Error::Range);
  // first + count overflows 32 bits: must not wrap around into range, even on a huge disk.
  Sector wraps = make_mbr({{0, 0x82, 0xFFFFFF00u, 0x200}});
  EXPECT_EQ(PartitionTable::parse(wraps.data(), 0x100000000ull).error(), Error::Range);
  EXPECT_TRUE(PartitionTable::parse(wraps.data(), 0x100000100ull));
  Sector covers_mbr = make_mbr({{0, 0x7F, 0, 100}});
  EXPECT_EQ(PartitionTable::parse(covers_mbr.data(), kDiskSectors).error(), Error::Range);
}

TEST(partition_table, GptIsNotSupported) {
  Sector mbr = make_mbr({{0, 0xEE, 1, 0xFFFFFFFFu}});
  EXPECT_EQ(PartitionTable::parse(mbr.data(), kDiskSectors).error(), Error::NotImplemented);
}

TEST(partition_table, ErrorsAreDescribed) {
  EXPECT_STREQ(describe_table_error(Error::NotFound), "no MBR signature");
  EXPECT_STREQ(describe_table_error(Error::Range), "a partition lies outside the disk");
  EXPECT_STREQ(describe_table_error(Error::Io), error_string(Error::Io));
}

TEST(partition_table, ReadFromDevice) {
  RamDisk d("ram0", kDiskSectors);
  d.sector(0) = standard_mbr();
  Result<PartitionTable> t = PartitionTable::read(d);
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().size(), 2u);
  RamDisk tiny("ram1", 0);
  EXPECT_EQ(PartitionTable::read(tiny).error(), Error::Range);
  RamDisk small("ram2", 4096);  // the standard table does not fit on it
  small.sector(0) = standard_mbr();
  EXPECT_EQ(PartitionTable::read(small).error(), Error::Range);
  d.fail_next = true;
  EXPECT_EQ(PartitionTable::read(d).error(), Error::Io);
}

// --- BlockRegistry --------------------------------------------------------------------------------------

TEST(block_registry, RegistersDiskAndPartitionsByName) {
  BlockRegistry registry;
  RamDisk d("ata0", kDiskSectors);
  d.sector(0) = standard_mbr();
  d.sector(10240 + 8)[0] = 0x42;
  Partition parts[PartitionTable::kMaxEntries];
  ASSERT_TRUE(registry.add(d));
  Result<PartitionTable> t = register_partitions(registry, d, parts);
  ASSERT_TRUE(t);
  EXPECT_EQ(registry.size(), 3u);
  EXPECT_EQ(registry.find("ata0"), &d);
  EXPECT_EQ(registry.partition_at(0), nullptr);
  ASSERT_NE(registry.find("ata0p1"), nullptr);
  BlockDevice* swap_by_name = registry.find("ata0p2");
  ASSERT_NE(swap_by_name, nullptr);
  EXPECT_EQ(swap_by_name->sector_count(), 32768u);
  EXPECT_EQ(registry.find("ata0p3"), nullptr);
  EXPECT_EQ(registry.find("ata"), nullptr);

  Partition* swap = registry.find_partition(disk::kPartitionTypeSwap);
  ASSERT_EQ(swap, swap_by_name);
  EXPECT_EQ(swap->parent(), &d);
  EXPECT_EQ(swap->index(), 2);
  uint8_t page[8 * kSectorSize];
  ASSERT_TRUE(swap->read(8, 8, page));  // swap slot 1
  EXPECT_EQ(page[0], 0x42);
  EXPECT_EQ(registry.find_partition(disk::kPartitionTypeSystem)->first_sector(), 2048u);
  EXPECT_EQ(registry.find_partition(0x83), nullptr);
}

TEST(block_registry, FindPartitionOnAGivenDisk) {
  BlockRegistry registry;
  RamDisk a("ata0", kDiskSectors), b("ata2", kDiskSectors);
  a.sector(0) = make_mbr({{0x80, 0x7F, 2048, 100}});
  b.sector(0) = standard_mbr();
  Partition pa[4], pb[4];
  ASSERT_TRUE(registry.add(a));
  ASSERT_TRUE(register_partitions(registry, a, pa));
  ASSERT_TRUE(registry.add(b));
  ASSERT_TRUE(register_partitions(registry, b, pb));
  EXPECT_EQ(registry.find_partition(0x7F), &pa[0]);
  EXPECT_EQ(registry.find_partition(0x7F, &b), &pb[0]);
  EXPECT_EQ(registry.find_partition(0x82, &a), nullptr);
  EXPECT_EQ(registry.find_partition(0x82), &pb[1]);
  EXPECT_EQ(pb[1].name(), StringView("ata2p2"));
}

TEST(block_registry, DuplicatesCapacityAndBadTables) {
  BlockRegistry registry;
  RamDisk d("ata0", kDiskSectors), same("ata0", 10);
  ASSERT_TRUE(registry.add(d));
  EXPECT_EQ(registry.add(same).error(), Error::Exists);

  Partition parts[4];
  d.sector(0) = make_mbr({{0, 0x7F, 2048, 100}, {0, 0x82, 2100, 10}});  // overlapping
  EXPECT_EQ(register_partitions(registry, d, parts).error(), Error::InvalidArgument);
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(parts[0].parent(), nullptr);

  RamDisk longname("fifteen-chars-x", kDiskSectors);
  longname.sector(0) = standard_mbr();
  Partition more[4];
  EXPECT_EQ(register_partitions(registry, longname, more).error(), Error::NameTooLong);

  std::vector<std::unique_ptr<RamDisk>> disks;
  while (registry.size() < BlockRegistry::kCapacity) {
    disks.push_back(std::make_unique<RamDisk>(("r" + std::to_string(disks.size())).c_str(), 1));
    ASSERT_TRUE(registry.add(*disks.back()));
  }
  RamDisk extra("extra", 1);
  EXPECT_EQ(registry.add(extra).error(), Error::NoSpace);
}

// Devices and the registry live in static storage: they must be constant-initialized.
constinit BlockRegistry g_constinit_registry;
constinit Partition g_constinit_partition;

TEST(block_registry, KernelRegistryStartsEmpty) {
  EXPECT_EQ(g_constinit_registry.size(), 0u);
  EXPECT_EQ(g_constinit_partition.sector_count(), 0u);
  EXPECT_EQ(block_registry().find("ata0"), nullptr);
}

}  // namespace
}  // namespace cw::block
