// ktest=uhci_probe: the UHCI driver enumerates and talks to real (emulated) USB devices.
//
// For every registered UHCI controller and every root port with a device: reset_port, address_device,
// the 18-byte device descriptor, the configuration descriptor (9 bytes, then wTotalLength, parsed by
// the USB core, drivers/usb/core/descriptors.h), configure_endpoints and SET_CONFIGURATION. A
// mass-storage device with the Bulk-Only Transport (interface class 8, subclass 6 SCSI, protocol 0x50;
// USB Mass Storage Class Bulk-Only Transport 1.0, "BOT") then gets INQUIRY, TEST UNIT READY and READ(10)
// of sector 0 through CBW / data / CSW round trips on its bulk endpoints (encoded and checked by
// drivers/usb/storage/bot_wrappers.h), a bulk IN out of turn that the device must stall (BrokenPipe,
// then CLEAR_FEATURE(ENDPOINT_HALT) and reset_endpoint), and sector 0 must end in the MBR signature
// 55 AA. Run it with devices attached (QEMU: -usb -device usb-storage,... ; Bochs: usb_uhci: port1=disk).
//
// ktest=ehci_probe runs the same probe, through the same interface, on every EHCI controller's root ports
// (the high-speed devices the EHCI driver kept; drivers/usb/ehci/).
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/storage/bot_wrappers.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"

