#include "drivers/usb/storage/bot_transport.h"

#include "drivers/usb/core/standard_requests.h"

namespace cw::usb::storage {

namespace {
constexpr uint8_t kClassInterfaceOut = kRequestOut | kTypeClass | kRecipientInterface;
constexpr uint8_t kClassInterfaceIn = kRequestIn | kTypeClass | kRecipientInterface;
}  // namespace

void BotTransport::init(Environment& env, HostController& hc, Device& device, uint8_t interface,
                        const BulkPair& endpoints, const char* name) {
  env_ = &env;
  hc_ = &hc;
  device_ = &device;
  interface_ = interface;
  endpoints_ = endpoints;
  name_ = name;
  tag_ = 0;
  broken_ = false;
  stats_ = BotStats{};
}

Result<uint8_t> BotTransport::get_max_lun() {
  SetupPacket setup = make_setup(kClassInterfaceIn, kGetMaxLun, 0, interface_, 1);
  Result<size_t> got = hc_->control(*device_, setup, &lun_byte_, kControlTimeoutMs);
  if (!got && got.error() == Error::BrokenPipe) return uint8_t{0};  // 3.2: may stall if it has one LUN
  if (!got) return fail(got.error());
  if (got.value() != 1 || lun_byte_ > 15) return fail(Error::Protocol);
  return lun_byte_;
}

template <typename T>
Unexpected<Error> BotTransport::recover_and_fail(const char* what, T cause, Error error) {
  format(env_->log(), "{}: {}: {}; reset recovery\n", name_, what, cause);
  if (Result<void> recovered = reset_recovery(); !recovered)
    format(env_->log(), "{}: reset recovery failed: {}; device unusable\n", name_, recovered.error());
  return fail(error);
}

Result<void> BotTransport::reset_recovery() {
  ++stats_.reset_recoveries;
  broken_ = true;  // until all three steps succeed
  SetupPacket reset = make_setup(kClassInterfaceOut, kMassStorageReset, 0, interface_, 0);
  TRY(hc_->control(*device_, reset, nullptr, kControlTimeoutMs));
  TRY(clear_endpoint_halt(*hc_, *device_, endpoints_.in));
  TRY(clear_endpoint_halt(*hc_, *device_, endpoints_.out));
  broken_ = false;
  return {};
}

Result<size_t> BotTransport::read_csw() {
  Result<size_t> got = hc_->bulk(*device_, endpoints_.in, csw_, kCswSize, kBulkTimeoutMs);
  if (got || got.error() != Error::BrokenPipe) return got;
  // 5.3.3 figure 2: a STALL instead of the CSW: clear it and try once more.
  ++stats_.csw_retries;
  TRY(clear_endpoint_halt(*hc_, *device_, endpoints_.in));
  return hc_->bulk(*device_, endpoints_.in, csw_, kCswSize, kBulkTimeoutMs);
}

Result<CommandStatus> BotTransport::execute(uint8_t lun, const uint8_t* cdb, uint8_t cdb_length,
                                            Direction direction, void* data, uint32_t length) {
  if (broken_) return fail(Error::NoDevice);
  if (length != 0 && data == nullptr) return fail(Error::InvalidArgument);
  ++stats_.commands;
  CommandBlock command;
  command.tag = ++tag_;
  command.transfer_length = length;
  command.direction = direction;
  command.lun = lun;
  command.cdb = cdb;
  command.cdb_length = cdb_length;
  TRY(encode_cbw(command, cbw_));

  Result<size_t> sent = hc_->bulk(*device_, endpoints_.out, cbw_, kCbwSize, kBulkTimeoutMs);
  if (!sent) return recover_and_fail("CBW not accepted", sent.error(), sent.error());
  if (sent.value() != kCbwSize) return recover_and_fail("CBW short", sent.value(), Error::Io);

  CommandStatus status;
  if (length != 0) {
    const Endpoint& ep = direction == Direction::In ? endpoints_.in : endpoints_.out;
    Result<size_t> moved = hc_->bulk(*device_, ep, data, length, kBulkTimeoutMs);
    if (moved) {
      status.transferred = moved.value();
    } else if (moved.error() == Error::BrokenPipe) {
      ++stats_.data_stalls;  // 6.7.2/6.7.3: clear the halt, then the CSW tells what happened
      if (Result<void> cleared = clear_endpoint_halt(*hc_, *device_, ep); !cleared)
        return recover_and_fail("clearing the data-stage halt failed", cleared.error(), cleared.error());
    } else {
      return recover_and_fail("data stage failed", moved.error(), moved.error());
    }
  }

  Result<size_t> got = read_csw();
  if (!got) return recover_and_fail("no CSW", got.error(), got.error());
  Result<Csw, CswProblem> csw = check_csw(csw_, got.value(), command.tag, length);
  if (!csw) return recover_and_fail("CSW refused", describe(csw.error()), Error::Protocol);
  if (csw.value().status == CswStatus::PhaseError) return recover_and_fail("CSW", "phase error", Error::Io);
  status.passed = csw.value().status == CswStatus::Passed;
  status.residue = csw.value().residue;
  return status;
}

}  // namespace cw::usb::storage
