// Test doubles for the USB stack's host tests: a FakeHostController with root ports, a fake USB device
// base answering the chapter-9 requests from descriptor bytes, a fake Bulk-Only mass-storage device
// backed by a RAM disk with fault injection, a fake USB 2.0 hub, and the environment/lock doubles.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/core/usb_environment.h"
#include "lib/format.h"

namespace cw::usb::test {

using Bytes = std::vector<uint8_t>;

// Descriptor builders (USB 2.0 9.6).
Bytes device_descriptor(uint16_t vendor, uint16_t product, uint8_t cls, uint8_t subclass, uint8_t protocol,
                        uint8_t max_packet0 = 64);
Bytes config_header(uint16_t total_length, uint8_t interfaces, uint8_t value = 1);
Bytes interface_descriptor(uint8_t number, uint8_t alternate, uint8_t endpoints, uint8_t cls, uint8_t subclass,
                           uint8_t protocol);
Bytes endpoint_descriptor(uint8_t address, uint8_t attributes, uint16_t max_packet, uint8_t interval = 0);
// A header with the right wTotalLength followed by `body`.
Bytes configuration(uint8_t interfaces, const Bytes& body, uint8_t value = 1);
Bytes operator+(Bytes a, const Bytes& b);

class TestEnvironment final : public Environment {
public:
  void sleep_ms(uint32_t ms) override { slept_ms += ms; }
  FormatSink& log() override { return sink_; }
  const std::string& text() const { return sink_.text; }
  bool logged(const std::string& fragment) const { return sink_.text.find(fragment) != std::string::npos; }

  uint64_t slept_ms = 0;

private:
  struct Sink final : FormatSink {
    void write(const char* t, size_t n) override { text.append(t, n); }
    std::string text;
  } sink_;
};

class TestLock final : public Lock {
public:
  void lock() override {
    if (held) nested = true;
    held = true;
    ++locks;
  }
  void unlock() override {
    if (!held) unbalanced = true;
    held = false;
  }
  bool held = false;
  bool nested = false;
  bool unbalanced = false;
  int locks = 0;
};

// A device behind a port. Answers GET_DESCRIPTOR(device/configuration), SET_CONFIGURATION and
// CLEAR_FEATURE(ENDPOINT_HALT); everything else goes to class_request().
class FakeDevice {
public:
  FakeDevice(Speed s, Bytes device, Bytes config) : speed(s), device_bytes(std::move(device)), config_bytes(std::move(config)) {}
  virtual ~FakeDevice() = default;

  Result<size_t> control(const SetupPacket& setup, uint8_t* data);
  virtual Result<size_t> bulk(const Endpoint&, uint8_t*, size_t) { return fail(Error::Protocol); }
  virtual Result<size_t> class_request(const SetupPacket&, uint8_t*) { return fail(Error::BrokenPipe); }
  virtual void endpoint_halt_cleared(uint8_t /*index*/) {}

  Speed speed;
  Bytes device_bytes;
  Bytes config_bytes;
  uint8_t configuration = 0;      // from SET_CONFIGURATION
  bool reset = false;             // its port was reset, it answers at the default address
  uint8_t address = 0;
  std::vector<uint16_t> halts_cleared;  // wIndex of each CLEAR_FEATURE(ENDPOINT_HALT)
  int requests = 0;
};

// A USB 2.0 hub (device class 9) with `children.size()` ports; a child may be nullptr (empty port).
class FakeHub final : public FakeDevice {
public:
  FakeHub(Speed speed, std::vector<FakeDevice*> children, uint8_t protocol = 1);
  Result<size_t> class_request(const SetupPacket& setup, uint8_t* data) override;
  FakeDevice* child(uint8_t port) const { return port >= 1 && port <= children.size() ? children[port - 1] : nullptr; }

  std::vector<FakeDevice*> children;
  std::vector<bool> powered;
  std::vector<uint16_t> change;
  std::vector<bool> enabled;
  bool reset_before_power = false;  // a protocol violation the tests check for
  bool never_finish_reset = false;
  Bytes hub_descriptor;
};

// A Bulk-Only Transport, SCSI direct-access device backed by a RAM disk (BOT 1.0, SPC-4, SBC-3).
class FakeMassStorage final : public FakeDevice {
public:
  static constexpr uint8_t kIn = 0x81;
  static constexpr uint8_t kOut = 0x02;

  FakeMassStorage(uint64_t blocks, uint32_t block_size = 512, Speed speed = Speed::Full);

