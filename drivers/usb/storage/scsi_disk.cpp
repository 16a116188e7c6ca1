#include "drivers/usb/storage/scsi_disk.h"

namespace cw::usb::storage {

static_assert(scsi::kInquiryLength >= scsi::kReadCapacity16Length && scsi::kInquiryLength >= scsi::kSenseLength);

void ScsiDisk::init(Environment& env, BotTransport& transport, uint8_t lun, const char* name) {
  env_ = &env;
  transport_ = &transport;
  lun_ = lun;
  name_ = name;
  blocks_ = 0;
  cache_flush_ = true;
  inquiry_ = scsi::InquiryData{};
}

Result<Sense> ScsiDisk::request_sense() {
  scsi::Cdb cdb = scsi::request_sense(scsi::kSenseLength);
  CommandStatus st = TRY(transport_->execute(lun_, cdb.bytes, cdb.length, Direction::In, buffer_, scsi::kSenseLength));
  if (!st.passed) return fail(Error::Io);  // SPC-4 6.39: REQUEST SENSE itself reports no CHECK CONDITION
  return parse_sense(buffer_, st.transferred);
}

Result<void> ScsiDisk::run(const scsi::Cdb& cdb, Direction direction, void* data, uint32_t length, const char* what) {
  for (uint32_t attempt = 0;; ++attempt) {
    CommandStatus st = TRY(transport_->execute(lun_, cdb.bytes, cdb.length, direction, data, length));
    if (st.passed) {
      if (st.residue != 0 || st.transferred != length) {
        format(env_->log(), "{}: {}: {} of {} bytes moved (residue {})\n", name_, what, st.transferred, length,
               st.residue);
        return fail(Error::Io);
      }
      return {};
    }
    Result<Sense> sense = request_sense();
    if (!sense) {
      format(env_->log(), "{}: {} failed, REQUEST SENSE failed too: {}\n", name_, what, sense.error());
      return fail(sense.error());
    }
    const Sense& s = sense.value();
    if (s.key == SenseKey::UnitAttention && attempt < kAttentionRetries) continue;
    if (!s.becoming_ready()) {  // becoming ready is the normal answer while TEST UNIT READY polls
      const char* text = additional_sense_text(s.asc, s.ascq);
      format(env_->log(), "{}: {} failed: {}: {} ({:02x}/{:02x})\n", name_, what, sense_key_name(s.key),
             text ? text : "no description", s.asc, s.ascq);
    }
    Result<void> error = sense_error(s);
    // A failed command whose sense says nothing is wrong (NO SENSE, RECOVERED ERROR): its data is not
    // trusted either (BOT 5.3.3: bCSWStatus 1 is "command failed").
    if (error) return fail(Error::Io);
    return error;
  }
}

Result<void> ScsiDisk::wait_ready() {
  scsi::Cdb cdb = scsi::test_unit_ready();
  for (uint32_t attempt = 1;; ++attempt) {
    Result<void> ready = run(cdb, Direction::Out, nullptr, 0, "TEST UNIT READY");
    if (ready) return {};
    if (ready.error() != Error::TryAgain) return ready;
    if (attempt == kReadyAttempts) {
      format(env_->log(), "{}: not ready after {} ms\n", name_, kReadyAttempts * kReadyPollMs);
      return fail(Error::TimedOut);
    }
    env_->sleep_ms(kReadyPollMs);
  }
}

Result<void> ScsiDisk::read_capacity() {
  scsi::Cdb cdb = scsi::read_capacity10();
  TRY(run(cdb, Direction::In, buffer_, scsi::kReadCapacity10Length, "READ CAPACITY(10)"));
  bool needs_16 = false;
  scsi::Capacity capacity = TRY(scsi::parse_capacity10(buffer_, scsi::kReadCapacity10Length, needs_16));
  if (needs_16) {
    cdb = scsi::read_capacity16();
    TRY(run(cdb, Direction::In, buffer_, scsi::kReadCapacity16Length, "READ CAPACITY(16)"));
    capacity = TRY(scsi::parse_capacity16(buffer_, scsi::kReadCapacity16Length));
  }
  if (capacity.block_length != kBlockSize) {
    format(env_->log(), "{}: {}-byte blocks not supported (only {})\n", name_, capacity.block_length, kBlockSize);
    return fail(Error::NotImplemented);
  }
  if (capacity.blocks == 0) {
    format(env_->log(), "{}: capacity 0\n", name_);
    return fail(Error::NoDevice);
  }
  constexpr uint64_t kAddressable = uint64_t{1} << 32;  // READ(10)/WRITE(10): a 32-bit LBA
  if (capacity.blocks > kAddressable) {
    format(env_->log(), "{}: {} blocks, using the first {} (READ(10) addressing)\n", name_, capacity.blocks,
           kAddressable);
    capacity.blocks = kAddressable;
  }
  blocks_ = capacity.blocks;
  return {};
}

Result<void> ScsiDisk::start() {
  scsi::Cdb cdb = scsi::inquiry(scsi::kInquiryLength);
  TRY(run(cdb, Direction::In, buffer_, scsi::kInquiryLength, "INQUIRY"));
  inquiry_ = TRY(scsi::parse_inquiry(buffer_, scsi::kInquiryLength));
  if (inquiry_.qualifier != 0 || inquiry_.device_type != scsi::kDirectAccessDevice) {
    format(env_->log(), "{}: not a direct-access block device (qualifier {}, type {:#04x})\n", name_,
           inquiry_.qualifier, inquiry_.device_type);
    return fail(Error::NotImplemented);
  }
  TRY(wait_ready());
  return read_capacity();
}

Result<void> ScsiDisk::transfer(Direction direction, uint32_t lba, uint32_t count, uint8_t* bytes) {
  bool in = direction == Direction::In;
  while (count > 0) {
    uint32_t n = count < kMaxTransferBlocks ? count : kMaxTransferBlocks;
    auto blocks = static_cast<uint16_t>(n);
    scsi::Cdb cdb = in ? scsi::read10(lba, blocks) : scsi::write10(lba, blocks);
    TRY(run(cdb, direction, bytes, n * kBlockSize, in ? "READ(10)" : "WRITE(10)"));
    lba += n;
    count -= n;
    bytes += n * kBlockSize;
  }
  return {};
}

Result<void> ScsiDisk::read(uint32_t lba, uint32_t count, void* buffer) {
  return transfer(Direction::In, lba, count, static_cast<uint8_t*>(buffer));
}

Result<void> ScsiDisk::write(uint32_t lba, uint32_t count, const void* buffer, bool flush_after) {
  // The OUT data stage only reads the buffer; the transport's interface is direction-neutral.
  TRY(transfer(Direction::Out, lba, count, const_cast<uint8_t*>(static_cast<const uint8_t*>(buffer))));
  if (!flush_after) return {};
  return flush();
}

Result<void> ScsiDisk::flush() {
  if (!cache_flush_) return {};
  Result<void> flushed = run(scsi::synchronize_cache10(), Direction::Out, nullptr, 0, "SYNCHRONIZE CACHE(10)");
  if (!flushed && flushed.error() == Error::InvalidArgument) {
    format(env_->log(), "{}: no SYNCHRONIZE CACHE; writes are not flushed further\n", name_);
    cache_flush_ = false;
    return {};
  }
  return flushed;
}

}  // namespace cw::usb::storage