namespace cw::ktest {

namespace {

using usb::Device;
using usb::Direction;
using usb::Endpoint;
using usb::HostController;
using usb::SetupPacket;

const char* kName = "uhci_probe";  // the test running: uhci_probe or ehci_probe (its messages)
constexpr uint32_t kBulkTimeoutMs = 5000;

// Static buffers: kernel memory in the direct map, as host_controller.h asks.
uint8_t g_descriptor[18];
uint8_t g_config[512];
uint8_t g_cbw[usb::storage::kCbwSize];
uint8_t g_csw[usb::storage::kCswSize];
uint8_t g_data[512];

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

struct Where {
  const char* controller;
  uint8_t port;
};

Result<size_t> get_descriptor(HostController& hc, Device& dev, uint8_t type, void* buffer, uint16_t length) {
  SetupPacket setup{usb::kRequestIn | usb::kTypeStandard | usb::kRecipientDevice, usb::kGetDescriptor,
                    static_cast<uint16_t>(type << 8), 0, length};
  return hc.control(dev, setup, buffer, usb::kControlTimeoutMs);
}

Result<size_t> get_descriptor_within(HostController& hc, Device& dev, void* buffer, uint16_t length,
                                     uint32_t timeout_ms) {
  SetupPacket setup{usb::kRequestIn | usb::kTypeStandard | usb::kRecipientDevice, usb::kGetDescriptor,
                    static_cast<uint16_t>(usb::kDescriptorDevice << 8), 0, length};
  return hc.control(dev, setup, buffer, timeout_ms);
}

// What the probe needs of the configuration, from the USB core's parser (drivers/usb/core/descriptors.h).
struct Configuration {
  usb::Configuration parsed;
  bool mass_storage = false;  // a BOT SCSI interface with a bulk IN and a bulk OUT endpoint
  Endpoint bulk_in, bulk_out;
  size_t bulk_endpoints = 0;
};

bool parse_configuration(const uint8_t* config, size_t length, Configuration& out, Where w) {
  usb::Diagnostic why;
  auto parsed = usb::parse_configuration(config, length, why);
  if (!check(static_cast<bool>(parsed), kName, "{} port {}: configuration refused at byte {}: {}", w.controller,
             w.port, why.offset, why.what))
    return false;
  out.parsed = parsed.value();
  for (size_t i = 0; i < out.parsed.endpoint_count; ++i)
    if (out.parsed.endpoints[i].kind == usb::TransferKind::Bulk) ++out.bulk_endpoints;
  const usb::InterfaceInfo* storage = usb::find_interface(out.parsed, usb::kClassMassStorage, 0x06, 0x50);
  if (storage == nullptr) return true;
  auto pair = usb::find_bulk_endpoints(out.parsed, *storage);
  if (pair) {
    out.mass_storage = true;
    out.bulk_in = pair.value().in;
    out.bulk_out = pair.value().out;
  }
  return true;
}

struct BotResult {
  uint8_t status = 0;  // CSW bCSWStatus: 0 passed, 1 failed, 2 phase error
  size_t data = 0;     // bytes moved in the data stage
};

// One BOT command: CBW over bulk OUT, `length` bytes of data in `direction`, CSW over bulk IN (BOT 5).
Result<BotResult> bot_command(HostController& hc, Device& dev, const Configuration& c, uint32_t tag,
                              const uint8_t* cdb, uint8_t cdb_length, Direction direction, uint32_t length,
                              Where w) {
  usb::storage::CommandBlock command{tag, length, direction, 0, cdb, cdb_length};
  if (!check(static_cast<bool>(usb::storage::encode_cbw(command, g_cbw)), kName, "{} port {}: CBW refused",
             w.controller, w.port))
    return Error::InvalidArgument;
  size_t sent = TRY(hc.bulk(dev, c.bulk_out, g_cbw, usb::storage::kCbwSize, kBulkTimeoutMs));
  if (!check(sent == usb::storage::kCbwSize, kName, "{} port {}: CBW: {} bytes sent", w.controller, w.port, sent))
    return Error::Protocol;
  BotResult r;
  if (length != 0)
    r.data = TRY(hc.bulk(dev, direction == Direction::In ? c.bulk_in : c.bulk_out, g_data, length, kBulkTimeoutMs));
  size_t got = TRY(hc.bulk(dev, c.bulk_in, g_csw, usb::storage::kCswSize, kBulkTimeoutMs));
  auto csw = usb::storage::check_csw(g_csw, got, tag, length);
  if (!check(static_cast<bool>(csw), kName, "{} port {}: bad CSW ({} bytes): {}", w.controller, w.port, got,
             csw ? "" : usb::storage::describe(csw.error())))
    return Error::Protocol;
  r.status = static_cast<uint8_t>(csw.value().status);
  return r;
}

// Copies printable ASCII from `p` into `out`, trailing spaces dropped.
StringView printable(const uint8_t* p, size_t n, char* out) {
  size_t len = 0;
  for (size_t i = 0; i < n; ++i) {
    out[i] = (p[i] >= 0x20 && p[i] < 0x7F) ? static_cast<char>(p[i]) : '.';
    if (out[i] != ' ') len = i + 1;
  }
  return StringView(out, len);
}

// A bulk IN while the device waits for a CBW is a protocol violation it answers with STALL (BOT 6.6.1):
// BrokenPipe; after CLEAR_FEATURE(ENDPOINT_HALT) and reset_endpoint (DATA0) the endpoint works again.
bool stall_and_recover(HostController& hc, Device& dev, const Configuration& c, Where w) {
  auto stalled = hc.bulk(dev, c.bulk_in, g_csw, usb::storage::kCswSize, kBulkTimeoutMs);
  if (!check(!stalled && stalled.error() == Error::BrokenPipe, kName, "{} port {}: unexpected IN: {} instead of a stall",
             w.controller, w.port, stalled ? Error::Io : stalled.error()))
    return false;
  SetupPacket clear{usb::kRequestOut | usb::kTypeStandard | usb::kRecipientEndpoint, usb::kClearFeature,
                    usb::kFeatureEndpointHalt, static_cast<uint16_t>(0x80 | c.bulk_in.number), 0};
  auto cleared = hc.control(dev, clear, nullptr, usb::kControlTimeoutMs);
  auto reset = hc.reset_endpoint(dev, c.bulk_in);
  if (!check(cleared && reset, kName, "{} port {}: clearing the halt failed", w.controller, w.port)) return false;
  kprint("({}) {} port {}: unexpected bulk IN stalled (broken pipe), halt cleared\n", kName, w.controller, w.port);
  return true;
}

bool probe_storage(HostController& hc, Device& dev, const Configuration& c, Where w) {
  const uint8_t inquiry[6] = {0x12, 0, 0, 0, 36, 0};
  auto r = bot_command(hc, dev, c, 1, inquiry, 6, Direction::In, 36, w);
  if (!check(r && r.value().status == 0 && r.value().data >= 36, kName, "{} port {}: INQUIRY failed: {}",
             w.controller, w.port, r ? Error::Io : r.error()))
    return false;
  char vendor[8], product[16];
  kprint("({}) {} port {}: scsi device type {}, vendor \"{}\", product \"{}\"\n", kName, w.controller, w.port,
         g_data[0] & 0x1F, printable(g_data + 8, 8, vendor), printable(g_data + 16, 16, product));

  // A SCSI device reports a unit attention (power on, reset) once: TEST UNIT READY until it is ready,
  // REQUEST SENSE clearing each failure (SPC-3 5.9.2).
  bool ready = false;
  for (uint32_t tag = 2; tag < 8 && !ready; tag += 2) {
    const uint8_t tur[6] = {0x00, 0, 0, 0, 0, 0};
    auto t = bot_command(hc, dev, c, tag, tur, 6, Direction::Out, 0, w);
    if (!check(static_cast<bool>(t), kName, "{} port {}: TEST UNIT READY: {}", w.controller, w.port,
               t ? Error::Io : t.error()))
      return false;
    ready = t.value().status == 0;
    if (ready) break;
    const uint8_t sense[6] = {0x03, 0, 0, 0, 18, 0};
    auto s = bot_command(hc, dev, c, tag + 1, sense, 6, Direction::In, 18, w);
    if (!check(s && s.value().status == 0, kName, "{} port {}: REQUEST SENSE failed", w.controller, w.port))
      return false;
  }
  if (!check(ready, kName, "{} port {}: the unit never became ready", w.controller, w.port)) return false;

  if (!stall_and_recover(hc, dev, c, w)) return false;
  const uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0};  // LBA 0, 1 block
  for (size_t i = 0; i < sizeof g_data; ++i) g_data[i] = 0;
  auto rd = bot_command(hc, dev, c, 9, read10, 10, Direction::In, 512, w);
  if (!check(rd && rd.value().status == 0 && rd.value().data == 512, kName, "{} port {}: READ(10) failed: {}",
             w.controller, w.port, rd ? Error::Io : rd.error()))
    return false;
  if (!check(g_data[510] == 0x55 && g_data[511] == 0xAA, kName, "{} port {}: sector 0 ends {:02x} {:02x}",
             w.controller, w.port, g_data[510], g_data[511]))
    return false;
  kprint("({}) {} port {}: READ(10) sector 0: 512 bytes, MBR signature 55aa\n", kName, w.controller, w.port);
  return true;
}

// Two threads read the device descriptor at once, over and over: the controller serializes them and
// every read must come back whole and equal to the first one.
constexpr int kReaders = 2;
constexpr int kReadsEach = 25;
constexpr uint32_t kReadersTimeoutMs = 20000;

struct Reader {
  HostController* hc;
  Device* dev;
  uint8_t buffer[18];
  volatile int good;
  volatile bool done;
};
Reader g_readers[kReaders];

void reader_thread(void* arg) {
  Reader& r = *static_cast<Reader*>(arg);
  for (int i = 0; i < kReadsEach; ++i) {
    for (uint8_t& b : r.buffer) b = 0;
    auto n = get_descriptor(*r.hc, *r.dev, usb::kDescriptorDevice, r.buffer, sizeof r.buffer);
    bool same = n && n.value() == 18;
    for (size_t k = 0; same && k < 18; ++k) same = r.buffer[k] == g_descriptor[k];
    if (same) r.good = r.good + 1;
  }
  r.done = true;
}

// A time limit of 0 ms passes before the controller reaches the chain (at the next frame at the
// earliest): the driver must cancel the transfer and reclaim its TDs (TimedOut), or, if the controller
// got through it while being unlinked, return it whole. Either way the next transfer must work.
bool cancelled_transfers(HostController& hc, Device& dev, Where w) {
  constexpr int kRounds = 5;
  int timed_out = 0;
  for (int i = 0; i < kRounds; ++i) {
    auto n = get_descriptor_within(hc, dev, g_config, 18, 0);
    if (!n) {
      if (!check(n.error() == Error::TimedOut, kName, "{} port {}: 0 ms transfer: {}", w.controller, w.port,
                 n.error()))
        return false;
      ++timed_out;
    } else if (!check(n.value() == 18, kName, "{} port {}: 0 ms transfer moved {} bytes", w.controller, w.port,
                      n.value())) {
      return false;
    }
    for (uint8_t& b : g_config) b = 0;
    auto again = get_descriptor(hc, dev, usb::kDescriptorDevice, g_config, 18);
    bool same = again && again.value() == 18;
    for (size_t k = 0; same && k < 18; ++k) same = g_config[k] == g_descriptor[k];
    if (!check(same, kName, "{} port {}: the transfer after a cancelled one failed", w.controller, w.port))
      return false;
  }
  kprint("({}) {} port {}: transfers cancelled at their deadline leave endpoint 0 working\n", kName, w.controller,
         w.port);
  return check(timed_out > 0, kName, "{} port {}: no 0 ms transfer timed out", w.controller, w.port);
}

bool concurrent_reads(HostController& hc, Device& dev, Where w) {
  for (Reader& r : g_readers) {
    r.hc = &hc;
    r.dev = &dev;
    r.good = 0;
    r.done = false;
    if (!check(static_cast<bool>(sched::spawn_kernel_thread("uhci_reader", reader_thread, &r)), kName,
               "cannot spawn a reader thread"))
      return false;
  }
  bool all_done = false;
  for (uint32_t waited = 0; !all_done && waited < kReadersTimeoutMs; waited += 10) {
    sched::sleep_ms(10);
    all_done = true;
    for (const Reader& r : g_readers) all_done = all_done && r.done;
  }
  if (!check(all_done, kName, "{} port {}: reader threads did not finish", w.controller, w.port)) return false;
  int good = 0;
  for (const Reader& r : g_readers) good += r.good;
  if (!check(good == kReaders * kReadsEach, kName, "{} port {}: {} of {} concurrent reads correct", w.controller,
             w.port, good, kReaders * kReadsEach))
    return false;
  kprint("({}) {} port {}: {} threads x {} concurrent descriptor reads agree\n", kName, w.controller, w.port,
         kReaders, kReadsEach);
  return true;
}

bool probe_port(HostController& hc, uint8_t port) {
  Where w{hc.name(), port};
  auto speed = hc.reset_port(port);
  if (!check(static_cast<bool>(speed), kName, "{} port {}: reset: {}", w.controller, port,
             speed ? Error::Io : speed.error()))
    return false;
  Device dev;
  dev.location.root_port = port;
  dev.speed = speed.value();
  auto addressed = hc.address_device(dev);
  if (!check(static_cast<bool>(addressed), kName, "{} port {}: address_device: {}", w.controller, port,
             addressed ? Error::Io : addressed.error())) {
    hc.release_device(dev);  // disables the port: a device that failed must not answer at address 0
    return false;
  }

  bool ok = false;
  do {
    auto n = get_descriptor(hc, dev, usb::kDescriptorDevice, g_descriptor, sizeof g_descriptor);
    if (!check(n && n.value() == 18 && g_descriptor[0] == 18 && g_descriptor[1] == usb::kDescriptorDevice, kName,
               "{} port {}: device descriptor: {}", w.controller, port, n ? Error::Protocol : n.error()))
      break;
    // Asking for more than the descriptor holds ends the data stage with a short packet (USB 2.0 8.5.3.2):
    // the driver must still run the status stage and report the 18 bytes.
    for (uint8_t& b : g_config) b = 0;
    auto longer = get_descriptor(hc, dev, usb::kDescriptorDevice, g_config, 64);
    bool same = longer && longer.value() == 18;
    for (size_t i = 0; same && i < 18; ++i) same = g_config[i] == g_descriptor[i];
    if (!check(same, kName, "{} port {}: 64-byte device descriptor request: {} bytes", w.controller, port,
               longer ? longer.value() : 0))
      break;
    uint16_t usb_version = le16(g_descriptor + 2);
    kprint("({}) {} port {}: usb {:x}.{:02x} device {:04x}:{:04x} class {} ({} speed, address {}, ep0 {})\n", kName,
           w.controller, port, usb_version >> 8, usb_version & 0xFF, le16(g_descriptor + 8),
           le16(g_descriptor + 10), g_descriptor[4], usb::speed_name(dev.speed), dev.address, dev.max_packet0);

    auto head = get_descriptor(hc, dev, usb::kDescriptorConfiguration, g_config, 9);
    if (!check(head && head.value() == 9 && g_config[1] == usb::kDescriptorConfiguration && le16(g_config + 2) >= 9,
               kName, "{} port {}: configuration descriptor: {}", w.controller, port,
               head ? Error::Protocol : head.error()))
      break;
    uint16_t total = le16(g_config + 2);
    uint16_t want = total < sizeof g_config ? total : static_cast<uint16_t>(sizeof g_config);
    auto full = get_descriptor(hc, dev, usb::kDescriptorConfiguration, g_config, want);
    if (!check(full && full.value() == want, kName, "{} port {}: {} bytes of configuration: {}", w.controller, port,
               want, full ? Error::Protocol : full.error()))
      break;
    Configuration config;
    if (!parse_configuration(g_config, want, config, w)) break;
    kprint("({}) {} port {}: configuration {}: {} bytes, {} interfaces, {} bulk endpoints\n", kName, w.controller,
           port, config.parsed.header.value, total, config.parsed.interface_count, config.bulk_endpoints);

    auto configured = hc.configure_endpoints(dev, config.parsed.endpoints, config.parsed.endpoint_count);
    if (!check(static_cast<bool>(configured), kName, "{} port {}: configure_endpoints: {}", w.controller, port,
               configured ? Error::Io : configured.error()))
      break;
    SetupPacket set{usb::kRequestOut | usb::kTypeStandard | usb::kRecipientDevice, usb::kSetConfiguration,
                    config.parsed.header.value, 0, 0};
    auto set_config = hc.control(dev, set, nullptr, usb::kControlTimeoutMs);
    if (!check(static_cast<bool>(set_config), kName, "{} port {}: SET_CONFIGURATION: {}", w.controller, port,
               set_config ? Error::Io : set_config.error()))
      break;
    if (!concurrent_reads(hc, dev, w) || !cancelled_transfers(hc, dev, w)) break;
    ok = config.mass_storage ? probe_storage(hc, dev, config, w) : true;
  } while (false);
  hc.release_device(dev);
  return ok;
}

}  // namespace

namespace {

// The probe on every root port with a device of every controller whose name starts with `prefix`.
bool probe_controllers(const char* prefix) {
  bool ok = true;
  unsigned probed = 0;
  for (size_t i = 0; i < usb::controllers().size(); ++i) {
    HostController& hc = usb::controllers()[i];
    if (!StringView(hc.name()).starts_with(prefix)) continue;
    for (uint8_t port = 1; port <= hc.root_ports(); ++port) {
      if (!hc.port_status(port).connected) continue;
      ++probed;
      ok = probe_port(hc, port) && ok;
    }
  }
  ok = check(probed > 0, kName, "no device on any {} root port: attach one", prefix) && ok;
  kprint("({}) {} devices probed\n", kName, probed);
  return ok;
}

}  // namespace

bool uhci_probe_test() {
  kName = "uhci_probe";
  return probe_controllers("uhci");
}

bool ehci_probe_test() {
  kName = "ehci_probe";
  return probe_controllers("ehci");
}

}  // namespace cw::ktest
