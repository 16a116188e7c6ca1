// End-to-end host tests of the USB core, the hub driver and the mass-storage driver against a
// FakeHostController: enumeration on root ports and behind hubs, a UsbDisk that reads back what it
// wrote, and the Bulk-Only error recovery under injected faults.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "drivers/block/block_registry.h"
#include "drivers/usb/core/usb_bus.h"
#include "drivers/usb/hub/hub_driver.h"
#include "drivers/usb/storage/mass_storage_driver.h"
#include "lib/disk_format.h"
#include "tests/host/usb_fakes.h"

namespace cw::usb {
namespace {

using test::FakeHostController;
using test::FakeHub;
using test::operator+;
using test::FakeMassStorage;

class UsbStack : public ::testing::Test {
protected:
  UsbStack()
      : storage_driver(registry, lock_table), bus(env, table, drivers, 2) {}

  test::TestEnvironment env;
  block::BlockRegistry registry;
  test::TestLock locks[storage::kMaxDisks];
  Lock* const lock_table[storage::kMaxDisks] = {&locks[0], &locks[1], &locks[2], &locks[3]};
  DeviceTable table;
  hub::HubDriver hub_driver;
  storage::MassStorageDriver storage_driver;
  ClassDriver* const drivers[2] = {&hub_driver, &storage_driver};
  Bus bus;

  // Enumerates `stick` alone on root port 1 and returns its disk.
  storage::UsbDisk& attach(FakeHostController& hc, FakeMassStorage& stick) {
    hc.plug(1, &stick);
    EXPECT_EQ(bus.enumerate_controller(hc), 1u) << env.text();
    EXPECT_EQ(storage_driver.disk_count(), 1u) << env.text();
    return storage_driver.disk(0);
  }

  void expect_locks_balanced() {
    for (const test::TestLock& l : locks) {
      EXPECT_FALSE(l.held);
      EXPECT_FALSE(l.nested);
      EXPECT_FALSE(l.unbalanced);
    }
  }
};

// A 1024-block stick on root port 1 of a one-port controller, enumerated, and a one-block buffer.
class UsbDisk1k : public UsbStack {
protected:
  UsbDisk1k() : disk(attach(hc, stick)) {}

