// ktest=xhci_probe: every xHCI controller (drivers/usb/xhci/) enumerates the devices on its root ports
// through the HostController interface alone, and moves real data.
//
// For every connected root port of every controller named "xhciN": reset_port, address_device, the
// 18-byte device descriptor, the configuration descriptor (9 bytes, then wTotalLength, then once more
// with 255 bytes of room: the data stage ends in a short packet), configure_endpoints for the first
// interface's bulk and interrupt endpoints, SET_CONFIGURATION. A request the device does not know must
// STALL (BrokenPipe) and leave endpoint 0 usable. A mass-storage device (class 8, SCSI transparent 6,
// Bulk-Only 0x50) then gets a Bulk-Only INQUIRY and a READ(10) of sector 0, which must end in the MBR
// signature 55 aa (USB Mass Storage Bulk-Only Transport 1.0, 5.1 and 5.2), and a 64 KiB READ(10) into a
// buffer that crosses a 64 KiB physical boundary (a TD of chained TRBs), then enough one-sector reads
// that both bulk rings wrap past their Link TRB. Endpoint 0's ring wraps too (GET_STATUS requests).
// An interrupt IN endpoint that has nothing to say must time out and stay usable (Stop Endpoint, Set TR
// Dequeue Pointer). A hub on a root port gets its ports powered and reset with hub class requests, and
// every device behind it is probed the same way (route string, parent hub slot). Every device is
// released (Disable Slot) at the end. All device data is checked.
#include "drivers/usb/core/controller_registry.h"
#include "kernel/heap.h"
#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/storage/bot_wrappers.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"
#include "lib/c_string.h"
#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::ktest {

