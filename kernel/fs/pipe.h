// Pipes (pipe(2), Linux fs/pipe.c as the reference): a bounded byte queue between a read end and a write
// end, each an open file description (kernel/fs/file.h) that fork and dup share.
//
//   read   blocks while the pipe is empty and a write end is open; returns what is there (up to the
//          request), 0 at end of file (empty, no write end left); EAGAIN with O_NONBLOCK; EINTR when a
//          signal cuts the wait short (restarted with SA_RESTART, kernel/signal/restart.h).
//   write  blocks while the pipe is full; a write of at most kAtomicBytes (PIPE_BUF) goes in at once,
//          never interleaved with another writer's; a larger one may be split. With no read end left:
//          SIGPIPE to the writer and EPIPE. A signal after some bytes went in returns their count.
//
// A named pipe (a FIFO node of /tmp, made by mknod or mkfifo) is the same queue behind a node: Fifo.
#pragma once

#include <cstdint>

#include "kernel/fs/file.h"
#include "kernel/sched/wait_queue.h"
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

class Pipe;

// The pipe behind a FIFO node (Linux fs/pipe.c fifo_open): made by the first open, gone with the last
// close, and its bytes with it. Opening for reading waits for a writer and opening for writing waits
// for a reader (interruptibly: EINTR); with O_NONBLOCK a reader opens at once and a writer with no
// reader gets ENXIO; O_RDWR never waits. The ends hold a reference on the node, which fstat and
// /proc/PID/fd report. Owned by the node; destroyed only when no end is open (an end holds the node).
class Fifo {
public:
  Fifo() = default;
  Fifo(const Fifo&) = delete;
  Fifo& operator=(const Fifo&) = delete;

  // An open end of `node`'s pipe, with one reference; `flags` are open(2)'s (the access mode and
  // O_NONBLOCK matter). Errors: Interrupted, NoDeviceOrAddress (ENXIO), NoMemory.
  Result<File*> open(Node& node, uint32_t flags);

private:
  friend class Pipe;
  Pipe* pipe_ = nullptr;
  WaitQueue opened_;          // opens waiting for the other side
  uint32_t reader_opens_ = 0;  // opens so far, so a waiter sees an open even if that end closed again
  uint32_t writer_opens_ = 0;
};

}  // namespace cw::fs
