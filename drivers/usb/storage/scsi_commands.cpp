#include "drivers/usb/storage/scsi_commands.h"

#include "drivers/usb/core/byte_order.h"

namespace cw::usb::storage::scsi {

namespace {

Cdb cdb6(uint8_t opcode, uint8_t allocation_length) {
  Cdb c;
  c.bytes[0] = opcode;
  c.bytes[4] = allocation_length;
  c.length = 6;
  return c;
}

Cdb cdb10(uint8_t opcode, uint32_t lba, uint16_t blocks) {
  Cdb c;
  c.bytes[0] = opcode;
  put_be32(c.bytes + 2, lba);
  put_be16(c.bytes + 7, blocks);
  c.length = 10;
  return c;
}

// Copies an ASCII field, replacing what is not printable, dropping trailing spaces.
template <size_t N>
void copy_ascii(char (&out)[N], const uint8_t* field, size_t length) {
  size_t n = 0;
  for (size_t i = 0; i < length && n + 1 < N; ++i) {
    uint8_t c = field[i];
    out[n++] = c >= 0x20 && c <= 0x7E ? static_cast<char>(c) : '?';
  }
  while (n > 0 && out[n - 1] == ' ') --n;
  out[n] = '\0';
}

}  // namespace

Cdb test_unit_ready() { return cdb6(kTestUnitReady, 0); }
Cdb request_sense(uint8_t allocation_length) { return cdb6(kRequestSense, allocation_length); }
Cdb inquiry(uint8_t allocation_length) { return cdb6(kInquiry, allocation_length); }
Cdb read_capacity10() { return cdb10(kReadCapacity10, 0, 0); }
Cdb read10(uint32_t lba, uint16_t blocks) { return cdb10(kRead10, lba, blocks); }
Cdb write10(uint32_t lba, uint16_t blocks) { return cdb10(kWrite10, lba, blocks); }
Cdb synchronize_cache10() { return cdb10(kSynchronizeCache10, 0, 0); }  // 0 blocks: to the end (SBC-3 5.22)

Cdb read_capacity16() {
  Cdb c;
  c.bytes[0] = kServiceActionIn16;
  c.bytes[1] = kReadCapacity16Action;
  put_be32(c.bytes + 10, kReadCapacity16Length);  // ALLOCATION LENGTH, bytes 10-13
  c.length = 16;
  return c;
}

Result<InquiryData> parse_inquiry(const uint8_t* data, size_t length) {
  if (length < kInquiryLength) return fail(Error::Protocol);
  InquiryData d;
  d.qualifier = data[0] >> 5;
  d.device_type = data[0] & 0x1F;
  d.removable = (data[1] & 0x80) != 0;
  copy_ascii(d.vendor, data + 8, 8);
  copy_ascii(d.product, data + 16, 16);
  copy_ascii(d.revision, data + 32, 4);
  return d;
}

Result<Capacity> parse_capacity10(const uint8_t* data, size_t length, bool& needs_16) {
  needs_16 = false;
  if (length != kReadCapacity10Length) return fail(Error::Protocol);
  uint32_t last = be32(data);
  Capacity c;
  c.block_length = be32(data + 4);
  if (last == 0xFFFFFFFF) {
    needs_16 = true;
    return c;
  }
  c.blocks = uint64_t{last} + 1;
  return c;
}

Result<Capacity> parse_capacity16(const uint8_t* data, size_t length) {
  if (length < 12) return fail(Error::Protocol);
  uint64_t last = be64(data);
  if (last == ~uint64_t{0}) return fail(Error::Protocol);
  Capacity c;
  c.blocks = last + 1;
  c.block_length = be32(data + 8);
  return c;
}

}  // namespace cw::usb::storage::scsi