  FakeHostController hc{1};
  FakeMassStorage stick{1024};
  storage::UsbDisk& disk;
  std::vector<uint8_t> back = std::vector<uint8_t>(512);
};

std::vector<uint8_t> pattern(size_t bytes, uint8_t seed) {
  std::vector<uint8_t> v(bytes);
  for (size_t i = 0; i < bytes; ++i) v[i] = static_cast<uint8_t>(seed + i * 7 + i / 512);
  return v;
}

TEST_F(UsbStack, EnumeratesMassStorageAndRegistersDisk) {
  FakeHostController hc(2, "uhci0");
  FakeMassStorage stick(2048);
  storage::UsbDisk& disk = attach(hc, stick);
  EXPECT_TRUE(env.logged("usb: uhci0 port 1: 46f4:0001 mass storage (full speed, address 1)\n")) << env.text();
  EXPECT_TRUE(env.logged("usb0: \"CWTEST RAM disk\", 2048 sectors (1 MiB), removable\n")) << env.text();
  EXPECT_EQ(disk.name(), StringView("usb0"));
  EXPECT_EQ(disk.sector_count(), 2048u);
  EXPECT_EQ(registry.find("usb0"), &disk);
  EXPECT_EQ(stick.configuration, 1);
  ASSERT_EQ(hc.configured[1].size(), 2u);
  EXPECT_FALSE(hc.configured_as_hub[1]);
  EXPECT_EQ(table.count(DeviceState::Attached), 1u);
  EXPECT_EQ(stick.violations, 0);
  EXPECT_GE(env.slept_ms, kDebounceMs + kResetRecoveryMs);
  // INQUIRY, TEST UNIT READY, READ CAPACITY(10), then sector 0 for the partition table.
  ASSERT_GE(stick.opcodes.size(), 4u);
  EXPECT_EQ(stick.opcodes[0], 0x12);
  EXPECT_EQ(stick.opcodes[1], 0x00);
  EXPECT_EQ(stick.opcodes[2], 0x25);
  EXPECT_EQ(stick.opcodes[3], 0x28);
  EXPECT_TRUE(env.logged("usb0: no partitions")) << env.text();
  expect_locks_balanced();
}

TEST_F(UsbStack, WritesAndReadsBackAcrossCommandSplits) {
  FakeHostController hc(1);
  FakeMassStorage stick(4096);
  storage::UsbDisk& disk = attach(hc, stick);
  stick.opcodes.clear();
  stick.transfer_lengths.clear();
  const uint32_t count = 300;  // 128 + 128 + 44 blocks
  std::vector<uint8_t> data = pattern(count * 512, 3);
  ASSERT_TRUE(disk.write(100, count, data.data())) << env.text();
  EXPECT_EQ(std::memcmp(stick.block(100), data.data(), data.size()), 0);
  std::vector<uint8_t> opcodes_expect = {0x2A, 0x2A, 0x2A, 0x35};
  EXPECT_EQ(stick.opcodes, opcodes_expect);
  std::vector<uint32_t> lengths_expect = {65536, 65536, 44 * 512, 0};
  EXPECT_EQ(stick.transfer_lengths, lengths_expect);
  std::vector<uint8_t> back(count * 512, 0);
  ASSERT_TRUE(disk.read(100, count, back.data()));
  EXPECT_EQ(back, data);
  EXPECT_EQ(disk.read(4000, 97, back.data()).error(), Error::Range);  // BlockDevice's check
  EXPECT_EQ(stick.violations, 0);
  expect_locks_balanced();
}

TEST_F(UsbStack, RegistersPartitionsFromTheMbr) {
  FakeHostController hc(1);
  FakeMassStorage stick(8192);
  uint8_t* mbr = stick.block(0);
  mbr[510] = 0x55;
  mbr[511] = 0xAA;
  uint8_t* e = mbr + 446;
  e[4] = disk::kPartitionTypeSystem;
  e[8] = 0x00; e[9] = 0x08;    // first LBA 2048
  e[12] = 0x00; e[13] = 0x10;  // 4096 sectors
  attach(hc, stick);
  block::BlockDevice* p1 = registry.find("usb0p1");
  ASSERT_NE(p1, nullptr) << env.text();
  EXPECT_EQ(p1->sector_count(), 4096u);
  EXPECT_NE(registry.find_partition(disk::kPartitionTypeSystem), nullptr);
  EXPECT_TRUE(env.logged("usb0p1: type 0x7f, sectors 2048-6143 (2 MiB)")) << env.text();
  std::vector<uint8_t> data = pattern(512, 9);
  ASSERT_TRUE(p1->write(1, 1, data.data()));
  EXPECT_EQ(std::memcmp(stick.block(2049), data.data(), 512), 0);
}

TEST_F(UsbDisk1k, DataStageStallIsClearedAndTheCommandRetried) {
  std::vector<uint8_t> data = pattern(8 * 512, 1);
  std::memcpy(stick.block(8), data.data(), data.size());
  stick.stall_data = 1;  // then the CSW fails with UNIT ATTENTION: REQUEST SENSE, retry
  hc.endpoint_resets.clear();
  stick.halts_cleared.clear();
  std::vector<uint8_t> eight(8 * 512);
  ASSERT_TRUE(disk.read(8, 8, eight.data())) << env.text();
  EXPECT_EQ(eight, data);
  EXPECT_EQ(disk.stats().data_stalls, 1u);
  EXPECT_EQ(disk.stats().reset_recoveries, 0u);
  std::vector<uint16_t> cleared = {0x81};
  EXPECT_EQ(stick.halts_cleared, cleared);
  EXPECT_EQ(hc.endpoint_resets, cleared);
  EXPECT_EQ(stick.violations, 0);
}

TEST_F(UsbDisk1k, DataStageStallWithMediumErrorFailsClearly) {
  stick.stall_data = 1;
  stick.stall_sense[0] = 0x03;
  stick.stall_sense[1] = 0x11;
  stick.stall_sense[2] = 0x00;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Io);
  EXPECT_TRUE(env.logged("usb0: READ(10) failed: medium error: unrecovered read error (11/00)")) << env.text();
  // The transport is fine: the next read works.
  ASSERT_TRUE(disk.read(0, 1, back.data()));
  EXPECT_EQ(stick.violations, 0);
}

TEST_F(UsbDisk1k, WriteStallIsClearedOnBulkOut) {
  stick.stall_data = 1;
  stick.halts_cleared.clear();
  std::vector<uint8_t> data = pattern(512, 5);
  ASSERT_TRUE(disk.write(3, 1, data.data())) << env.text();
  EXPECT_EQ(std::memcmp(stick.block(3), data.data(), 512), 0);
  std::vector<uint16_t> cleared = {0x02};
  EXPECT_EQ(stick.halts_cleared, cleared);
}

void expect_reset_recovery(const FakeMassStorage& stick, const FakeHostController& hc, int resets) {
  EXPECT_EQ(stick.resets, resets);
  // 5.3.4: after the class reset, CLEAR_FEATURE(ENDPOINT_HALT) on bulk IN, then bulk OUT, each followed
  // by the controller's reset_endpoint.
  ASSERT_GE(stick.halts_cleared.size(), 2u);
  EXPECT_EQ(stick.halts_cleared[stick.halts_cleared.size() - 2], 0x81);
  EXPECT_EQ(stick.halts_cleared.back(), 0x02);
  ASSERT_GE(hc.endpoint_resets.size(), 2u);
  EXPECT_EQ(hc.endpoint_resets.back(), 0x02);
}

TEST_F(UsbDisk1k, BadCswSignatureTriggersResetRecovery) {
  stick.bad_signature = 1;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Protocol);
  EXPECT_TRUE(env.logged("usb0: CSW refused: bad CSW signature; reset recovery")) << env.text();
  expect_reset_recovery(stick, hc, 1);
  EXPECT_EQ(disk.stats().reset_recoveries, 1u);
  ASSERT_TRUE(disk.read(0, 1, back.data()));  // recovered
  EXPECT_EQ(stick.violations, 0);
}