  Result<size_t> bulk(const Endpoint& endpoint, uint8_t* data, size_t length) override;
  Result<size_t> class_request(const SetupPacket& setup, uint8_t* data) override;
  void endpoint_halt_cleared(uint8_t index) override;

  uint8_t* block(uint64_t lba) { return disk.data() + lba * block_size; }

  // Faults, each consumed when it fires.
  int stall_data = 0;             // stall the next data stage (CSW then: failed, sense `stall_sense`)
  uint8_t stall_sense[3] = {0x06, 0x29, 0x00};  // UNIT ATTENTION, power on: the command is retried
  int bad_signature = 0;          // next CSW has a wrong dCSWSignature
  int wrong_tag = 0;              // next CSW answers another tag
  int residue_too_large = 0;      // next CSW reports a residue above the transfer length
  int phase_error = 0;            // next CSW has status 2
  int not_ready = 0;              // this many commands fail with NOT READY, becoming ready (04/01)
  int unit_attention = 0;         // this many commands fail with UNIT ATTENTION (28/00)
  int timeout_data = 0;           // the next data stage times out
  int stall_csw = 0;              // the next CSW read stalls once (the CSW then follows)
  bool medium_absent = false;     // every TUR/READ fails with NOT READY, medium not present (3A/00)
  bool medium_error_reads = false;  // READ(10) fails with MEDIUM ERROR, unrecovered read error (11/00)
  bool fail_reset = false;        // the class reset request stalls
  bool stall_max_lun = true;      // GET MAX LUN stalls (one LUN); otherwise answers max_lun
  uint8_t max_lun = 0;
  bool sync_cache = true;         // SYNCHRONIZE CACHE supported; otherwise ILLEGAL REQUEST
  uint8_t device_type = 0;        // INQUIRY peripheral device type

  uint64_t blocks;
  uint32_t block_size;
  Bytes disk;
  std::vector<uint8_t> opcodes;   // every CDB's operation code, in order
  std::vector<uint32_t> transfer_lengths;  // every CBW's dCBWDataTransferLength
  int resets = 0;                 // Bulk-Only Mass Storage Resets
  int violations = 0;             // CBW in the wrong phase, bad CBW, ...
  bool halted_in = false;
  bool halted_out = false;

private:
  enum class Phase { Cbw, DataIn, DataOut, Csw };
  void command(const uint8_t* cbw);
  void check_condition(uint8_t key, uint8_t asc, uint8_t ascq);
  void finish(uint32_t moved);

  Phase phase_ = Phase::Cbw;
  uint32_t tag_ = 0;
  uint32_t expected_ = 0;
  uint8_t status_ = 0;
  uint32_t residue_ = 0;
  Bytes response_;        // data to send in DataIn
  uint64_t write_lba_ = 0;  // DataOut destination
  uint8_t sense_[3] = {};
};

// A controller with `ports` root ports. Devices are found by address after address_device.
class FakeHostController final : public HostController {
public:
  explicit FakeHostController(uint8_t ports, const char* name = "fake0") : name_(name), root_(ports, nullptr) {}

  void plug(uint8_t port, FakeDevice* device) { root_[port - 1] = device; }

  const char* name() const override { return name_; }
  uint8_t root_ports() const override { return static_cast<uint8_t>(root_.size()); }
  PortStatus port_status(uint8_t port) override;
  Result<Speed> reset_port(uint8_t port) override;
  Result<void> address_device(Device& device) override;
  Result<void> configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) override;
  Result<size_t> control(Device& device, const SetupPacket& setup, void* data, uint32_t timeout_ms) override;
  Result<size_t> bulk(Device& device, const Endpoint& endpoint, void* data, size_t length,
                      uint32_t timeout_ms) override;
  Result<void> reset_endpoint(Device& device, const Endpoint& endpoint) override;
  void release_device(Device& device) override;

  FakeDevice* at(uint8_t address) { return by_address_.count(address) ? by_address_[address] : nullptr; }

  std::vector<Device> addressed;          // copies at address_device time (locations as the core filled them)
  std::vector<uint8_t> released;          // addresses released
  std::vector<uint16_t> endpoint_resets;  // endpoint_index of each reset_endpoint
  std::map<uint8_t, std::vector<Endpoint>> configured;
  std::map<uint8_t, bool> configured_as_hub;
  bool fail_address = false;

private:
  FakeDevice* locate(const DeviceLocation& location);

  const char* name_;
  std::vector<FakeDevice*> root_;
  std::map<uint8_t, FakeDevice*> by_address_;
  uint8_t next_address_ = 1;
};

}  // namespace cw::usb::test
