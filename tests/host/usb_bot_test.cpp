// Host tests for the mass-storage wire formats: CBW encoding, every CSW check of BOT 1.0 6.3, sense
// decoding (SPC-4 4.5) and the SCSI answers' parsers.
#include <gtest/gtest.h>

#include <cstring>

#include "drivers/usb/core/byte_order.h"
#include "drivers/usb/storage/bot_wrappers.h"
#include "drivers/usb/storage/scsi_commands.h"
#include "drivers/usb/storage/sense.h"

namespace cw::usb::storage {
namespace {

TEST(UsbBot, EncodesCbw) {
  scsi::Cdb cdb = scsi::read10(0x01020304, 0x0506);
  CommandBlock c;
  c.tag = 0xDEADBEEF;
  c.transfer_length = 0x0506 * 512;
  c.direction = Direction::In;
  c.lun = 3;
  c.cdb = cdb.bytes;
  c.cdb_length = cdb.length;
  uint8_t out[kCbwSize];
  std::memset(out, 0xAA, sizeof out);
  ASSERT_TRUE(encode_cbw(c, out));
  EXPECT_EQ(le32(out), 0x43425355u);
  EXPECT_EQ(le32(out + 4), 0xDEADBEEFu);
  EXPECT_EQ(le32(out + 8), 0x0506u * 512);
  EXPECT_EQ(out[12], 0x80);
  EXPECT_EQ(out[13], 3);
  EXPECT_EQ(out[14], 10);
  const uint8_t expect_cdb[10] = {0x28, 0, 1, 2, 3, 4, 0, 5, 6, 0};
  EXPECT_EQ(std::memcmp(out + 15, expect_cdb, 10), 0);
  for (size_t i = 25; i < kCbwSize; ++i) EXPECT_EQ(out[i], 0) << i;

  c.direction = Direction::Out;
  ASSERT_TRUE(encode_cbw(c, out));
  EXPECT_EQ(out[12], 0x00);
  c.direction = Direction::In;
  c.transfer_length = 0;  // no data stage: the direction bit is 0 (5.1)
  ASSERT_TRUE(encode_cbw(c, out));
  EXPECT_EQ(out[12], 0x00);
}

TEST(UsbBot, RefusesCbwThatWouldNotBeMeaningful) {
  uint8_t cdb[17] = {};
  CommandBlock c;
  c.cdb = cdb;
  c.cdb_length = 6;
  uint8_t out[kCbwSize];
  c.lun = 16;
  EXPECT_EQ(encode_cbw(c, out).error(), Error::InvalidArgument);
  c.lun = 0;
  c.cdb_length = 0;
  EXPECT_EQ(encode_cbw(c, out).error(), Error::InvalidArgument);
  c.cdb_length = 17;
  EXPECT_EQ(encode_cbw(c, out).error(), Error::InvalidArgument);
  c.cdb_length = 16;
  EXPECT_TRUE(encode_cbw(c, out));
  c.cdb = nullptr;
  EXPECT_EQ(encode_cbw(c, out).error(), Error::InvalidArgument);
}

struct CswBytes {
  uint8_t b[kCswSize];
  CswBytes(uint32_t signature, uint32_t tag, uint32_t residue, uint8_t status) {
    put_le32(b, signature);
    put_le32(b + 4, tag);
    put_le32(b + 8, residue);
    b[12] = status;
  }
};

TEST(UsbBot, AcceptsValidMeaningfulCsw) {
  CswBytes ok(kCswSignature, 42, 0, 0);
  Result<Csw, CswProblem> r = check_csw(ok.b, kCswSize, 42, 512);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().status, CswStatus::Passed);
  CswBytes failed(kCswSignature, 42, 512, 1);
  Result<Csw, CswProblem> f = check_csw(failed.b, kCswSize, 42, 512);
  ASSERT_TRUE(f);
  EXPECT_EQ(f.value().status, CswStatus::Failed);
  EXPECT_EQ(f.value().residue, 512u);
  CswBytes phase(kCswSignature, 42, 0xFFFFFFFF, 2);  // phase error: meaningful whatever the residue
  Result<Csw, CswProblem> p = check_csw(phase.b, kCswSize, 42, 512);
  ASSERT_TRUE(p);
  EXPECT_EQ(p.value().status, CswStatus::PhaseError);
}

TEST(UsbBot, RefusesEveryInvalidOrMeaninglessCsw) {
  CswBytes ok(kCswSignature, 7, 0, 0);
  EXPECT_EQ(check_csw(ok.b, 12, 7, 0).error(), CswProblem::WrongSize);
  EXPECT_EQ(check_csw(ok.b, 0, 7, 0).error(), CswProblem::WrongSize);
  CswBytes sig(kCbwSignature, 7, 0, 0);
  EXPECT_EQ(check_csw(sig.b, kCswSize, 7, 0).error(), CswProblem::BadSignature);
  EXPECT_EQ(check_csw(ok.b, kCswSize, 8, 0).error(), CswProblem::TagMismatch);
  for (int status : {3, 0x80, 0xFF}) {
    CswBytes bad(kCswSignature, 7, 0, static_cast<uint8_t>(status));
    EXPECT_EQ(check_csw(bad.b, kCswSize, 7, 0).error(), CswProblem::ReservedStatus);
  }
  CswBytes residue(kCswSignature, 7, 513, 0);
  EXPECT_EQ(check_csw(residue.b, kCswSize, 7, 512).error(), CswProblem::ResidueTooLarge);
  CswBytes residue_failed(kCswSignature, 7, 1, 1);
  EXPECT_EQ(check_csw(residue_failed.b, kCswSize, 7, 0).error(), CswProblem::ResidueTooLarge);
  CswBytes residue_equal(kCswSignature, 7, 512, 0);
  EXPECT_TRUE(check_csw(residue_equal.b, kCswSize, 7, 512));
  EXPECT_STREQ(describe(CswProblem::TagMismatch), "CSW tag does not match the CBW");
}

uint8_t fixed_sense[18];
const uint8_t* make_fixed(uint8_t key, uint8_t asc, uint8_t ascq, uint8_t code = 0x70) {
  std::memset(fixed_sense, 0, sizeof fixed_sense);
  fixed_sense[0] = code;
  fixed_sense[2] = key;
  fixed_sense[7] = 10;
  fixed_sense[12] = asc;
  fixed_sense[13] = ascq;
  return fixed_sense;
}

TEST(UsbSense, DecodesFixedFormat) {
  Result<Sense> s = parse_sense(make_fixed(0x02, 0x3A, 0x00), 18);
  ASSERT_TRUE(s);
  EXPECT_EQ(s.value().key, SenseKey::NotReady);
  EXPECT_EQ(s.value().asc, 0x3A);
  EXPECT_TRUE(s.value().medium_absent());
  EXPECT_FALSE(s.value().retryable());
  EXPECT_EQ(sense_error(s.value()).error(), Error::NoDevice);
  EXPECT_STREQ(additional_sense_text(0x3A, 0x00), "medium not present");

  Result<Sense> r = parse_sense(make_fixed(0xF2, 0x04, 0x01, 0xF0), 18);  // FILEMARK/EOM/ILI and VALID set
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value().becoming_ready());
  EXPECT_TRUE(r.value().retryable());
  EXPECT_EQ(sense_error(r.value()).error(), Error::TryAgain);