TEST_F(UsbDisk1k, WrongTagTriggersResetRecovery) {
  stick.wrong_tag = 1;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Protocol);
  EXPECT_TRUE(env.logged("CSW tag does not match the CBW")) << env.text();
  expect_reset_recovery(stick, hc, 1);
  ASSERT_TRUE(disk.read(0, 1, back.data()));
}

TEST_F(UsbDisk1k, ResidueTooLargeAndPhaseErrorTriggerResetRecovery) {
  stick.residue_too_large = 1;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Protocol);
  stick.phase_error = 1;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Io);
  EXPECT_TRUE(env.logged("usb0: CSW: phase error; reset recovery")) << env.text();
  expect_reset_recovery(stick, hc, 2);
  ASSERT_TRUE(disk.read(0, 1, back.data()));
}

TEST_F(UsbDisk1k, CswStallIsRetriedOnce) {
  stick.stall_csw = 1;
  ASSERT_TRUE(disk.read(0, 1, back.data())) << env.text();
  EXPECT_EQ(disk.stats().csw_retries, 1u);
  EXPECT_EQ(stick.resets, 0);
}

TEST_F(UsbDisk1k, TimeoutTriggersResetRecoveryThenWorks) {
  stick.timeout_data = 1;
  std::vector<uint8_t> data = pattern(512, 4);
  EXPECT_EQ(disk.write(5, 1, data.data()).error(), Error::TimedOut);
  expect_reset_recovery(stick, hc, 1);
  ASSERT_TRUE(disk.write(5, 1, data.data()));
  ASSERT_TRUE(disk.read(5, 1, back.data()));
  EXPECT_EQ(back, data);
}

TEST_F(UsbDisk1k, FailedResetRecoveryBreaksTheTransport) {
  stick.bad_signature = 1;
  stick.fail_reset = true;
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::Protocol);
  EXPECT_TRUE(env.logged("usb0: reset recovery failed: broken pipe; device unusable")) << env.text();
  size_t commands = stick.opcodes.size();
  EXPECT_EQ(disk.read(0, 1, back.data()).error(), Error::NoDevice);
  EXPECT_EQ(stick.opcodes.size(), commands);  // nothing more sent
  expect_locks_balanced();
}

TEST_F(UsbStack, NotReadyAndUnitAttentionAreRetriedAtStart) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.unit_attention = 1;
  stick.not_ready = 5;
  attach(hc, stick);
  EXPECT_EQ(storage_driver.disk(0).sector_count(), 1024u);
  EXPECT_GE(env.slept_ms, 5 * storage::kReadyPollMs);
  EXPECT_FALSE(env.logged("becoming ready")) << env.text();  // the normal wait is not reported
}

