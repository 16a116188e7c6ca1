#!/usr/bin/env python3
"""Boot a Clockwork disk image headless in QEMU or Bochs and report what happened.

Library use (cwcheck.py does this):

    from cwboot import RunConfig, run
    outcome = run(RunConfig(image="build/disk.img", emulator="qemu", timeout=30))
    if not outcome.ok:
        print(outcome.failures)

Command line (prints the console as it arrives, then a summary; exit 0 when nothing failed):

    tests/integration/cwboot.py build/disk.img [--emulator bochs] [--cmdline "console=serial"]
                                [--send 'cw> =>run hello'] [--gdb] [-- extra emulator args]

The kernel's side of the contract, which everything here relies on:
  * console output on COM1 and/or port 0xE9 (both are captured, as two separate streams);
  * a banner line "Clockwork <version> ..." (e.g. "Clockwork 0.1 (i386) booting"): the name, a space, a
    digit; other lines starting "Clockwork " ("Clockwork is up", the bootblock's errors) do not count;
  * "PANIC: ..." on a kernel panic, "EXCEPTION: ..." when a CPU exception is reported;
  * "clockwork: power off, status N" (a byte), then: wait for COM1 to drain (LSR bit 6), write N to
    port 0xF4 (QEMU isa-debug-exit: QEMU exits with ((N << 1) | 1) & 0xFF, so N > 127 is only exact
    with the line), then write 0x2000 to the ACPI PM1a control port, 0x604 on QEMU and 0xB004 on Bochs
    (either emulator exits), or the bytes of "Shutdown" to port 0x8900 (Bochs exits).
Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import os
import re
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, Union

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from emulator_diagnosis import describe  # noqa: E402

REPO_ROOT = HERE.parent.parent
DEFAULT_BOCHS_TEMPLATE = REPO_ROOT / "tools" / "bochsrc.headless.in"

# --- Console line conventions (the kernel's side of the contract) --------------------------------------
# The banner is "Clockwork <version> ...": a digit after the name keeps out "Clockwork is up" and the
# bootblock's "Clockwork boot: <error>".
BANNER_RE = r"^Clockwork \d"
BOOTBLOCK_ERROR_RE = re.compile(r"^Clockwork boot: ")
PANIC_RE = re.compile(r"^PANIC:")
EXCEPTION_RE = re.compile(r"^EXCEPTION:")
POWEROFF_RE = re.compile(r"^clockwork: power off, status (-?\d+)\s*$")

# --- Disk image layout (mirrors lib/disk_format.h; test_harness.py checks these against the header) ---
SECTOR = 512
MBR_PART1_LBA_OFFSET = 0x1BE + 8
MBR_SIGNATURE_OFFSET = 510
SUPERBLOCK_MAGIC = 0x4B574C43
SUPERBLOCK_CMDLINE_OFFSET = 72
CMDLINE_MAX = 256                              # including the terminating NUL
# Superblock fields a run may overwrite in its copy (image_superblock): name -> (offset, struct format).
SUPERBLOCK_FIELDS = {
    "magic": (0, "<I"), "version": (4, "<H"), "superblock_size": (6, "<H"), "kernel_start": (8, "<I"),
    "kernel_sectors": (12, "<I"), "kernel_entry": (16, "<I"), "kernel_load": (20, "<I"),
    "kernel_memsz": (24, "<I"), "progdir_start": (28, "<I"), "progdir_count": (32, "<I"),
    "partition_sectors": (36, "<I"), "kernel_checksum": (40, "<I"),
}

# --- Failure kinds --------------------------------------------------------------------------------------
TIMEOUT = "TIMEOUT"                  # the overall time limit ran out
PANIC = "PANIC"                      # a "PANIC:" line and the case does not allow one
MISSING_PANIC = "MISSING_PANIC"      # the case requires a panic and none was printed
EXCEPTION = "EXCEPTION"              # an "EXCEPTION:" line and the case does not allow one
MISSING_EXCEPTION = "MISSING_EXCEPTION"
BOOT_ERROR = "BOOT_ERROR"            # a "Clockwork boot: " line and the case does not require one
MISSING_BOOT_ERROR = "MISSING_BOOT_ERROR"
REBOOT = "REBOOT"                    # the machine reset (triple fault, ...) or printed a second banner
NO_BANNER = "NO_BANNER"              # the console never showed the banner
BAD_STATUS = "BAD_STATUS"            # powered off with the wrong status, or did not power off
POWEROFF_FAILED = "POWEROFF_FAILED"  # printed the power-off line but the emulator kept running
EMULATOR_ERROR = "EMULATOR_ERROR"    # the emulator failed to start or quit for its own reasons

STATUS_ANY = "any"        # expected_status: must power off, any status
STATUS_IGNORE = "ignore"  # expected_status: powering off is not required and the status is not checked

Status = Union[int, str]


@dataclass
class Send:
    """Type `text` (plus RunConfig.newline) on COM1 once `pattern` (a regex) appears on the console after
    the point where the previous Send matched. A `text` that is exactly a caret and one of @ A-Z [ \\ ] ^ _
    (`^C`) is that control key alone, without Enter (see typed_bytes)."""
    pattern: str
    text: str
    monitor: bool = False       # a QEMU monitor (HMP) command instead of typed input, e.g. device_del


CONTROL_KEY_RE = re.compile(r"^\^([@A-Z\[\\\]^_])$")


def typed_bytes(text: str, newline: str) -> bytes:
    """What typing `text` sends: the text and Enter, or for `^X` the one control byte (X xor 0x40)."""
    m = CONTROL_KEY_RE.match(text)
    if m:
        return bytes([ord(m.group(1)) ^ 0x40])
    return (text + newline).encode()


@dataclass
class RunConfig:
    image: str
    emulator: str = "qemu"                     # "qemu" or "bochs"
    memory_mib: int = 32
    timeout: float = 60.0                      # seconds of wall time for the whole run; 0 = no limit
    cmdline: Optional[str] = None              # replace the kernel command line in the run's image copy
    cmdline_append: Optional[str] = None       # append to it (after `cmdline`, if both are given)
    cmdline_defaults: Optional[str] = None     # appended before cmdline_append, which therefore overrides
                                               # them (the kernel takes an option's last occurrence)
    copy_image: bool = True                    # boot a private copy (swap writes do not persist)
    console: str = "auto"                      # stream the checks use: "serial", "e9" or "auto"
    banner: str = BANNER_RE
    expected_status: Status = 0                # int, STATUS_ANY or STATUS_IGNORE
    panic: str = "forbid"                      # "forbid", "allow" or "require"
    exception: str = "forbid"                  # "forbid", "allow" or "require"
    # "forbid" or "require" a bootblock error line (BOOTBLOCK_ERROR_RE). The bootblock halts after it, so
    # the run ends panic_grace after the line; with "require" no banner is expected.
    boot_error: str = "forbid"
    # Corruptions of the run's image copy, applied after the command line: superblock fields set to
    # values (SUPERBLOCK_FIELDS names), and byte offsets into the kernel extent whose bits are inverted.
    image_superblock: Dict[str, int] = field(default_factory=dict)
    image_kernel_flips: List[int] = field(default_factory=list)
    sends: List[Send] = field(default_factory=list)
    newline: str = "\r"                        # what pressing Enter sends
    char_delay: float = 0.0                    # seconds between typed characters
    panic_grace: float = 1.0                   # keep reading this long after PANIC/EXCEPTION/2nd banner
    poweroff_grace: float = 5.0                # the emulator must exit this soon after the power-off line
    # QEMU
    qemu: str = "qemu-system-i386"
    qemu_icount: Optional[str] = None          # "0" -> -icount shift=0; anything else passed as is
    qemu_disk: str = "ide"                     # where QEMU attaches the image: QEMU_DISKS
    qemu_args: List[str] = field(default_factory=list)
    # Swap slots whose every write fails with EIO (QEMU's blkdebug driver under the disk): the kernel
    # must keep the page and write it elsewhere (mm/swap.h). Slot n is sectors 8n..8n+7 of the swap
    # partition (type 0x82), found in the image's MBR.
    qemu_swap_write_errors: List[int] = field(default_factory=list)
    # (program, page) pairs whose reads fail with EIO: page n (4 KiB) of that program's file in the image.
    qemu_program_read_errors: List[Tuple[str, int]] = field(default_factory=list)
    # A second disk (QEMU_DISKS, on another bus) holding a copy of the image whose command line has
    # SECOND_DISK_MARK appended, so its superblock differs: the kernel must pick the disk it booted from.
    qemu_second_disk: Optional[str] = None
    # Bochs: a USB stick on this controller ("uhci", "ehci" or "xhci"; port 1) holding a copy of the image
    # with SECOND_DISK_MARK appended, beside the IDE disk the machine boots from.
    bochs_usb_disk: Optional[str] = None
    # The QEMU monitor's Unix socket, set by the runner when a Send is a monitor command.
    qemu_monitor: Optional[str] = None
    gdb: bool = False                          # -s -S: wait for gdb on :1234 (and no time limit)
    # Bochs
    bochs: str = "bochs"
    bochs_template: str = str(DEFAULT_BOCHS_TEMPLATE)
    bochs_ips: int = 50_000_000
    bochs_lines: List[str] = field(default_factory=list)   # extra bochsrc lines
    # Files and output
    workdir: Optional[str] = None              # keep the run's files here (default: a temp dir, removed)
    on_output: Optional[Callable[[str, str], None]] = None  # called with (stream, text) as it arrives


@dataclass
class Failure:
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass
class Outcome:
    emulator: str
    argv: List[str] = field(default_factory=list)
    elapsed: float = 0.0
    returncode: Optional[int] = None           # the emulator's exit code (negative: killed by a signal)
    serial: str = ""                           # everything COM1 printed
    e9: str = ""                               # everything port 0xE9 printed
    console: str = "serial"                    # which of the two `transcript` is
    stop_reason: str = "exited"                # exited, timeout, panic, exception, reboot, poweroff-hang,
                                               # boot-error
    powered_off: bool = False
    poweroff_via: Optional[str] = None         # isa-debug-exit, bochs-shutdown-port, acpi, line
    status: Optional[int] = None               # the power-off status
    line_status: Optional[int] = None          # the status printed on the power-off line
    resets: int = 0                            # resets the emulator reported
    reset_evidence: str = ""
    pending_send: Optional[str] = None         # the Send still waiting when the run ended
    stderr: str = ""
    emulator_log: str = ""                     # tail of QEMU's -D log / Bochs's log file
    workdir: Optional[str] = None
    failures: List[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def transcript(self) -> str:
        return self.e9 if self.console == "e9" else self.serial

    @property
    def lines(self) -> List[str]:
        return split_lines(self.transcript)

    def kinds(self) -> List[str]:
        return [f.kind for f in self.failures]

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["ok"] = self.ok
        return d


# --- Text helpers -----------------------------------------------------------------------------------------

def split_lines(text: str) -> List[str]:
    """Console text to lines: CR dropped, trailing whitespace stripped, a final partial line kept."""
    if not text:
        return []
    lines = text.replace("\r", "").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def banner_lines(lines: List[str], banner: str = BANNER_RE) -> List[int]:
    rx = re.compile(banner)
    return [i for i, line in enumerate(lines) if rx.search(line)]


def poweroff_status(lines: List[str]) -> Optional[int]:
    status = None
    for line in lines:
        m = POWEROFF_RE.match(line)
        if m:
            status = int(m.group(1))
    return status


def choose_console(serial: str, e9: str, console: str = "auto", banner: str = BANNER_RE) -> str:
    if console in ("serial", "e9"):
        return console
    s, e = split_lines(serial), split_lines(e9)
    if banner_lines(s, banner) or (s and not banner_lines(e, banner)):
        return "serial"
    return "e9" if e else "serial"


# --- Bochs stdout: port 0xE9 output mixed with the debugger's ---------------------------------------------

_BOCHS_DEBUGGER_FRAGMENT = re.compile(
    r"\(\d+\)\.?\[\d+\] \[0x[0-9a-f]+\] [0-9a-f]{4}:[0-9a-f]+ .*$"   # "(0).[154291251] [0x...] 0000:7c50 ..."
    r"|\(\d+\) \[0x[0-9a-f]+\] [0-9a-f]{4}:[0-9a-f]+ .*$"            # "(0) [0x0000fffffff0] f000:fff0 ..."
    r"|<bochs:\d+> ?")
_BOCHS_DEBUGGER_LINE = re.compile(
    r"^(Next at t=\d+|fgets\(\) returned ERROR\.|debugger interrupt request was \d+"
    r"|\(\d+\) Magic breakpoint|\[\d+\] Stopped on MAGIC BREAKPOINT|.*\bquit_sim called\b.*)$")
_BOCHS_NEXT_AT = re.compile(r"^Next at t=(\d+)$")


class BochsStdout:
    """Separates port 0xE9 text from what Bochs and its debugger print on stdout.

    Everything up to the debugger's first stop (at the reset vector, before any guest code runs) is
    Bochs's banner. After that, whole debugger lines are dropped and debugger text glued to the end of
    an unfinished 0xE9 line is cut off. "Next at t=N" with N > 0 followed by the reset vector
    f000:fff0 is the debugger stopping at a machine reset."""

    def __init__(self) -> None:
        self._raw = ""
        self._started = False
        self._stopped = False      # saw "Next at t=N", N > 0: the next location line says where
        self.resets = 0
        self.magic_breaks = 0

    def feed(self, text: str, final: bool = False) -> str:
        self._raw += text
        out = []
        while True:
            nl = self._raw.find("\n")
            if nl < 0:
                break
            line, self._raw = self._raw[: nl + 1], self._raw[nl + 1:]
            out.append(self._line(line))
        if final and self._raw:
            out.append(self._line(self._raw))
            self._raw = ""
        return "".join(out)

    def _line(self, line: str) -> str:
        body = line.rstrip("\n").rstrip("\r")
        if not self._started:
            if re.match(r"^\(\d+\) \[0x0*fffffff0\]", body):
                self._started = True
            return ""
        m = _BOCHS_NEXT_AT.match(body)
        if m:
            self._stopped = int(m.group(1)) > 0
            return ""
        if self._stopped and re.match(r"^\(\d+\) \[0x[0-9a-f]+\]", body):
            self._stopped = False
            if re.match(r"^\(\d+\) \[0x0*fffffff0\]", body):
                self.resets += 1        # stopped at the reset vector
            return ""
        if re.match(r"^\(\d+\) Magic breakpoint$", body):
            self.magic_breaks += 1
            return ""
        if _BOCHS_DEBUGGER_LINE.match(body):
            return ""
        cut = _BOCHS_DEBUGGER_FRAGMENT.sub("", body)
        if cut != body:
            return cut + "\n" if cut.strip() else ""
        return line


# --- Image preparation ------------------------------------------------------------------------------------

class ImageError(Exception):
    pass


def read_cmdline(path: str) -> str:
    with open(path, "rb") as f:
        lba = _superblock_lba(f)
        f.seek(lba * SECTOR)
        sb = f.read(SECTOR)
    _check_superblock(sb, path)
    return sb[SUPERBLOCK_CMDLINE_OFFSET: SUPERBLOCK_CMDLINE_OFFSET + CMDLINE_MAX].split(b"\0")[0].decode(
        "utf-8", "replace")


def patch_cmdline(path: str, cmdline: Optional[str] = None, append: Optional[str] = None) -> str:
    """Rewrites the kernel command line in the system partition's superblock. Returns the new line."""
    with open(path, "r+b") as f:
        lba = _superblock_lba(f)
        f.seek(lba * SECTOR)
        sb = bytearray(f.read(SECTOR))
        _check_superblock(sb, path)
        field_ = slice(SUPERBLOCK_CMDLINE_OFFSET, SUPERBLOCK_CMDLINE_OFFSET + CMDLINE_MAX)
        current = bytes(sb[field_]).split(b"\0")[0].decode("utf-8", "replace")
        new = current if cmdline is None else cmdline
        if append:
            new = f"{new} {append}".strip()
        data = new.encode()
        if len(data) >= CMDLINE_MAX:
            raise ImageError(f"command line is {len(data)} bytes, the superblock holds {CMDLINE_MAX - 1}")
        sb[field_] = data + b"\0" * (CMDLINE_MAX - len(data))
        f.seek(lba * SECTOR)
        f.write(sb)
    return new


