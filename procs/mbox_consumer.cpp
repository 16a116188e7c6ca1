// mbox_consumer [mailbox [count]]: opens (creating if needed) the named mailbox (default "mbox_demo"),
// receives `count` (default 64) messages, blocking while it is empty, and checks each against the
// mbox_pattern.h stream: the right size and every byte right, in order.
//
// Output:  (mbox_consumer) begin
//          (mbox_consumer) received <count> messages, all intact
//          (mbox_consumer) end
// or "(mbox_consumer) FAIL: message <seq>: ..." at the first bad message.
#include "procs/lib/args.h"
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
  test_begin("mbox_consumer");

  auto box = sys::mbox_open(name);
  if (!box) fail_test("mbox_open {}: {}", name, box.error());
  abi::MboxStatus status{};
  if (auto r = sys::mbox_status(box.value(), &status); !r) fail_test("mbox_status: {}", r.error());
  // mbox_recv requires room for the largest possible message.
  auto* message = static_cast<uint8_t*>(malloc(status.max_message));
  check(message != nullptr, "malloc {} bytes failed", status.max_message);

  size_t bytes = 0;
  for (uint32_t seq = 0; seq < count; ++seq) {
    auto received = sys::mbox_recv(box.value(), message, status.max_message);
    if (!received) fail_test("mbox_recv message {}: {}", seq, received.error());
    size_t size = mbox_pattern::message_size(seq, status.max_message);
    check(received.value() == size, "message {}: {} bytes, expected {}", seq, received.value(), size);
    for (size_t i = 0; i < size; ++i) {
      uint8_t expected = mbox_pattern::message_byte(seq, i);
      check(message[i] == expected, "message {}: byte {} is {:#04x}, expected {:#04x}", seq, i, message[i],
            expected);
    }
    bytes += size;
  }
  msg("received {} messages, all intact", count);
  info("{} bytes", bytes);

  if (auto r = sys::mbox_close(box.value()); !r) fail_test("mbox_close: {}", r.error());
  free(message);
  test_end();
  return 0;
}
