// The Command Block Wrapper and Command Status Wrapper of the USB Mass Storage Class Bulk-Only Transport
// 1.0 (section 5.1 and 5.2), encoded and checked byte by byte (little-endian, 5.1: "LSB first").
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_spec.h"
#include "lib/result.h"

namespace cw::usb::storage {

inline constexpr size_t kCbwSize = 31;
inline constexpr size_t kCswSize = 13;
inline constexpr uint32_t kCbwSignature = 0x43425355;  // "USBC"
inline constexpr uint32_t kCswSignature = 0x53425355;  // "USBS"
inline constexpr size_t kMaxCdbLength = 16;

struct CommandBlock {
  uint32_t tag = 0;
  uint32_t transfer_length = 0;  // dCBWDataTransferLength
  Direction direction = Direction::Out;  // of the data stage; ignored when transfer_length is 0
  uint8_t lun = 0;                  // 0-15
  const uint8_t* cdb = nullptr;
  uint8_t cdb_length = 0;           // 1-16
};

// Writes the 31-byte CBW (5.1). InvalidArgument if lun > 15 or the CDB length is not 1-16 (the CBW
// would not be meaningful, 6.2.2). Unused CBWCB bytes are zero.
Result<void> encode_cbw(const CommandBlock& command, uint8_t (&out)[kCbwSize]);

// bCSWStatus (5.2, table 5.3).
enum class CswStatus : uint8_t { Passed = 0, Failed = 1, PhaseError = 2 };

struct Csw {
  CswStatus status = CswStatus::Passed;
  uint32_t residue = 0;  // dCSWDataResidue
};

// Why a CSW was refused. Every one of these makes the host do a reset recovery (6.3, 5.3.4).
enum class CswProblem : uint8_t {
  WrongSize,         // not 13 bytes (6.3.1 "valid": the CSW is 13 bytes)
  BadSignature,      // dCSWSignature is not "USBS" (6.3.1)
  TagMismatch,       // dCSWTag differs from the CBW's dCBWTag (6.3.1)
  ReservedStatus,    // bCSWStatus 3-255 (6.3.2 "meaningful": only 0, 1, 2)
  ResidueTooLarge,   // status 0 or 1 with dCSWDataResidue > dCBWDataTransferLength (6.3.2)
};

const char* describe(CswProblem problem);

// Checks a received CSW against the CBW that it answers: first that it is valid (6.3.1), then that it
// is meaningful (6.3.2). A phase error (status 2) is meaningful whatever its residue; the caller handles
// it with a reset recovery (6.7.1-6.7.3, 5.3.4).
Result<Csw, CswProblem> check_csw(const uint8_t* data, size_t received, uint32_t expected_tag,
                                  uint32_t transfer_length);

}  // namespace cw::usb::storage
