// A hub port's status and change bits as GET_STATUS(port) returns them (USB 2.0 11.24.2.7, tables 11-21
// and 11-22; USB 3.2 10.16.2.6, tables 10-13 and 10-14), and the class requests and feature selectors
// of a hub (USB 2.0 table 11-16 and 11-17; USB 3.2 table 10-8).
#pragma once

#include <cstdint>

#include "drivers/usb/core/usb_spec.h"

namespace cw::usb::hub {

// Feature selectors (USB 2.0 table 11-17).
inline constexpr uint16_t kPortConnection = 0;
inline constexpr uint16_t kPortEnable = 1;
inline constexpr uint16_t kPortReset = 4;
inline constexpr uint16_t kPortPower = 8;
inline constexpr uint16_t kCPortConnection = 16;
inline constexpr uint16_t kCPortEnable = 17;
inline constexpr uint16_t kCPortReset = 20;

// Hub class request (USB 3.2 10.16.2.9): SET_HUB_DEPTH, wValue the hub's depth (0 on a root port).
inline constexpr uint8_t kSetHubDepth = 12;

// wPortStatus bits.
inline constexpr uint16_t kStatusConnection = 1u << 0;
inline constexpr uint16_t kStatusEnable = 1u << 1;
inline constexpr uint16_t kStatusOverCurrent = 1u << 3;
inline constexpr uint16_t kStatusReset = 1u << 4;
inline constexpr uint16_t kStatusPower = 1u << 8;       // USB 2.0; a USB 3 hub has it at bit 9
inline constexpr uint16_t kStatusLowSpeed = 1u << 9;    // USB 2.0 only
inline constexpr uint16_t kStatusHighSpeed = 1u << 10;  // USB 2.0 only
// wPortChange bits.
inline constexpr uint16_t kChangeConnection = 1u << 0;
inline constexpr uint16_t kChangeReset = 1u << 4;

struct HubPortStatus {
  uint16_t status = 0;
  uint16_t change = 0;

  bool connected() const { return status & kStatusConnection; }
  bool enabled() const { return status & kStatusEnable; }
  bool over_current() const { return status & kStatusOverCurrent; }
  bool reset_done() const { return change & kChangeReset; }
  // The attached device's speed: a USB 3 hub's ports are SuperSpeed (its USB 2 half is a hub of its
  // own); a USB 2 hub reports low and high speed in bits 9 and 10, full speed as neither.
  Speed speed(bool super_speed_hub) const {
    if (super_speed_hub) return Speed::Super;
    if (status & kStatusLowSpeed) return Speed::Low;
    if (status & kStatusHighSpeed) return Speed::High;
    return Speed::Full;
  }
};

}  // namespace cw::usb::hub