def corrupt_image(path: str, superblock: Dict[str, int], kernel_flips: List[int]) -> None:
    """Sets superblock fields (SUPERBLOCK_FIELDS) and inverts bytes of the kernel extent, to boot an image
    the bootblock must refuse. Offsets come from the superblock as createimage wrote it."""
    with open(path, "r+b") as f:
        lba = _superblock_lba(f)
        f.seek(lba * SECTOR)
        sb = bytearray(f.read(SECTOR))
        _check_superblock(sb, path)
        kernel_start, kernel_sectors = struct.unpack_from("<II", sb, SUPERBLOCK_FIELDS["kernel_start"][0])
        for offset in kernel_flips:
            if offset >= kernel_sectors * SECTOR:
                raise ImageError(f"{path}: kernel byte {offset} is beyond the kernel's {kernel_sectors} sectors")
            f.seek((lba + kernel_start) * SECTOR + offset)
            byte = f.read(1)[0]
            f.seek((lba + kernel_start) * SECTOR + offset)
            f.write(bytes([byte ^ 0xFF]))
        for name, value in superblock.items():
            if name not in SUPERBLOCK_FIELDS:
                raise ImageError(f"no superblock field {name!r} (one of {', '.join(SUPERBLOCK_FIELDS)})")
            offset, fmt = SUPERBLOCK_FIELDS[name]
            struct.pack_into(fmt, sb, offset, value)
        f.seek(lba * SECTOR)
        f.write(sb)


