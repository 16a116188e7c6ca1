"""Why an emulator died before the kernel printed anything: known stderr/log signatures -> one line.

cwboot.classify() adds the line to its EMULATOR_ERROR report, and tools/deps.sh (through
emulator_smoke.py) prints it when an emulator cannot start. Each signature below was seen on Debian 12
(QEMU 7.2, Bochs 2.7); the raw message stays in the report next to the cause, so a wrong guess costs
nothing. Only the Python standard library is used.
"""

from __future__ import annotations

import re
import signal
from typing import List, Optional, Tuple

# (regex searched in stderr + the emulator's log, cause; `{1}`, `{2}` are the regex's groups).
# First match wins, so the specific signatures come before the general ones.
_SIGNATURES: List[Tuple[str, str]] = [
    # Bochs 2.7 with `sound: driver=alsa` (or the default) on a machine without a sound device: ALSA
    # complains, then the mixer thread aborts with a fortified-libc buffer overflow (exit -6).
    (r"ALSA lib .*Unknown PCM|ALSA lib .*cannot find card",
     "Bochs's ALSA sound driver found no sound device and aborted; "
     "the bochsrc needs `sound: driver=dummy` (tools/bochsrc.headless.in has it)"),
    (r"ROM: couldn't open ROM image file '([^']*)'",
     "a Bochs BIOS file is missing ({1}): install bochsbios and vgabios (tools/deps.sh)"),
    (r"qemu: could not load PC BIOS '([^']*)'|failed to find romfile \"([^\"]*)\"",
     "a QEMU firmware file is missing ({1}{2}): reinstall qemu-system-x86 / seabios (tools/deps.sh)"),
    (r"RFB could not bind any port between (\d+) and (\d+)",
     "Bochs's rfb display found every VNC port {1}-{2} taken "
     "(too many Bochs runs at once, or a VNC server on them)"),
    (r"Address already in use",
     "a TCP port the emulator wanted is in use by another program"),
    (r"Failed to get \"write\" lock",
     "another QEMU has the image open (QEMU locks it): stop that run, or boot a copy"),
    (r"could not open hard drive image file '([^']*)'",
     "Bochs cannot open the image {1}: it is missing, or {1}.lock is left over from a killed Bochs "
     "(delete it, or run bochs -unlock)"),
    (r"Could not open '([^']*)': ([^\n]*)",
     "QEMU cannot open {1}: {2}"),
    (r"display library '(\w+)' not available",
     "this Bochs has no '{1}' display plugin (Debian's has rfb, sdl2, x and term)"),
    (r"cannot start (\S+): .*No such file or directory",
     "{1} is not installed or not on PATH (tools/deps.sh lists the packages)"),
    (r"cannot start (\S+): .*Permission denied",
     "{1} is not executable"),
]
_COMPILED = [(re.compile(rx), cause) for rx, cause in _SIGNATURES]


def _fill(cause: str, m: re.Match) -> str:
    return re.sub(r"\{(\d)\}", lambda g: m.group(int(g.group(1))) or "", cause)


def likely_cause(emulator: str, returncode: Optional[int], text: str) -> Optional[str]:
    """The likely cause of an emulator failure, from everything it said (`text`: the runner's own
    error, stderr and the log), or None when nothing is recognised. A death by signal with no
    recognised message is reported as such."""
    for rx, cause in _COMPILED:
        m = rx.search(text)
        if m:
            return _fill(cause, m)
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"{emulator} was killed by {name} before the kernel printed anything (see its stderr)"
    return None


def describe(emulator: str, returncode: Optional[int], raw: str, said: str) -> str:
    """`raw` (the emulator's own error line) prefixed with its likely cause, as one line."""
    cause = likely_cause(emulator, returncode, raw + "\n" + said)
    return f"{cause} [{raw}]" if cause else raw

