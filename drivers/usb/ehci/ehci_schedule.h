// The hardware-independent part of the EHCI driver (EHCI 1.0): queue heads (3.6) and queue element
// transfer descriptors (qTDs, 3.5) for control and bulk transfers, linking a queue head into and out of
// the asynchronous schedule's circular list (4.8), and decoding qTDs the controller has retired (4.10).
// Shared by the kernel driver and the host tests; it touches no hardware, only memory the caller gives,
// with physical addresses as plain uint32_t.
//
// A transfer is one queue head and a chain of qTDs linked by their next pointers, the last terminating.
// Every qTD starts Active with CERR = 3 and covers at most kQtdMaxBytes (always a whole number of
// packets, so that only the last qTD of a transfer can end in a short packet). A control transfer's data
// qTDs name the STATUS qTD as their alternate next pointer, so that a short IN packet skips to the status
// stage (4.10.2); a bulk transfer's alternate pointers terminate, so a short packet ends it. The last qTD
// has IOC.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_spec.h"
#include "lib/error.h"
#include "lib/result.h"

namespace cw::usb::ehci {

// Link pointers (3.1, 3.5.1): T terminates; a horizontal link names the type of what it points at.
inline constexpr uint32_t kLinkTerminate = 1u << 0;
inline constexpr uint32_t kLinkTypeQh = 1u << 1;  // Typ = 01b
inline constexpr uint32_t kLinkAddressMask = ~0x1Fu;

// qTD token (3.5.3).
inline constexpr uint32_t kTokenToggle = 1u << 31;
inline constexpr uint32_t kTokenIoc = 1u << 15;
inline constexpr uint32_t kTokenCerr3 = 3u << 10;
inline constexpr uint32_t kTokenPidOut = 0u << 8;
inline constexpr uint32_t kTokenPidIn = 1u << 8;
inline constexpr uint32_t kTokenPidSetup = 2u << 8;
inline constexpr uint32_t kTokenPidMask = 3u << 8;
inline constexpr uint32_t kStatusActive = 1u << 7;
inline constexpr uint32_t kStatusHalted = 1u << 6;
inline constexpr uint32_t kStatusDataBuffer = 1u << 5;
inline constexpr uint32_t kStatusBabble = 1u << 4;
inline constexpr uint32_t kStatusTransaction = 1u << 3;
inline constexpr uint32_t kStatusMissedMicroframe = 1u << 2;
constexpr uint32_t token_bytes(uint32_t token) { return (token >> 16) & 0x7FFF; }

// QH endpoint characteristics (3.6.2) and capabilities (3.6.3).
inline constexpr uint32_t kQhControlEndpoint = 1u << 27;  // C: a full/low-speed control endpoint
inline constexpr uint32_t kQhHeadOfList = 1u << 15;       // H: head of reclamation list
inline constexpr uint32_t kQhToggleFromQtd = 1u << 14;    // DTC
inline constexpr uint32_t kQhSpeedFull = 0u << 12;
inline constexpr uint32_t kQhSpeedLow = 1u << 12;
inline constexpr uint32_t kQhSpeedHigh = 2u << 12;
inline constexpr uint32_t kQhMult1 = 1u << 30;

// The most bytes one qTD moves: five page pointers cover 16 KiB from any start (3.5.4).
inline constexpr uint32_t kQtdMaxBytes = 16384;
inline constexpr uint16_t kMaxPacketBytes = 1024;  // 3.6.2: Maximum Packet Length, at most 0x400
inline constexpr uint32_t kDescriptorAlign = 32;  // qTDs and QHs: 32-byte aligned (3.5, 3.6)

// A qTD (3.5; 32-byte aligned) with the 64-bit extension (Appendix B) and, past what the controller reads,
// the bytes it was built for (the token's count is decremented by the controller).
struct alignas(64) Qtd {
  volatile uint32_t next;
  volatile uint32_t alternate;
  volatile uint32_t token;
  volatile uint32_t buffer[5];
  volatile uint32_t buffer_high[5];
  uint32_t length;  // software only
  uint32_t unused[2];
};
static_assert(sizeof(Qtd) == 64);

// The transfer overlay of a queue head (3.6.3): the qTD being worked on.
struct QtdOverlay {
  volatile uint32_t next;
  volatile uint32_t alternate;  // bits 4:1 are the NAK counter
  volatile uint32_t token;
  volatile uint32_t buffer[5];
  volatile uint32_t buffer_high[5];
};

// A queue head (3.6; 32-byte aligned), padded to a multiple of 32 bytes.
struct alignas(32) Qh {
  volatile uint32_t horizontal;
  volatile uint32_t characteristics;
  volatile uint32_t capabilities;
  volatile uint32_t current;
  QtdOverlay overlay;
  uint32_t unused[7];
};
static_assert(sizeof(Qh) == 96);

// Memory for a chain: `capacity` qTDs at `qtds`, the first at physical address `phys`, the rest following.
struct QtdArray {
  Qtd* qtds;
  uint32_t phys;
  size_t capacity;