def appended_options(cfg: RunConfig) -> str:
    """What the run appends to the image's (or cfg.cmdline's) command line: the defaults, then the
    run's own options, which win over them because the kernel takes an option's last occurrence."""
    return " ".join(part for part in (cfg.cmdline_defaults, cfg.cmdline_append) if part)


def _superblock_lba(f) -> int:
    mbr = f.read(SECTOR)
    if len(mbr) < SECTOR or mbr[MBR_SIGNATURE_OFFSET:MBR_SIGNATURE_OFFSET + 2] != b"\x55\xaa":
        raise ImageError("no MBR boot signature")
    lba = struct.unpack_from("<I", mbr, MBR_PART1_LBA_OFFSET)[0]
    if lba == 0:
        raise ImageError("partition 1 is empty")
    return lba


def _check_superblock(sb: bytes, path: str) -> None:
    if len(sb) < SECTOR or struct.unpack_from("<I", sb, 0)[0] != SUPERBLOCK_MAGIC:
        raise ImageError(f"{path}: no Clockwork superblock at the start of partition 1")


def render_bochsrc(template: str, values: Dict[str, str]) -> str:
    text = Path(template).read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    leftover = re.findall(r"@[A-Z0-9_]+@", text)
    if leftover:
        raise ValueError(f"{template}: unknown placeholders {sorted(set(leftover))}")
    return text


_BOCHS_LOG_LINE = re.compile(r"^(\d+)[a-z]\[([^\]]*)\] (.*)$")


def bochs_reset_evidence(log: str) -> Optional[str]:
    """The first machine reset after power-on in a Bochs log, with the line that caused it."""
    previous = None
    for raw in log.splitlines():
        m = _BOCHS_LOG_LINE.match(raw)
        if not m:
            continue
        if int(m.group(1)) > 0 and re.match(r"bx_pc_system_c::Reset\((\w+)\) called", m.group(3)):
            cause = f"{previous}; " if previous else ""
            return f"Bochs: {cause}{m.group(3)} at t={int(m.group(1))}"
        previous = f"[{m.group(2).strip()}] {m.group(3)}"
    return None


