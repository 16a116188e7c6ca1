// ktest=mailbox: the kernel side of the mailbox system calls (kernel/ipc/).
//
//  1. names and the global table: open-by-name shares one mailbox, references count, the last drop frees
//     it (with its messages), name errors, the table's capacity;
//  2. messages from one thread: sizes 0..kMaxMessageSize, TooBig, Range keeps the message, FIFO order,
//     TryAgain on full/empty, status counts;
//  3. a receiver blocks on an empty mailbox until a message comes;
//  4. producers block on a full mailbox; then consumers take every message (sizes and bytes derived from
//     the producer and sequence number), each once and in order per producer;
//  5. the per-process descriptor table: lowest free descriptor, TooManyFiles, BadDescriptor, close_all.
#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/ipc/mailbox.h"
#include "kernel/ipc/mailbox_table.h"
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/ktest_workers.h"
#include "kernel/sched/scheduler.h"

namespace cw::ktest {

namespace {

using ipc::kMailboxCapacity;
using ipc::kMaxMessageSize;
using ipc::MailboxRef;

constexpr const char* kName = "mailbox";

WorkerFailures worker_failures(kName);

// Message `seq` of `producer`: [producer, seq, payload...], 2..kMaxMessageSize bytes.
size_t message_length(uint32_t producer, uint32_t seq) { return 2 + (seq * 37 + producer * 101) % 255; }

uint8_t message_byte(uint32_t producer, uint32_t seq, size_t i) {
  if (i == 0) return static_cast<uint8_t>(producer);
  if (i == 1) return static_cast<uint8_t>(seq);
  return static_cast<uint8_t>(seq * 31 + producer * 17 + i * 7);
}

size_t fill_message(uint8_t* out, uint32_t producer, uint32_t seq) {
  size_t length = message_length(producer, seq);
  for (size_t i = 0; i < length; ++i) out[i] = message_byte(producer, seq, i);
  return length;
}

bool same_status(const abi::MboxStatus& s, uint32_t count, uint32_t senders, uint32_t receivers) {
  return s.capacity == kMailboxCapacity && s.max_message == kMaxMessageSize && s.count == count &&
         s.senders_blocked == senders && s.receivers_blocked == receivers;
}

void print_status(const char* what, const abi::MboxStatus& s) {
  kprint("({}) {}: capacity {}, count {}, max message {}, senders blocked {}, receivers blocked {}\n", kName,
         what, s.capacity, s.count, s.max_message, s.senders_blocked, s.receivers_blocked);
}

// --- 1. Names and the global table -------------------------------------------------------------------

bool names_and_lifetime() {
  uint32_t baseline = ipc::mailbox_count();
  bool ok = true;
  {
    auto a = ipc::open_mailbox("ktest.shared");
    auto b = ipc::open_mailbox("ktest.shared");
    auto c = ipc::open_mailbox("ktest.other");
    if (!check(a && b && c, kName, "cannot open mailboxes")) return false;
    ok &= check(a.value().get() == b.value().get() && a.value().get() != c.value().get(), kName,
                "one name did not give one mailbox");
    ok &= check(a.value()->references() == 2 && c.value()->references() == 1, kName,
                "references {} and {}, expected 2 and 1", a.value()->references(), c.value()->references());
    ok &= check(a.value()->name() == StringView("ktest.shared"), kName, "wrong name");
    ok &= check(ipc::mailbox_count() == baseline + 2, kName, "{} mailboxes, expected {}", ipc::mailbox_count(),
                baseline + 2);
    MailboxRef extra = c.value().share();
    ok &= check(c.value()->references() == 2, kName, "share() did not add a reference");
    extra.reset();
    ok &= check(c.value()->references() == 1 && !extra, kName, "reset() did not drop the reference");

    // The last reference takes undelivered messages with it: reopening gives an empty mailbox.
    const char hello[] = "hello";
    ok &= check(c.value()->send(hello, sizeof(hello)).has_value(), kName, "send failed");
    c.value().reset();
    auto again = ipc::open_mailbox("ktest.other");
    ok &= check(again && again.value()->status().count == 0, kName, "a freed mailbox kept its messages");
  }
  ok &= check(ipc::mailbox_count() == baseline, kName, "{} mailboxes left, expected {}", ipc::mailbox_count(),
              baseline);
  if (ok) kprint("({}) names: one mailbox per name, counted references, freed with its messages on the last close\n", kName);

  auto empty = ipc::open_mailbox("");
  ok &= check(!empty && empty.error() == Error::InvalidArgument, kName, "empty name accepted");
  auto longest = ipc::open_mailbox("ktest.23.characters.xxx");  // abi::kNameMax - 1 characters
  ok &= check(longest.has_value(), kName, "a {}-character name was refused", abi::kNameMax - 1);
  auto too_long = ipc::open_mailbox("ktest.24.characters.xxxx");
  ok &= check(!too_long && too_long.error() == Error::NameTooLong, kName, "a {}-character name was accepted",
              abi::kNameMax);
  if (ok) kprint("({}) names: empty -> invalid argument, {} characters ok, {} -> name too long\n", kName,
                 abi::kNameMax - 1, abi::kNameMax);
  return ok;
}

bool table_capacity() {
  uint32_t baseline = ipc::mailbox_count();
  MailboxRef held[ipc::kMaxMailboxes];
  uint32_t opened = 0;
  bool ok = true;
  Error last = Error::Io;
  for (uint32_t i = 0; i <= ipc::kMaxMailboxes; ++i) {
    char name[] = "ktest.cap.00";
    name[10] = static_cast<char>('0' + i / 10);
    name[11] = static_cast<char>('0' + i % 10);
    auto opened_now = ipc::open_mailbox(name);
    if (!opened_now) {
      last = opened_now.error();
      break;
    }
    held[opened++] = opened_now.release_value();
  }
  ok &= check(baseline + opened == ipc::kMaxMailboxes && last == Error::NoSpace, kName,
              "opened {} beside {} existing, then {}", opened, baseline, last);
  for (MailboxRef& ref : held) ref.reset();
  ok &= check(ipc::mailbox_count() == baseline, kName, "{} mailboxes left", ipc::mailbox_count());
  if (ok) kprint("({}) table: {} mailboxes fit, one more -> {}\n", kName, ipc::kMaxMailboxes, last);
  return ok;
}

// --- 2. Messages, one thread -------------------------------------------------------------------------

bool messages() {
  auto opened = ipc::open_mailbox("ktest.messages");
  if (!check(opened.has_value(), kName, "cannot open")) return false;
  ipc::Mailbox& box = *opened.value();
  uint8_t out[kMaxMessageSize + 1];
  uint8_t in[kMaxMessageSize + 1];
  bool ok = true;

  const size_t sizes[] = {0, 1, 100, kMaxMessageSize};
  for (size_t n : sizes) {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(n + i);
    ok &= check(box.send(out, n).has_value(), kName, "send of {} bytes failed", n);
  }
  auto too_big = box.send(out, kMaxMessageSize + 1);
  ok &= check(!too_big && too_big.error() == Error::TooBig, kName, "a {}-byte message was accepted",
              kMaxMessageSize + 1);
  ok &= check(same_status(box.status(), 4, 0, 0), kName, "status count {}, expected 4", box.status().count);

  for (uint32_t k = 0; k < 4; ++k) {
    size_t n = sizes[k];
    if (n > 0) {
      // Too small a buffer: Range, and the message stays first in line.
      auto short_read = box.receive(in, n - 1);
      ok &= check(!short_read && short_read.error() == Error::Range, kName, "{} bytes fit in {}", n, n - 1);
      ok &= check(box.status().count == 4 - k, kName, "Range consumed the message");
    }
    auto got = box.receive(in, sizeof(in));
    if (!check(got.has_value(), kName, "receive failed")) return false;
    ok &= check(got.value() == n, kName, "received {} bytes, expected {}", got.value(), n);
    for (size_t i = 0; i < n && i < got.value(); ++i)
      ok &= check(in[i] == static_cast<uint8_t>(n + i), kName, "byte {} of the {}-byte message is wrong", i, n);
  }
  if (ok)
    kprint("({}) messages: sizes 0, 1, 100, {} in order; {} bytes -> too big; short buffer -> range, kept\n",
           kName, kMaxMessageSize, kMaxMessageSize + 1);

  auto nothing = box.try_receive(in, sizeof(in));
  ok &= check(!nothing && nothing.error() == Error::TryAgain, kName, "try_receive on empty did not fail");
  uint32_t queued = 0;
  for (uint32_t seq = 0; seq <= kMailboxCapacity; ++seq) {
    size_t n = fill_message(out, 0, seq);
    auto sent = box.try_send(out, n);
    if (!sent) {
      ok &= check(sent.error() == Error::TryAgain, kName, "try_send failed with {}", sent.error());
      break;
    }
    ++queued;
  }
  ok &= check(queued == kMailboxCapacity, kName, "{} messages fit, expected {}", queued, kMailboxCapacity);
  abi::MboxStatus full = box.status();
  ok &= check(same_status(full, kMailboxCapacity, 0, 0), kName, "wrong status when full");
  print_status("full", full);
  for (uint32_t seq = 0; seq < queued; ++seq) {
    auto got = box.try_receive(in, sizeof(in));
    ok &= check(got && got.value() == message_length(0, seq) && in[1] == seq, kName, "message {} is wrong", seq);
  }
  ok &= check(same_status(box.status(), 0, 0, 0), kName, "not empty after draining");
  if (ok) kprint("({}) messages: try_send on full and try_receive on empty -> try again\n", kName);
  return ok;
}

// --- 3. A receiver blocks on an empty mailbox --------------------------------------------------------

WorkerGroup lone_receivers(kName);
ipc::Mailbox* lone_box = nullptr;

void lone_receiver(void*) {
  uint8_t in[kMaxMessageSize];
  auto got = lone_box->receive(in, sizeof(in));
  worker_failures.check(got && got.value() == message_length(7, 9), "the blocked receiver got a wrong message");
  for (size_t i = 0; got && i < got.value(); ++i)
    worker_failures.check(in[i] == message_byte(7, 9, i), "byte {} is wrong", i);
  lone_receivers.done();
}

bool receiver_blocks() {
  auto opened = ipc::open_mailbox("ktest.empty");
  if (!check(opened.has_value(), kName, "cannot open")) return false;
  lone_box = opened.value().get();
  if (!lone_receivers.spawn("receiver", lone_receiver)) return false;
  if (!poll_until(kName, "the receiver to block", [] { return lone_box->status().receivers_blocked == 1; }))
    return false;
  sched::sleep_ms(10);
  abi::MboxStatus blocked = lone_box->status();
  bool ok = check(same_status(blocked, 0, 0, 1) && lone_receivers.finished() == 0, kName,
                  "receive() did not block on an empty mailbox");
  print_status("empty", blocked);
  uint8_t out[kMaxMessageSize];
  ok &= check(lone_box->send(out, fill_message(out, 7, 9)).has_value(), kName, "send failed");
  lone_receivers.join();
  ok &= check(same_status(lone_box->status(), 0, 0, 0), kName, "wrong status after the hand-over");
  if (ok) kprint("({}) blocking: a receive on an empty mailbox waited for the next send\n", kName);
  return ok;
}

// --- 4. Producers and consumers ----------------------------------------------------------------------

constexpr uint32_t kProducers = 2;
constexpr uint32_t kConsumers = 2;
constexpr uint32_t kMessagesEach = 40;
constexpr uint8_t kStop = 0xFF;  // a 1-byte message telling a consumer to stop
WorkerGroup producers(kName);
WorkerGroup consumers(kName);
ipc::Mailbox* shared_box = nullptr;

// Tallies, guarded by tally_lock.
Mutex tally_lock;
bool delivered[kProducers][kMessagesEach] = {};
uint32_t delivered_count = 0;
uint32_t delivered_bytes = 0;

void producer(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  uint8_t out[kMaxMessageSize];
  for (uint32_t seq = 0; seq < kMessagesEach; ++seq) {
    auto sent = shared_box->send(out, fill_message(out, self, seq));
    worker_failures.check(sent.has_value(), "producer {}: send {} failed", self, seq);
  }
  producers.done();
}

void consumer(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  uint8_t in[kMaxMessageSize];
  uint32_t next_seq[kProducers] = {};
  for (uint32_t received = 0;; ++received) {
    auto got = shared_box->receive(in, sizeof(in));
    if (!got) {
      worker_failures.check(false, "consumer {}: receive failed: {}", self, got.error());
      break;
    }
    size_t n = got.value();
    if (n == 1 && in[0] == kStop) break;
    uint32_t from = n >= 2 ? in[0] : kProducers, seq = n >= 2 ? in[1] : kMessagesEach;
    if (from >= kProducers || seq >= kMessagesEach) {
      worker_failures.check(false, "consumer {}: a malformed {}-byte message", self, n);
      continue;
    }
    bool intact = n == message_length(from, seq);
    for (size_t i = 0; intact && i < n; ++i) intact = in[i] == message_byte(from, seq, i);
    worker_failures.check(intact, "consumer {}: message {}.{} has the wrong size or bytes", self, from, seq);
    worker_failures.check(seq >= next_seq[from], "consumer {}: message {}.{} after {}.{}", self, from, seq, from,
                 next_seq[from] - 1);
    next_seq[from] = seq + 1;
    LockGuard guard(tally_lock);
    worker_failures.check(!delivered[from][seq], "message {}.{} delivered twice", from, seq);
    delivered[from][seq] = true;
    ++delivered_count;
    delivered_bytes += n;
    if (received % 5 == 0) sched::yield();
  }
  consumers.done();
}

bool producers_and_consumers() {
  auto opened = ipc::open_mailbox("ktest.pc");
  if (!check(opened.has_value(), kName, "cannot open")) return false;
  shared_box = opened.value().get();
  for (uint32_t i = 0; i < kProducers; ++i)
    if (!producers.spawn("producer", producer, reinterpret_cast<void*>(i))) return false;
  // No consumer yet: the producers fill the mailbox and block.
  if (!poll_until(kName, "both producers to block", [] {
        abi::MboxStatus s = shared_box->status();
        return s.count == kMailboxCapacity && s.senders_blocked == kProducers;
      }))
    return false;
  abi::MboxStatus full = shared_box->status();
  bool ok = check(same_status(full, kMailboxCapacity, kProducers, 0), kName, "wrong status when full");
  print_status("full", full);

  for (uint32_t i = 0; i < kConsumers; ++i)
    if (!consumers.spawn("consumer", consumer, reinterpret_cast<void*>(i))) return false;
  producers.join();
  for (uint32_t i = 0; i < kConsumers; ++i) {
    uint8_t stop = kStop;
    ok &= check(shared_box->send(&stop, 1).has_value(), kName, "cannot send a stop message");
  }
  consumers.join();

  uint32_t expected_bytes = 0;
  LockGuard guard(tally_lock);
  for (uint32_t p = 0; p < kProducers; ++p)
    for (uint32_t seq = 0; seq < kMessagesEach; ++seq) {
      expected_bytes += message_length(p, seq);
      ok &= check(delivered[p][seq], kName, "message {}.{} was never delivered", p, seq);
    }
  ok &= check(delivered_count == kProducers * kMessagesEach && delivered_bytes == expected_bytes, kName,
              "{} messages, {} bytes delivered; expected {}, {}", delivered_count, delivered_bytes,
              kProducers * kMessagesEach, expected_bytes);
  ok &= check(same_status(shared_box->status(), 0, 0, 0), kName, "not empty at the end");
  kprint("({}) {} producers -> {} consumers: {} messages, {} bytes, each once, intact, in order per producer\n",
         kName, kProducers, kConsumers, delivered_count, delivered_bytes);
  return ok;
}

// --- 5. The descriptor table -------------------------------------------------------------------------

bool descriptor_table() {
  uint32_t baseline = ipc::mailbox_count();
  ipc::MailboxTable table;
  bool ok = true;
  for (int i = 0; i < ipc::MailboxTable::kSlots; ++i) {
    auto md = table.open(i % 2 == 0 ? "ktest.fd.even" : "ktest.fd.odd");
    ok &= check(md && md.value() == i, kName, "open {} gave the wrong descriptor", i);
  }
  auto overflow = table.open("ktest.fd.even");
  ok &= check(!overflow && overflow.error() == Error::TooManyFiles, kName, "a 17th descriptor was opened");
  ok &= check(ipc::mailbox_count() == baseline + 2, kName, "{} mailboxes for 2 names", ipc::mailbox_count() - baseline);

  ok &= check(table.close(5).has_value(), kName, "close(5) failed");
  auto twice = table.close(5);
  ok &= check(!twice && twice.error() == Error::BadDescriptor, kName, "closed 5 twice");
  for (int bad : {-1, 5, ipc::MailboxTable::kSlots, 1000}) {
    auto got = table.get(bad);
    ok &= check(!got && got.error() == Error::BadDescriptor, kName, "get({}) did not fail", bad);
  }
  auto reopened = table.open("ktest.fd.odd");
  ok &= check(reopened && reopened.value() == 5, kName, "the lowest free descriptor was not reused");

  // Descriptors 0 and 2 name the same mailbox: what goes in through one comes out through the other.
  auto in_ref = table.get(0);
  auto out_ref = table.get(2);
  ok &= check(in_ref && out_ref && in_ref.value().get() == out_ref.value().get(), kName,
              "descriptors 0 and 2 differ");
  if (!ok) return false;
  uint8_t message[] = {1, 2, 3};
  uint8_t buffer[8] = {};
  ok &= check(in_ref.value()->send(message, sizeof(message)).has_value(), kName, "send failed");
  auto got = out_ref.value()->receive(buffer, sizeof(buffer));
  ok &= check(got && got.value() == 3 && buffer[2] == 3, kName, "the message did not come through");
  ok &= check(in_ref.value()->references() == 8 + 2, kName, "{} references, expected 10",
              in_ref.value()->references());

  table.close_all();
  ok &= check(table.open_count() == 0, kName, "{} descriptors open after close_all", table.open_count());
  // The two references taken with get() keep the mailbox alive after its descriptors are gone.
  ok &= check(in_ref.value()->references() == 2 && ipc::mailbox_count() == baseline + 1, kName,
              "wrong references after close_all");
  in_ref.value().reset();
  out_ref.value().reset();
  ok &= check(ipc::mailbox_count() == baseline, kName, "close_all leaked mailboxes");
  if (ok)
    kprint("({}) descriptors: {} per table, lowest free first, bad ones refused, close_all releases all\n", kName,
           ipc::MailboxTable::kSlots);
  return ok;
}

}  // namespace

bool mailbox_test() {
  size_t allocations = kernel_heap_stats().allocation_count;
  bool ok = names_and_lifetime();
  ok = table_capacity() && ok;
  ok = messages() && ok;
  ok = descriptor_table() && ok;
  ok &= check(kernel_heap_stats().allocation_count == allocations, kName, "{} heap blocks leaked",
              kernel_heap_stats().allocation_count - allocations);
  if (ok) kprint("({}) no heap blocks leaked\n", kName);
  ok = ok && receiver_blocks();
  ok = ok && producers_and_consumers();
  return ok && worker_failures.count() == 0;
}

}  // namespace cw::ktest
