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

// pipefs's name of a pipe (Linux fs/pipe.c pipefs_dname): "pipe:[inode]".
Result<uint32_t> pipe_name(uint64_t inode, char* out, uint32_t capacity) {
  char text[32];
  size_t n = format_to(text, sizeof(text), "pipe:[{}]", inode);
  if (n > capacity) return Error::Range;
  __builtin_memcpy(out, text, n);
  return static_cast<uint32_t>(n);
}

uint64_t next_pipe_inode() {
  static uint64_t next = 1;
  cpu::InterruptGuard guard;
  return next++;
}

}  // namespace

// The queue the ends share; it goes when the last end closes (and leaves its FIFO, if it has one). Its
// counters change with interrupts off (one CPU), and every wait re-checks after waking.
class Pipe {
public:
  Pipe(uint32_t reading, uint32_t writing, Fifo* fifo)
      : readers(reading), writers(writing), inode(next_pipe_inode()), fifo_(fifo) {}

  uint8_t data[kPipeCapacity];
  uint32_t head = 0;   // next byte to read
  uint32_t count = 0;  // bytes queued
  uint32_t readers;
  uint32_t writers;
  uint64_t inode;      // a number of its own, as pipefs gives each pipe
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
  // Called when an end closes (a reader, a writer or both); the pipe is freed with the last one.
  void drop_end(bool reader, bool writer) {
    bool last;
    {
      cpu::InterruptGuard guard;
      if (reader) --readers;
      if (writer) --writers;
      if (reader) writable.wake_all();  // a writer sees EPIPE
      if (writer) readable.wake_all();  // a reader end of file
      readiness_changed();
      last = readers == 0 && writers == 0;
      if (last && fifo_) fifo_->pipe_ = nullptr;  // the next open makes a new one
    }
    if (last) delete this;
  }

  // Linux's pipe_read, into the caller's buffer.
  Result<uint32_t> read(const File& file, uint32_t address, uint32_t length) {
    uint8_t chunk[kReadChunk];
    for (;;) {
      uint32_t n;
      {
        cpu::InterruptGuard guard;
        while (count == 0) {
          if (writers == 0) return 0u;
          if (file.status_flags() & kOpenNonblock) return Error::TryAgain;
          TRY(readable.wait_interruptible());
        }
        n = count < length ? count : length;
        if (n > kReadChunk) n = kReadChunk;
        copy_out_of(chunk, n);
      }
      // The bytes leave the pipe only once they are in the caller's memory (a fault may sleep; another
      // reader of the same pipe may have taken them meanwhile: then look again).
      TRY(current_space().copy_out(VirtAddr(address), chunk, n));
      cpu::InterruptGuard guard;
      if (count < n) continue;
      consume(n);
      writable.wake_all();
      readiness_changed();
      return n;
    }
  }

  // Linux's pipe_write: rounds of at most kAtomicBytes, each copied in from the caller first (which may
  // fault and sleep), then put in the pipe in one piece, so a write of at most PIPE_BUF bytes is never
  // split.
  Result<uint32_t> write(const File& file, uint32_t address, uint32_t length) {
    auto buffer = kmalloc(kAtomicBytes);
    if (!buffer) return buffer.error();
    auto* chunk = static_cast<uint8_t*>(buffer.value());
    auto result = write_rounds(file, chunk, address, length);
    kfree(chunk);
    return result;
  }

  // Readable with bytes queued, hung up once no write end is left (Linux pipe_poll); writable while
  // PIPE_BUF bytes fit (then a write of that size cannot block), an error once no read end is left.
  uint16_t read_ready() const {
    return static_cast<uint16_t>((count > 0 ? kPollIn : 0) | (writers == 0 ? kPollHup : 0));
  }
  uint16_t write_ready() const {
    if (readers == 0) return kPollErr;
    return room() >= kAtomicBytes ? kPollOut : 0;
  }

private:
  // SIGPIPE, then EPIPE, or the bytes written so far.
  static Result<uint32_t> broken(uint32_t done) {
    Process* self = proc::current();
    signal::send(*self, abi::kSigPipe, signal::user_info(abi::kSiUser, self->pid));
    if (done > 0) return done;
    return Error::BrokenPipe;
  }

  Result<uint32_t> write_rounds(const File& file, uint8_t* chunk, uint32_t address, uint32_t length) {
    uint32_t done = 0;
    while (done < length) {
      uint32_t n = length - done < kAtomicBytes ? length - done : kAtomicBytes;
      auto copied = current_space().copy_in(chunk, VirtAddr(address + done), n);
      if (!copied) {
        if (done > 0) return done;
        return copied.error();
      }
      cpu::InterruptGuard guard;
      while (readers > 0 && room() < n) {
        if (file.status_flags() & kOpenNonblock) {
          if (done > 0) return done;
          return Error::TryAgain;
        }
        auto woken = writable.wait_interruptible();
        if (!woken) {
          if (done > 0) return done;
          return woken.error();
        }
      }
      if (readers == 0) return broken(done);
      append(chunk, n);
      readable.wake_all();
      readiness_changed();
      done += n;
    }
    return done;
  }