  // ADDITIONAL SENSE LENGTH too small to cover the ASC: only the key is taken.
  make_fixed(0x03, 0x11, 0x00);
  fixed_sense[7] = 4;
  Result<Sense> m = parse_sense(fixed_sense, 18);
  ASSERT_TRUE(m);
  EXPECT_EQ(m.value().key, SenseKey::MediumError);
  EXPECT_EQ(m.value().asc, 0);
  // Fewer bytes received than the ASC needs.
  Result<Sense> t = parse_sense(make_fixed(0x03, 0x11, 0x00), 13);
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().asc, 0);
}

TEST(UsbSense, DecodesDescriptorFormatAndRefusesGarbage) {
  uint8_t d[8] = {0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0};
  Result<Sense> s = parse_sense(d, sizeof d);
  ASSERT_TRUE(s);
  EXPECT_EQ(s.value().key, SenseKey::UnitAttention);
  EXPECT_EQ(s.value().asc, 0x29);
  EXPECT_TRUE(s.value().retryable());
  EXPECT_FALSE(parse_sense(d, 3));
  uint8_t junk[18] = {0x45};
  EXPECT_EQ(parse_sense(junk, sizeof junk).error(), Error::Protocol);
  EXPECT_FALSE(parse_sense(make_fixed(0, 0, 0), 2));
  EXPECT_FALSE(parse_sense(junk, 0));
}

