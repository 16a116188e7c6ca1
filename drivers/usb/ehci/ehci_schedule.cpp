#include "drivers/usb/ehci/ehci_schedule.h"

namespace cw::usb::ehci {

namespace {

// The largest whole number of packets that fits in one qTD.
uint32_t qtd_chunk(uint16_t max_packet) { return kQtdMaxBytes - kQtdMaxBytes % max_packet; }

// Fills qTD `q` for `length` bytes at `phys` (3.5.3, 3.5.4): buffer pointer 0 holds the offset, the
// others the following 4 KiB pages.
void fill_qtd(Qtd& q, uint32_t pid, bool toggle, uint32_t phys, uint32_t length) {
  q.next = kLinkTerminate;
  q.alternate = kLinkTerminate;
  q.token = (toggle ? kTokenToggle : 0) | (length << 16) | kTokenCerr3 | pid | kStatusActive;
  uint32_t page = phys & ~0xFFFu;
  q.buffer[0] = phys;
  for (int i = 1; i < 5; ++i) q.buffer[i] = page + static_cast<uint32_t>(i) * 0x1000;
  for (int i = 0; i < 5; ++i) q.buffer_high[i] = 0;
  q.length = length;
}

uint32_t pid_of(Direction d) { return d == Direction::In ? kTokenPidIn : kTokenPidOut; }

// Links qTDs [0, count) in order, the last terminating.
void chain(const QtdArray& a, size_t count) {
  for (size_t i = 0; i + 1 < count; ++i) a.qtds[i].next = a.phys_of(i + 1);
  a.qtds[count - 1].next = kLinkTerminate;
}

}  // namespace

Result<void> init_qh(Qh& qh, const Target& t, uint32_t first_qtd_phys, bool toggle) {
  if (t.address > kMaxAddress || t.endpoint > 15 || t.max_packet == 0 || t.max_packet > kMaxPacketBytes)
    return Error::InvalidArgument;
  bool split = t.speed != Speed::High;
  if (t.speed == Speed::Super || (split && (t.hub_address == 0 || t.hub_address > kMaxAddress || t.hub_port == 0)))
    return Error::InvalidArgument;
  uint32_t speed = t.speed == Speed::High ? kQhSpeedHigh : t.speed == Speed::Low ? kQhSpeedLow : kQhSpeedFull;
  qh.horizontal = kLinkTerminate;
  // RL = 0: the NAK counter is not used; the driver's deadline bounds a device that keeps NAKing.
  qh.characteristics = (static_cast<uint32_t>(t.max_packet) << 16) | speed |
                       (static_cast<uint32_t>(t.endpoint) << 8) | t.address |
                       (t.control ? kQhToggleFromQtd : 0) | (t.control && split ? kQhControlEndpoint : 0);
  // Mult 1 (3.6.3: zero is undefined); for split transactions the hub and its port (no S/C-mask: async).
  qh.capabilities = kQhMult1 | (split ? (static_cast<uint32_t>(t.hub_port) << 23) |
                                            (static_cast<uint32_t>(t.hub_address) << 16)
                                      : 0);
  qh.current = 0;
  qh.overlay.next = first_qtd_phys;
  qh.overlay.alternate = kLinkTerminate;
  qh.overlay.token = toggle && !t.control ? kTokenToggle : 0;  // not Active: the controller fetches `next`
  for (int i = 0; i < 5; ++i) {
    qh.overlay.buffer[i] = 0;
    qh.overlay.buffer_high[i] = 0;
  }
  return {};
}

void init_anchor(Qh& anchor, uint32_t self_phys) {
  anchor.horizontal = self_phys | kLinkTypeQh;
  anchor.characteristics = kQhHeadOfList | kQhSpeedHigh | (64u << 16);
  anchor.capabilities = kQhMult1;
  anchor.current = 0;
  anchor.overlay.next = kLinkTerminate;
  anchor.overlay.alternate = kLinkTerminate;
  anchor.overlay.token = kStatusHalted;
  for (int i = 0; i < 5; ++i) {
    anchor.overlay.buffer[i] = 0;
    anchor.overlay.buffer_high[i] = 0;
  }
}

void link_after(Qh& prev, Qh& qh, uint32_t qh_phys) {
  qh.horizontal = prev.horizontal;  // first: the controller may follow prev's new link at once
  asm volatile("" ::: "memory");
  prev.horizontal = qh_phys | kLinkTypeQh;
}

void unlink_after(Qh& prev, const Qh& qh) { prev.horizontal = qh.horizontal; }

size_t control_qtd_count(uint32_t length, uint16_t max_packet) {
  if (max_packet == 0) return 0;
  uint32_t chunk = qtd_chunk(max_packet);
  return 2 + (length + chunk - 1) / chunk;
}

Result<size_t> build_control(const QtdArray& a, uint16_t max_packet, uint32_t setup_phys, Direction direction,
                             uint32_t data_phys, uint32_t length) {
  if (max_packet == 0 || max_packet > kMaxPacketBytes) return Error::InvalidArgument;
  size_t count = control_qtd_count(length, max_packet);
  if (count > a.capacity) return Error::TooBig;
  fill_qtd(a.qtds[0], kTokenPidSetup, false, setup_phys, 8);
  uint32_t chunk = qtd_chunk(max_packet);
  bool toggle = true;  // the data stage starts with DATA1 (USB 2.0 8.5.3)
  size_t status = count - 1;
  for (size_t i = 1; i < status; ++i) {
    uint32_t offset = static_cast<uint32_t>(i - 1) * chunk;
    uint32_t n = length - offset < chunk ? length - offset : chunk;
    fill_qtd(a.qtds[i], pid_of(direction), toggle, data_phys + offset, n);
    a.qtds[i].alternate = a.phys_of(status);  // a short packet goes on with the status stage
    if ((n / max_packet) % 2 != 0) toggle = !toggle;  // every packet flips it; n is whole packets here
  }
  Direction status_direction = (length == 0 || direction == Direction::Out) ? Direction::In : Direction::Out;
  fill_qtd(a.qtds[status], pid_of(status_direction), true, 0, 0);
  a.qtds[status].token = a.qtds[status].token | kTokenIoc;
  chain(a, count);
  return count;
}

Result<BulkChain> build_bulk(const QtdArray& a, uint16_t max_packet, Direction direction, uint32_t data_phys,
                             size_t length) {
  if (max_packet == 0 || max_packet > kMaxPacketBytes) return Error::InvalidArgument;
  if (a.capacity == 0) return Error::TooBig;
  uint32_t chunk = qtd_chunk(max_packet);
  BulkChain c;
  do {
    size_t left = length - c.bytes;
    uint32_t n = left < chunk ? static_cast<uint32_t>(left) : chunk;
    fill_qtd(a.qtds[c.qtds], pid_of(direction), false, data_phys + static_cast<uint32_t>(c.bytes), n);
    c.bytes += n;
    ++c.qtds;
  } while (c.bytes < length && c.qtds < a.capacity);
  a.qtds[c.qtds - 1].token = a.qtds[c.qtds - 1].token | kTokenIoc;
  chain(a, c.qtds);
  return c;
}

Outcome decode(const Qtd* qtds, size_t count, size_t data_begin, size_t data_end) {
  Outcome o;
  for (size_t i = 0; i < count; ++i) {
    bool data = i >= data_begin && i < data_end;
    if (data && o.short_packet) continue;  // skipped through the alternate pointer
    uint32_t token = qtds[i].token;
    if (token & kStatusActive) return o;  // Pending
    if (token & kStatusHalted) {
      o.progress = Progress::Failed;
      constexpr uint32_t kProtocolBits = kStatusBabble | kStatusTransaction | kStatusDataBuffer |
                                         kStatusMissedMicroframe;
      o.error = (token & kProtocolBits) ? Error::Protocol : Error::BrokenPipe;
      if (data && token_bytes(token) <= qtds[i].length) o.bytes += qtds[i].length - token_bytes(token);
      return o;
    }
    uint32_t left = token_bytes(token);
    if (left > qtds[i].length) {
      o.progress = Progress::Failed;
      o.error = Error::Overflow;
      return o;
    }
    if (!data) continue;
    o.bytes += qtds[i].length - left;
    if (left != 0) {
      o.short_packet = true;
      if (data_end == count) break;  // bulk: the transfer ends here
    }
  }
  o.progress = Progress::Done;
  return o;
}

}  // namespace cw::usb::ehci
