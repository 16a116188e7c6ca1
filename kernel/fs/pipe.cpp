#include "kernel/fs/pipe.h"

#include "kernel/fs/readiness.h"

#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/signal/send.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/signal.h"
#include "lib/abi/stat.h"
#include "lib/format.h"

namespace cw::fs {

namespace {

using syscall::current_space;

inline constexpr uint32_t kReadChunk = 512;

// The queue both ends share; it goes when the second end closes. Its counters change with interrupts
// off (one CPU), and every wait re-checks after waking.
class Pipe {
public:
  uint8_t data[kPipeCapacity];
  uint32_t head = 0;   // next byte to read
  uint32_t count = 0;  // bytes queued
  uint32_t readers = 1;
  uint32_t writers = 1;
  uint64_t inode = 0;  // a number of its own, as pipefs gives each pipe
  WaitQueue readable;  // readers waiting for bytes (or for the last writer to go)
  WaitQueue writable;  // writers waiting for room (or for the last reader to go)

  uint32_t room() const { return kPipeCapacity - count; }
  void copy_out_of(uint8_t* to, uint32_t n) const {
    for (uint32_t i = 0; i < n; ++i) to[i] = data[(head + i) % kPipeCapacity];
  }
  void append(const uint8_t* from, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) data[(head + count + i) % kPipeCapacity] = from[i];
    count += n;
  }
  void consume(uint32_t n) {
    head = (head + n) % kPipeCapacity;
    count -= n;
  }
  // Called when an end closes; the pipe is freed with the last one.
  void drop_end(bool reader) {
    bool last;
    {
      cpu::InterruptGuard guard;
      if (reader) --readers; else --writers;
      (reader ? writable : readable).wake_all();  // a writer sees EPIPE, a reader end of file
      readiness_changed();
      last = readers == 0 && writers == 0;
    }
    if (last) delete this;
  }
};

// pipefs's name of a pipe (Linux fs/pipe.c pipefs_dname): "pipe:[inode]".
Result<uint32_t> pipe_name(const Pipe& pipe, char* out, uint32_t capacity) {
  char text[32];
  size_t n = format_to(text, sizeof(text), "pipe:[{}]", pipe.inode);
  if (n > capacity) return Error::Range;
  __builtin_memcpy(out, text, n);
  return static_cast<uint32_t>(n);
}

class PipeReader final : public File {
public:
  PipeReader(Pipe* pipe, uint32_t flags) : File(kOpenReadOnly | flags), pipe_(pipe) {}

  Result<uint32_t> read(uint32_t address, uint32_t length) override {
    uint8_t chunk[kReadChunk];
    for (;;) {
      uint32_t n;
      {
        cpu::InterruptGuard guard;
        while (pipe_->count == 0) {
          if (pipe_->writers == 0) return 0u;
          if (status_flags() & kOpenNonblock) return Error::TryAgain;
          TRY(pipe_->readable.wait_interruptible());
        }
        n = pipe_->count < length ? pipe_->count : length;
        if (n > kReadChunk) n = kReadChunk;
        pipe_->copy_out_of(chunk, n);
      }
      // The bytes leave the pipe only once they are in the caller's memory (a fault may sleep; another
      // reader of the same pipe may have taken them meanwhile: then look again).
      TRY(current_space().copy_out(VirtAddr(address), chunk, n));
      cpu::InterruptGuard guard;
      if (pipe_->count < n) continue;
      pipe_->consume(n);
      pipe_->writable.wake_all();
      readiness_changed();
      return n;
    }
  }
  Result<uint32_t> write(uint32_t, uint32_t) override { return Error::BadDescriptor; }
  // Linux pipe_poll: readable with bytes queued, hung up once no write end is left.
  uint16_t ready() const override {
    return static_cast<uint16_t>((pipe_->count > 0 ? kPollIn : 0) | (pipe_->writers == 0 ? kPollHup : 0));
  }