  Fifo* fifo_;
};

namespace {

// One end of a pipe: reading, writing, or both (a FIFO opened O_RDWR). A FIFO's end holds its node.
class PipeEnd final : public File {
public:
  PipeEnd(Pipe* pipe, bool reads, bool writes, uint32_t flags, Node* node)
      : File((reads && writes ? kOpenReadWrite : reads ? kOpenReadOnly : kOpenWriteOnly) | flags),
        pipe_(pipe), reads_(reads), writes_(writes), node_(node) {
    if (node_) node_->ref();
  }

  Result<uint32_t> read(uint32_t address, uint32_t length) override {
    if (!reads_) return Error::BadDescriptor;
    return pipe_->read(*this, address, length);
  }
  Result<uint32_t> write(uint32_t address, uint32_t length) override {
    if (!writes_) return Error::BadDescriptor;
    return pipe_->write(*this, address, length);
  }
  uint16_t ready() const override {
    return static_cast<uint16_t>((reads_ ? pipe_->read_ready() : 0) | (writes_ ? pipe_->write_ready() : 0));
  }

  FileStatus status() const override {
    if (node_) return node_->status();
    return with_boot_times(FileStatus{abi::kModeFifo | 0600, 0, 0, pipe_->inode, 4096});
  }
  Node* node() const override { return node_; }
  Result<uint32_t> pseudo_name(char* out, uint32_t capacity) const override {
    return pipe_name(pipe_->inode, out, capacity);
  }

protected:
  void last_close() override {
    pipe_->drop_end(reads_, writes_);
    if (node_) node_->unref();
  }

private:
  Pipe* pipe_;
  bool reads_;
  bool writes_;
  Node* node_;
};

}  // namespace

Result<PipeEnds> create_pipe(uint32_t flags) {
  auto pipe = try_new<Pipe>(1u, 1u, nullptr);
  if (!pipe) return pipe.error();
  auto reader = try_new<PipeEnd>(pipe.value(), true, false, flags, nullptr);
  auto writer = try_new<PipeEnd>(pipe.value(), false, true, flags, nullptr);
  if (!reader || !writer) {
    // Each end that exists takes its share of the pipe with it; the other share is dropped by hand.
    if (reader) reader.value()->unref(); else pipe.value()->drop_end(true, false);
    if (writer) writer.value()->unref(); else pipe.value()->drop_end(false, true);
    return Error::NoMemory;
  }
  return PipeEnds{reader.value(), writer.value()};
}

Result<File*> Fifo::open(Node& node, uint32_t flags) {
  uint32_t access = flags & kOpenAccessMode;
  bool reads = access != kOpenWriteOnly;
  bool writes = access != kOpenReadOnly;
  bool nonblock = (flags & kOpenNonblock) != 0;
  // A FIFO with no pipe gets one made before anything counts (allocation may sleep, so with interrupts
  // on, and then nothing may fail once this open counts as an end); the look is repeated after it, and
  // the spare freed if another open made one meanwhile.
  Pipe* spare = nullptr;
  Pipe* pipe = nullptr;
  bool make = false;
  bool interrupted = false;
  while (!pipe) {
    if (make) spare = TRY(try_new<Pipe>(0u, 0u, this));
    cpu::InterruptGuard guard;
    if (!pipe_) {
      make = spare == nullptr;
      if (make) continue;
      pipe_ = spare;
      spare = nullptr;
    }
    pipe = pipe_;
    if (writes && !reads && nonblock && pipe->readers == 0) {
      if (pipe->writers == 0) {  // no end uses it: it was made for this open
        pipe_ = nullptr;
        delete pipe;
      }
      delete spare;
      return Error::NoDeviceOrAddress;
    }
    if (reads) {
      ++pipe->readers;
      ++reader_opens_;
    }
    if (writes) {
      ++pipe->writers;
      ++writer_opens_;
    }
    opened_.wake_all();
    // Wait for the other side: a reader for a writer (unless O_NONBLOCK), a writer for a reader; O_RDWR
    // is both and waits for neither. An open of the other side counts even if that end closed again.
    uint32_t seen_readers = reader_opens_, seen_writers = writer_opens_;
    bool wait_writer = reads && !writes && !nonblock;
    bool wait_reader = writes && !reads;
    while ((wait_writer && pipe->writers == 0 && writer_opens_ == seen_writers) ||
           (wait_reader && pipe->readers == 0 && reader_opens_ == seen_readers)) {
      if (!opened_.wait_interruptible()) {
        interrupted = true;
        break;
      }
    }
  }
  delete spare;
  if (interrupted) {  // Linux's fifo_open: an interrupted open gives its end back
    pipe->drop_end(reads, writes);
    return Error::Interrupted;
  }
  auto end = try_new<PipeEnd>(pipe, reads, writes, flags & kOpenNonblock, &node);
  if (!end) {
    pipe->drop_end(reads, writes);
    return end.error();
  }
  return static_cast<File*>(end.value());
}

}  // namespace cw::fs