namespace {

constexpr const char* kName = "xhci_probe";
constexpr size_t kMaxEndpoints = 8;
constexpr uint32_t kBulkTimeoutMs = 5000;
constexpr uint32_t kInterruptTimeoutMs = 200;
constexpr uint8_t kInquiryRoom = 36;
constexpr uint32_t kReadRoom = 512;
constexpr uint16_t kDescriptorRoom = 255;
constexpr unsigned kRingSlots = 255;  // TRBs a transfer ring holds before its Link TRB (xhci::kRingTrbs - 1)  // more than any of the test devices' configurations

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

struct Probe {
  usb::HostController& hc;
  usb::Device device;
  uint8_t port;
  uint8_t* buffer;  // one direct-mapped page
};

Result<size_t> get_descriptor(Probe& p, uint8_t type, uint16_t length) {
  usb::SetupPacket s{usb::kRequestIn | usb::kTypeStandard | usb::kRecipientDevice, usb::kGetDescriptor,
                     static_cast<uint16_t>(type << 8), 0, length};
  return p.hc.control(p.device, s, p.buffer, usb::kControlTimeoutMs);
}

struct Interface {
  uint8_t klass = 0, subclass = 0, protocol = 0;
  uint8_t configuration = 0;
  usb::Endpoint endpoints[kMaxEndpoints];
  size_t count = 0;
};

// The first interface (alternate setting 0) of the configuration in d[0, total) and its bulk and
// interrupt endpoints, from the USB core's parser (drivers/usb/core/descriptors.h). Protocol for a
// configuration it refuses.
Result<Interface> parse_configuration(const uint8_t* d, size_t total) {
  usb::Diagnostic why;
  auto parsed = usb::parse_configuration(d, total, why);
  if (!check(static_cast<bool>(parsed), kName, "configuration refused at byte {}: {}", why.offset, why.what))
    return Error::Protocol;
  const usb::Configuration& config = parsed.value();
  if (config.interface_count == 0) return Error::Protocol;
  const usb::InterfaceInfo& first = config.interfaces[0];
  Interface result;
  result.configuration = config.header.value;
  result.klass = first.interface_class;
  result.subclass = first.interface_subclass;
  result.protocol = first.interface_protocol;
  for (size_t n = 0; n < first.endpoint_count && result.count < kMaxEndpoints; ++n)
    result.endpoints[result.count++] = config.endpoints[first.first_endpoint + n];
  return result;
}

const usb::Endpoint* find_endpoint(const Interface& i, usb::TransferKind kind, usb::Direction dir) {
  for (size_t n = 0; n < i.count; ++n)
    if (i.endpoints[n].kind == kind && i.endpoints[n].direction == dir) return &i.endpoints[n];
  return nullptr;
}

// One Bulk-Only command: CBW (31 bytes) OUT, `length` bytes IN into `data`, CSW (13 bytes) IN at
// buffer + 64. Returns the data bytes; Protocol for a CSW that is not valid and meaningful (6.3).
Result<size_t> bot_command(Probe& p, const usb::Endpoint& out, const usb::Endpoint& in, const uint8_t* cb,
                           uint8_t cb_length, uint8_t* data, uint32_t length, uint32_t tag) {
  uint8_t (&cbw)[usb::storage::kCbwSize] = *reinterpret_cast<uint8_t(*)[usb::storage::kCbwSize]>(p.buffer);
  TRY(usb::storage::encode_cbw({tag, length, usb::Direction::In, 0, cb, cb_length}, cbw));
  size_t sent = TRY(p.hc.bulk(p.device, out, cbw, usb::storage::kCbwSize, kBulkTimeoutMs));
  if (sent != usb::storage::kCbwSize) return Error::Protocol;
  size_t got = TRY(p.hc.bulk(p.device, in, data, length, kBulkTimeoutMs));
  uint8_t* csw = p.buffer + 64;
  memset(csw, 0, usb::storage::kCswSize);
  size_t csw_length = TRY(p.hc.bulk(p.device, in, csw, usb::storage::kCswSize, kBulkTimeoutMs));
  auto checked = usb::storage::check_csw(csw, csw_length, tag, length);
  if (!check(static_cast<bool>(checked), kName, "tag {:#x}: {} data bytes, CSW of {} bytes refused: {}", tag, got,
             csw_length, checked ? "" : usb::storage::describe(checked.error())))
    return Error::Protocol;
  // dCSWDataResidue: what of dCBWDataTransferLength the device did not process (BOT 6.7.2); it may pad
  // the data it sends, never send less than it processed.
  uint32_t residue = checked.value().residue;
  if (!check(checked.value().status == usb::storage::CswStatus::Passed && got >= length - residue, kName,
             "tag {:#x}: {} data bytes, residue {}, status {}", tag, got, residue,
             static_cast<unsigned>(checked.value().status)))
    return Error::Protocol;
  return got;
}

// READ(10) of sectors 0-127 (64 KiB) into a buffer that crosses a 64 KiB physical boundary: a TD of
// several chained TRBs. Sector 0 must be what the one-sector read found (still at p.buffer + 512).
bool large_read(Probe& p, const usb::Endpoint& out, const usb::Endpoint& in, const char* where) {
  constexpr uint32_t kBytes = 128 * 512;
  auto block = kmalloc(2 * kBytes, 4096);
  if (!check(static_cast<bool>(block), kName, "{}: no memory for a 64 KiB read", where)) return false;
  uintptr_t virt = reinterpret_cast<uintptr_t>(block.value());
  uint32_t phys = virt_to_phys(VirtAddr(virt)).get();
  uint32_t boundary = (phys + 0x10000) & ~0xFFFFu;  // the first 64 KiB boundary above the block's start
  uint8_t* data = reinterpret_cast<uint8_t*>(virt + (boundary - phys) - 0x1000);
  if (boundary - phys < 0x1000) data += 0x10000;    // keep 4 KiB before the boundary inside the block
  const uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 128, 0};
  auto read = bot_command(p, out, in, read10, 10, data, kBytes, 0x1003);
  bool ok = check(static_cast<bool>(read), kName, "{}: READ(10) of 128 sectors: {}", where,
                  read ? "" : error_string(read.error()));
  ok = ok && check(read.value() == kBytes && memcmp(data, p.buffer + 512, 512) == 0, kName,
                   "{}: READ(10) of 128 sectors: {} bytes, sector 0 differs from the one read alone", where,
                   read.value());
  if (ok)
    kprint("({}) {}: 64 KiB read across a 64 KiB boundary, sector 0 as read alone\n", kName, where);
  kfree(block.value());
  return ok;
}