  uint32_t phys_of(size_t i) const { return phys + static_cast<uint32_t>(i * sizeof(Qtd)); }
};

// The endpoint a queue head talks to.
struct Target {
  uint8_t address = 0;      // 0-127
  uint8_t endpoint = 0;     // 0-15
  Speed speed = Speed::High;
  uint16_t max_packet = 64;  // 1-1024
  bool control = false;     // endpoint 0: toggles from the qTDs (DTC), C for a full/low-speed device
  uint8_t hub_address = 0;  // full/low speed: the high-speed hub whose transaction translator serves it
  uint8_t hub_port = 0;     //   and the port of that hub (3.6.3; 4.12 split transactions)
};

// Fills `qh` for `target` (not yet linked): characteristics and capabilities, and an overlay that starts
// at the qTD at `first_qtd_phys` with data toggle `toggle` (used when the toggle is kept in the queue
// head: every endpoint but a control endpoint). InvalidArgument for a bad target (address > 127,
// endpoint > 15, max_packet 0 or > 1024, a low/full-speed device behind no hub).
Result<void> init_qh(Qh& qh, const Target& target, uint32_t first_qtd_phys, bool toggle);

// The head of the reclamation list (4.8.3): H set, an overlay that is halted so it never runs, and a
// horizontal link to itself (`self_phys`): the list is empty.
void init_anchor(Qh& anchor, uint32_t self_phys);

// The asynchronous list is circular through the horizontal links (4.8.1). link_after() puts `qh` (at
// `qh_phys`) between `prev` and what followed it; unlink_after() takes out what follows `prev` (which must
// be `qh`). The new links are written in an order a running controller can follow at every step; after
// unlinking, the queue head may still be in the controller's cache until the doorbell is answered (4.8.2).
void link_after(Qh& prev, Qh& qh, uint32_t qh_phys);
void unlink_after(Qh& prev, const Qh& qh);

// The qTDs a control transfer with a `length`-byte data stage needs: SETUP, the data qTDs, STATUS.
size_t control_qtd_count(uint32_t length, uint16_t max_packet);

// Builds a control transfer (USB 2.0 8.5.3): SETUP (DATA0, 8 bytes at `setup_phys`), the data stage of
// `length` bytes at `data_phys` in `direction` starting with DATA1, then STATUS the other way (IN when
// there is no data stage), DATA1, zero bytes, IOC. Returns the qTD count; the data stage is
// [1, count - 1). InvalidArgument for max_packet 0 or > 1024, TooBig when the chain does not fit.
Result<size_t> build_control(const QtdArray& array, uint16_t max_packet, uint32_t setup_phys, Direction direction,
                             uint32_t data_phys, uint32_t length);

// A bulk chain: as much of `length` bytes at `data_phys` as fits in `array` (a zero-length transfer is
// one zero-length qTD). The data toggle lives in the queue head (init_qh).
struct BulkChain {
  size_t qtds = 0;
  size_t bytes = 0;  // less than `length` when `array` was too small
};
Result<BulkChain> build_bulk(const QtdArray& array, uint16_t max_packet, Direction direction, uint32_t data_phys,
                             size_t length);

enum class Progress : uint8_t { Pending, Done, Failed };

struct Outcome {
  Progress progress = Progress::Pending;
  Error error = Error::Io;    // meaningful when Failed
  size_t bytes = 0;           // data-stage bytes moved
  bool short_packet = false;  // the data stage ended with a short IN packet
};

// Decodes `count` qTDs whose data stage is [data_begin, data_end) (control: [1, count - 1); bulk:
// [0, count)), in order. An Active qTD makes the chain Pending, except data qTDs after a short packet
// (the controller skipped them through the alternate pointer). A Halted qTD makes it Failed (3.5.3):
// Babble, Transaction Error, Data Buffer Error or Missed Micro-frame -> Protocol; Halted alone (a STALL
// handshake) -> BrokenPipe. A retired qTD with bytes left ended in a short packet: a bulk chain is Done,
// a control chain continues with STATUS. More bytes left than the qTD was built for -> Overflow.
Outcome decode(const Qtd* qtds, size_t count, size_t data_begin, size_t data_end);

// The data toggle a queue head that keeps it (not DTC) will use next, after the controller is done with it.
inline bool next_toggle(const Qh& qh) { return (qh.overlay.token & kTokenToggle) != 0; }

// The address a 32-byte-aligned horizontal link or qTD pointer points at.
constexpr uint32_t link_address(uint32_t link) { return link & kLinkAddressMask; }

}  // namespace cw::usb::ehci
