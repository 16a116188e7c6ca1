// What chmod, chown and the utime calls ask a node to change (Linux's struct iattr, include/linux/fs.h):
// each field is set only when its flag says so. Whatever changes, the node's ctime becomes the current
// time, as Linux's notify_change sets ATTR_CTIME for every one of these calls.
#pragma once

#include <cstdint>

#include "lib/timestamp.h"

namespace cw::fs {

// How a time field changes: left alone (UTIME_OMIT), set to the current time (UTIME_NOW, or a NULL
// times argument), or set to a given time.
enum class TimeChange : uint8_t { Keep, Now, Given };

struct AttributeChange {
  bool set_permissions = false;
  uint32_t permissions = 0;  // the low 12 bits of st_mode
  bool set_uid = false;
  uint32_t uid = 0;
  bool set_gid = false;
  uint32_t gid = 0;
  TimeChange atime = TimeChange::Keep;
  Timestamp atime_value;  // when atime is Given
  TimeChange mtime = TimeChange::Keep;
  Timestamp mtime_value;  // when mtime is Given
};

}  // namespace cw::fs
