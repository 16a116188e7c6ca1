// Completion codes of events (xHCI 1.2 section 6.4.5, table 6-90) and what each means to a caller of
// the HostController interface (drivers/usb/core/host_controller.h). Hardware-independent.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::xhci {

enum class CompletionCode : uint8_t {
  Invalid = 0,
  Success = 1,
  DataBufferError = 2,
  BabbleDetected = 3,
  UsbTransactionError = 4,
  TrbError = 5,
  StallError = 6,
  ResourceError = 7,
  BandwidthError = 8,
  NoSlotsAvailable = 9,
  InvalidStreamType = 10,
  SlotNotEnabled = 11,
  EndpointNotEnabled = 12,
  ShortPacket = 13,
  RingUnderrun = 14,
  RingOverrun = 15,
  VfEventRingFull = 16,
  ParameterError = 17,
  BandwidthOverrun = 18,
  ContextStateError = 19,
  NoPingResponse = 20,
  EventRingFull = 21,
  IncompatibleDevice = 22,
  MissedService = 23,
  CommandRingStopped = 24,
  CommandAborted = 25,
  Stopped = 26,
  StoppedLengthInvalid = 27,
  StoppedShortPacket = 28,
  MaxExitLatencyTooLarge = 29,
  IsochBufferOverrun = 31,
  EventLost = 32,
  UndefinedError = 33,
  InvalidStreamId = 34,
  SecondaryBandwidthError = 35,
  SplitTransactionError = 36,
};

// Success and Short Packet complete a transfer (a short packet leaves a residue, 4.10.1.1).
constexpr bool completion_ok(uint8_t code) {
  return code == static_cast<uint8_t>(CompletionCode::Success) ||
         code == static_cast<uint8_t>(CompletionCode::ShortPacket);
}

// The error a failed command or transfer reports: Stall -> BrokenPipe; transaction errors, babble,
// split-transaction errors -> Protocol; device or slot gone -> NoDevice; no slots, resources or
// bandwidth -> NoSpace; aborted/stopped -> TimedOut (the driver stops only what timed out); anything
// else (a driver or controller fault) -> Io. Precondition: !completion_ok(code).
Error completion_error(uint8_t code);

// "stall", "usb transaction error", ...; "completion code N" text is the caller's for unknown codes.
const char* completion_name(uint8_t code);

}  // namespace cw::xhci
