#include "drivers/usb/xhci/completion_code.h"

namespace cw::xhci {

Error completion_error(uint8_t code) {
  switch (static_cast<CompletionCode>(code)) {
    case CompletionCode::StallError: return Error::BrokenPipe;
    case CompletionCode::BabbleDetected:
    case CompletionCode::UsbTransactionError:
    case CompletionCode::SplitTransactionError:
    case CompletionCode::NoPingResponse: return Error::Protocol;
    case CompletionCode::SlotNotEnabled:
    case CompletionCode::EndpointNotEnabled:
    case CompletionCode::IncompatibleDevice: return Error::NoDevice;
    case CompletionCode::NoSlotsAvailable:
    case CompletionCode::ResourceError:
    case CompletionCode::BandwidthError:
    case CompletionCode::SecondaryBandwidthError: return Error::NoSpace;
    case CompletionCode::CommandAborted:
    case CompletionCode::Stopped:
    case CompletionCode::StoppedLengthInvalid:
    case CompletionCode::StoppedShortPacket: return Error::TimedOut;
    default: return Error::Io;
  }
}

const char* completion_name(uint8_t code) {
  switch (static_cast<CompletionCode>(code)) {
    case CompletionCode::Success: return "success";
    case CompletionCode::DataBufferError: return "data buffer error";
    case CompletionCode::BabbleDetected: return "babble";
    case CompletionCode::UsbTransactionError: return "usb transaction error";
    case CompletionCode::TrbError: return "trb error";
    case CompletionCode::StallError: return "stall";
    case CompletionCode::ResourceError: return "resource error";
    case CompletionCode::BandwidthError: return "bandwidth error";
    case CompletionCode::NoSlotsAvailable: return "no slots available";
    case CompletionCode::SlotNotEnabled: return "slot not enabled";
    case CompletionCode::EndpointNotEnabled: return "endpoint not enabled";
    case CompletionCode::ShortPacket: return "short packet";
    case CompletionCode::ParameterError: return "parameter error";
    case CompletionCode::ContextStateError: return "context state error";
    case CompletionCode::CommandAborted: return "command aborted";
    case CompletionCode::Stopped: return "stopped";
    case CompletionCode::SplitTransactionError: return "split transaction error";
    default: return "other completion code";
  }
}

}  // namespace cw::xhci
