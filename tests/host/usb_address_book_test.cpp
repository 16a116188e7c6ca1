// AddressBook (drivers/usb/core/address_book.h): USB addresses 1-127, configured endpoints and their
// data toggles, as UHCI and EHCI keep them.
#include "drivers/usb/core/address_book.h"

#include <gtest/gtest.h>

namespace cw::usb {
namespace {

Endpoint bulk(uint8_t number, Direction d, uint16_t max_packet = 512) {
  return Endpoint{.number = number, .direction = d, .kind = TransferKind::Bulk, .max_packet = max_packet};
}

TEST(UsbAddressBook, AllocatesLowestFreeAddressAndRunsOut) {
  AddressBook book;
  for (uint8_t a = 1; a <= kMaxAddress; ++a) EXPECT_EQ(book.allocate(), a);
  EXPECT_EQ(book.allocate(), 0);  // all 127 taken
  book.release(42);
  book.release(7);
  EXPECT_EQ(book.allocate(), 7);
  EXPECT_EQ(book.allocate(), 42);
  book.release(0);    // ignored
  book.release(200);  // ignored
  EXPECT_EQ(book.allocate(), 0);
}

TEST(UsbAddressBook, ConfiguredEndpointsStartAtData0AndKeepToggles) {
  AddressBook book;
  uint8_t a = book.allocate();
  Endpoint eps[] = {bulk(1, Direction::In), bulk(2, Direction::Out)};
  ASSERT_TRUE(book.configure(a, eps, 2, 1024));
  EXPECT_TRUE(book.configured(a, eps[0]));
  EXPECT_TRUE(book.configured(a, eps[1]));
  EXPECT_FALSE(book.configured(a, bulk(1, Direction::Out)));  // direction matters
  EXPECT_FALSE(book.toggle(a, eps[0]));
  book.set_toggle(a, eps[0], true);
  EXPECT_TRUE(book.toggle(a, eps[0]));
  EXPECT_FALSE(book.toggle(a, eps[1]));
  book.set_toggle(a, bulk(3, Direction::In), true);  // not configured: ignored
  EXPECT_FALSE(book.toggle(a, bulk(3, Direction::In)));
  EXPECT_TRUE(book.reset_toggle(a, eps[0]));
  EXPECT_FALSE(book.toggle(a, eps[0]));
  EXPECT_EQ(book.reset_toggle(a, bulk(3, Direction::In)).error(), Error::InvalidArgument);
  EXPECT_EQ(book.reset_toggle(0, eps[0]).error(), Error::InvalidArgument);
  book.set_toggle(a, eps[0], true);
  // A new configuration replaces the endpoints, all at DATA0 again.
  ASSERT_TRUE(book.configure(a, eps, 1, 1024));
  EXPECT_FALSE(book.toggle(a, eps[0]));
  EXPECT_FALSE(book.configured(a, eps[1]));
  // Releasing the address forgets everything.
  book.set_toggle(a, eps[0], true);
  book.release(a);
  EXPECT_FALSE(book.configured(a, eps[0]));
  EXPECT_EQ(book.allocate(), a);
  EXPECT_FALSE(book.configured(a, eps[0]));
}

TEST(UsbAddressBook, RefusesBadConfigurations) {
  AddressBook book;
  uint8_t a = book.allocate();
  Endpoint good = bulk(1, Direction::In, 64);
  ASSERT_TRUE(book.configure(a, &good, 1, 64));
  Endpoint bad[] = {bulk(0, Direction::In), bulk(16, Direction::In), bulk(1, Direction::In, 0),
                    bulk(1, Direction::In, 65)};
  for (const Endpoint& e : bad) {
    EXPECT_EQ(book.configure(a, &e, 1, 64).error(), Error::InvalidArgument) << int(e.number) << " " << e.max_packet;
    EXPECT_TRUE(book.configured(a, good));  // nothing changed
  }
  EXPECT_EQ(book.configure(0, &good, 1, 64).error(), Error::InvalidArgument);
  EXPECT_EQ(book.configure(128, &good, 1, 64).error(), Error::InvalidArgument);
  EXPECT_EQ(book.configure(a, nullptr, 1, 64).error(), Error::InvalidArgument);
  EXPECT_TRUE(book.configure(a, nullptr, 0, 64));  // no endpoints at all
  EXPECT_FALSE(book.configured(a, good));
  EXPECT_FALSE(book.configured(0, good));
}

}  // namespace
}  // namespace cw::usb