TEST_F(UsbDisk1k, UnitAttentionDuringReadIsRetried) {
  stick.unit_attention = 2;
  ASSERT_TRUE(disk.read(1, 1, back.data())) << env.text();
  stick.unit_attention = 10;  // more than kAttentionRetries
  EXPECT_EQ(disk.read(1, 1, back.data()).error(), Error::TryAgain);
  EXPECT_TRUE(env.logged("usb0: READ(10) failed: unit attention")) << env.text();
}

TEST_F(UsbStack, NeverReadyTimesOut) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.not_ready = 1000;
  hc.plug(1, &stick);
  bus.enumerate_controller(hc);
  EXPECT_EQ(storage_driver.disk_count(), 0u);
  EXPECT_TRUE(env.logged("usb0: not ready after 5000 ms")) << env.text();
  EXPECT_TRUE(env.logged("mass storage failed: timed out")) << env.text();
  EXPECT_EQ(table.count(DeviceState::Failed), 1u);
  EXPECT_EQ(hc.released.size(), 1u);
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(UsbStack, MediumAbsentIsReported) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.medium_absent = true;
  hc.plug(1, &stick);
  bus.enumerate_controller(hc);
  EXPECT_EQ(storage_driver.disk_count(), 0u);
  EXPECT_TRUE(env.logged("TEST UNIT READY failed: not ready: medium not present (3a/00)")) << env.text();
  EXPECT_TRUE(env.logged("mass storage failed: no such device")) << env.text();
}

TEST_F(UsbStack, RefusesOtherBlockSizesAndDeviceTypes) {
  FakeHostController hc(2);
  FakeMassStorage cdrom(1024, 2048);
  FakeMassStorage tape(1024);
  tape.device_type = 0x01;
  hc.plug(1, &cdrom);
  hc.plug(2, &tape);
  bus.enumerate_controller(hc);
  EXPECT_EQ(storage_driver.disk_count(), 0u);
  EXPECT_TRUE(env.logged("usb0: 2048-byte blocks not supported (only 512)")) << env.text();
  EXPECT_TRUE(env.logged("usb0: not a direct-access block device (qualifier 0, type 0x01)")) << env.text();
}

TEST_F(UsbStack, LargeDiskUsesReadCapacity16) {
  FakeHostController hc(1);
  FakeMassStorage stick(8);  // the RAM disk stays small; only the reported capacity is large
  stick.blocks = (uint64_t{1} << 32) + 100;
  hc.plug(1, &stick);
  bus.enumerate_controller(hc);
  ASSERT_EQ(storage_driver.disk_count(), 1u) << env.text();
  EXPECT_EQ(storage_driver.disk(0).sector_count(), uint64_t{1} << 32);
  bool asked_16 = false;
  for (uint8_t op : stick.opcodes) asked_16 |= op == 0x9E;
  EXPECT_TRUE(asked_16);
  EXPECT_TRUE(env.logged("using the first 4294967296 (READ(10) addressing)")) << env.text();
}

TEST_F(UsbStack, NoSynchronizeCacheIsRememberedAndMaxLunReported) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.sync_cache = false;
  stick.stall_max_lun = false;
  stick.max_lun = 1;
  storage::UsbDisk& disk = attach(hc, stick);
  EXPECT_TRUE(env.logged("usb0: LUNs 1-1 not used (only LUN 0 is)")) << env.text();
  std::vector<uint8_t> data = pattern(512, 6);
  ASSERT_TRUE(disk.write(0, 1, data.data())) << env.text();
  ASSERT_TRUE(disk.write(1, 1, data.data()));
  size_t syncs = 0;
  for (uint8_t op : stick.opcodes) syncs += op == 0x35;
  EXPECT_EQ(syncs, 1u);
  EXPECT_TRUE(env.logged("usb0: no SYNCHRONIZE CACHE"));
}

TEST_F(UsbStack, DeviceWithoutDriverIsListedAndReleased) {
  FakeHostController hc(1, "xhci0");
  test::FakeDevice mouse(Speed::Low, test::device_descriptor(0x046d, 0xc077, 0, 0, 0, 8),
                         test::configuration(1, test::interface_descriptor(0, 0, 1, 3, 1, 2) +
                                                    test::endpoint_descriptor(0x81, 3, 4, 10)));
  hc.plug(1, &mouse);
  EXPECT_EQ(bus.enumerate_controller(hc), 1u);
  EXPECT_TRUE(env.logged("usb: xhci0 port 1: 046d:c077 no driver (class 03/01/02) (low speed, address 1)\n"))
      << env.text();
  EXPECT_EQ(table.count(DeviceState::NoDriver), 1u);
  EXPECT_EQ(mouse.configuration, 0);  // never configured
  ASSERT_EQ(hc.released.size(), 1u);
  EXPECT_EQ(hc.released[0], 1);
}

