// The Bulk-Only Transport (USB MSC BOT 1.0): one command at a time as CBW, optional data stage, CSW
// (5.3), with the host's side of the error cases of section 6.7 and the reset recovery of 5.3.4:
//   * CBW not accepted (STALL, timeout, error): reset recovery, the command fails.
//   * Data stage STALL (6.7.2, 6.7.3 "host expects data"): CLEAR_FEATURE(ENDPOINT_HALT) on that endpoint
//     and HostController::reset_endpoint, then the CSW is read as usual; the CSW's residue says what moved.
//   * Data stage timeout or transaction error: reset recovery, the command fails.
//   * CSW STALL (5.3.3, figure 2): clear the bulk-IN halt, read the CSW once more; a second failure:
//     reset recovery, the command fails.
//   * CSW not valid or not meaningful (6.3), or a phase error (status 2): reset recovery, the command fails.
// Reset recovery is Bulk-Only Mass Storage Reset (class request 0xFF, 3.1), then CLEAR_FEATURE(ENDPOINT_
// HALT) on bulk IN and bulk OUT, each followed by reset_endpoint. If the recovery itself fails, the
// transport is broken and every later command fails at once with NoDevice.
//
// Not thread-safe: the owner (UsbDisk) serializes commands. Must live in the direct map (its CBW and CSW
// buffers are handed to the controller).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/core/usb_environment.h"
#include "drivers/usb/storage/bot_wrappers.h"
#include "lib/result.h"

namespace cw::usb::storage {

// Class requests (BOT 3.1, 3.2).
inline constexpr uint8_t kMassStorageReset = 0xFF;
inline constexpr uint8_t kGetMaxLun = 0xFE;
// Time limit of each bulk stage: generous for a slow flash stick writing 64 KiB.
inline constexpr uint32_t kBulkTimeoutMs = 10000;

// The outcome of a command the device answered with a meaningful CSW.
struct CommandStatus {
  bool passed = false;     // bCSWStatus 0; otherwise 1 (command failed: REQUEST SENSE says why)
  uint32_t residue = 0;    // dCSWDataResidue
  size_t transferred = 0;  // bytes the data stage actually moved
};

struct BotStats {
  uint32_t commands = 0;
  uint32_t data_stalls = 0;
  uint32_t csw_retries = 0;
  uint32_t reset_recoveries = 0;
};

class BotTransport {
public:
  constexpr BotTransport() = default;
  BotTransport(const BotTransport&) = delete;
  BotTransport& operator=(const BotTransport&) = delete;

  void init(Environment& env, HostController& hc, Device& device, uint8_t interface, const BulkPair& endpoints,
            const char* name);

  // GET MAX LUN (3.2): the highest LUN, 0-15. A STALL means the device has LUN 0 only.
  Result<uint8_t> get_max_lun();

  // One command to `lun` with `length` bytes of data in `direction` to or from `data` (nullptr when
  // length is 0). Errors (after the recovery above): those of the controller for the failed stage,
  // Protocol for a refused CSW, Io for a phase error, NoDevice once the transport is broken.
  Result<CommandStatus> execute(uint8_t lun, const uint8_t* cdb, uint8_t cdb_length, Direction direction,
                                void* data, uint32_t length);

  // 5.3.4. Errors: those of the control transfers; the transport is then broken.
  Result<void> reset_recovery();

  bool broken() const { return broken_; }
  const BotStats& stats() const { return stats_; }

private:
  Result<size_t> read_csw();
  template <typename T>
  Unexpected<Error> recover_and_fail(const char* what, T cause, Error error);

  Environment* env_ = nullptr;
  HostController* hc_ = nullptr;
  Device* device_ = nullptr;
  const char* name_ = "";
  uint8_t interface_ = 0;
  BulkPair endpoints_;
  uint32_t tag_ = 0;
  bool broken_ = false;
  BotStats stats_;
  uint8_t cbw_[kCbwSize] = {};
  uint8_t csw_[kCswSize] = {};
  uint8_t lun_byte_ = 0;
};

}  // namespace cw::usb::storage
