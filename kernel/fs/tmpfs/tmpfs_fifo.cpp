#include "kernel/fs/tmpfs/tmpfs_fifo.h"

#include "kernel/heap.h"

namespace cw::fs::tmpfs {

Result<TmpfsFifo*> TmpfsFifo::create(uint32_t permissions, Node& parent) {
  return try_new<TmpfsFifo>(permissions, parent);
}

}  // namespace cw::fs::tmpfs