// Enough one-sector READ(10)s that both bulk rings wrap past their Link TRB (the IN ring twice: data
// and CSW per command), each checked.
bool repeated_reads(Probe& p, const usb::Endpoint& out, const usb::Endpoint& in, const char* where) {
  constexpr unsigned kReads = kRingSlots + 8;
  uint8_t* data = p.buffer + 512;
  const uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  for (unsigned n = 0; n < kReads; ++n) {
    data[510] = data[511] = 0;
    auto read = bot_command(p, out, in, read10, 10, data, 512, 0x2000 + n);
    if (!check(read && read.value() == 512 && data[510] == 0x55 && data[511] == 0xAA, kName,
               "{}: READ(10) {} of {}: {}", where, n + 1, kReads, read ? "wrong data" : error_string(read.error())))
      return false;
  }
  kprint("({}) {}: {} more reads of sector 0, the bulk rings wrapped\n", kName, where, kReads);
  return true;
}

bool mass_storage(Probe& p, const Interface& i, const char* where) {
  const usb::Endpoint* out = find_endpoint(i, usb::TransferKind::Bulk, usb::Direction::Out);
  const usb::Endpoint* in = find_endpoint(i, usb::TransferKind::Bulk, usb::Direction::In);
  if (!check(out && in, kName, "{}: a Bulk-Only device without bulk IN and OUT", where)) return false;
  uint8_t* data = p.buffer + 512;
  const uint8_t inquiry[6] = {0x12, 0, 0, 0, kInquiryRoom, 0};
  auto got = bot_command(p, *out, *in, inquiry, 6, data, kInquiryRoom, 0x1001);
  if (!check(static_cast<bool>(got), kName, "{}: INQUIRY: {}", where, got ? "" : error_string(got.error())))
    return false;
  if (!check(got.value() == 36 && (data[0] & 0x1F) == 0, kName,
             "{}: INQUIRY: {} bytes, device type {}", where, got.value(), data[0] & 0x1F))
    return false;

  char vendor[9], product[17];
  for (int n = 0; n < 8; ++n) vendor[n] = (data[8 + n] >= 0x20 && data[8 + n] < 0x7F) ? static_cast<char>(data[8 + n]) : '?';
  for (int n = 0; n < 16; ++n) product[n] = (data[16 + n] >= 0x20 && data[16 + n] < 0x7F) ? static_cast<char>(data[16 + n]) : '?';
  vendor[8] = product[16] = '\0';
  const uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  memset(p.buffer + 512, 0, kReadRoom);
  auto read = bot_command(p, *out, *in, read10, 10, data, kReadRoom, 0x1002);
  if (!check(static_cast<bool>(read), kName, "{}: READ(10): {}", where, read ? "" : error_string(read.error())))
    return false;
  bool signature = read.value() == 512 && data[510] == 0x55 && data[511] == 0xAA;
  if (!check(signature, kName, "{}: sector 0 ({} bytes) ends in {:02x} {:02x}, not 55 aa", where, read.value(),
             data[510], data[511]))
    return false;
  kprint("({}) {}: inquiry \"{}\" \"{}\", sector 0 ends in 55 aa\n", kName, where, vendor, product);
  return large_read(p, *out, *in, where) && repeated_reads(p, *out, *in, where);
}

// An interrupt IN endpoint with nothing to report: the transfer times out, is cancelled, and the next
// one on the same ring times out the same way (the ring was left consistent).
bool idle_interrupt(Probe& p, const usb::Endpoint& e, const char* where) {
  for (int round = 0; round < 2; ++round) {
    auto r = p.hc.bulk(p.device, e, p.buffer + 1024, e.max_packet & 0x7FF, kInterruptTimeoutMs);
    if (!check(!r && r.error() == Error::TimedOut, kName, "{}: idle interrupt IN endpoint {}: {}", where, e.number,
               r ? "data" : error_string(r.error())))
      return false;
  }
  kprint("({}) {}: idle interrupt IN endpoint {} timed out twice and was cancelled\n", kName, where, e.number);
  return true;
}

bool probe_device(usb::HostController& hc, usb::Device& device, const char* where, uint8_t* buffer);

// "xhci0 port 5", "xhci0 port 5.2": where a device hangs, for messages.
struct Where {
  char text[32] = {};
  size_t length = 0;
  void add(const char* s) {
    while (*s && length + 1 < sizeof(text)) text[length++] = *s++;
  }
  void add(unsigned n) {
    char digits[4];
    int k = 0;
    do digits[k++] = static_cast<char>('0' + n % 10); while ((n /= 10) != 0 && k < 4);
    while (k > 0 && length + 1 < sizeof(text)) text[length++] = digits[--k];
  }
};