TEST(UsbSense, MapsKeysToErrors) {
  auto error_of = [](uint8_t key, uint8_t asc) {
    Sense s;
    s.key = static_cast<SenseKey>(key);
    s.asc = asc;
    Result<void> r = sense_error(s);
    return r ? Error{} : r.error();
  };
  EXPECT_EQ(error_of(0x0, 0), Error{});
  EXPECT_EQ(error_of(0x1, 0), Error{});
  EXPECT_EQ(error_of(0x3, 0x11), Error::Io);
  EXPECT_EQ(error_of(0x4, 0), Error::Io);
  EXPECT_EQ(error_of(0x5, 0x21), Error::Range);
  EXPECT_EQ(error_of(0x5, 0x24), Error::InvalidArgument);
  EXPECT_EQ(error_of(0x6, 0x28), Error::TryAgain);
  EXPECT_EQ(error_of(0x7, 0x27), Error::Permission);
  EXPECT_EQ(error_of(0xB, 0), Error::TryAgain);
  EXPECT_EQ(error_of(0xE, 0), Error::Io);
  EXPECT_STREQ(sense_key_name(SenseKey::IllegalRequest), "illegal request");
  EXPECT_EQ(additional_sense_text(0x99, 0x99), nullptr);
}

TEST(UsbScsi, BuildsCdbs) {
  scsi::Cdb w = scsi::write10(0xA0B0C0D0, 128);
  const uint8_t expect[10] = {0x2A, 0, 0xA0, 0xB0, 0xC0, 0xD0, 0, 0, 128, 0};
  ASSERT_EQ(w.length, 10);
  EXPECT_EQ(std::memcmp(w.bytes, expect, 10), 0);
  scsi::Cdb i = scsi::inquiry(36);
  EXPECT_EQ(i.length, 6);
  EXPECT_EQ(i.bytes[0], 0x12);
  EXPECT_EQ(i.bytes[4], 36);
  scsi::Cdb c16 = scsi::read_capacity16();
  EXPECT_EQ(c16.length, 16);
  EXPECT_EQ(c16.bytes[0], 0x9E);
  EXPECT_EQ(c16.bytes[1], 0x10);
  EXPECT_EQ(be32(c16.bytes + 10), 32u);
}

TEST(UsbScsi, ParsesInquiryAndCapacity) {
  uint8_t inq[36];
  std::memset(inq, ' ', sizeof inq);
  inq[0] = 0x00;
  inq[1] = 0x80;
  std::memcpy(inq + 8, "Kingston", 8);
  std::memcpy(inq + 16, "Data\x01Traveler   ", 16);
  Result<scsi::InquiryData> d = scsi::parse_inquiry(inq, sizeof inq);
  ASSERT_TRUE(d);
  EXPECT_STREQ(d.value().vendor, "Kingston");
  EXPECT_STREQ(d.value().product, "Data?Traveler");
  EXPECT_TRUE(d.value().removable);
  EXPECT_EQ(d.value().device_type, 0);
  EXPECT_FALSE(scsi::parse_inquiry(inq, 35));

  uint8_t cap[8] = {0, 0, 0x0F, 0xFF, 0, 0, 2, 0};
  bool needs_16 = true;
  Result<scsi::Capacity> c = scsi::parse_capacity10(cap, 8, needs_16);
  ASSERT_TRUE(c);
  EXPECT_FALSE(needs_16);
  EXPECT_EQ(c.value().blocks, 0x1000u);
  EXPECT_EQ(c.value().block_length, 512u);
  EXPECT_FALSE(scsi::parse_capacity10(cap, 7, needs_16));
  uint8_t big[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 2, 0};
  ASSERT_TRUE(scsi::parse_capacity10(big, 8, needs_16));
  EXPECT_TRUE(needs_16);
  uint8_t cap16[32] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0};
  Result<scsi::Capacity> c16 = scsi::parse_capacity16(cap16, 32);
  ASSERT_TRUE(c16);
  EXPECT_EQ(c16.value().blocks, (uint64_t{1} << 32) + 1);
  uint8_t wrap[32];
  std::memset(wrap, 0xFF, sizeof wrap);
  EXPECT_FALSE(scsi::parse_capacity16(wrap, 32));
  EXPECT_FALSE(scsi::parse_capacity16(cap16, 11));
}

}  // namespace
}  // namespace cw::usb::storage
