// UHCI register and data-structure encodings (Intel Universal Host Controller Interface Design Guide,
// revision 1.1, March 1996; "DG" below). Pure constants, shared by the kernel driver and the host tests.
#pragma once

#include <cstdint>

namespace cw::usb::uhci {

// --- I/O registers at the base in PCI BAR4 (DG 2.1, table 2), offsets from the base ------------------------
inline constexpr uint16_t kRegUsbCmd = 0x00;     // 16 bits, DG 2.1.1
inline constexpr uint16_t kRegUsbSts = 0x02;     // 16 bits, DG 2.1.2
inline constexpr uint16_t kRegUsbIntr = 0x04;    // 16 bits, DG 2.1.3
inline constexpr uint16_t kRegFrNum = 0x06;      // 16 bits, DG 2.1.4
inline constexpr uint16_t kRegFrBaseAdd = 0x08;  // 32 bits, DG 2.1.5
inline constexpr uint16_t kRegSofMod = 0x0C;     // 8 bits, DG 2.1.6
inline constexpr uint16_t kRegPortSc1 = 0x10;    // 16 bits each, DG 2.1.7; port n at 0x10 + 2 * (n - 1)
inline constexpr uint16_t kIoSpaceBytes = 0x20;  // the BAR4 I/O range is 32 bytes

// USBCMD (DG 2.1.1).
inline constexpr uint16_t kCmdRun = 1u << 0;           // RS: run/stop the schedule
inline constexpr uint16_t kCmdHcReset = 1u << 1;       // HCRESET: the controller clears it when done
inline constexpr uint16_t kCmdGlobalReset = 1u << 2;   // GRESET: reset on the bus, held >= 10 ms by software
inline constexpr uint16_t kCmdConfigured = 1u << 6;    // CF: software's semaphore, "configured"
inline constexpr uint16_t kCmdMaxPacket64 = 1u << 7;   // MAXP: 64-byte full-speed bandwidth reclamation packets

// USBSTS (DG 2.1.2). Bits 0-4 are write-1-to-clear; HCHalted is read-only.
inline constexpr uint16_t kStsInterrupt = 1u << 0;        // USBINT: IOC or short packet
inline constexpr uint16_t kStsError = 1u << 1;            // USB ERROR INTERRUPT: a TD completed with an error
inline constexpr uint16_t kStsResumeDetect = 1u << 2;
inline constexpr uint16_t kStsHostSystemError = 1u << 3;  // PCI error: the controller halts
inline constexpr uint16_t kStsProcessError = 1u << 4;     // bad schedule (e.g. a TD with an illegal PID): halts
inline constexpr uint16_t kStsHalted = 1u << 5;           // HCHalted
inline constexpr uint16_t kStsAcknowledge = 0x1F;         // every write-1-to-clear bit

// USBINTR (DG 2.1.3).
inline constexpr uint16_t kIntrTimeoutCrc = 1u << 0;  // also every TD error (USB ERROR INTERRUPT)
inline constexpr uint16_t kIntrResume = 1u << 1;
inline constexpr uint16_t kIntrOnComplete = 1u << 2;  // IOC
inline constexpr uint16_t kIntrShortPacket = 1u << 3;

// FRNUM (DG 2.1.4): bits 10-0 are the frame counter, bits 9-0 the frame list index.
inline constexpr uint16_t kFrNumMask = 0x07FF;
inline constexpr uint8_t kSofModDefault = 64;  // SOFMOD (DG 2.1.6): 12000 bit times per frame

// PORTSC (DG 2.1.7). ConnectStatusChange and PortEnableChange are write-1-to-clear: a read-modify-write
// must mask them out (kPortWriteClear) unless it means to clear them.
inline constexpr uint16_t kPortConnected = 1u << 0;       // CCS
inline constexpr uint16_t kPortConnectChange = 1u << 1;   // CSC, R/WC
inline constexpr uint16_t kPortEnabled = 1u << 2;         // PE
inline constexpr uint16_t kPortEnableChange = 1u << 3;    // PEDC, R/WC
inline constexpr uint16_t kPortResumeDetect = 1u << 6;
inline constexpr uint16_t kPortAlwaysOne = 1u << 7;       // reserved, reads as 1: tells a port from nothing
inline constexpr uint16_t kPortLowSpeed = 1u << 8;        // LSDA: a low-speed device is attached
inline constexpr uint16_t kPortReset = 1u << 9;           // PR
inline constexpr uint16_t kPortSuspend = 1u << 12;
inline constexpr uint16_t kPortWriteClear = kPortConnectChange | kPortEnableChange;
// The root hub has at least two ports (DG 2.1.7); PIIX-family controllers have exactly two, but the
// register block has room for more and some controllers implement them.
inline constexpr uint8_t kMinPorts = 2;
inline constexpr uint8_t kMaxPorts = 7;  // PORTSC words at 0x10-0x1C; Linux probes up to 7 the same way

// PCI configuration register LEGSUP at 0xC0 (PIIX3/PIIX4 datasheets, USB function registers; DG's legacy
// keyboard/mouse support chapter): legacy keyboard/mouse emulation through SMI. Writing kLegacyDisable
// clears every SMI enable and the write-1-to-clear status bits (as Linux's uhci_reset_hc does);
// kLegacyPirqEnable afterwards routes the controller's interrupt to its PCI INTx line (USBPIRQDEN, bit 13).
inline constexpr uint8_t kPciLegacySupport = 0xC0;
inline constexpr uint16_t kLegacyDisable = 0x8F00;
inline constexpr uint16_t kLegacyPirqEnable = 0x2000;

// --- Schedule data structures (DG 3) -----------------------------------------------------------------------

// Link pointers: frame list entries (DG 3.1), TD link pointers (DG 3.2.1), QH head and element pointers
// (DG 3.3.1, 3.3.2). Bits 31-4 are a physical address (16-byte aligned).
inline constexpr uint32_t kLinkTerminate = 1u << 0;  // T: the pointer is not valid
inline constexpr uint32_t kLinkQh = 1u << 1;         // Q: it points at a queue head, not a TD
inline constexpr uint32_t kLinkDepth = 1u << 2;      // Vf (TDs only): depth first, go on down this queue
inline constexpr uint32_t kLinkAddressMask = 0xFFFFFFF0u;

inline constexpr uint32_t kFrameListEntries = 1024;  // DG 3.1: 4 KiB, 4 KiB aligned
inline constexpr uint32_t kDescriptorAlign = 16;     // DG 3.2, 3.3

// TD dword 1, control and status (DG 3.2.2).
inline constexpr uint32_t kTdActualLengthMask = 0x7FF;  // ActLen, n - 1 (0x7FF: nothing)
inline constexpr uint32_t kTdBitstuff = 1u << 17;
inline constexpr uint32_t kTdCrcTimeout = 1u << 18;
inline constexpr uint32_t kTdNak = 1u << 19;
inline constexpr uint32_t kTdBabble = 1u << 20;
inline constexpr uint32_t kTdDataBufferError = 1u << 21;
inline constexpr uint32_t kTdStalled = 1u << 22;
inline constexpr uint32_t kTdActive = 1u << 23;
inline constexpr uint32_t kTdIoc = 1u << 24;          // interrupt on complete
inline constexpr uint32_t kTdIsochronous = 1u << 25;  // IOS
inline constexpr uint32_t kTdLowSpeed = 1u << 26;     // LS
inline constexpr uint32_t kTdErrorCountShift = 27;    // C_ERR, 2 bits: 3 retries before an error stops the TD
inline constexpr uint32_t kTdErrorCountMax = 3;
inline constexpr uint32_t kTdShortPacketDetect = 1u << 29;  // SPD: a short IN packet stops the queue
// Error bits that leave the TD inactive (Stalled is also set with Babble and when C_ERR ran out).
inline constexpr uint32_t kTdErrorBits = kTdBitstuff | kTdCrcTimeout | kTdBabble | kTdDataBufferError | kTdStalled;

// TD dword 2, token (DG 3.2.3).
inline constexpr uint32_t kTokenMaxLenShift = 21;  // MaxLen, 11 bits, n - 1 (0x7FF: a zero-length packet)
inline constexpr uint32_t kTokenToggle = 1u << 19;  // D: DATA1
inline constexpr uint32_t kTokenEndpointShift = 15;
inline constexpr uint32_t kTokenAddressShift = 8;
inline constexpr uint8_t kPidSetup = 0x2D;
inline constexpr uint8_t kPidIn = 0x69;
inline constexpr uint8_t kPidOut = 0xE1;
inline constexpr uint32_t kLengthNull = 0x7FF;   // the n - 1 encoding of 0 bytes (ActLen and MaxLen)
inline constexpr uint32_t kMaxPacketBytes = 1023;  // the largest full-speed packet (USB 2.0 5.8.3); DG allows 1280

}  // namespace cw::usb::uhci
