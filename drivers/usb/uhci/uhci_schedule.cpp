#include "drivers/usb/uhci/uhci_schedule.h"

#include "drivers/usb/uhci/uhci_regs.h"

namespace cw::usb::uhci {

namespace {

bool valid(const Target& t) {
  return t.address <= kMaxAddress && t.endpoint <= 15 && t.max_packet != 0 && t.max_packet <= kMaxPacketBytes;
}

// The n - 1 encoding of MaxLen/ActLen (DG 3.2.2, 3.2.3): 0 bytes is 0x7FF.
uint32_t encode_length(size_t bytes) { return static_cast<uint32_t>(bytes - 1) & kLengthNull; }

void fill(const TdArray& array, size_t i, bool last, const Target& t, uint8_t pid, bool toggle, uint32_t buffer,
          size_t bytes, bool short_detect) {
  Td& td = array.tds[i];
  td.link = last ? kLinkTerminate : (array.phys_of(i + 1) | kLinkDepth);
  td.token = (encode_length(bytes) << kTokenMaxLenShift) | (toggle ? kTokenToggle : 0) |
             (uint32_t{t.endpoint} << kTokenEndpointShift) | (uint32_t{t.address} << kTokenAddressShift) | pid;
  td.buffer = bytes ? buffer : 0;
  td.status = (kTdErrorCountMax << kTdErrorCountShift) | (t.low_speed ? kTdLowSpeed : 0) |
              (short_detect ? kTdShortPacketDetect : 0) | (last ? kTdIoc : 0) | kLengthNull | kTdActive;
}

Error map_error(uint32_t status) {
  // Specific causes first: the controller also sets Stalled when babble or an exhausted C_ERR stop a TD.
  if (status & kTdBabble) return Error::Overflow;
  if (status & (kTdBitstuff | kTdCrcTimeout | kTdDataBufferError)) return Error::Protocol;
  return Error::BrokenPipe;
}

}  // namespace

size_t control_td_count(uint16_t length, uint16_t max_packet) {
  if (max_packet == 0) return 0;
  return 2 + (size_t{length} + max_packet - 1) / max_packet;
}

Result<size_t> build_control(const TdArray& array, const Target& target, uint32_t setup_phys, Direction direction,
                             uint32_t data_phys, uint16_t length) {
  if (!valid(target)) return Error::InvalidArgument;
  size_t count = control_td_count(length, target.max_packet);
  if (count > array.capacity) return Error::TooBig;
  uint8_t data_pid = direction == Direction::In ? kPidIn : kPidOut;
  fill(array, 0, false, target, kPidSetup, false, setup_phys, 8, false);
  bool toggle = true;
  size_t offset = 0;
  for (size_t i = 1; i + 1 < count; ++i) {
    size_t bytes = length - offset < target.max_packet ? length - offset : target.max_packet;
    fill(array, i, false, target, data_pid, toggle, data_phys + static_cast<uint32_t>(offset), bytes,
         direction == Direction::In);
    offset += bytes;
    toggle = !toggle;
  }
  // Status stage (USB 2.0 8.5.3): the opposite direction of the data stage, IN when there is none; DATA1.
  uint8_t status_pid = (length != 0 && direction == Direction::In) ? kPidOut : kPidIn;
  fill(array, count - 1, true, target, status_pid, true, 0, 0, false);
  return count;
}

Result<BulkChain> build_bulk(const TdArray& array, const Target& target, Direction direction, bool toggle,
                             uint32_t data_phys, size_t length) {
  if (!valid(target)) return Error::InvalidArgument;
  if (array.capacity == 0) return Error::TooBig;
  uint8_t pid = direction == Direction::In ? kPidIn : kPidOut;
  BulkChain chain;
  do {
    size_t bytes = length - chain.bytes < target.max_packet ? length - chain.bytes : target.max_packet;
    bool last = chain.bytes + bytes == length || chain.tds + 1 == array.capacity;
    fill(array, chain.tds, last, target, pid, toggle, data_phys + static_cast<uint32_t>(chain.bytes), bytes,
         direction == Direction::In);
    chain.bytes += bytes;
    ++chain.tds;
    toggle = !toggle;
    if (last) break;
  } while (true);
  return chain;
}

Outcome decode(const Td* tds, size_t count, size_t data_begin, size_t data_end) {
  Outcome out;
  for (size_t i = 0; i < count; ++i) {
    bool data = i >= data_begin && i < data_end;
    if (data && out.short_packet) continue;
    uint32_t status = tds[i].status;
    if (status & kTdActive) {
      out.progress = Progress::Pending;
      out.pending_at = i;
      return out;
    }
    if (status & kTdErrorBits) {
      out.progress = Progress::Failed;
      out.error = map_error(status);
      return out;
    }
    size_t actual = actual_length(status);
    size_t expected = max_length(tds[i].token);
    if (actual > expected) {
      out.progress = Progress::Failed;
      out.error = Error::Overflow;
      return out;
    }
    if (!data) continue;
    out.bytes += actual;
    ++out.completed;
    if (actual < expected) out.short_packet = true;
  }
  out.progress = Progress::Done;
  return out;
}

void deactivate(Td* tds, size_t count) {
  for (size_t i = 0; i < count; ++i) tds[i].status = tds[i].status & ~kTdActive;
}

}  // namespace cw::usb::uhci