TEST_F(UsbStack, MalformedConfigurationIsRefusedAndReleased) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.config_bytes[9 + 9] = 0;  // a zero-length endpoint descriptor
  hc.plug(1, &stick);
  EXPECT_EQ(bus.enumerate_controller(hc), 0u);
  EXPECT_TRUE(env.logged("usb: fake0 port 1: bad configuration descriptor: zero-length descriptor (byte 18)"))
      << env.text();
  EXPECT_EQ(table.count(DeviceState::Free), table.capacity());
  EXPECT_EQ(hc.released.size(), 1u);
  EXPECT_EQ(stick.configuration, 0);
}

TEST_F(UsbStack, OversizedConfigurationIsRefused) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.config_bytes[2] = 0x01;
  stick.config_bytes[3] = 0x20;  // wTotalLength 8193
  hc.plug(1, &stick);
  EXPECT_EQ(bus.enumerate_controller(hc), 0u);
  EXPECT_TRUE(env.logged("configuration of 8193 bytes exceeds the 4096-byte limit")) << env.text();
}

TEST_F(UsbStack, ShortConfigurationReadIsRefused) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  stick.config_bytes[2] = static_cast<uint8_t>(stick.config_bytes.size() + 4);  // claims more than it has
  hc.plug(1, &stick);
  EXPECT_EQ(bus.enumerate_controller(hc), 0u);
  EXPECT_TRUE(env.logged("wTotalLength larger than what was read")) << env.text();
}

TEST_F(UsbStack, AddressingFailureIsReported) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  hc.fail_address = true;
  hc.plug(1, &stick);
  EXPECT_EQ(bus.enumerate_controller(hc), 0u);
  EXPECT_TRUE(env.logged("usb: fake0 port 1: cannot address the device: timed out")) << env.text();
  EXPECT_EQ(table.count(DeviceState::Free), table.capacity());
}

TEST_F(UsbStack, EmptyPortsAreSkippedQuietly) {
  FakeHostController hc(4);
  EXPECT_EQ(bus.enumerate_controller(hc), 0u);
  EXPECT_EQ(env.text(), "");
  EXPECT_EQ(env.slept_ms, 0u);
}

TEST_F(UsbStack, HubPowersResetsAndEnumeratesItsPorts) {
  FakeHostController hc(1, "ehci0");
  FakeMassStorage stick(2048, 512, Speed::Full);
  test::FakeDevice mouse(Speed::Low, test::device_descriptor(0x046d, 0xc077, 0, 0, 0, 8),
                         test::configuration(1, test::interface_descriptor(0, 0, 1, 3, 1, 2) +
                                                    test::endpoint_descriptor(0x81, 3, 4, 10)));
  FakeHub hub(Speed::High, {nullptr, &stick, &mouse}, 2);
  hc.plug(1, &hub);
  EXPECT_EQ(bus.enumerate_controller(hc), 1u);
  EXPECT_TRUE(env.logged("usb: ehci0 port 1: 05e3:0608 hub (high speed, address 1)\n")) << env.text();
  EXPECT_TRUE(env.logged("usb: ehci0 port 1.2: 46f4:0001 mass storage (full speed, address 2)\n")) << env.text();
  EXPECT_TRUE(env.logged("usb: ehci0 port 1.3: 046d:c077 no driver (class 03/01/02) (low speed, address 3)\n"))
      << env.text();
  EXPECT_FALSE(hub.reset_before_power);
  EXPECT_TRUE(hub.powered[0] && hub.powered[1] && hub.powered[2]);
  EXPECT_EQ(hub.change[1], 0);  // C_PORT_RESET and C_PORT_CONNECTION acknowledged
  EXPECT_TRUE(hc.configured_as_hub[1]);
  EXPECT_EQ(hub_driver.hub_count(), 1u);
  ASSERT_EQ(hc.addressed.size(), 3u);
  const DeviceLocation& s = hc.addressed[1].location;
  EXPECT_EQ(s.root_port, 1);
  EXPECT_EQ(s.tier, 2);
  EXPECT_EQ(s.route, 0x2u);
  EXPECT_EQ(s.hub_address, 1);
  EXPECT_EQ(s.hub_port, 2);
  EXPECT_EQ(s.hub_speed, Speed::High);
  EXPECT_TRUE(s.hub_multi_tt);
  EXPECT_EQ(hc.addressed[2].speed, Speed::Low);
  EXPECT_GE(env.slept_ms, 100u);  // bPwrOn2PwrGood * 2
  // The disk behind the hub works.
  ASSERT_EQ(storage_driver.disk_count(), 1u);
  std::vector<uint8_t> data = pattern(1024, 8);
  ASSERT_TRUE(storage_driver.disk(0).write(10, 2, data.data()));
  std::vector<uint8_t> back(1024);
  ASSERT_TRUE(storage_driver.disk(0).read(10, 2, back.data()));
  EXPECT_EQ(back, data);
}