# --- Outcome classification (pure: the unit tests drive it with canned transcripts) ----------------------

def classify(out: Outcome, cfg: RunConfig, timeout: Optional[float] = None) -> Outcome:
    """Fills in console, power-off status and failures from the raw facts of a finished run:
    serial, e9, returncode, stderr, emulator_log, stop_reason, resets."""
    out.console = choose_console(out.serial, out.e9, cfg.console, cfg.banner)
    lines = out.lines
    streams = {"serial": split_lines(out.serial), "e9": split_lines(out.e9)}
    failures: List[Failure] = []

    # Power off: what the emulator says and what the kernel printed.
    out.line_status = poweroff_status(lines)
    if out.line_status is None:
        out.line_status = poweroff_status(streams["serial"] + streams["e9"])
    emulator_error = None
    if cfg.emulator == "qemu":
        rc = out.returncode
        # QEMU's own error lines start "qemu-system-i386: " (most) or "qemu: " (firmware loading).
        qemu_complaint = re.search(r"^qemu(-system-\S+)?: .*", out.stderr, re.M)
        if out.stop_reason != "exited" or rc is None:
            pass
        elif rc < 0:
            emulator_error = f"{cfg.qemu} died of signal {-rc}"
        elif rc % 2 == 1 and not (rc == 1 and qemu_complaint and out.line_status is None):
            out.powered_off, out.poweroff_via, out.status = True, "isa-debug-exit", rc >> 1
            # An exit code has 8 bits: status N > 127 arrives as ((N << 1) | 1) & 0xFF. The line knows N.
            if out.line_status is not None and ((out.line_status << 1) | 1) & 0xFF == rc:
                out.status = out.line_status
        elif rc == 0 and out.line_status is not None:
            out.powered_off, out.poweroff_via, out.status = True, "line", out.line_status
        elif rc == 0:
            out.resets += 1
            triple = "Triple fault" in out.emulator_log
            out.reset_evidence = ("QEMU logged a triple fault" if triple else
                                  "QEMU exited 0 (-no-reboot) without a power-off line: the machine reset")
        else:
            emulator_error = (qemu_complaint.group(0) if qemu_complaint else
                              f"{cfg.qemu} exited with code {rc}")
    elif cfg.emulator == "none":
        # A saved transcript: the power-off line is the only evidence.
        if out.line_status is not None:
            out.powered_off, out.poweroff_via, out.status = True, "line", out.line_status
    else:
        said = out.stderr + "\n" + out.emulator_log
        if "Shutdown port: shutdown requested" in said:
            out.powered_off, out.poweroff_via = True, "bochs-shutdown-port"
        elif "ACPI control: soft power off" in said:
            out.powered_off, out.poweroff_via = True, "acpi"
        if out.powered_off:
            out.status = out.line_status
        reset = bochs_reset_evidence(out.emulator_log)
        if reset:
            out.resets = max(out.resets, 1)
            out.reset_evidence = reset
        elif out.resets:
            out.reset_evidence = "Bochs reset the machine (the debugger stopped at the reset vector)"
        if (out.stop_reason == "exited" and not out.powered_off and not out.resets):
            m = re.search(r"Bochs is exiting with the following message:\s*\n(.*)", out.stderr)
            emulator_error = (m.group(1).strip() if m else
                              f"{cfg.bochs} exited with code {out.returncode} without powering off")

    if emulator_error:
        if not out.serial and not out.e9:   # died before the kernel said anything: name the likely cause
            emulator_error = describe(cfg.emulator, out.returncode, emulator_error,
                                      out.stderr + "\n" + out.emulator_log)
        failures.append(Failure(EMULATOR_ERROR, emulator_error))

    # Banner and reboots, per stream (the kernel may print the same lines on both).
    banners = {name: banner_lines(ls, cfg.banner) for name, ls in streams.items()}
    boot_errors = [l for l in streams["serial"] + streams["e9"] if BOOTBLOCK_ERROR_RE.match(l)]
    if cfg.boot_error == "require":
        if not boot_errors and not emulator_error:
            failures.append(Failure(MISSING_BOOT_ERROR, "expected a 'Clockwork boot: ' line, none was printed"))
    elif boot_errors:
        failures.append(Failure(BOOT_ERROR, boot_errors[0]))
    if not banners[out.console] and not emulator_error and cfg.boot_error != "require":
        boot_err = [l for l in lines if BOOTBLOCK_ERROR_RE.match(l)]
        hint = f" (bootblock said: {boot_err[0]!r})" if boot_err else ""
        other = "e9" if out.console == "serial" else "serial"
        if banners[other]:
            hint += f" (the banner is on {other}: choose that console?)"
        elif not lines:
            hint += f" ({out.console} printed nothing)"
        failures.append(Failure(NO_BANNER, f"no line matching {cfg.banner!r} on {out.console}{hint}"))
    repeated = [name for name, idx in banners.items() if len(idx) > 1]
    if repeated:
        name = repeated[0]
        second = banners[name][1]
        failures.append(Failure(REBOOT, f"second banner on {name}, line {second + 1}: "
                                        f"{streams[name][second]!r}"))
    elif out.resets:
        failures.append(Failure(REBOOT, out.reset_evidence or "the machine reset"))

    # Panics and exceptions (either stream).
    all_lines = streams["serial"] + streams["e9"]
    for rx, policy, kind, missing, what in (
            (PANIC_RE, cfg.panic, PANIC, MISSING_PANIC, "kernel panic"),
            (EXCEPTION_RE, cfg.exception, EXCEPTION, MISSING_EXCEPTION, "exception report")):
        seen = [l for l in all_lines if rx.match(l)]
        if seen and policy == "forbid":
            failures.append(Failure(kind, seen[0]))
        elif not seen and policy == "require":
            failures.append(Failure(missing, f"expected a {what}, none was printed"))

    # Time.
    if out.stop_reason == "timeout":
        limit = timeout if timeout is not None else cfg.timeout
        msg = f"no power-off within {limit:g} s"
        if out.pending_send:
            msg += f"; still waiting for {out.pending_send}"
        failures.append(Failure(TIMEOUT, msg))
    elif out.stop_reason == "poweroff-hang":
        failures.append(Failure(POWEROFF_FAILED, f"the power-off line was printed but {cfg.emulator} was "
                                                 f"still running {cfg.poweroff_grace:g} s later"))

    # Status.
    if out.powered_off and out.status is None:
        failures.append(Failure(BAD_STATUS, f"powered off ({out.poweroff_via}) without a "
                                            f"'clockwork: power off, status N' line"))
    if (out.powered_off and out.poweroff_via == "isa-debug-exit" and out.line_status is not None
            and out.line_status != out.status):
        failures.append(Failure(BAD_STATUS, f"power-off line says status {out.line_status} but "
                                            f"isa-debug-exit gave {out.status} (exit code {out.returncode})"))
    expected = cfg.expected_status
    if expected != STATUS_IGNORE:
        if out.powered_off and out.status is not None and isinstance(expected, int) \
                and out.status != expected:
            failures.append(Failure(BAD_STATUS, f"expected status {expected}, got {out.status}"))
        elif not out.powered_off and not failures:
            want = "any status" if expected == STATUS_ANY else f"status {expected}"
            failures.append(Failure(BAD_STATUS, f"{cfg.emulator} stopped without powering off "
                                                f"(expected {want})"))
    out.failures = failures
    return out


