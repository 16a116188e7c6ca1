// Pipes (pipe(2), Linux fs/pipe.c as the reference): a bounded byte queue between a read end and a write
// end, each an open file description (kernel/fs/file.h) that fork and dup share.
//
//   read   blocks while the pipe is empty and a write end is open; returns what is there (up to the
//          request), 0 at end of file (empty, no write end left); EAGAIN with O_NONBLOCK; EINTR when a
//          signal cuts the wait short (restarted with SA_RESTART, kernel/signal/restart.h).
//   write  blocks while the pipe is full; a write of at most kAtomicBytes (PIPE_BUF) goes in at once,
//          never interleaved with another writer's; a larger one may be split. With no read end left:
//          SIGPIPE to the writer and EPIPE. A signal after some bytes went in returns their count.
#pragma once

#include <cstdint>

#include "kernel/fs/file.h"
#include "lib/result.h"

namespace cw::fs {

inline constexpr uint32_t kPipeCapacity = 16384;
inline constexpr uint32_t kAtomicBytes = 4096;  // PIPE_BUF

struct PipeEnds {
  File* read_end;
  File* write_end;
};

// A new pipe: both ends with one reference each, `flags` (O_NONBLOCK) as their status flags.
// Errors: NoMemory.
Result<PipeEnds> create_pipe(uint32_t flags);

}  // namespace cw::fs
