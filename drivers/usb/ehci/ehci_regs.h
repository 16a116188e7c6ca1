// EHCI register and PCI encodings (Enhanced Host Controller Interface for USB 2.0, revision 1.0, cited as
// "EHCI" by section). Register offsets are bytes from the start of BAR0 (capability registers) or from
// BAR0 + CAPLENGTH (operational registers).
#pragma once

#include <cstdint>

namespace cw::usb::ehci {

// --- Capability registers (EHCI 2.2) -------------------------------------------------------------------------
inline constexpr uint32_t kCapLength = 0x00;    // byte: operational registers' offset; 0x02: HCIVERSION
inline constexpr uint32_t kHcsParams = 0x04;
inline constexpr uint32_t kHccParams = 0x08;

constexpr uint8_t hcs_ports(uint32_t hcs) { return static_cast<uint8_t>(hcs & 0xF); }  // N_PORTS (2.2.3)
inline constexpr uint32_t kHcsPortPowerControl = 1u << 4;                              // PPC
constexpr uint8_t hcs_companions(uint32_t hcs) { return static_cast<uint8_t>((hcs >> 12) & 0xF); }  // N_CC
inline constexpr uint32_t kHcc64Bit = 1u << 0;                                         // 2.2.4
constexpr uint8_t hcc_eecp(uint32_t hcc) { return static_cast<uint8_t>((hcc >> 8) & 0xFF); }  // EECP

// --- Operational registers (EHCI 2.3) ------------------------------------------------------------------------
inline constexpr uint32_t kRegUsbCmd = 0x00;
inline constexpr uint32_t kRegUsbSts = 0x04;
inline constexpr uint32_t kRegUsbIntr = 0x08;
inline constexpr uint32_t kRegFrIndex = 0x0C;
inline constexpr uint32_t kRegCtrlDsSegment = 0x10;
inline constexpr uint32_t kRegAsyncListAddr = 0x18;
inline constexpr uint32_t kRegConfigFlag = 0x40;
inline constexpr uint32_t kRegPortSc1 = 0x44;  // PORTSC(n) at 0x44 + 4 * (n - 1)

// USBCMD (2.3.1).
inline constexpr uint32_t kCmdRun = 1u << 0;
inline constexpr uint32_t kCmdHcReset = 1u << 1;
inline constexpr uint32_t kCmdAsyncEnable = 1u << 5;
inline constexpr uint32_t kCmdAsyncDoorbell = 1u << 6;  // IAAD
inline constexpr uint32_t kCmdItc1 = 0x01u << 16;       // interrupt threshold: one micro-frame

// USBSTS (2.3.2); bits 0-5 are write-1-to-clear. USBINTR (2.3.3) enables bits 0-5 alike.
inline constexpr uint32_t kStsInterrupt = 1u << 0;        // USBINT: IOC or a short packet
inline constexpr uint32_t kStsError = 1u << 1;            // USBERRINT: a transaction ended in error
inline constexpr uint32_t kStsPortChange = 1u << 2;
inline constexpr uint32_t kStsFrameRollover = 1u << 3;
inline constexpr uint32_t kStsHostSystemError = 1u << 4;
inline constexpr uint32_t kStsAsyncAdvance = 1u << 5;     // IAA: the doorbell was answered
inline constexpr uint32_t kStsHalted = 1u << 12;
inline constexpr uint32_t kStsAsyncActive = 1u << 15;     // ASS
inline constexpr uint32_t kStsWriteClear = 0x3F;

// PORTSC (2.3.9). CSC, PEC and OCC are write-1-to-clear; PE can only be cleared by software.
inline constexpr uint32_t kPortConnected = 1u << 0;
inline constexpr uint32_t kPortConnectChange = 1u << 1;
inline constexpr uint32_t kPortEnabled = 1u << 2;
inline constexpr uint32_t kPortEnableChange = 1u << 3;
inline constexpr uint32_t kPortOverCurrent = 1u << 4;
inline constexpr uint32_t kPortOverCurrentChange = 1u << 5;
inline constexpr uint32_t kPortReset = 1u << 8;
inline constexpr uint32_t kPortLineStatusMask = 3u << 10;
inline constexpr uint32_t kPortLineK = 1u << 10;  // K-state: a low-speed device (2.3.9, 4.2.2)
inline constexpr uint32_t kPortPower = 1u << 12;
inline constexpr uint32_t kPortOwner = 1u << 13;  // 1: the companion controller owns the port
inline constexpr uint32_t kPortWriteClear = kPortConnectChange | kPortEnableChange | kPortOverCurrentChange;

// CONFIGFLAG (2.3.8): 1 routes every port to this controller.
inline constexpr uint32_t kConfigFlagEhci = 1;

// --- PCI configuration: USBLEGSUP extended capability (EHCI 5.1, 2.1.7) --------------------------------------
inline constexpr uint8_t kExtCapLegacySupport = 1;
inline constexpr uint32_t kLegSupBiosOwned = 1u << 16;
inline constexpr uint32_t kLegSupOsOwned = 1u << 24;
inline constexpr uint8_t kLegCtlStsOffset = 4;  // USBLEGCTLSTS follows USBLEGSUP; 0 disables every SMI

}  // namespace cw::usb::ehci