// Hub class requests (USB 2.0 11.24.2) to a port of the hub `p.device`.
Result<size_t> hub_port_request(Probe& p, uint8_t type, uint8_t request, uint16_t feature, uint8_t port,
                                uint16_t length) {
  usb::SetupPacket s{type, request, feature, port, length};
  return p.hc.control(p.device, s, length ? p.buffer : nullptr, usb::kControlTimeoutMs);
}

constexpr uint8_t kPortOut = usb::kRequestOut | usb::kTypeClass | usb::kRecipientOther;
constexpr uint8_t kPortIn = usb::kRequestIn | usb::kTypeClass | usb::kRecipientOther;
constexpr uint16_t kFeaturePortReset = 4, kFeaturePortPower = 8, kFeatureCPortConnection = 16,
                   kFeatureCPortReset = 20;

// wPortStatus and wPortChange (11.24.2.7).
Result<uint32_t> hub_port_status(Probe& p, uint8_t port) {
  size_t got = TRY(hub_port_request(p, kPortIn, usb::kGetStatus, 0, port, 4));
  if (got != 4) return Error::Protocol;
  return static_cast<uint32_t>(le16(p.buffer)) | (static_cast<uint32_t>(le16(p.buffer + 2)) << 16);
}

// Powers every port of the hub, and resets and probes each device on one: through the hub the controller
// needs the route string and the parent hub's slot (xHCI 1.2 4.3.3, 6.2.2).
bool hub_children(Probe& p, uint8_t ports, uint8_t power_good_2ms, const char* where) {
  bool ok = true;
  for (uint8_t port = 1; port <= ports; ++port) {
    auto powered = hub_port_request(p, kPortOut, usb::kSetFeature, kFeaturePortPower, port, 0);
    if (!check(static_cast<bool>(powered), kName, "{}: power port {}: {}", where, port,
               powered ? "" : error_string(powered.error())))
      return false;
  }
  sched::sleep_ms(2u * power_good_2ms + usb::kDebounceMs);
  for (uint8_t port = 1; port <= ports && ok; ++port) {
    auto status = hub_port_status(p, port);
    if (!check(static_cast<bool>(status), kName, "{}: port {} status", where, port)) return false;
    if ((status.value() & 1) == 0) continue;  // PORT_CONNECTION
    ok = check(static_cast<bool>(hub_port_request(p, kPortOut, usb::kSetFeature, kFeaturePortReset, port, 0)),
               kName, "{}: reset port {}", where, port);
    bool reset_done = false;
    uint32_t bits = 0;
    for (int tries = 0; ok && tries < 50 && !reset_done; ++tries) {
      sched::sleep_ms(10);
      auto now = hub_port_status(p, port);
      ok = check(static_cast<bool>(now), kName, "{}: port {} status during reset", where, port);
      if (ok) bits = now.value();
      reset_done = ok && (bits & (1u << 20)) != 0;  // C_PORT_RESET
    }
    if (!ok || !check(reset_done && (bits & 2), kName, "{}: port {} did not reset and enable", where, port))
      return false;
    static_cast<void>(hub_port_request(p, kPortOut, usb::kClearFeature, kFeatureCPortReset, port, 0));
    static_cast<void>(hub_port_request(p, kPortOut, usb::kClearFeature, kFeatureCPortConnection, port, 0));
    sched::sleep_ms(usb::kResetRecoveryMs);

    usb::Device child;
    const usb::DeviceLocation& up = p.device.location;
    child.location.root_port = up.root_port;
    child.location.route = up.route | (static_cast<uint32_t>(port > 15 ? 15 : port) << (4 * (up.tier - 1)));
    child.location.tier = static_cast<uint8_t>(up.tier + 1);
    child.location.hub_address = p.device.address;
    child.location.hub_port = port;
    child.location.hub_speed = p.device.speed;
    child.location.hub_slot = p.device.slot;
    child.speed = (bits & (1u << 9)) ? usb::Speed::Low : (bits & (1u << 10)) ? usb::Speed::High : usb::Speed::Full;
    Where child_where;
    child_where.add(where);
    child_where.add(".");
    child_where.add(port);
    ok = probe_device(p.hc, child, child_where.text, p.buffer);
  }
  return ok;
}

