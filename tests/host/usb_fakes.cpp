#include "tests/host/usb_fakes.h"

#include "drivers/usb/core/byte_order.h"
#include "drivers/usb/core/standard_requests.h"

namespace cw::usb::test {

namespace {
void put16(Bytes& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}
void put32be(uint8_t* p, uint32_t v) { put_be32(p, v); }
size_t copy_out(uint8_t* data, size_t capacity, const Bytes& from) {
  size_t n = from.size() < capacity ? from.size() : capacity;
  if (n) std::memcpy(data, from.data(), n);
  return n;
}
}  // namespace

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes device_descriptor(uint16_t vendor, uint16_t product, uint8_t cls, uint8_t subclass, uint8_t protocol,
                        uint8_t max_packet0) {
  Bytes b = {18, kDescriptorDevice};
  put16(b, 0x0200);
  b.insert(b.end(), {cls, subclass, protocol, max_packet0});
  put16(b, vendor);
  put16(b, product);
  put16(b, 0x0100);
  b.insert(b.end(), {0, 0, 0, 1});
  return b;
}

Bytes config_header(uint16_t total_length, uint8_t interfaces, uint8_t value) {
  Bytes b = {9, kDescriptorConfiguration};
  put16(b, total_length);
  b.insert(b.end(), {interfaces, value, 0, 0x80, 50});
  return b;
}

Bytes interface_descriptor(uint8_t number, uint8_t alternate, uint8_t endpoints, uint8_t cls, uint8_t subclass,
                           uint8_t protocol) {
  return {9, kDescriptorInterface, number, alternate, endpoints, cls, subclass, protocol, 0};
}

Bytes endpoint_descriptor(uint8_t address, uint8_t attributes, uint16_t max_packet, uint8_t interval) {
  Bytes b = {7, kDescriptorEndpoint, address, attributes};
  put16(b, max_packet);
  b.push_back(interval);
  return b;
}

Bytes configuration(uint8_t interfaces, const Bytes& body, uint8_t value) {
  return config_header(static_cast<uint16_t>(9 + body.size()), interfaces, value) + body;
}

// ---- FakeDevice ----

Result<size_t> FakeDevice::control(const SetupPacket& setup, uint8_t* data) {
  ++requests;
  if ((setup.request_type & 0x60) != kTypeStandard) return class_request(setup, data);
  if (setup.request == kGetDescriptor && setup.request_type == 0x80) {
    uint8_t type = static_cast<uint8_t>(setup.value >> 8);
    if (type == kDescriptorDevice) return copy_out(data, setup.length, device_bytes);
    if (type == kDescriptorConfiguration) return copy_out(data, setup.length, config_bytes);
    return fail(Error::BrokenPipe);
  }
  if (setup.request == kSetConfiguration) {
    configuration = static_cast<uint8_t>(setup.value);
    return size_t{0};
  }
  if (setup.request == kClearFeature && setup.request_type == kRecipientEndpoint &&
      setup.value == kFeatureEndpointHalt) {
    halts_cleared.push_back(setup.index);
    endpoint_halt_cleared(static_cast<uint8_t>(setup.index));
    return size_t{0};
  }
  return fail(Error::BrokenPipe);
}

// ---- FakeHub ----

FakeHub::FakeHub(Speed s, std::vector<FakeDevice*> kids, uint8_t protocol)
    : FakeDevice(s, device_descriptor(0x05e3, 0x0608, kClassHub, 0, protocol),
                 test::configuration(1, interface_descriptor(0, 0, 1, kClassHub, 0, 0) + endpoint_descriptor(0x81, 3, 1, 12))),
      children(std::move(kids)),
      powered(children.size(), false),
      change(children.size(), 0),
      enabled(children.size(), false) {
  uint8_t ports = static_cast<uint8_t>(children.size());
  size_t bitmap = (ports + 1 + 7) / 8;
  hub_descriptor = {static_cast<uint8_t>(7 + 2 * bitmap), kDescriptorHub, ports, 0x01, 0x00, 50, 100};
  for (size_t i = 0; i < 2 * bitmap; ++i) hub_descriptor.push_back(i < bitmap ? 0x00 : 0xFF);
  for (size_t i = 0; i < children.size(); ++i)
    if (children[i]) change[i] = 1;  // C_PORT_CONNECTION
}

Result<size_t> FakeHub::class_request(const SetupPacket& s, uint8_t* data) {
  if (s.request_type == 0xA0 && s.request == kGetDescriptor && (s.value >> 8) == kDescriptorHub)
    return copy_out(data, s.length, hub_descriptor);
  uint8_t port = static_cast<uint8_t>(s.index);
  if (port < 1 || port > children.size()) return fail(Error::BrokenPipe);
  size_t i = port - 1;
  if (s.request_type == 0xA3 && s.request == kGetStatus && s.length == 4) {
    uint16_t status = 0;
    if (children[i] && powered[i]) status |= 1;
    if (enabled[i]) status |= 2;
    if (powered[i]) status |= 1u << 8;
    if (enabled[i] && children[i]->speed == Speed::Low) status |= 1u << 9;
    if (enabled[i] && children[i]->speed == Speed::High) status |= 1u << 10;
    data[0] = static_cast<uint8_t>(status);
    data[1] = static_cast<uint8_t>(status >> 8);
    data[2] = static_cast<uint8_t>(change[i]);
    data[3] = static_cast<uint8_t>(change[i] >> 8);
    return size_t{4};
  }
  if (s.request_type == 0x23 && s.request == kSetFeature) {
    if (s.value == 8) powered[i] = true;
    if (s.value == 4) {
      if (!powered[i]) reset_before_power = true;
      if (children[i] && powered[i]) {
        enabled[i] = true;
        children[i]->reset = true;
        if (!never_finish_reset) change[i] |= 1u << 4;
      }
    }
    return size_t{0};
  }
  if (s.request_type == 0x23 && s.request == kClearFeature) {
    if (s.value == 16) change[i] &= static_cast<uint16_t>(~1u);
    if (s.value == 20) change[i] &= static_cast<uint16_t>(~(1u << 4));
    return size_t{0};
  }
  return fail(Error::BrokenPipe);
}

// ---- FakeMassStorage ----

FakeMassStorage::FakeMassStorage(uint64_t b, uint32_t bs, Speed s)
    : FakeDevice(s, device_descriptor(0x46f4, 0x0001, 0, 0, 0),
                 test::configuration(1, interface_descriptor(0, 0, 2, 0x08, 0x06, 0x50) +
                                      endpoint_descriptor(kIn, 2, 64) + endpoint_descriptor(kOut, 2, 64))),
      blocks(b),
      block_size(bs),
      disk(b * bs, 0) {}

Result<size_t> FakeMassStorage::class_request(const SetupPacket& s, uint8_t* data) {
  if (s.request_type == 0x21 && s.request == 0xFF && s.length == 0) {
    ++resets;
    if (fail_reset) return fail(Error::BrokenPipe);
    phase_ = Phase::Cbw;  // BOT 3.1: ready for the next CBW; halts stay until cleared
    return size_t{0};
  }
  if (s.request_type == 0xA1 && s.request == 0xFE && s.length == 1) {
    if (stall_max_lun) return fail(Error::BrokenPipe);
    data[0] = max_lun;
    return size_t{1};
  }
  return fail(Error::BrokenPipe);
}

void FakeMassStorage::endpoint_halt_cleared(uint8_t index) {
  if (index == kIn) halted_in = false;
  if (index == kOut) halted_out = false;
}

void FakeMassStorage::check_condition(uint8_t key, uint8_t asc, uint8_t ascq) {
  status_ = 1;
  sense_[0] = key;
  sense_[1] = asc;
  sense_[2] = ascq;
}

void FakeMassStorage::command(const uint8_t* cbw) {
  tag_ = le32(cbw + 4);
  expected_ = le32(cbw + 8);
  bool in = cbw[12] & 0x80;
  const uint8_t* cdb = cbw + 15;
  opcodes.push_back(cdb[0]);
  transfer_lengths.push_back(expected_);
  status_ = 0;
  response_.clear();
  Phase data_phase = expected_ == 0 ? Phase::Csw : (in ? Phase::DataIn : Phase::DataOut);
  phase_ = data_phase;
  uint8_t op = cdb[0];
  if (op == 0x03) {  // REQUEST SENSE: fixed format
    response_.assign(18, 0);
    response_[0] = 0x70;
    response_[2] = sense_[0];
    response_[7] = 10;
    response_[12] = sense_[1];
    response_[13] = sense_[2];
    sense_[0] = sense_[1] = sense_[2] = 0;
    return;
  }
  if (op == 0x12) {
    response_.assign(36, ' ');
    response_[0] = device_type;
    response_[1] = 0x80;
    response_[2] = 4;
    response_[3] = 2;
    response_[4] = 31;
    std::memcpy(&response_[8], "CWTEST  ", 8);
    std::memcpy(&response_[16], "RAM disk        ", 16);
    std::memcpy(&response_[32], "1.0 ", 4);
    return;
  }
  if (unit_attention > 0) {
    --unit_attention;
    return check_condition(0x06, 0x28, 0x00);
  }
  if (not_ready > 0) {
    --not_ready;
    return check_condition(0x02, 0x04, 0x01);
  }
  if (medium_absent && (op == 0x00 || op == 0x28 || op == 0x25)) return check_condition(0x02, 0x3A, 0x00);
  switch (op) {
    case 0x00: return;
    case 0x25: {
      response_.assign(8, 0);
      put32be(&response_[0], blocks > 0xFFFFFFFFull ? 0xFFFFFFFF : static_cast<uint32_t>(blocks - 1));
      put32be(&response_[4], block_size);
      return;
    }
    case 0x9E: {
      response_.assign(32, 0);
      put32be(&response_[0], static_cast<uint32_t>((blocks - 1) >> 32));
      put32be(&response_[4], static_cast<uint32_t>(blocks - 1));
      put32be(&response_[8], block_size);
      return;
    }
    case 0x28:
    case 0x2A: {
      uint32_t lba = be32(cdb + 2);
      uint32_t count = be16(cdb + 7);
      if (uint64_t{lba} + count > blocks) return check_condition(0x05, 0x21, 0x00);
      if (op == 0x28 && medium_error_reads) return check_condition(0x03, 0x11, 0x00);
      if (op == 0x28) response_.assign(block(lba), block(lba) + uint64_t{count} * block_size);
      write_lba_ = lba;
      return;
    }
    case 0x35:
      if (!sync_cache) check_condition(0x05, 0x20, 0x00);
      return;
    default:
      return check_condition(0x05, 0x20, 0x00);
  }
}

void FakeMassStorage::finish(uint32_t moved) {
  (void)moved;
  phase_ = Phase::Csw;
}

Result<size_t> FakeMassStorage::bulk(const Endpoint& ep, uint8_t* data, size_t length) {
  bool in = ep.direction == Direction::In;
  if (in && halted_in) return fail(Error::BrokenPipe);
  if (!in && halted_out) return fail(Error::BrokenPipe);
  switch (phase_) {
    case Phase::Cbw:
      if (in || length != 31 || le32(data) != 0x43425355) {
        ++violations;
        halted_in = halted_out = true;  // BOT 6.6.1: an invalid CBW stalls both
        return fail(Error::BrokenPipe);
      }
      command(data);
      residue_ = 0;
      if (phase_ == Phase::Csw && status_ == 1) residue_ = expected_;
      if (phase_ != Phase::Csw && status_ == 1) {
        // CHECK CONDITION before any data: the device stalls the data stage (BOT 6.7.2, 6.7.3).
        if (phase_ == Phase::DataIn) halted_in = true; else halted_out = true;
        residue_ = expected_;
        phase_ = Phase::Csw;
      }
      return size_t{31};
    case Phase::DataIn: {
      if (!in) { ++violations; return fail(Error::Protocol); }
      if (timeout_data > 0) { --timeout_data; return fail(Error::TimedOut); }
      if (stall_data > 0) {
        --stall_data;
        halted_in = true;
        check_condition(stall_sense[0], stall_sense[1], stall_sense[2]);
        residue_ = expected_;
        phase_ = Phase::Csw;
        return fail(Error::BrokenPipe);
      }
      size_t n = copy_out(data, length < expected_ ? length : expected_, response_);
      residue_ = expected_ - static_cast<uint32_t>(n);
      phase_ = Phase::Csw;
      return n;
    }
    case Phase::DataOut: {
      if (in) { ++violations; return fail(Error::Protocol); }
      if (timeout_data > 0) { --timeout_data; return fail(Error::TimedOut); }
      if (stall_data > 0) {
        --stall_data;
        halted_out = true;
        check_condition(stall_sense[0], stall_sense[1], stall_sense[2]);
        residue_ = expected_;
        phase_ = Phase::Csw;
        return fail(Error::BrokenPipe);
      }
      size_t n = length < expected_ ? length : expected_;
      if (opcodes.back() == 0x2A) std::memcpy(block(write_lba_), data, n);
      residue_ = expected_ - static_cast<uint32_t>(n);
      phase_ = Phase::Csw;
      return n;
    }
    case Phase::Csw: {
      if (!in) { ++violations; return fail(Error::Protocol); }
      if (stall_csw > 0) {
        --stall_csw;
        halted_in = true;
        return fail(Error::BrokenPipe);
      }
      if (length < 13) { ++violations; return fail(Error::Overflow); }
      put_le32(data, bad_signature > 0 ? 0x12345678 : 0x53425355);
      put_le32(data + 4, wrong_tag > 0 ? tag_ + 7 : tag_);
      put_le32(data + 8, residue_too_large > 0 ? expected_ + 512 : residue_);
      data[12] = phase_error > 0 ? 2 : status_;
      if (bad_signature > 0) --bad_signature;
      if (wrong_tag > 0) --wrong_tag;
      if (residue_too_large > 0) --residue_too_large;
      if (phase_error > 0) --phase_error;
      phase_ = Phase::Cbw;
      return size_t{13};
    }
  }
  return fail(Error::Protocol);
}

// ---- FakeHostController ----

PortStatus FakeHostController::port_status(uint8_t port) {
  PortStatus s;
  FakeDevice* d = root_[port - 1];
  s.connected = d != nullptr;
  if (d) s.speed = d->speed;
  return s;
}

Result<Speed> FakeHostController::reset_port(uint8_t port) {
  FakeDevice* d = root_[port - 1];
  if (!d) return fail(Error::NoDevice);
  d->reset = true;
  return d->speed;
}

FakeDevice* FakeHostController::locate(const DeviceLocation& location) {
  if (location.root_port < 1 || location.root_port > root_.size()) return nullptr;
  FakeDevice* d = root_[location.root_port - 1];
  for (uint8_t tier = 1; d && tier < location.tier; ++tier) {
    auto* hub = dynamic_cast<FakeHub*>(d);
    if (!hub) return nullptr;
    d = hub->child(static_cast<uint8_t>((location.route >> (4 * (tier - 1))) & 0xF));
  }
  return d;
}

Result<void> FakeHostController::address_device(Device& device) {
  if (fail_address) return fail(Error::TimedOut);
  FakeDevice* d = locate(device.location);
  if (!d || !d->reset || d->speed != device.speed) return fail(Error::NoDevice);
  d->reset = false;
  d->address = next_address_++;
  device.address = d->address;
  device.slot = d->address;
  device.max_packet0 = d->device_bytes.size() > 7 ? d->device_bytes[7] : 8;
  by_address_[d->address] = d;
  addressed.push_back(device);
  return {};
}

Result<void> FakeHostController::configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) {
  configured[device.address].assign(endpoints, endpoints + count);
  configured_as_hub[device.address] = device.is_hub;
  return {};
}

Result<size_t> FakeHostController::control(Device& device, const SetupPacket& setup, void* data, uint32_t) {
  FakeDevice* d = at(device.address);
  if (!d) return fail(Error::NoDevice);
  if (setup.length != 0 && data == nullptr) return fail(Error::InvalidArgument);
  return d->control(setup, static_cast<uint8_t*>(data));
}

Result<size_t> FakeHostController::bulk(Device& device, const Endpoint& endpoint, void* data, size_t length, uint32_t) {
  FakeDevice* d = at(device.address);
  if (!d) return fail(Error::NoDevice);
  bool known = false;
  for (const Endpoint& e : configured[device.address])
    if (e.number == endpoint.number && e.direction == endpoint.direction) known = true;
  if (!known) return fail(Error::InvalidArgument);  // not configured through configure_endpoints
  return d->bulk(endpoint, static_cast<uint8_t*>(data), length);
}

Result<void> FakeHostController::reset_endpoint(Device&, const Endpoint& endpoint) {
  endpoint_resets.push_back(endpoint_index(endpoint));
  return {};
}

void FakeHostController::release_device(Device& device) {
  released.push_back(device.address);
  by_address_.erase(device.address);
}

}  // namespace cw::usb::test