  FileStatus status() const override {
    return with_boot_times(FileStatus{abi::kModeFifo | 0600, 0, 0, pipe_->inode, 4096});
  }
  Result<uint32_t> pseudo_name(char* out, uint32_t capacity) const override { return pipe_name(*pipe_, out, capacity); }

protected:
  void last_close() override { pipe_->drop_end(true); }

private:
  Pipe* pipe_;
};

class PipeWriter final : public File {
public:
  PipeWriter(Pipe* pipe, uint32_t flags) : File(kOpenWriteOnly | flags), pipe_(pipe) {}

  Result<uint32_t> read(uint32_t, uint32_t) override { return Error::BadDescriptor; }
  // Writable while PIPE_BUF bytes fit (then a write of that size cannot block); an error once no read
  // end is left.
  uint16_t ready() const override {
    if (pipe_->readers == 0) return kPollErr;
    return pipe_->room() >= kAtomicBytes ? kPollOut : 0;
  }
  Result<uint32_t> write(uint32_t address, uint32_t length) override {
    auto buffer = kmalloc(kAtomicBytes);
    if (!buffer) return buffer.error();
    auto* chunk = static_cast<uint8_t*>(buffer.value());
    auto result = write_rounds(chunk, address, length);
    kfree(chunk);
    return result;
  }

  FileStatus status() const override {
    return with_boot_times(FileStatus{abi::kModeFifo | 0600, 0, 0, pipe_->inode, 4096});
  }
  Result<uint32_t> pseudo_name(char* out, uint32_t capacity) const override { return pipe_name(*pipe_, out, capacity); }

protected:
  void last_close() override { pipe_->drop_end(false); }

private:
  // Linux's pipe_write: SIGPIPE, then EPIPE, or the bytes written so far.
  Result<uint32_t> broken(uint32_t done) {
    Process* self = proc::current();
    signal::send(*self, abi::kSigPipe, signal::user_info(abi::kSiUser, self->pid));
    if (done > 0) return done;
    return Error::BrokenPipe;
  }

  // Rounds of at most kAtomicBytes: each is copied in from the caller first (which may fault and
  // sleep), then goes into the pipe in one piece, so a write of at most PIPE_BUF bytes is never split.
  Result<uint32_t> write_rounds(uint8_t* chunk, uint32_t address, uint32_t length) {
    uint32_t done = 0;
    while (done < length) {
      uint32_t n = length - done < kAtomicBytes ? length - done : kAtomicBytes;
      auto copied = current_space().copy_in(chunk, VirtAddr(address + done), n);
      if (!copied) {
        if (done > 0) return done;
        return copied.error();
      }
      cpu::InterruptGuard guard;
      while (pipe_->readers > 0 && pipe_->room() < n) {
        if (status_flags() & kOpenNonblock) {
          if (done > 0) return done;
          return Error::TryAgain;
        }
        auto woken = pipe_->writable.wait_interruptible();
        if (!woken) {
          if (done > 0) return done;
          return woken.error();
        }
      }
      if (pipe_->readers == 0) return broken(done);
      pipe_->append(chunk, n);
      pipe_->readable.wake_all();
      readiness_changed();
      done += n;
    }
    return done;
  }

  Pipe* pipe_;
};

}  // namespace

Result<PipeEnds> create_pipe(uint32_t flags) {
  static uint64_t next_inode = 1;
  auto pipe = try_new<Pipe>();
  if (!pipe) return pipe.error();
  {
    cpu::InterruptGuard guard;
    pipe.value()->inode = next_inode++;
  }
  auto reader = try_new<PipeReader>(pipe.value(), flags);
  auto writer = try_new<PipeWriter>(pipe.value(), flags);
  if (!reader || !writer) {
    // Each end that exists takes its share of the pipe with it; the other share is dropped by hand.
    if (reader) reader.value()->unref(); else pipe.value()->drop_end(true);
    if (writer) writer.value()->unref(); else pipe.value()->drop_end(false);
    return Error::NoMemory;
  }
  return PipeEnds{reader.value(), writer.value()};
}

}  // namespace cw::fs
