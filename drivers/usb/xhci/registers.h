// Register offsets and bits of the xHCI register interface (xHCI 1.2 chapter 5). Constants only.
//   Capability registers (5.3) at BAR0, operational (5.4) at BAR0 + CAPLENGTH, runtime (5.5) at
//   BAR0 + RTSOFF, doorbells (5.6) at BAR0 + DBOFF, extended capabilities (7) at BAR0 + 4 * xECP.
#pragma once

#include <cstdint>

namespace cw::xhci::reg {

// Capability registers (5.3).
inline constexpr uint32_t kCapLength = 0x00;   // byte; HCIVERSION is the 16 bits at 0x02
inline constexpr uint32_t kHcsParams1 = 0x04;  // MaxSlots 7:0, MaxIntrs 18:8, MaxPorts 31:24
inline constexpr uint32_t kHcsParams2 = 0x08;  // IST 3:0, ERST Max 7:4, Max Scratchpad Hi 25:21, Lo 31:27
inline constexpr uint32_t kHcsParams3 = 0x0C;
inline constexpr uint32_t kHccParams1 = 0x10;  // AC64 0, CSZ 2, xECP 31:16 (dwords)
inline constexpr uint32_t kDbOff = 0x14;
inline constexpr uint32_t kRtsOff = 0x18;

inline constexpr uint32_t kHccCsz = 1u << 2;

constexpr uint8_t max_slots(uint32_t hcs1) { return static_cast<uint8_t>(hcs1); }
constexpr uint8_t max_ports(uint32_t hcs1) { return static_cast<uint8_t>(hcs1 >> 24); }
constexpr uint32_t max_scratchpads(uint32_t hcs2) { return ((hcs2 >> 21) & 0x1F) << 5 | ((hcs2 >> 27) & 0x1F); }
constexpr uint32_t xecp_offset(uint32_t hcc1) { return (hcc1 >> 16) * 4; }

// Operational registers (5.4), relative to the operational base.
inline constexpr uint32_t kUsbCmd = 0x00;
inline constexpr uint32_t kUsbSts = 0x04;
inline constexpr uint32_t kPageSize = 0x08;
inline constexpr uint32_t kCrcr = 0x18;       // 64 bits
inline constexpr uint32_t kDcbaap = 0x30;     // 64 bits
inline constexpr uint32_t kConfig = 0x38;
inline constexpr uint32_t kPortBase = 0x400;  // PORTSC of port n at 0x400 + 0x10 * (n - 1)
inline constexpr uint32_t kPortStride = 0x10;

inline constexpr uint32_t kCmdRun = 1u << 0;
inline constexpr uint32_t kCmdReset = 1u << 1;
inline constexpr uint32_t kCmdInte = 1u << 2;
inline constexpr uint32_t kCmdHsee = 1u << 3;

inline constexpr uint32_t kStsHalted = 1u << 0;
inline constexpr uint32_t kStsHostSystemError = 1u << 2;  // RW1C
inline constexpr uint32_t kStsEventInterrupt = 1u << 3;   // RW1C
inline constexpr uint32_t kStsPortChange = 1u << 4;       // RW1C
inline constexpr uint32_t kStsNotReady = 1u << 11;
inline constexpr uint32_t kStsHostControllerError = 1u << 12;

inline constexpr uint32_t kCrcrRcs = 1u << 0;
inline constexpr uint32_t kCrcrCommandAbort = 1u << 2;
inline constexpr uint32_t kCrcrRunning = 1u << 3;

// Runtime registers (5.5): interrupter n's register set at 0x20 + 32 * n.
inline constexpr uint32_t kInterrupter0 = 0x20;
inline constexpr uint32_t kIman = 0x00;    // IP 0 (RW1C), IE 1
inline constexpr uint32_t kImod = 0x04;
inline constexpr uint32_t kErstsz = 0x08;
inline constexpr uint32_t kErstba = 0x10;  // 64 bits
inline constexpr uint32_t kErdp = 0x18;    // 64 bits; EHB bit 3 (RW1C)

inline constexpr uint32_t kImanPending = 1u << 0;
inline constexpr uint32_t kImanEnable = 1u << 1;
inline constexpr uint32_t kErdpBusy = 1u << 3;

// Extended capabilities (7): header dword ID 7:0, next pointer 15:8 (dwords, 0 ends the list).
inline constexpr uint8_t kCapLegacySupport = 1;
inline constexpr uint8_t kCapSupportedProtocol = 2;
constexpr uint8_t ext_cap_id(uint32_t header) { return static_cast<uint8_t>(header); }
constexpr uint32_t ext_cap_next(uint32_t header) { return ((header >> 8) & 0xFF) * 4; }

// USB Legacy Support (7.1): USBLEGSUP then USBLEGCTLSTS.
inline constexpr uint32_t kLegSupBiosOwned = 1u << 16;
inline constexpr uint32_t kLegSupOsOwned = 1u << 24;
inline constexpr uint32_t kLegCtlSts = 0x04;
// SMI enables (USB SMI 0, host system error 4, OS ownership 13, PCI command 14, BAR 15), and the RW1C
// SMI status bits 29-31.
inline constexpr uint32_t kLegCtlSmiEnables = (1u << 0) | (1u << 4) | (1u << 13) | (1u << 14) | (1u << 15);
inline constexpr uint32_t kLegCtlSmiStatus = (1u << 29) | (1u << 30) | (1u << 31);

}  // namespace cw::xhci::reg