# --- Running ----------------------------------------------------------------------------------------------

class _Stream:
    def __init__(self, name: str, sink: Optional[Callable[[str, str], None]]):
        self.name = name
        self.text = ""
        self._dec = codecs.getincrementaldecoder("utf-8")("replace")
        self._sink = sink
        self._scanned = 0          # offset of the first line not yet scanned for events
        self.banners = 0

    def add_bytes(self, data: bytes, final: bool = False) -> str:
        return self.add_text(self._dec.decode(data, final))

    def add_text(self, text: str) -> str:
        if text:
            self.text += text
            if self._sink:
                self._sink(self.name, text)
        return text

    def new_lines(self) -> List[str]:
        end = self.text.rfind("\n")
        if end < self._scanned:
            return []
        chunk = self.text[self._scanned:end]
        self._scanned = end + 1
        return [l.replace("\r", "").rstrip() for l in chunk.split("\n")]


def _listener() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    s.setblocking(False)
    return s


def _tail(path: Path, limit: int = 2_000_000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-limit:].decode("utf-8", "replace")


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to SIGKILL the emulator if the runner dies first."""
    try:
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:   # not Linux, or no libc through ctypes: the runner's own cleanup still applies
        pass


# Where the boot image goes in QEMU: the IDE primary master, or a USB stick (usb-storage, bootindex 0, so
# SeaBIOS boots it) on one of the host controllers, directly on a root port or behind a usb-hub. With a
# USB disk there is no IDE disk at all: the kernel must find its programs and swap on the stick.
QEMU_USB_CONTROLLERS = {"uhci": "piix3-usb-uhci", "ehci": "usb-ehci", "xhci": "qemu-xhci"}
QEMU_DISKS = ("ide",) + tuple(QEMU_USB_CONTROLLERS) + tuple(f"{c}-hub" for c in QEMU_USB_CONTROLLERS)


def swap_partition_lba(path: str) -> int:
    """The first LBA of the image's swap partition (MBR type 0x82)."""
    with open(path, "rb") as f:
        mbr = f.read(512)
    for i in range(4):
        entry = mbr[0x1BE + 16 * i:0x1BE + 16 * (i + 1)]
        if entry[4] == 0x82:
            return struct.unpack_from("<I", entry, 8)[0]
    raise ImageError(f"{path}: no swap partition (type 0x82) in the MBR")


SUPERBLOCK_PROGDIR_OFFSET = 28      # progdir_start, progdir_count (lib/disk_format.h Superblock)
PROGRAM_ENTRY_SIZE = 32             # name[24], start, size (lib/disk_format.h ProgramEntry)


def program_page_lba(path: str, name: str, page: int) -> int:
    """The absolute LBA of page `page` (4 KiB) of program `name`'s file in the image's program directory."""
    with open(path, "rb") as f:
        part = _superblock_lba(f)
        f.seek(part * SECTOR)
        sb = f.read(SECTOR)
        _check_superblock(sb, path)
        start, count = struct.unpack_from("<II", sb, SUPERBLOCK_PROGDIR_OFFSET)
        f.seek((part + start) * SECTOR)
        directory = f.read(count * PROGRAM_ENTRY_SIZE)
    for i in range(count):
        entry = directory[i * PROGRAM_ENTRY_SIZE:(i + 1) * PROGRAM_ENTRY_SIZE]
        if entry[:24].split(b"\0", 1)[0].decode("ascii", "replace") != name:
            continue
        file_start, size = struct.unpack_from("<II", entry, 24)
        if page * 4096 >= size:
            raise ImageError(f"{path}: program {name} has no page {page} ({size} bytes)")
        return part + file_start + 8 * page
    raise ImageError(f"{path}: no program {name!r} in the program directory")


def blkdebug_config(swap_lba: int, slots: List[int], read_lbas: Optional[List[int]] = None) -> str:
    """A blkdebug rule file failing with EIO every write that covers the first sector of one of `slots`
    and every read that covers one of `read_lbas` (QEMU docs/devel/blkdebug.txt: a rule's sector matches
    any request that includes it)."""
    rules = [f'[inject-error]\nevent = "pwritev"\niotype = "write"\nerrno = "5"\n'
             f'sector = "{swap_lba + 8 * slot}"\nonce = "off"\n' for slot in slots]
    rules += [f'[inject-error]\nevent = "read_aio"\niotype = "read"\nerrno = "5"\n'
              f'sector = "{lba}"\nonce = "off"\n' for lba in read_lbas or []]
    return "\n".join(rules)


# What the second disk's copy of the image gets appended to its command line (qemu_second_disk).
SECOND_DISK_MARK = "env=CW_DISK=second"


def one_disk_argv(disk: str, image: str, name: str, bootindex: Optional[int],
                  blkdebug: Optional[str] = None) -> List[str]:
    """QEMU arguments attaching `image` as `disk` (QEMU_DISKS) with device ids prefixed by `name`."""
    drive = f"file=blkdebug:{blkdebug}:{image},format=raw" if blkdebug else f"file={image},format=raw"
    boot = f",bootindex={bootindex}" if bootindex is not None else ""
    if disk == "ide":
        if bootindex is None:
            return ["-drive", f"{drive},if=ide,index=0,media=disk"]
        return ["-drive", f"{drive},if=none,id={name}", "-device", f"ide-hd,drive={name},bus=ide.0,unit=0{boot}"]
    controller, _, hub = disk.partition("-")
    if controller not in QEMU_USB_CONTROLLERS or hub not in ("", "hub"):
        raise ValueError(f"unknown qemu disk {disk!r} (one of {', '.join(QEMU_DISKS)})")
    argv = ["-drive", f"{drive},if=none,id={name}", "-device", f"{QEMU_USB_CONTROLLERS[controller]},id={name}usb"]
    port = "1"
    if hub:
        argv += ["-device", f"usb-hub,bus={name}usb.0,port=1"]
        port = "1.1"
    # The stick's device id is NAME-stick: `device_del cwdisk-stick` on the monitor unplugs it.
    return argv + ["-device", f"usb-storage,bus={name}usb.0,port={port},drive={name},id={name}-stick{boot}"]


