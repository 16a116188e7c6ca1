// mbox_producer [mailbox [count]]: opens (creating if needed) the named mailbox (default "mbox_demo")
// and sends `count` (default 64) messages of the mbox_pattern.h stream, blocking while it is full.
// Run mbox_consumer with the same arguments, in either order.
//
// Before closing it waits until the mailbox is empty, because closing the last descriptor of a mailbox
// destroys it with any messages still queued (docs/abi.md), and the consumer may not have opened it yet.
//
// Output:  (mbox_producer) begin
//          (mbox_producer) sent <count> messages
//          (mbox_producer) end
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/malloc.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/mbox_pattern.h"

using namespace cw;
using namespace cw::user;

int main(int argc, char** argv) {
  check_args(argc, argv, "[MAILBOX [COUNT]]", 2);
  const char* name = arg_string(argc, argv, 1, mbox_pattern::kDefaultMailbox);
  uint32_t count = arg_uint(argc, argv, 2, mbox_pattern::kDefaultCount);
  test_begin("mbox_producer");

  auto box = sys::mbox_open(name);
  if (!box) fail_test("mbox_open {}: {}", name, box.error());
  abi::MboxStatus status{};
  if (auto r = sys::mbox_status(box.value(), &status); !r) fail_test("mbox_status: {}", r.error());
  check(status.max_message > 0, "mbox_status: max_message is 0");
  auto* message = static_cast<uint8_t*>(malloc(status.max_message));
  check(message != nullptr, "malloc {} bytes failed", status.max_message);

  size_t bytes = 0;
  for (uint32_t seq = 0; seq < count; ++seq) {
    size_t size = mbox_pattern::message_size(seq, status.max_message);
    for (size_t i = 0; i < size; ++i) message[i] = mbox_pattern::message_byte(seq, i);
    if (auto r = sys::mbox_send(box.value(), message, size); !r)
      fail_test("mbox_send message {} ({} bytes): {}", seq, size, r.error());
    bytes += size;
  }
  msg("sent {} messages", count);
  info("{} bytes; mailbox capacity {} messages of at most {} bytes", bytes, status.capacity,
       status.max_message);

  for (;;) {
    if (auto r = sys::mbox_status(box.value(), &status); !r) fail_test("mbox_status: {}", r.error());
    if (status.count == 0) break;
    (void)sleep_ms(10);
  }
  if (auto r = sys::mbox_close(box.value()); !r) fail_test("mbox_close: {}", r.error());
  free(message);
  test_end();
  return 0;
}
