#!/usr/bin/env python3
"""Check that emulators really start: boot a one-sector disk (`jmp $`) in each for a second.

    tests/integration/emulator_smoke.py [--seconds S] [qemu] [bochs]     (default: both)

Each emulator runs exactly as the integration runner starts it (cwboot: QEMU's arguments, Bochs with the
headless template tools/bochsrc.headless.in), so whatever would make every test fail with EMULATOR_ERROR
fails here first. Passing means the emulator was still running the guest's loop when the time was up.
Exit status 0 when every emulator passed; otherwise 1, with one line per failure that names the likely
cause (emulator_diagnosis.py). tools/deps.sh runs this.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cwboot  # noqa: E402

# A 1 MiB disk (two cylinders of 16 heads x 63 sectors, a geometry Bochs accepts for a flat image) whose
# MBR is `jmp $` and the boot signature: the BIOS boots it and the CPU spins until the run is stopped.
_DISK_BYTES = 2 * 16 * 63 * 512
_JMP_SELF = b"\xeb\xfe"


def write_spin_disk(path: Path) -> None:
    disk = bytearray(_DISK_BYTES)
    disk[0:2] = _JMP_SELF
    disk[510:512] = b"\x55\xaa"
    path.write_bytes(bytes(disk))


def smoke(emulator: str, seconds: float, image: Path) -> str:
    """'' if `emulator` ran the spinning disk for `seconds`, else why not (one line)."""
    cfg = cwboot.RunConfig(image=str(image), emulator=emulator, timeout=seconds,
                           expected_status=cwboot.STATUS_IGNORE)
    out = cwboot.run(cfg)
    if out.stop_reason == "timeout":
        return ""
    errors = [f.message for f in out.failures if f.kind == cwboot.EMULATOR_ERROR]
    return errors[0] if errors else f"stopped after {out.elapsed:.2f} s ({out.stop_reason}, exit code " \
                                    f"{out.returncode})"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("emulators", nargs="*", metavar="qemu|bochs", help="default: both")
    p.add_argument("--seconds", type=float, default=1.0)
    args = p.parse_args()
    unknown = set(args.emulators) - {"qemu", "bochs"}
    if unknown:
        p.error(f"unknown emulators {sorted(unknown)}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="cw-smoke-") as d:
        image = Path(d) / "spin.img"
        write_spin_disk(image)
        for emulator in args.emulators or ("qemu", "bochs"):
            why = smoke(emulator, args.seconds, image)
            if why:
                print(f"{emulator} does not start: {why}", file=sys.stderr)
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