def disk_argv(disk: str, image: str, blkdebug: Optional[str] = None,
              second: Optional[Tuple[str, str]] = None) -> List[str]:
    """The boot disk, and optionally a second one (WHERE, IMAGE) that the firmware boots only after it."""
    if second is None:
        return one_disk_argv(disk, image, "cwdisk", None if disk == "ide" else 0, blkdebug)
    where, other = second
    if where == disk:
        raise ValueError(f"the second disk must be on another bus than the first ({disk})")
    return one_disk_argv(disk, image, "cwdisk", 0, blkdebug) + one_disk_argv(where, other, "cwdisk2", 1)


def qemu_argv(cfg: RunConfig, image: str, serial_port: int, e9_port: int, log: str,
              blkdebug: Optional[str] = None, second_image: Optional[str] = None) -> List[str]:
    second = (cfg.qemu_second_disk, second_image) if cfg.qemu_second_disk and second_image else None
    monitor = f"unix:{cfg.qemu_monitor},server=on,wait=off" if cfg.qemu_monitor else "none"
    argv = [cfg.qemu, "-accel", "tcg", "-machine", "pc", "-m", str(cfg.memory_mib),
            "-display", "none", "-monitor", monitor, "-parallel", "none",
            "-chardev", f"socket,id=cwserial,host=127.0.0.1,port={serial_port},nodelay=on",
            "-serial", "chardev:cwserial",
            "-chardev", f"socket,id=cwe9,host=127.0.0.1,port={e9_port}",
            "-device", "isa-debugcon,iobase=0xe9,chardev=cwe9",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            *disk_argv(cfg.qemu_disk, image, blkdebug, second),
            "-no-reboot", "-d", "cpu_reset", "-D", log]
    if cfg.qemu_disk == "ide" and second is None:
        argv[-5:-5] = ["-boot", "c"]
    if cfg.qemu_icount is not None:
        icount = str(cfg.qemu_icount)
        argv += ["-icount", f"shift={icount}" if icount.isdigit() or icount == "auto" else icount]
    if cfg.gdb:
        argv += ["-s", "-S"]
    return argv + list(cfg.qemu_args)