bool probe_port(usb::HostController& hc, uint8_t port, uint8_t* buffer) {
  Where where;
  where.add(hc.name());
  where.add(" port ");
  where.add(port);
  auto speed = hc.reset_port(port);
  if (!check(static_cast<bool>(speed), kName, "{}: reset_port: {}", where.text,
             speed ? "" : error_string(speed.error())))
    return false;
  usb::Device device;
  device.location.root_port = port;
  device.speed = speed.value();
  return probe_device(hc, device, where.text, buffer);
}

// Addresses `device`, reads and checks its descriptors, configures it and exercises it by class;
// releases it at the end.
bool probe_device(usb::HostController& hc, usb::Device& device, const char* where, uint8_t* buffer) {
  Probe p{hc, device, device.location.root_port, buffer};
  auto addressed = hc.address_device(p.device);
  if (!check(static_cast<bool>(addressed), kName, "{}: address_device: {}", where,
             addressed ? "" : error_string(addressed.error())))
    return false;
  bool ok = true;
  auto got = get_descriptor(p, usb::kDescriptorDevice, 18);
  ok = check(got && got.value() == 18 && buffer[0] == 18 && buffer[1] == usb::kDescriptorDevice, kName,
             "{}: device descriptor: {}", where, got ? "malformed" : error_string(got.error()));
  if (ok) {
    uint16_t bcd = le16(buffer + 2);
    kprint("({}) {}: usb {:x}.{:02x} device {:04x}:{:04x} class {} ({} speed, slot {}, ep0 {})\n", kName, where,
           bcd >> 8, bcd & 0xFF, le16(buffer + 8), le16(buffer + 10), buffer[4], usb::speed_name(p.device.speed),
           p.device.slot, p.device.max_packet0);
  }
  // Configuration descriptor: 9 bytes for wTotalLength, then all of it.
  Interface iface;
  if (ok) {
    auto head = get_descriptor(p, usb::kDescriptorConfiguration, 9);
    ok = check(head && head.value() == 9 && buffer[1] == usb::kDescriptorConfiguration, kName,
               "{}: configuration descriptor: {}", where, head ? "malformed" : error_string(head.error()));
  }
  if (ok) {
    uint16_t total = le16(buffer + 2);
    ok = check(total >= 9 && total <= 1024, kName, "{}: wTotalLength {}", where, total);
    if (ok) {
      auto all = get_descriptor(p, usb::kDescriptorConfiguration, total);
      ok = check(all && all.value() == total, kName, "{}: configuration descriptor ({} bytes): {}", where, total,
                 all ? "short" : error_string(all.error()));
    }
    // Asked for more, the device ends the data stage with a short packet after wTotalLength bytes.
    if (ok && total < kDescriptorRoom) {
      auto roomy = get_descriptor(p, usb::kDescriptorConfiguration, kDescriptorRoom);
      ok = check(roomy && roomy.value() == total, kName, "{}: configuration descriptor in {} bytes of room: {}",
                 where, kDescriptorRoom, roomy ? "not a short packet of wTotalLength" : error_string(roomy.error()));
      if (ok)
        kprint("({}) {}: configuration descriptor: {} bytes, a short packet of {} asked\n", kName, where, total,
               kDescriptorRoom);
    }
    if (ok) {
      auto parsed = parse_configuration(buffer, total);
      ok = check(static_cast<bool>(parsed), kName, "{}: configuration descriptor does not parse", where);
      if (ok) iface = parsed.value();
    }
  }
  // An unknown descriptor type must STALL, and endpoint 0 must work again afterwards.
  if (ok) {
    auto stalled = get_descriptor(p, 0x42, 8);
    ok = check(!stalled && stalled.error() == Error::BrokenPipe, kName, "{}: descriptor type 0x42: {}", where,
               stalled ? "answered" : error_string(stalled.error()));
  }
  // A hub: its descriptor (USB 2.0 11.23.2.1) gives the port count the slot context needs.
  uint8_t power_good_2ms = 0;
  if (ok && iface.klass == usb::kClassHub) {
    usb::SetupPacket get{usb::kRequestIn | usb::kTypeClass | usb::kRecipientDevice, usb::kGetDescriptor,
                         static_cast<uint16_t>(usb::kDescriptorHub << 8), 0, 9};
    auto hub = hc.control(p.device, get, buffer, usb::kControlTimeoutMs);
    ok = check(hub && hub.value() >= 7 && buffer[1] == usb::kDescriptorHub && buffer[2] >= 1 && buffer[2] <= 15,
               kName, "{}: hub descriptor: {}", where, hub ? "malformed" : error_string(hub.error()));
    if (ok) {
      p.device.is_hub = true;
      p.device.hub_ports = buffer[2];
      power_good_2ms = buffer[5];
      kprint("({}) {}: hub with {} ports\n", kName, where, p.device.hub_ports);
    }
  }
  if (ok) {
    auto configured = hc.configure_endpoints(p.device, iface.endpoints, iface.count);
    ok = check(static_cast<bool>(configured), kName, "{}: configure_endpoints: {}", where,
               configured ? "" : error_string(configured.error()));
  }
  if (ok) {
    usb::SetupPacket set{usb::kRequestOut | usb::kTypeStandard | usb::kRecipientDevice, usb::kSetConfiguration,
                         iface.configuration, 0, 0};
    auto r = hc.control(p.device, set, nullptr, usb::kControlTimeoutMs);
    ok = check(r && r.value() == 0, kName, "{}: SET_CONFIGURATION after a stall: {}", where,
               r ? "data" : error_string(r.error()));
  }
  // GET_STATUS (USB 2.0 9.4.5) until endpoint 0's ring has wrapped (three TRBs per request).
  if (ok) {
    usb::SetupPacket status{usb::kRequestIn | usb::kTypeStandard | usb::kRecipientDevice, usb::kGetStatus, 0, 0, 2};
    for (unsigned n = 0; ok && n < kRingSlots / 3 + 1; ++n) {
      auto r = hc.control(p.device, status, buffer, usb::kControlTimeoutMs);
      ok = check(r && r.value() == 2 && (buffer[0] & ~3u) == 0 && buffer[1] == 0, kName, "{}: GET_STATUS {}: {}",
                 where, n + 1, r ? "malformed" : error_string(r.error()));
    }
  }
  if (ok) {
    kprint("({}) {}: interface class {} subclass {} protocol {:#x}, {} endpoints configured\n", kName, where,
           iface.klass, iface.subclass, iface.protocol, iface.count);
    if (iface.klass == usb::kClassMassStorage && iface.subclass == 6 && iface.protocol == 0x50) {
      ok = mass_storage(p, iface, where);
    } else if (p.device.is_hub) {
      ok = p.device.location.tier < 2 ? hub_children(p, p.device.hub_ports, power_good_2ms, where) : true;
    } else if (const usb::Endpoint* e = find_endpoint(iface, usb::TransferKind::Interrupt, usb::Direction::In)) {
      ok = idle_interrupt(p, *e, where);
    }
  }
  hc.release_device(p.device);
  ok = check(p.device.slot == 0, kName, "{}: release_device left slot {}", where, p.device.slot) && ok;
  return ok;
}

bool is_xhci(const usb::HostController& hc) {
  const char* n = hc.name();
  return n[0] == 'x' && n[1] == 'h' && n[2] == 'c' && n[3] == 'i';
}

}  // namespace

bool xhci_probe_test() {
  auto frame = allocate_kernel_frame();
  if (!check(static_cast<bool>(frame), kName, "no memory for a buffer")) return false;
  uint8_t* buffer = reinterpret_cast<uint8_t*>(phys_to_virt(frame.value()).get());
  bool ok = true;
  unsigned controllers = 0, devices = 0;
  for (size_t i = 0; i < usb::controllers().size(); ++i) {
    usb::HostController& hc = usb::controllers()[i];
    if (!is_xhci(hc)) continue;
    ++controllers;
    for (uint8_t port = 1; port <= hc.root_ports(); ++port) {
      if (!hc.port_status(port).connected) continue;
      ++devices;
      ok = probe_port(hc, port, buffer) && ok;
    }
  }
  free_kernel_frame(frame.value());
  ok = check(controllers > 0, kName, "no xHCI controller registered") && ok;
  kprint("({}) {} controllers, {} devices\n", kName, controllers, devices);
  return ok;
}

}  // namespace cw::ktest
