// The hardware-independent part of the UHCI driver: builds the Transfer Descriptor chain of one control
// or bulk transfer and decodes the chain once the controller is done with it (UHCI Design Guide 1.1,
// "DG": 3.2 Transfer Descriptor, 3.3 Queue Head, 3.4 schedule processing). Shared by the kernel driver
// and the host tests; it touches no hardware, only memory the caller provides.
//
// A chain is an array of TDs linked in order, depth first (Vf), each pointing at the next and the last
// terminating; the driver hangs it from its queue head's element pointer. Every TD starts Active with
// C_ERR = 3; IN data TDs have SPD (short packet detect) so that a short packet stops the queue (DG 3.2.2);
// the last TD has IOC. Physical addresses are plain uint32_t: the caller says where the TD array and the
// buffers are in physical memory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_spec.h"
#include "lib/error.h"
#include "lib/result.h"

namespace cw::usb::uhci {

// One TD as the controller reads it (DG 3.2; 16-byte aligned). `volatile`: the controller writes the
// status dword behind the compiler's back.
struct alignas(16) Td {
  volatile uint32_t link;
  volatile uint32_t status;
  volatile uint32_t token;
  volatile uint32_t buffer;
};
static_assert(sizeof(Td) == 16);

// A queue head (DG 3.3; 16-byte aligned): the horizontal link and the element (first pending TD).
struct alignas(16) Qh {
  volatile uint32_t head;
  volatile uint32_t element;
  uint32_t unused[2];
};
static_assert(sizeof(Qh) == 16);

// Memory for a chain: `capacity` TDs at `tds`, the first at physical address `phys` (16-byte aligned),
// the rest following contiguously.
struct TdArray {
  Td* tds;
  uint32_t phys;
  size_t capacity;

  uint32_t phys_of(size_t i) const { return phys + static_cast<uint32_t>(i * sizeof(Td)); }
};

// The endpoint a chain talks to.
struct Target {
  uint8_t address = 0;     // 0-127
  uint8_t endpoint = 0;    // 0-15
  bool low_speed = false;  // LS bit in every TD (DG 3.2.2); the controller sends PRE through hubs
  uint16_t max_packet = 8; // 1..kMaxPacketBytes
};

// The TDs a control transfer with a `length`-byte data stage of packets of `max_packet` needs: SETUP,
// ceil(length / max_packet) data packets, STATUS.
size_t control_td_count(uint16_t length, uint16_t max_packet);

// Builds a control transfer (USB 2.0 8.5.3) into `array`: SETUP (DATA0, 8 bytes at `setup_phys`), the
// data stage of `length` bytes at `data_phys` in `direction`, in packets of target.max_packet with
// toggles DATA1, DATA0, ..., then the STATUS stage: a zero-length packet the other way (IN when there
// is no data stage), DATA1. Returns the number of TDs; the data stage is TDs [1, count - 1).
// InvalidArgument for a bad target (address > 127, endpoint > 15, max_packet 0 or > 1023), TooBig when
// the chain does not fit in `array`.
Result<size_t> build_control(const TdArray& array, const Target& target, uint32_t setup_phys, Direction direction,
                             uint32_t data_phys, uint16_t length);

// A bulk chain: as many packets of `length` bytes at `data_phys` as fit in `array` (at least one; a
// zero-length transfer is one zero-length packet), toggles alternating from `toggle` (true: DATA1).
struct BulkChain {
  size_t tds = 0;    // TDs built: the whole chain is the data stage
  size_t bytes = 0;  // bytes those TDs cover; less than `length` when `array` was too small
};
Result<BulkChain> build_bulk(const TdArray& array, const Target& target, Direction direction, bool toggle,
                             uint32_t data_phys, size_t length);

// What a chain has done so far.
enum class Progress : uint8_t {
  Pending,  // the controller still has work in it
  Done,     // finished without error
  Failed,   // stopped at an error; `error` says which
};

struct Outcome {
  Progress progress = Progress::Pending;
  Error error = Error::Io;     // meaningful when Failed
  size_t bytes = 0;            // data-stage bytes moved by completed TDs
  size_t completed = 0;        // data-stage TDs that completed (each flipped the endpoint's toggle)
  bool short_packet = false;   // the data stage ended with a short IN packet
  size_t pending_at = 0;       // Pending: the first TD still active
};

// Decodes `count` TDs whose data stage is [data_begin, data_end) (a control chain: [1, count - 1); a
// bulk chain: [0, count)). TDs are examined in order; the first Active one makes the chain Pending; one
// with an error bit makes it Failed with the error host_controller.h defines (DG 3.2.2): Bitstuff,
// CRC/Timeout and Data Buffer Error -> Protocol, Babble -> Overflow, Stalled alone -> BrokenPipe; an
// actual length above the TD's maximum (which a correct controller never reports) -> Overflow. A
// short data packet ends the data stage: the data TDs after it are skipped (they never run: SPD stopped
// the queue) and the decoding continues at data_end, so a control chain is Pending until its STATUS TD,
// which the driver must then start by pointing its queue head at it (pending_at), has run. A bulk chain is Done at a short packet.
Outcome decode(const Td* tds, size_t count, size_t data_begin, size_t data_end);

// The toggle (true: DATA1) an endpoint expects after a bulk chain that started with `toggle` and
// completed `completed` TDs.
constexpr bool toggle_after(bool toggle, size_t completed) { return toggle != ((completed & 1) != 0); }

// Clears Active in every TD of the chain (a cancelled transfer; DG 3.2.2), so that a controller that
// still holds a pointer into it skips them.
void deactivate(Td* tds, size_t count);

// The bytes one TD moved: ActLen decoded from its n - 1 form (0x7FF: 0).
constexpr size_t actual_length(uint32_t status) { return (status + 1) & 0x7FF; }
// The most bytes a TD may move: MaxLen decoded from its n - 1 form (0x7FF: 0).
constexpr size_t max_length(uint32_t token) { return ((token >> 21) + 1) & 0x7FF; }

}  // namespace cw::usb::uhci