def run(cfg: RunConfig) -> Outcome:
    if cfg.emulator not in ("qemu", "bochs"):
        raise ValueError(f"unknown emulator {cfg.emulator!r}")
    keep = cfg.workdir is not None
    workdir = Path(cfg.workdir) if keep else Path(tempfile.mkdtemp(prefix=f"cwboot-{cfg.emulator}-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir = workdir.resolve()
    try:
        return _run(cfg, workdir)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(cfg: RunConfig, workdir: Path) -> Outcome:
    out = Outcome(emulator=cfg.emulator, workdir=str(workdir) if cfg.workdir else None)
    timeout = 0.0 if cfg.gdb else cfg.timeout

    # The image: a private copy, with the command line patched in if asked.
    image = Path(cfg.image)
    try:
        if not image.is_file():
            raise ImageError(f"{image}: no such image")
        if cfg.copy_image:
            copy = workdir / "disk.img"
            shutil.copyfile(image, copy)
            image = copy
        append = appended_options(cfg)
        if cfg.cmdline is not None or append:
            if not cfg.copy_image:
                raise ImageError("changing the command line needs copy_image")
            patch_cmdline(str(image), cfg.cmdline, append)
        if cfg.image_superblock or cfg.image_kernel_flips:
            if not cfg.copy_image:
                raise ImageError("corrupting the image needs copy_image")
            corrupt_image(str(image), cfg.image_superblock, cfg.image_kernel_flips)
        second_image = None
        if cfg.qemu_second_disk or cfg.bochs_usb_disk:
            second_image = str((workdir / "disk2.img").resolve())
            shutil.copyfile(image, second_image)
            patch_cmdline(second_image, None, SECOND_DISK_MARK)
        blkdebug = None
        if cfg.qemu_swap_write_errors or cfg.qemu_program_read_errors:
            blkdebug = str((workdir / "blkdebug.conf").resolve())
            reads = [program_page_lba(str(image), name, page) for name, page in cfg.qemu_program_read_errors]
            swap_lba = swap_partition_lba(str(image)) if cfg.qemu_swap_write_errors else 0
            Path(blkdebug).write_text(blkdebug_config(swap_lba, cfg.qemu_swap_write_errors, reads))
    except (OSError, ImageError) as e:
        out.failures = [Failure(EMULATOR_ERROR, f"cannot prepare the image: {e}")]
        return out

    serial_l, e9_l = _listener(), _listener()
    log = workdir / ("qemu.log" if cfg.emulator == "qemu" else "bochs.log")
    if any(send.monitor for send in cfg.sends):
        if cfg.emulator != "qemu":
            out.failures = [Failure(EMULATOR_ERROR, "monitor commands need QEMU")]
            return out
        cfg = dataclasses.replace(cfg, qemu_monitor=str(workdir / "monitor.sock"))
    if cfg.emulator == "qemu":
        argv = qemu_argv(cfg, str(image.resolve()), serial_l.getsockname()[1], e9_l.getsockname()[1],
                         str(log), blkdebug, second_image)
    else:
        values = {"IMAGE": image.resolve(), "MEGS": cfg.memory_mib, "COM1_PORT": serial_l.getsockname()[1],
                  "LOG": log, "IPS": cfg.bochs_ips}
        try:
            rc_text = render_bochsrc(cfg.bochs_template, values)
        except (OSError, ValueError) as e:
            out.failures = [Failure(EMULATOR_ERROR, f"bochsrc template: {e}")]
            serial_l.close()
            e9_l.close()
            return out
        if cfg.bochs_usb_disk and second_image:
            rc_text += (f'usb_{cfg.bochs_usb_disk}: enabled=1, port1=disk, '
                        f'options1="path:{second_image}"\n')
        if cfg.bochs_lines:
            rc_text += "\n".join(cfg.bochs_lines) + "\n"
        (workdir / "bochsrc.headless").write_text(rc_text)
        # "continue" runs the machine; the debugger only stops again at a machine reset, and then reads
        # "quit" from the same script.
        (workdir / "debugger.rc").write_text("continue\nquit\n")
        argv = [cfg.bochs, "-q", "-f", str(workdir / "bochsrc.headless"), "-rc", str(workdir / "debugger.rc")]
        e9_l.close()                         # Bochs prints port 0xE9 on its stdout
        e9_l = None
    out.argv = argv

    serial = _Stream("serial", cfg.on_output)
    e9 = _Stream("e9", cfg.on_output)
    bochs_filter = BochsStdout() if cfg.emulator == "bochs" else None
    stdout_dec = codecs.getincrementaldecoder("utf-8")("replace")
    stderr_buf = bytearray()
    start = time.monotonic()
    try:
        # Same process group as the runner, so a Ctrl-C or CTest's timeout kill reaches the emulator too.
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=str(workdir), preexec_fn=_die_with_parent)
    except OSError as e:
        for listener in (serial_l, e9_l):
            if listener is not None:
                listener.close()
        failure = describe(cfg.emulator, None, f"cannot start {argv[0]}: {e}", "")
        out.failures = [Failure(EMULATOR_ERROR, failure)]
        return out

    sel = selectors.DefaultSelector()
    sel.register(serial_l, selectors.EVENT_READ, "listen-serial")
    if e9_l is not None:
        sel.register(e9_l, selectors.EVENT_READ, "listen-e9")
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    serial_conn: Optional[socket.socket] = None
    e9_conn: Optional[socket.socket] = None
    pending = list(cfg.sends)
    send_from = 0
    stop_at: Optional[float] = None
    stop_reason = "exited"
    deadline = start + timeout if timeout and timeout > 0 else None
    exited_at: Optional[float] = None
    saw_poweroff = False

    def schedule(reason: str, delay: float) -> None:
        nonlocal stop_at, stop_reason
        if exited_at is not None:      # the emulator is gone; the output still arriving changes nothing
            return
        when = time.monotonic() + delay
        if stop_at is None or when < stop_at:
            stop_at, stop_reason = when, reason

    def scan(stream: _Stream) -> None:
        nonlocal saw_poweroff
        for line in stream.new_lines():
            if re.search(cfg.banner, line):
                stream.banners += 1
                if stream.banners > 1:
                    schedule("reboot", cfg.panic_grace)
            if PANIC_RE.match(line):
                schedule("panic", cfg.panic_grace)
            elif EXCEPTION_RE.match(line) and cfg.exception == "forbid":
                schedule("exception", cfg.panic_grace)
            elif BOOTBLOCK_ERROR_RE.match(line):     # the bootblock (or the kernel's check) halts after it
                schedule("boot-error", cfg.panic_grace)
            elif POWEROFF_RE.match(line) and not saw_poweroff:
                saw_poweroff = True
                schedule("poweroff-hang", cfg.poweroff_grace)

    def type_text(conn: socket.socket, text: str) -> None:
        data = typed_bytes(text, cfg.newline)
        if cfg.char_delay <= 0:
            conn.sendall(data)
            return
        for b in data:
            conn.sendall(bytes([b]))
            time.sleep(cfg.char_delay)

    try:
        while True:
            now = time.monotonic()
            waits = [0.25]
            for t in (deadline, stop_at):
                if t is not None:
                    waits.append(max(0.0, t - now))
            if exited_at is not None:
                waits.append(max(0.0, exited_at + 1.0 - now))
            events = sel.select(timeout=min(waits))
            for key, _ in events:
                tag = key.data
                if tag in ("listen-serial", "listen-e9"):
                    try:
                        conn, _ = key.fileobj.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    conn.setblocking(False)
                    sel.unregister(key.fileobj)      # one connection per stream
                    if tag == "listen-serial":
                        serial_conn = conn
                        sel.register(conn, selectors.EVENT_READ, "serial")
                    else:
                        e9_conn = conn
                        sel.register(conn, selectors.EVENT_READ, "e9")
                    continue
                if tag in ("serial", "e9"):
                    conn = key.fileobj
                    try:
                        data = conn.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    stream = serial if tag == "serial" else e9
                    if not data:
                        sel.unregister(conn)
                        stream.add_bytes(b"", final=True)
                        continue
                    stream.add_bytes(data)
                    scan(stream)
                    continue
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                if tag == "stderr":
                    stderr_buf += data
                elif bochs_filter:
                    e9.add_text(bochs_filter.feed(stdout_dec.decode(data)))
                    scan(e9)
                else:
                    e9.add_bytes(data)   # QEMU prints nothing on stdout; keep it visible if it does
                    scan(e9)

            # Typed input: the next Send whose prompt has appeared.
            while pending and serial_conn is not None:
                watch = serial if cfg.console != "e9" else e9
                if cfg.console == "auto" and not serial.text:
                    watch = e9
                m = re.compile(pending[0].pattern, re.M).search(watch.text, send_from)
                if not m:
                    break
                send_from = m.end()
                send = pending.pop(0)
                try:
                    if send.monitor:
                        monitor_command(cfg.qemu_monitor, send.text)
                    else:
                        type_text(serial_conn, send.text)
                except OSError:
                    break

            now = time.monotonic()
            if exited_at is None and proc.poll() is not None:
                exited_at = now
                stop_reason = "exited"
                stop_at = None
            if exited_at is not None:
                live = [k for k in sel.get_map().values() if not k.data.startswith("listen-")]
                if not live or now >= exited_at + 1.0:
                    break
                continue
            if stop_at is not None and now >= stop_at:
                break
            if deadline is not None and now >= deadline:
                stop_reason = "timeout"
                break
    finally:
        if proc.poll() is None:
            proc.kill()
            if exited_at is None and stop_reason == "exited":
                stop_reason = "interrupted"
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # Whatever is still buffered.
        for conn, stream in ((serial_conn, serial), (e9_conn, e9)):
            if conn is not None:
                try:
                    conn.setblocking(False)
                    while True:
                        data = conn.recv(65536)
                        if not data:
                            break
                        stream.add_bytes(data)
                except OSError:
                    pass
                conn.close()
        for pipe, tag in ((proc.stdout, "stdout"), (proc.stderr, "stderr")):
            try:
                rest = pipe.read() or b""
            except (OSError, ValueError):
                rest = b""
            if tag == "stderr":
                stderr_buf += rest
            elif bochs_filter:
                e9.add_text(bochs_filter.feed(stdout_dec.decode(rest, True), final=True))
            elif rest:
                e9.add_bytes(rest)
            pipe.close()
        serial.add_bytes(b"", final=True)
        e9.add_bytes(b"", final=True)
        for listener in (serial_l, e9_l):
            if listener is not None:
                listener.close()
        sel.close()

    out.elapsed = time.monotonic() - start
    out.returncode = proc.returncode
    out.serial, out.e9 = serial.text, e9.text
    out.stderr = stderr_buf.decode("utf-8", "replace")
    out.emulator_log = _tail(log)
    out.stop_reason = stop_reason
    if bochs_filter:
        out.resets = bochs_filter.resets
    if pending:
        out.pending_send = f"send #{len(cfg.sends) - len(pending) + 1} (pattern {pending[0].pattern!r})"
    return classify(out, cfg, timeout)


# --- Command line -----------------------------------------------------------------------------------------

def monitor_command(path: str, command: str) -> None:
    """Sends one HMP command to the QEMU monitor listening on Unix socket `path`."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(5)
        conn.connect(path)
        conn.sendall(command.encode() + b"\n")
        time.sleep(0.2)  # let QEMU read it before the connection closes


def parse_send(spec: str) -> Send:
    if "=>" not in spec:
        raise argparse.ArgumentTypeError(f"--send wants PATTERN=>TEXT, got {spec!r}")
    pattern, text = spec.split("=>", 1)
    return Send(pattern, text)


def parse_status(text: str) -> Status:
    if text in (STATUS_ANY, STATUS_IGNORE):
        return text
    value = int(text, 0)
    if not 0 <= value <= 255:
        raise argparse.ArgumentTypeError("a status is a byte, 0..255")
    return value


def timeout_scale() -> float:
    try:
        return float(os.environ.get("CW_TIMEOUT_SCALE", "1") or 1)
    except ValueError:
        return 1.0


def add_run_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("emulator")
    g.add_argument("--emulator", "-e", choices=("qemu", "bochs"))
    g.add_argument("--memory", "-m", type=int, metavar="MIB")
    g.add_argument("--timeout", "-t", type=float, metavar="S",
                   help="wall-time limit (0: none); scaled by $CW_TIMEOUT_SCALE")
    g.add_argument("--cmdline", help="replace the kernel command line (in the run's copy of the image)")
    g.add_argument("--append", dest="cmdline_append", metavar="ARGS", help="append to the kernel command line")
    g.add_argument("--console", choices=("auto", "serial", "e9"))
    g.add_argument("--icount", dest="qemu_icount", metavar="SHIFT", help="QEMU -icount shift=SHIFT")
    g.add_argument("--disk", dest="qemu_disk", choices=QEMU_DISKS,
                   help="where QEMU attaches the image (default ide; uhci/ehci/xhci[-hub]: a USB stick)")
    g.add_argument("--gdb", action="store_true", help="QEMU -s -S: wait for gdb on :1234, no time limit")
    g.add_argument("--qemu", help="QEMU binary (default qemu-system-i386)")
    g.add_argument("--bochs", help="Bochs binary (default bochs)")
    g.add_argument("--bochs-template", help=f"headless bochsrc template (default {DEFAULT_BOCHS_TEMPLATE})")
    g.add_argument("--keep", metavar="DIR", help="keep the run's files (image copy, bochsrc, logs) in DIR")
    g.add_argument("--no-copy", action="store_true", help="boot the image in place (writes persist)")


def apply_run_arguments(cfg: RunConfig, args: argparse.Namespace, extra: List[str]) -> RunConfig:
    for name in ("emulator", "console", "cmdline", "cmdline_append", "qemu_icount", "qemu_disk", "qemu", "bochs",
                 "bochs_template"):
        value = getattr(args, name, None)
        if value is not None:
            setattr(cfg, name, value)
    if args.memory is not None:
        cfg.memory_mib = args.memory
    if args.timeout is not None:
        cfg.timeout = args.timeout
    cfg.gdb = cfg.gdb or args.gdb
    if args.keep:
        cfg.workdir = args.keep
    if args.no_copy:
        cfg.copy_image = False
    if extra:
        if cfg.emulator == "qemu":
            cfg.qemu_args = cfg.qemu_args + extra
        else:
            cfg.bochs_lines = cfg.bochs_lines + extra
    return cfg


def split_extra(argv: List[str]) -> Tuple[List[str], List[str]]:
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


class LivePrinter:
    """on_output callback: prints each stream's complete lines as they arrive, prefixed by the stream."""

    def __init__(self, file=None):
        self.file = file or sys.stdout
        self.partial: Dict[str, str] = {}

    def __call__(self, stream: str, text: str) -> None:
        buf = self.partial.get(stream, "") + text
        *lines, self.partial[stream] = buf.split("\n")
        for line in lines:
            self.file.write(f"{stream:>6}| {line.rstrip()}\n")
        self.file.flush()

    def flush(self) -> None:
        for stream, rest in self.partial.items():
            if rest.strip():
                self.file.write(f"{stream:>6}| {rest.rstrip()}\n")
        self.partial.clear()
        self.file.flush()


def summary(out: Outcome) -> str:
    parts = [f"{out.emulator}: {out.elapsed:.2f} s, stop={out.stop_reason}, exit code {out.returncode}"]
    if out.powered_off:
        parts.append(f"powered off via {out.poweroff_via}, status {out.status}")
    parts.append(f"console={out.console}")
    lines = [", ".join(parts)]
    lines += [f"  {f}" for f in out.failures] or ["  ok"]
    return "\n".join(lines)


def terminate_cleanly() -> None:
    """Turn SIGTERM into SystemExit so that run()'s cleanup (killing the emulator) happens."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


def main(argv: Optional[List[str]] = None) -> int:
    terminate_cleanly()
    argv, extra = split_extra(list(sys.argv[1:] if argv is None else argv))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Arguments after -- go to QEMU (or, for Bochs, become bochsrc lines).")
    p.add_argument("image")
    add_run_arguments(p)
    p.add_argument("--send", action="append", type=parse_send, default=[], metavar="PATTERN=>TEXT",
                   help="type TEXT and Enter on COM1 after regex PATTERN appears (repeatable, in order)")
    p.add_argument("--status", type=parse_status, default=STATUS_IGNORE,
                   help="expected power-off status (N, any, ignore; default ignore)")
    p.add_argument("--allow-panic", action="store_true")
    p.add_argument("--allow-exception", action="store_true")
    p.add_argument("--quiet", "-q", action="store_true", help="do not print the console as it arrives")
    p.add_argument("--print-bochsrc", action="store_true", help="print the generated headless bochsrc and exit")
    args = p.parse_args(argv)
    cfg = RunConfig(image=args.image, expected_status=args.status, sends=args.send,
                    panic="allow" if args.allow_panic else "forbid",
                    exception="allow" if args.allow_exception else "forbid")
    cfg = apply_run_arguments(cfg, args, extra)
    cfg.timeout *= timeout_scale()
    if args.print_bochsrc:
        print(render_bochsrc(cfg.bochs_template, {"IMAGE": Path(cfg.image).resolve(), "MEGS": cfg.memory_mib,
                                                  "COM1_PORT": "PORT", "LOG": "bochs.log",
                                                  "IPS": cfg.bochs_ips}), end="")
        return 0
    printer = None if args.quiet else LivePrinter()
    cfg.on_output = printer
    out = run(cfg)
    if printer:
        printer.flush()
    print(summary(out), file=sys.stderr)
    return 0 if out.ok else 1


if __name__ == "__main__":
    sys.exit(main())