TEST_F(UsbStack, HubPortResetThatNeverCompletesIsReported) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  FakeHub hub(Speed::Full, {&stick});
  hub.never_finish_reset = true;
  hc.plug(1, &hub);
  bus.enumerate_controller(hc);
  EXPECT_TRUE(env.logged("usb: fake0 port 1.1: port reset failed: timed out")) << env.text();
  EXPECT_EQ(storage_driver.disk_count(), 0u);
}

TEST_F(UsbStack, HubChainIsBoundedToFiveTiers) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  // Six hubs in a chain: hubs at tiers 1-5 are used, the sixth is refused; the stick behind it is not seen.
  std::vector<std::unique_ptr<FakeHub>> hubs;
  hubs.push_back(std::make_unique<FakeHub>(Speed::High, std::vector<test::FakeDevice*>{&stick}));
  for (int i = 0; i < 5; ++i)
    hubs.push_back(std::make_unique<FakeHub>(Speed::High, std::vector<test::FakeDevice*>{hubs.back().get()}));
  hc.plug(1, hubs.back().get());
  bus.enumerate_controller(hc);
  EXPECT_EQ(hub_driver.hub_count(), 5u);
  EXPECT_TRUE(env.logged("usb: fake0 port 1.1.1.1.1.1: hub deeper than 5 tiers, not used")) << env.text();
  EXPECT_EQ(storage_driver.disk_count(), 0u);
  EXPECT_EQ(stick.requests, 0);
  EXPECT_EQ(hc.addressed.back().location.route, 0x11111u);
}

TEST_F(UsbStack, DeviceAtTierSixWorks) {
  FakeHostController hc(1);
  FakeMassStorage stick(1024);
  std::vector<std::unique_ptr<FakeHub>> hubs;
  hubs.push_back(std::make_unique<FakeHub>(Speed::High, std::vector<test::FakeDevice*>{nullptr, &stick}));
  for (int i = 0; i < 4; ++i)
    hubs.push_back(std::make_unique<FakeHub>(Speed::High, std::vector<test::FakeDevice*>{hubs.back().get()}));
  hc.plug(1, hubs.back().get());
  bus.enumerate_controller(hc);
  EXPECT_EQ(storage_driver.disk_count(), 1u) << env.text();
  EXPECT_TRUE(env.logged("usb: fake0 port 1.1.1.1.1.2: 46f4:0001 mass storage")) << env.text();
  EXPECT_EQ(hc.addressed.back().location.route, 0x21111u);
  EXPECT_EQ(hc.addressed.back().location.tier, 6);
}

TEST_F(UsbStack, EnumerateAllWalksEveryController) {
  FakeHostController a(1, "uhci0");
  FakeHostController b(2, "uhci1");
  FakeMassStorage s1(1024);
  FakeMassStorage s2(2048);
  a.plug(1, &s1);
  b.plug(2, &s2);
  ControllerRegistry controllers;
  ASSERT_TRUE(controllers.add(a));
  ASSERT_TRUE(controllers.add(b));
  EXPECT_EQ(bus.enumerate_all(controllers), 2u);
  EXPECT_NE(registry.find("usb0"), nullptr);
  ASSERT_NE(registry.find("usb1"), nullptr);
  EXPECT_EQ(registry.find("usb1")->sector_count(), 2048u);
  EXPECT_TRUE(env.logged("usb: uhci1 port 2: 46f4:0001 mass storage")) << env.text();
}

}  // namespace
}  // namespace cw::usb
