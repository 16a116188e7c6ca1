// Read-around and the switches of swap clustering (docs/vm.md "Read-around and swap clustering").
//
// A major fault reads its page and, in the same disk command, the pages that follow it in the same
// memory object when they are missing and their bytes follow on the disk:
//   * a page of a program on the disk (ProgramImage of a /bin program, not of a /tmp file, whose pages
//     are in memory already: a read-only page the ELF plan fills with one whole page of the
//     file; ProgramFile: a page of a /bin file mapping): the next pages of the file, Linux's
//     fault-around and readahead;
//   * a page in swap: the next pages of the same object whose slots are the next slots (pages evicted
//     together get neighbouring slots, mm/pager.cpp), Linux's swap readahead.
// How many is the adaptive window (mm/read_around_window.h), one for program pages and one for swap
// pages: a page read ahead is marked (PageEntry::kReadAhead); the first fault that maps it counts it
// used, an eviction that finds the mark counts it wasted. Frames for the extra pages come from
// pager::allocate_speculative: free frames (the one after the previous page's first, so that the run is
// one buffer), and for program pages also victims the policy chooses that need no write; never a wait
// or a write, so read-around never delays the faulting page beyond its one longer command.
//
// Boot options: readaround=off turns both windows off, swapreadaround=off only the swap one,
// swapcluster=off the clustered swap writes (each evicted page written alone, as before).
#pragma once

#include <cstdint>

#include "lib/cmdline.h"
#include "lib/types.h"
#include "mm/swap_map.h"

namespace cw {

class AddressSpace;

namespace mm {
class MemoryObject;
struct PageEntry;
}  // namespace mm

namespace readaround {

void init(const CommandLine& cmdline);
bool swap_clustering();

// A page read ahead was evicted untouched / is mapped by a fault (which clears its mark). Interrupts off.
void note_wasted(const mm::MemoryObject& owner);
void note_used(const mm::MemoryObject& owner, mm::PageEntry& entry);

// The faulting page `index` of `object` is in swap `slot`; its entry names `frame` (UnderIo), claimed
// by the caller. Reads it, with the following pages that `seen_from` (the faulting region's object)
// sees in `object` and whose slots follow `slot`, by one command, and commits those extra pages.
// Returns the pages read (the faulting one included), or 0 when nothing was read: no neighbour could be
// had, or the command failed; the caller then reads its page alone, as without read-around.
uint32_t swap_in(mm::MemoryObject& object, mm::MemoryObject& seen_from, uint32_t index, mm::SwapSlot slot,
                 PhysAddr frame, const AddressSpace& faulting);

// The same for page `index` of a program object `root` (ProgramImage or ProgramFile), `frame` zeroed.
// Returns the pages read, or 0 (the caller reads its page alone). `sectors` gets the sectors read.
uint32_t read_program(mm::MemoryObject& root, uint32_t index, PhysAddr frame, const AddressSpace& faulting,
                      uint32_t* sectors);

}  // namespace readaround
}  // namespace cw
