// Decoding of the sense data REQUEST SENSE returns (SPC-4 4.5): fixed format (response codes 0x70,
// 0x71, 4.5.3) and descriptor format (0x72, 0x73, 4.5.2), to the sense key, additional sense code and
// qualifier, a message and the cw::Error a failed command reports.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw::usb::storage {

// Sense keys (SPC-4 4.5.6, table 28).
enum class SenseKey : uint8_t {
  NoSense = 0x0,
  RecoveredError = 0x1,
  NotReady = 0x2,
  MediumError = 0x3,
  HardwareError = 0x4,
  IllegalRequest = 0x5,
  UnitAttention = 0x6,
  DataProtect = 0x7,
  BlankCheck = 0x8,
  VendorSpecific = 0x9,
  CopyAborted = 0xA,
  AbortedCommand = 0xB,
  Reserved = 0xC,
  VolumeOverflow = 0xD,
  Miscompare = 0xE,
  Completed = 0xF,
};

struct Sense {
  SenseKey key = SenseKey::NoSense;
  uint8_t asc = 0;   // ADDITIONAL SENSE CODE (0 when the device sent too little to hold it)
  uint8_t ascq = 0;  // ADDITIONAL SENSE CODE QUALIFIER

  // A UNIT ATTENTION (a reset or a medium change happened, SPC-4 5.14), an ABORTED COMMAND, or NOT
  // READY "logical unit is in process of becoming ready" (04/01): the command may be retried as it is.
  bool retryable() const;
  bool becoming_ready() const { return key == SenseKey::NotReady && asc == 0x04 && ascq == 0x01; }
  bool medium_absent() const { return key == SenseKey::NotReady && asc == 0x3A; }
};

// Parses sense data of `length` bytes. Protocol if the response code is not 0x70-0x73 or the data is
// too short for the sense key (fixed: 3 bytes; descriptor: 4). The ASC/ASCQ are taken only when the
// ADDITIONAL SENSE LENGTH and `length` both cover them.
Result<Sense> parse_sense(const uint8_t* data, size_t length);

// "not ready", "medium error", ...
const char* sense_key_name(SenseKey key);
// The SPC-4 annex D text of common ASC/ASCQ pairs ("medium not present"), or nullptr for others.
const char* additional_sense_text(uint8_t asc, uint8_t ascq);

// The error a command that failed with this sense reports:
//   NO SENSE, RECOVERED ERROR, COMPLETED        ok (the command's data is good, SPC-4 4.5.6)
//   NOT READY: medium not present              NoDevice
//   NOT READY (other), UNIT ATTENTION,
//   ABORTED COMMAND                             TryAgain
//   ILLEGAL REQUEST: LBA out of range (21/00)   Range; other ILLEGAL REQUEST InvalidArgument
//   DATA PROTECT                                Permission
//   everything else (MEDIUM ERROR, HARDWARE ERROR, ...) Io
Result<void> sense_error(const Sense& sense);

}  // namespace cw::usb::storage
