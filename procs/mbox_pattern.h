// The message stream shared by mbox_producer and mbox_consumer. The size and every byte of message
// number `seq` are functions of seq alone, so the consumer can verify each message it receives with no
// other channel between the two programs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mbox_pattern {

inline constexpr const char* kDefaultMailbox = "mbox_demo";
inline constexpr uint32_t kDefaultCount = 64;

// In [1, max_message]; message 0 has 1 byte and message 1 the maximum, and the rest spread over the
// range (97 is odd, so for a power-of-two maximum every size turns up within max_message messages).
constexpr size_t message_size(uint32_t seq, size_t max_message) {
  if (seq == 1) return max_message;
  return 1 + (static_cast<size_t>(seq) * 97) % max_message;
}

constexpr uint8_t message_byte(uint32_t seq, size_t index) {
  return static_cast<uint8_t>(seq * 31 + index * 7 + (index >> 8) + 1);
}

static_assert(message_size(0, 256) == 1 && message_size(1, 256) == 256 && message_size(2, 256) == 195);

}  // namespace mbox_pattern
