// A boot-time self-test of the ATA driver through the block layer, for the `ata_selftest` kernel
// command-line flag. Call after ata_init() and after the kernel heap is up (it allocates its buffers).
//
// What it does, on every disk in block::block_registry():
//   * reads sector 0 and reports whether it has the MBR signature; on a disk larger than the 28-bit range, reads its last
//     sectors and a run straddling sector 2^28 (READ SECTORS EXT);
//   * reads sector 0 of the system partition (type 0x7F) through the Partition and checks the superblock
//     magic and that the same bytes come from the disk at the partition's first LBA;
//   * on each swap partition (type 0x82), at its start and at its end: saves a multi-page region (more
//     sectors than one command moves), writes a pattern, reads it back (also into an unaligned buffer)
//     and compares, then restores the saved contents and checks them; on a drive with bus-master DMA once
//     by DMA (checking that DMA commands moved the data and the unaligned buffer was bounced) and once
//     by PIO. Only swap partitions are written, and their contents are put back, so the test is safe on a
//     real disk (but not while swap is in use: it runs at boot, before swap::init);
//   * checks that requests outside a device or partition (past the end, straddling it, wrapping around
//     2^64, a null buffer) fail with Range / InvalidArgument and issue no command.
// Prints one line per step and "ata selftest: PASS" or "ata selftest: FAIL (n of m checks failed)".
#pragma once

#include "lib/result.h"

namespace cw::ata {

// Ok if every check passed; Io if any failed; NoMemory if the buffers could not be allocated.
Result<void> ata_selftest();

}  // namespace cw::ata
