// Transfer Request Blocks (xHCI 1.2 section 6.4): the 16-byte unit of every ring. Builders for the TRBs
// this driver produces and accessors for the events it consumes. Hardware-independent (xhci_core).
//
// A builder leaves the cycle bit (dword 3 bit 0) clear: the ring that enqueues the TRB sets it
// (ring.h). Pointers are bus addresses (uint64); the kernel's are below 4 GiB.
#pragma once

#include <cstdint>

#include "drivers/usb/core/usb_spec.h"

namespace cw::xhci {

struct Trb {
  uint32_t d[4] = {0, 0, 0, 0};
};
static_assert(sizeof(Trb) == 16);

// TRB Type field values (table 6-91).
enum class TrbType : uint8_t {
  Normal = 1,
  SetupStage = 2,
  DataStage = 3,
  StatusStage = 4,
  Link = 6,
  NoOp = 8,
  EnableSlot = 9,
  DisableSlot = 10,
  AddressDevice = 11,
  ConfigureEndpoint = 12,
  EvaluateContext = 13,
  ResetEndpoint = 14,
  StopEndpoint = 15,
  SetTrDequeue = 16,
  NoOpCommand = 23,
  TransferEvent = 32,
  CommandCompletionEvent = 33,
  PortStatusChangeEvent = 34,
  HostControllerEvent = 37,
};

// Dword 3 flag bits shared by the transfer TRBs (6.4.1).
inline constexpr uint32_t kTrbCycle = 1u << 0;
inline constexpr uint32_t kTrbToggleCycle = 1u << 1;  // Link TRB only
inline constexpr uint32_t kTrbEnt = 1u << 1;
inline constexpr uint32_t kTrbIsp = 1u << 2;          // interrupt on short packet
inline constexpr uint32_t kTrbChain = 1u << 4;
inline constexpr uint32_t kTrbIoc = 1u << 5;          // interrupt on completion
inline constexpr uint32_t kTrbIdt = 1u << 6;          // immediate data (Setup Stage)
inline constexpr uint32_t kTrbDirIn = 1u << 16;       // Data and Status Stage direction

// Largest TRB Transfer Length (17 bits, 6.4.1.1) and the boundary no TRB's buffer may cross (4.11.7.1).
inline constexpr uint32_t kMaxTrbLength = 0x10000;
inline constexpr uint64_t kTrbBoundary = 0x10000;

constexpr TrbType trb_type(const Trb& t) { return static_cast<TrbType>((t.d[3] >> 10) & 0x3F); }
constexpr bool trb_cycle(const Trb& t) { return (t.d[3] & kTrbCycle) != 0; }
constexpr uint64_t trb_pointer(const Trb& t) { return t.d[0] | (static_cast<uint64_t>(t.d[1]) << 32); }

// Event fields (6.4.2): completion code in dword 2 bits 31:24, slot id dword 3 bits 31:24, endpoint id
// (DCI) of a Transfer Event dword 3 bits 20:16, port id of a Port Status Change Event dword 0 bits 31:24.
constexpr uint8_t event_completion_code(const Trb& t) { return static_cast<uint8_t>(t.d[2] >> 24); }
constexpr uint32_t event_transfer_residue(const Trb& t) { return t.d[2] & 0xFFFFFF; }
constexpr uint8_t event_slot(const Trb& t) { return static_cast<uint8_t>(t.d[3] >> 24); }
constexpr uint8_t event_endpoint(const Trb& t) { return static_cast<uint8_t>((t.d[3] >> 16) & 0x1F); }
constexpr uint8_t event_port(const Trb& t) { return static_cast<uint8_t>(t.d[0] >> 24); }

// TD Size (4.11.2.4): packets still to move after this TRB, saturated at 31; 0 in the last TRB of a TD.
uint32_t td_size(uint64_t bytes_after_this_trb, uint16_t max_packet);

// --- Transfer TRBs ----------------------------------------------------------------------------------

// Normal TRB (6.4.1.1). `flags` from the kTrb* bits (CH, ISP, IOC).
Trb normal_trb(uint64_t buffer, uint32_t length, uint32_t td_size, uint32_t flags);
// Setup Stage TRB (6.4.1.2.1): the 8-byte packet as immediate data, TRT from the data stage (4.11.2.2).
Trb setup_stage_trb(const usb::SetupPacket& setup);
// Data Stage TRB (6.4.1.2.2).
Trb data_stage_trb(uint64_t buffer, uint32_t length, uint32_t td_size, usb::Direction dir, uint32_t flags);
// Status Stage TRB (6.4.1.2.3): direction opposite to the data stage, IN without one; IOC set.
Trb status_stage_trb(bool data_in, bool has_data);
// Link TRB (6.4.4.1) to `segment`, Toggle Cycle set when it closes the ring.
Trb link_trb(uint64_t segment, bool toggle_cycle);

// --- Command TRBs (6.4.3) ---------------------------------------------------------------------------

Trb no_op_command_trb();
Trb enable_slot_trb(uint8_t slot_type);
Trb disable_slot_trb(uint8_t slot);
Trb address_device_trb(uint64_t input_context, uint8_t slot, bool block_set_address);
Trb configure_endpoint_trb(uint64_t input_context, uint8_t slot);
Trb evaluate_context_trb(uint64_t input_context, uint8_t slot);
Trb reset_endpoint_trb(uint8_t slot, uint8_t dci);
Trb stop_endpoint_trb(uint8_t slot, uint8_t dci);
// Set TR Dequeue Pointer (6.4.3.9): `dequeue` 16-byte aligned, DCS the cycle state the ring expects there.
Trb set_tr_dequeue_trb(uint8_t slot, uint8_t dci, uint64_t dequeue, bool dcs);

}  // namespace cw::xhci
