// The SCSI commands the mass-storage driver sends (SPC-4, SBC-3) and the checks of their answers. The
// device's answers are checked, never trusted: lengths, peripheral type, block length, capacity.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw::usb::storage::scsi {

// Operation codes.
inline constexpr uint8_t kTestUnitReady = 0x00;       // SPC-4 6.47
inline constexpr uint8_t kRequestSense = 0x03;        // SPC-4 6.39
inline constexpr uint8_t kInquiry = 0x12;             // SPC-4 6.6
inline constexpr uint8_t kReadCapacity10 = 0x25;      // SBC-3 5.16
inline constexpr uint8_t kRead10 = 0x28;              // SBC-3 5.11
inline constexpr uint8_t kWrite10 = 0x2A;             // SBC-3 5.32
inline constexpr uint8_t kSynchronizeCache10 = 0x35;  // SBC-3 5.22
inline constexpr uint8_t kServiceActionIn16 = 0x9E;   // SBC-3 5.17: READ CAPACITY(16) is service action 0x10
inline constexpr uint8_t kReadCapacity16Action = 0x10;

inline constexpr uint8_t kInquiryLength = 36;       // the standard INQUIRY data (SPC-4 6.6.2)
inline constexpr uint8_t kSenseLength = 18;         // fixed-format sense data (SPC-4 4.5.3)
inline constexpr uint8_t kReadCapacity10Length = 8;
inline constexpr uint8_t kReadCapacity16Length = 32;

struct Cdb {
  uint8_t bytes[16] = {};
  uint8_t length = 0;
};

Cdb test_unit_ready();
Cdb request_sense(uint8_t allocation_length);
Cdb inquiry(uint8_t allocation_length);
Cdb read_capacity10();
Cdb read_capacity16();
Cdb read10(uint32_t lba, uint16_t blocks);
Cdb write10(uint32_t lba, uint16_t blocks);
Cdb synchronize_cache10();

// Standard INQUIRY data (SPC-4 6.6.2), the fields the driver prints and checks. Strings are the ASCII
// fields with trailing spaces removed and anything outside 0x20-0x7E replaced by '?'.
struct InquiryData {
  uint8_t qualifier = 0;        // PERIPHERAL QUALIFIER: 0 = a device is connected to this LUN
  uint8_t device_type = 0;      // PERIPHERAL DEVICE TYPE: 0 = direct-access block device (SBC)
  bool removable = false;       // RMB
  char vendor[9] = {};
  char product[17] = {};
  char revision[5] = {};
};
inline constexpr uint8_t kDirectAccessDevice = 0x00;

// Needs at least 36 bytes; Protocol otherwise.
Result<InquiryData> parse_inquiry(const uint8_t* data, size_t length);

struct Capacity {
  uint64_t blocks = 0;        // RETURNED LOGICAL BLOCK ADDRESS + 1
  uint32_t block_length = 0;  // bytes
};
// READ CAPACITY(10) answer (SBC-3 5.16.2): exactly 8 bytes. `needs_16` is set when the last LBA is
// 0xFFFFFFFF (the capacity does not fit; READ CAPACITY(16) tells it).
Result<Capacity> parse_capacity10(const uint8_t* data, size_t length, bool& needs_16);
// READ CAPACITY(16) answer (SBC-3 5.17.2): at least 12 bytes. A last LBA of 2^64 - 1 is refused.
Result<Capacity> parse_capacity16(const uint8_t* data, size_t length);

}  // namespace cw::usb::storage::scsi
