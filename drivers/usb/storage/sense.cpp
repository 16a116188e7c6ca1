#include "drivers/usb/storage/sense.h"

namespace cw::usb::storage {

namespace {

constexpr uint8_t kFixedCurrent = 0x70;
constexpr uint8_t kFixedDeferred = 0x71;
constexpr uint8_t kDescriptorCurrent = 0x72;
constexpr uint8_t kDescriptorDeferred = 0x73;

struct AscText {
  uint8_t asc;
  uint8_t ascq;
  const char* text;
};

// A few of SPC-4 annex D.2 (table D.1), the ones a USB disk is likely to report.
constexpr AscText kAscTexts[] = {
    {0x04, 0x00, "logical unit not ready, cause not reportable"},
    {0x04, 0x01, "logical unit is in process of becoming ready"},
    {0x04, 0x02, "logical unit not ready, initializing command required"},
    {0x0C, 0x00, "write error"},
    {0x11, 0x00, "unrecovered read error"},
    {0x20, 0x00, "invalid command operation code"},
    {0x21, 0x00, "logical block address out of range"},
    {0x24, 0x00, "invalid field in CDB"},
    {0x25, 0x00, "logical unit not supported"},
    {0x27, 0x00, "write protected"},
    {0x28, 0x00, "not ready to ready change, medium may have changed"},
    {0x29, 0x00, "power on, reset, or bus device reset occurred"},
    {0x3A, 0x00, "medium not present"},
};

}  // namespace

bool Sense::retryable() const {
  return key == SenseKey::UnitAttention || key == SenseKey::AbortedCommand || becoming_ready();
}

Result<Sense> parse_sense(const uint8_t* data, size_t length) {
  if (length < 1) return fail(Error::Protocol);
  uint8_t code = data[0] & 0x7F;
  Sense s;
  if (code == kFixedCurrent || code == kFixedDeferred) {
    if (length < 3) return fail(Error::Protocol);
    s.key = static_cast<SenseKey>(data[2] & 0x0F);
    // ADDITIONAL SENSE LENGTH (byte 7) counts the bytes after byte 7; ASC/ASCQ are bytes 12 and 13.
    size_t available = length >= 8 ? 8 + size_t{data[7]} : 0;
    if (available > length) available = length;
    if (available >= 14) {
      s.asc = data[12];
      s.ascq = data[13];
    }
    return s;
  }
  if (code == kDescriptorCurrent || code == kDescriptorDeferred) {
    if (length < 4) return fail(Error::Protocol);
    s.key = static_cast<SenseKey>(data[1] & 0x0F);
    s.asc = data[2];
    s.ascq = data[3];
    return s;
  }
  return fail(Error::Protocol);
}

const char* sense_key_name(SenseKey key) {
  switch (key) {
    case SenseKey::NoSense: return "no sense";
    case SenseKey::RecoveredError: return "recovered error";
    case SenseKey::NotReady: return "not ready";
    case SenseKey::MediumError: return "medium error";
    case SenseKey::HardwareError: return "hardware error";
    case SenseKey::IllegalRequest: return "illegal request";
    case SenseKey::UnitAttention: return "unit attention";
    case SenseKey::DataProtect: return "data protect";
    case SenseKey::BlankCheck: return "blank check";
    case SenseKey::VendorSpecific: return "vendor specific";
    case SenseKey::CopyAborted: return "copy aborted";
    case SenseKey::AbortedCommand: return "aborted command";
    case SenseKey::Reserved: return "reserved";
    case SenseKey::VolumeOverflow: return "volume overflow";
    case SenseKey::Miscompare: return "miscompare";
    case SenseKey::Completed: return "completed";
  }
  return "?";
}

const char* additional_sense_text(uint8_t asc, uint8_t ascq) {
  for (const AscText& t : kAscTexts)
    if (t.asc == asc && t.ascq == ascq) return t.text;
  return nullptr;
}

Result<void> sense_error(const Sense& sense) {
  switch (sense.key) {
    case SenseKey::NoSense:
    case SenseKey::RecoveredError:
    case SenseKey::Completed:
      return {};
    case SenseKey::NotReady:
      return fail(sense.medium_absent() ? Error::NoDevice : Error::TryAgain);
    case SenseKey::UnitAttention:
    case SenseKey::AbortedCommand:
      return fail(Error::TryAgain);
    case SenseKey::IllegalRequest:
      return fail(sense.asc == 0x21 ? Error::Range : Error::InvalidArgument);
    case SenseKey::DataProtect:
      return fail(Error::Permission);
    default:
      return fail(Error::Io);
  }
}

}  // namespace cw::usb::storage
