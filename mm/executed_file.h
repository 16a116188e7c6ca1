// The file an address space runs when it is not a program of the image's program directory: a /tmp file
// (kernel/fs/tmpfs/tmpfs_file.h), as Linux's mm->exe_file. Its bytes are its memory object's pages (page
// i holds bytes [4096 i, 4096 (i + 1))), from which the address space's image pages are read on demand.
//
// Every address space that runs the file is a runner of it. While it has runners the file stays (even
// unlinked) and cannot be opened for writing or truncated: ETXTBSY, Linux's deny_write_access, whose
// count Linux keeps with the mm too. A runner of it is taken before the ELF header is read, so the bytes
// planned are the bytes run.
#pragma once

#include "lib/result.h"

namespace cw::mm {

class MemoryObject;

class ExecutedFile {
public:
  virtual MemoryObject& pages() = 0;
  // One more runner. Errors: TextBusy (the file is open for writing).
  virtual Result<void> add_runner() = 0;
  // One fewer: the last lets the file be written again, and may free it.
  virtual void remove_runner() = 0;

protected:
  ~ExecutedFile() = default;
};

}  // namespace cw::mm
