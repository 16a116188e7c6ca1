#include "drivers/usb/storage/bot_wrappers.h"

#include "drivers/usb/core/byte_order.h"

namespace cw::usb::storage {

namespace {
constexpr uint8_t kCbwFlagIn = 0x80;  // bmCBWFlags bit 7 (5.1)
constexpr uint8_t kMaxLun = 15;
}  // namespace

Result<void> encode_cbw(const CommandBlock& command, uint8_t (&out)[kCbwSize]) {
  if (command.lun > kMaxLun || command.cdb == nullptr || command.cdb_length == 0 ||
      command.cdb_length > kMaxCdbLength)
    return fail(Error::InvalidArgument);
  for (uint8_t& b : out) b = 0;
  put_le32(out + 0, kCbwSignature);
  put_le32(out + 4, command.tag);
  put_le32(out + 8, command.transfer_length);
  out[12] = command.transfer_length != 0 && command.direction == Direction::In ? kCbwFlagIn : 0;
  out[13] = command.lun;
  out[14] = command.cdb_length;
  for (uint8_t i = 0; i < command.cdb_length; ++i) out[15 + i] = command.cdb[i];
  return {};
}

const char* describe(CswProblem problem) {
  switch (problem) {
    case CswProblem::WrongSize: return "CSW not 13 bytes";
    case CswProblem::BadSignature: return "bad CSW signature";
    case CswProblem::TagMismatch: return "CSW tag does not match the CBW";
    case CswProblem::ReservedStatus: return "reserved CSW status";
    case CswProblem::ResidueTooLarge: return "CSW residue larger than the transfer";
  }
  return "?";
}

Result<Csw, CswProblem> check_csw(const uint8_t* data, size_t received, uint32_t expected_tag,
                                  uint32_t transfer_length) {
  if (received != kCswSize) return fail(CswProblem::WrongSize);
  if (le32(data) != kCswSignature) return fail(CswProblem::BadSignature);
  if (le32(data + 4) != expected_tag) return fail(CswProblem::TagMismatch);
  Csw csw;
  csw.residue = le32(data + 8);
  uint8_t status = data[12];
  if (status > static_cast<uint8_t>(CswStatus::PhaseError)) return fail(CswProblem::ReservedStatus);
  csw.status = static_cast<CswStatus>(status);
  if (csw.status != CswStatus::PhaseError && csw.residue > transfer_length)
    return fail(CswProblem::ResidueTooLarge);
  return csw;
}

}  // namespace cw::usb::storage
