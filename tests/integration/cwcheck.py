#!/usr/bin/env python3
"""Run one Clockwork integration case and check the console transcript against it.

    tests/integration/cwcheck.py CASE.test --image build/disk.img [--emulator bochs] [--save DIR]
    tests/integration/cwcheck.py CASE.test --transcript saved.txt      (check a saved transcript only)

Exit status: 0 pass, 1 fail, 2 bad case file or usage, 77 the case does not run on that emulator (CTest
counts 77 as "skipped"). The case format is described in README.md next to this file and in
CASE_FORMAT below.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cwboot  # noqa: E402
from cwboot import Outcome, RunConfig, Send  # noqa: E402

CASE_FORMAT = """\
A case file is UTF-8 text, one directive per line: `key: value` (the value starts after the colon and
one space; trailing whitespace is dropped). Lines starting with # and blank lines are ignored. Any key
can be prefixed with `qemu.` or `bochs.` to apply only on that emulator (e.g. `bochs.timeout: 120`).

Settings (each at most once per emulator prefix):
  name: NAME                 case name in reports (default: file name without .test)
  emulators: qemu bochs      emulators the case runs on (default both; others exit 77 = skipped)
  image: PATH                disk image, relative to the working directory (--image overrides)
  cmdline: TEXT              replace the kernel command line (in the run's private image copy)
  cmdline-append: TEXT       append to the kernel command line (after the harness's default options,
                             "pageable_pages=29", so the case's own options win)
  timeout: SECONDS           wall-time limit for the whole run (default 60; $CW_TIMEOUT_SCALE scales it)
  memory: MIB                guest RAM (default 32)
  status: N | any | ignore   expected power-off status (default 0, or ignore when panic: is allow or
                             require or boot-error: is require; `any`: must power off; `ignore`:
                             powering off not required)
  console: auto|serial|e9    which output stream the expectations read (default auto: serial if it shows
                             the banner, else e9)
  panic: forbid|allow|require          (default forbid) a "PANIC:" line
  exception: forbid|allow|require      (default forbid) an "EXCEPTION:" line
  boot-error: forbid|require (default forbid) a "Clockwork boot: " line (the bootblock's, or the kernel's
                             superblock check); the machine halts after it, so the run ends 1 s later
                             (panic-grace), and with `require` no banner is expected
  image-superblock: FIELD=VALUE [...]  set superblock fields in the run's image copy (after the
                             command line), e.g. kernel_entry=0 or version=1; VALUE decimal or 0x hex
  image-kernel-flip: OFFSET [...]  invert the byte at each OFFSET of the kernel extent in the copy
  banner: REGEX              banner line (default ^Clockwork \d)
  newline: cr|lf|crlf        what Enter sends for `send:` (default cr)
  char-delay: SECONDS        pause between typed characters (default 0)
  panic-grace: SECONDS       how long to keep reading after a PANIC/EXCEPTION/second banner (default 1)
  poweroff-grace: SECONDS    the emulator must exit this soon after the power-off line (default 5)
  qemu-icount: SHIFT         QEMU -icount shift=SHIFT (or a full -icount value)
  qemu-args: ARGS            extra QEMU arguments (shell-quoted)
  qemu-disk: WHERE           where QEMU attaches the image (default ide): uhci, ehci or xhci for a USB
                             stick on that controller (no IDE disk), with -hub for one behind a usb-hub
  qemu-swap-write-errors: N [N ...]  swap slots whose every write fails with EIO (QEMU blkdebug)
  qemu-program-read-errors: NAME:PAGE [...]  pages of program files whose every read fails with EIO
  qemu-second-disk: WHERE    a second disk on another bus (as qemu-disk) holding a copy of the image with
                             env=CW_DISK=second appended to its command line; the firmware boots the first
  bochs-usb-disk: CONTROLLER a USB stick on Bochs's uhci, ehci or xhci (port 1) holding a copy of the image
                             with env=CW_DISK=second appended, beside the IDE boot disk
  bochs-ips: N               Bochs instructions per emulated second (default 50000000)
  bochs-line: TEXT           extra bochsrc line (repeatable)

Checks (repeatable, kept in file order):
  expect: TEXT               a transcript line equal to TEXT (trailing whitespace ignored) must appear
                             after the line that matched the previous expect/expect-re
  expect-re: REGEX           same, for a line where REGEX matches (Python re.search; anchor with ^ $)
  forbid: TEXT               no transcript line may contain TEXT
  forbid-re: REGEX           no transcript line may match REGEX
  program: NAME              user test program NAME: "(NAME) begin" and "(NAME) end" each exactly once, in
                             that order, and no line starting "(NAME) FAIL". If indented lines follow,
                             the lines starting "(NAME)" must be exactly those lines, in order.
  send: REGEX => TEXT        when REGEX appears on the console (after the previous send's match), type
                             TEXT and Enter on COM1 (TEXT may be empty); a TEXT of just ^C (^ and one
                             of @ A-Z [ \\ ] ^ _) types that control key alone, without Enter
  qemu-monitor: REGEX => CMD when REGEX appears (in the same order as send:), give QEMU's monitor the
                             command CMD (e.g. device_del cwdisk to unplug a USB stick); QEMU only
"""

SETTINGS = {
    "name", "emulators", "image", "cmdline", "cmdline-append", "timeout", "memory", "status", "console",
    "panic", "exception", "banner", "newline", "char-delay", "panic-grace", "poweroff-grace",
    "boot-error", "image-superblock", "image-kernel-flip",
    "qemu-icount", "qemu-args", "qemu-disk", "qemu-swap-write-errors", "qemu-program-read-errors", "qemu-second-disk", "bochs-usb-disk", "bochs-ips",
}
REPEATABLE = {"expect", "expect-re", "forbid", "forbid-re", "program", "send", "qemu-monitor", "bochs-line"}
EMULATORS = ("qemu", "bochs")
POLICIES = ("forbid", "allow", "require")
NEWLINES = {"cr": "\r", "lf": "\n", "crlf": "\r\n"}

# Every case runs with these options between the image's command line and its own `cmdline-append`, so a
# case depends on what it states, not on the build: the pool is 29 frames whatever the kernel's compiled-in
# default (cmake -DPAGEABLE_PAGES) is, unless the case appends its own pageable_pages=N.
CASE_CMDLINE_DEFAULTS = "pageable_pages=29"

MISSING = "MISSING"        # an expected line never appeared
ORDER = "ORDER"            # an expected line appeared, but before the previous expected line
FORBIDDEN = "FORBIDDEN"    # a forbidden line appeared
PROGRAM = "PROGRAM"        # a user program's begin/end/FAIL lines or exact output are wrong


class CaseError(Exception):
    pass


@dataclass
class Directive:
    key: str
    value: str
    lineno: int
    emulator: Optional[str] = None        # None: every emulator
    block: Optional[List[str]] = None     # program: the indented exact-output block, if any


@dataclass
class Case:
    path: str
    directives: List[Directive] = field(default_factory=list)

    @property
    def default_name(self) -> str:
        name = Path(self.path).name
        return name[:-5] if name.endswith(".test") else name

    def for_emulator(self, emulator: str) -> "Resolved":
        return Resolved(self, emulator)


@dataclass
class Expectation:
    kind: str        # "expect" or "expect-re"
    text: str
    lineno: int

    def matches(self, line: str) -> bool:
        if self.kind == "expect":
            return line == self.text.rstrip()
        return re.search(self.text, line) is not None

    def label(self) -> str:
        return self.text if self.kind == "expect" else f"re:{self.text}"


@dataclass
class Problem:
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class Resolved:
    """A case's settings and checks as they apply to one emulator."""

    def __init__(self, case: Case, emulator: str):
        self.case = case
        self.emulator = emulator
        self.settings: Dict[str, Directive] = {}
        self.checks: List[Directive] = []
        self.bochs_lines: List[str] = []
        for d in case.directives:
            if d.emulator not in (None, emulator):
                continue
            if d.key in SETTINGS:
                # An emulator-specific setting beats the general one, wherever it stands in the file.
                old = self.settings.get(d.key)
                if old is None or d.emulator is not None or old.emulator is None:
                    self.settings[d.key] = d
            elif d.key == "bochs-line":
                self.bochs_lines.append(d.value)
            else:
                self.checks.append(d)

    def get(self, key: str, default=None):
        d = self.settings.get(key)
        return default if d is None else d.value

    @property
    def name(self) -> str:
        return self.get("name", self.case.default_name)

    @property
    def emulators(self) -> List[str]:
        return self.get("emulators", " ".join(EMULATORS)).split()

    def expectations(self) -> List[Expectation]:
        return [Expectation(d.key, d.value, d.lineno) for d in self.checks if d.key in ("expect", "expect-re")]

    def sends(self) -> List[Send]:
        out = []
        for d in self.checks:
            if d.key in ("send", "qemu-monitor"):
                pattern, text = d.value.split("=>", 1)
                out.append(Send(pattern.rstrip(), text.strip(), monitor=d.key == "qemu-monitor"))
        return out

    def run_config(self, image: str) -> RunConfig:
        cfg = RunConfig(image=image, emulator=self.emulator)
        cfg.cmdline = self.get("cmdline")
        cfg.cmdline_append = self.get("cmdline-append")
        cfg.cmdline_defaults = CASE_CMDLINE_DEFAULTS
        cfg.timeout = float(self.get("timeout", 60))
        cfg.memory_mib = int(self.get("memory", 32))
        default_status = ("ignore" if self.get("panic", "forbid") != "forbid"
                          or self.get("boot-error", "forbid") == "require" else "0")
        cfg.expected_status = cwboot.parse_status(self.get("status", default_status))
        cfg.console = self.get("console", "auto")
        cfg.panic = self.get("panic", "forbid")
        cfg.exception = self.get("exception", "forbid")
        cfg.boot_error = self.get("boot-error", "forbid")
        cfg.image_superblock = {name: int(value, 0) for name, value in
                                (spec.split("=", 1) for spec in self.get("image-superblock", "").split())}
        cfg.image_kernel_flips = [int(n, 0) for n in self.get("image-kernel-flip", "").split()]
        cfg.banner = self.get("banner", cwboot.BANNER_RE)
        cfg.newline = NEWLINES[self.get("newline", "cr")]
        cfg.char_delay = float(self.get("char-delay", 0))
        cfg.panic_grace = float(self.get("panic-grace", cfg.panic_grace))
        cfg.poweroff_grace = float(self.get("poweroff-grace", cfg.poweroff_grace))
        cfg.qemu_icount = self.get("qemu-icount")
        cfg.qemu_args = shlex.split(self.get("qemu-args", ""))
        cfg.qemu_disk = self.get("qemu-disk", "ide")
        cfg.qemu_second_disk = self.get("qemu-second-disk")
        cfg.bochs_usb_disk = self.get("bochs-usb-disk")
        cfg.qemu_program_read_errors = [(spec.split(":")[0], int(spec.split(":")[1]))
                                         for spec in self.get("qemu-program-read-errors", "").split()]
        cfg.qemu_swap_write_errors = [int(n) for n in self.get("qemu-swap-write-errors", "").split()]
        cfg.bochs_ips = int(self.get("bochs-ips", cfg.bochs_ips))
        cfg.bochs_lines = list(self.bochs_lines)
        cfg.sends = self.sends()
        return cfg


# --- Parsing ------------------------------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^(?:(qemu|bochs)\.)?([a-z][a-z0-9-]*):(?: (.*))?$")


def parse_case(text: str, path: str = "<case>") -> Case:
    case = Case(path)
    seen: Dict[Tuple[str, Optional[str]], int] = {}
    last: Optional[Directive] = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{lineno}"
        if line[0] in " \t":
            if last is None or last.key != "program":
                raise CaseError(f"{where}: indented line outside a program: block")
            last.block = (last.block or []) + [line.strip()]
            continue
        m = _DIRECTIVE.match(line)
        if not m:
            raise CaseError(f"{where}: expected `key: value`, got {line!r}")
        emulator, key, value = m.group(1), m.group(2), (m.group(3) or "").rstrip()
        if key not in SETTINGS and key not in REPEATABLE:
            raise CaseError(f"{where}: unknown key {key!r}")
        if key in SETTINGS:
            if (key, emulator) in seen:
                raise CaseError(f"{where}: {key!r} already set on line {seen[(key, emulator)]}")
            seen[(key, emulator)] = lineno
        _validate(key, value, where)
        last = Directive(key, value, lineno, emulator)
        case.directives.append(last)
    return case


def _validate(key: str, value: str, where: str) -> None:
    try:
        if key in ("timeout", "char-delay", "panic-grace", "poweroff-grace"):
            if float(value) < 0:
                raise ValueError("negative")
        elif key in ("memory", "bochs-ips"):
            if int(value) <= 0:
                raise ValueError("not positive")
        elif key == "status":
            cwboot.parse_status(value)
        elif key == "emulators":
            bad = [e for e in value.split() if e not in EMULATORS]
            if bad or not value.split():
                raise ValueError(f"emulators are {', '.join(EMULATORS)}")
        elif key == "console":
            if value not in ("auto", "serial", "e9"):
                raise ValueError("auto, serial or e9")
        elif key in ("panic", "exception"):
            if value not in POLICIES:
                raise ValueError(" or ".join(POLICIES))
        elif key == "boot-error":
            if value not in ("forbid", "require"):
                raise ValueError("forbid or require")
        elif key == "image-superblock":
            specs = [spec.split("=", 1) for spec in value.split()]
            if not specs or any(len(s) != 2 or s[0] not in cwboot.SUPERBLOCK_FIELDS for s in specs):
                raise ValueError(f"FIELD=VALUE ..., FIELD one of {', '.join(cwboot.SUPERBLOCK_FIELDS)}")
            for _, number in specs:
                int(number, 0)
        elif key == "image-kernel-flip":
            for number in value.split() or [""]:
                if int(number, 0) < 0:
                    raise ValueError("negative")
        elif key == "newline":
            if value not in NEWLINES:
                raise ValueError("cr, lf or crlf")
        elif key in ("expect-re", "forbid-re", "banner"):
            re.compile(value)
        elif key in ("send", "qemu-monitor"):
            if "=>" not in value:
                raise ValueError(f"{key}: REGEX => TEXT")
            re.compile(value.split("=>", 1)[0].rstrip())
        elif key == "program":
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
                raise ValueError("a program name is [A-Za-z0-9_.-]+")
        elif key == "forbid" and not value:
            raise ValueError("empty")
        elif key == "qemu-args":
            shlex.split(value)
        elif key == "qemu-program-read-errors":
            if not value.split() or not all(re.fullmatch(r"[A-Za-z0-9_.-]+:\d+", v) for v in value.split()):
                raise ValueError("NAME:PAGE ...")
        elif key == "qemu-swap-write-errors":
            if not all(n.isdigit() for n in value.split()) or not value.split():
                raise ValueError("slot numbers")
        elif key == "bochs-usb-disk" and value not in ("uhci", "ehci", "xhci"):
            raise ValueError("uhci, ehci or xhci")
        elif key in ("qemu-disk", "qemu-second-disk") and value not in cwboot.QEMU_DISKS:
            raise ValueError(f"one of {', '.join(cwboot.QEMU_DISKS)}")
    except (ValueError, re.error, argparse.ArgumentTypeError) as e:
        raise CaseError(f"{where}: bad {key} {value!r}: {e}") from None


def load_case(path: str) -> Case:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise CaseError(f"{path}: {e}") from None
    return parse_case(text, path)


# --- Checking -----------------------------------------------------------------------------------------------

@dataclass
class MatchRow:
    expectation: Expectation
    line: Optional[int]          # 0-based transcript line it matched, None if it did not


def match_expectations(lines: List[str], expectations: List[Expectation]) -> Tuple[List[MatchRow], List[Problem]]:
    """Ordered-subsequence match, taking the earliest line each time (which finds a match whenever one
    exists)."""
    rows: List[MatchRow] = []
    problems: List[Problem] = []
    pos = 0
    prev_line: Optional[int] = None
    for n, exp in enumerate(expectations, 1):
        found = next((i for i in range(pos, len(lines)) if exp.matches(lines[i])), None)
        if found is not None:
            rows.append(MatchRow(exp, found))
            pos, prev_line = found + 1, found
            continue
        rows.append(MatchRow(exp, None))
        earlier = next((i for i in range(0, pos) if exp.matches(lines[i])), None)
        after = f"after transcript line {prev_line + 1}" if prev_line is not None else "anywhere"
        if earlier is not None:
            problems.append(Problem(ORDER, f"expected line {n} ({exp.label()!r}, case line {exp.lineno}) "
                                           f"appears at transcript line {earlier + 1}, but it must come "
                                           f"{after} where expected line {n - 1} matched"))
        else:
            msg = f"expected line {n} ({exp.label()!r}, case line {exp.lineno}) not found {after}"
            near = nearest(lines[pos:], exp) if exp.kind == "expect" else None
            if near is not None:
                msg += f"\n      nearest: transcript line {pos + near[0] + 1}: {near[1]!r}"
            problems.append(Problem(MISSING, msg))
    return rows, problems


def nearest(lines: List[str], exp: Expectation) -> Optional[Tuple[int, str]]:
    best, best_i, best_ratio = None, -1, 0.6
    for i, line in enumerate(lines):
        ratio = difflib.SequenceMatcher(None, exp.text, line).ratio()
        if ratio > best_ratio:
            best, best_i, best_ratio = line, i, ratio
    return (best_i, best) if best is not None else None


def check_forbidden(lines: List[str], checks: List[Directive]) -> List[Problem]:
    problems = []
    for d in checks:
        if d.key not in ("forbid", "forbid-re"):
            continue
        for i, line in enumerate(lines):
            hit = (d.value in line) if d.key == "forbid" else re.search(d.value, line) is not None
            if hit:
                what = d.value if d.key == "forbid" else f"re:{d.value}"
                problems.append(Problem(FORBIDDEN, f"transcript line {i + 1} {line!r} matches forbidden "
                                                   f"{what!r} (case line {d.lineno})"))
                break
    return problems


def check_program(lines: List[str], d: Directive) -> List[Problem]:
    name = d.value
    prefix = re.compile(rf"^\({re.escape(name)}\)(?: |$)")
    begins = [i for i, l in enumerate(lines) if l == f"({name}) begin"]
    ends = [i for i, l in enumerate(lines) if l == f"({name}) end"]
    problems = []
    where = f"(case line {d.lineno})"
    if not begins:
        problems.append(Problem(PROGRAM, f"'({name}) begin' never printed {where}"))
    elif len(begins) > 1:
        problems.append(Problem(PROGRAM, f"'({name}) begin' printed {len(begins)} times (transcript lines "
                                         f"{', '.join(str(i + 1) for i in begins)})"))
    if not ends:
        mine = [(i, l) for i, l in enumerate(lines) if prefix.match(l)]
        last = f"; its last line was {mine[-1][0] + 1}: {mine[-1][1]!r}" if mine else ""
        problems.append(Problem(PROGRAM, f"'({name}) end' never printed: the program did not finish{last}"))
    elif len(ends) > 1:
        problems.append(Problem(PROGRAM, f"'({name}) end' printed {len(ends)} times"))
    if begins and ends and ends[0] < begins[0]:
        problems.append(Problem(PROGRAM, f"'({name}) end' (line {ends[0] + 1}) before '({name}) begin' "
                                         f"(line {begins[0] + 1})"))
    for i, l in enumerate(lines):
        if l.startswith(f"({name}) FAIL"):
            problems.append(Problem(PROGRAM, f"transcript line {i + 1}: {l}"))
    if d.block is not None:
        got = [l for l in lines if prefix.match(l)]
        if got != d.block and (got or begins):
            diff = difflib.unified_diff(d.block, got, f"expected ({name}) output", f"actual ({name}) output",
                                        lineterm="", n=2)
            problems.append(Problem(PROGRAM, f"({name}) output differs from case line {d.lineno}:\n"
                                    + "\n".join("      " + x for x in diff)))
    return problems


def check(resolved: Resolved, outcome: Outcome) -> Tuple[List[Problem], List[MatchRow]]:
    problems = [Problem(f.kind, f.message) for f in outcome.failures]
    lines = outcome.lines
    rows, p = match_expectations(lines, resolved.expectations())
    problems += p
    problems += check_forbidden(lines, resolved.checks)
    for d in resolved.checks:
        if d.key == "program":
            problems += check_program(lines, d)
    return problems, rows


# --- Reporting ----------------------------------------------------------------------------------------------

def describe_run(o: Outcome) -> str:
    bits = [f"{o.elapsed:.2f} s", f"console {o.console}", f"stop: {o.stop_reason}", f"exit code {o.returncode}"]
    if o.powered_off:
        bits.append(f"powered off via {o.poweroff_via}, status {o.status}")
    return ", ".join(bits)


def report(resolved: Resolved, outcome: Outcome, problems: List[Problem], rows: List[MatchRow],
           tail: int = 40) -> str:
    head = f"{resolved.name} [{resolved.emulator}] ({describe_run(outcome)})"
    if not problems:
        return f"PASS {head}"
    out = [f"FAIL {head}", f"{len(problems)} problem(s):"]
    for p in problems:
        out.append(f"  {p}")
    lines = outcome.lines
    if rows:
        out.append("expected lines, in order:")
        width = min(60, max(len(r.expectation.label()) for r in rows))
        for r in rows:
            mark, where = ("ok  ", f"transcript line {r.line + 1}") if r.line is not None else ("MISS", "-")
            out.append(f"  {mark} {r.expectation.label():<{width}}  {where}")
    n = len(lines)
    shown = lines[-tail:] if tail else lines
    out.append(f"transcript ({outcome.console}, {n} lines" + (f", last {len(shown)}):" if len(shown) < n else "):"))
    for i, line in enumerate(shown, n - len(shown) + 1):
        out.append(f"  {i:5}| {line}")
    if not lines and outcome.stderr.strip():
        out.append("emulator stderr (last lines):")
        out += [f"  {l}" for l in outcome.stderr.strip().splitlines()[-15:]]
    if any(p.kind == cwboot.EMULATOR_ERROR for p in problems) and outcome.emulator_log:
        out.append("emulator log (last lines):")
        out += [f"  {l}" for l in outcome.emulator_log.strip().splitlines()[-10:]]
    if outcome.workdir:
        out.append(f"run files kept in {outcome.workdir}")
    elif outcome.argv:
        out.append("(rerun with --keep DIR to keep the image copy, emulator log and bochsrc)")
    return "\n".join(out)


def save(directory: str, resolved: Resolved, outcome: Outcome, text: str) -> None:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    (d / "serial.txt").write_text(outcome.serial)
    (d / "e9.txt").write_text(outcome.e9)
    (d / "report.txt").write_text(text + "\n")
    data = outcome.to_dict()
    data["emulator_log"] = outcome.emulator_log[-20000:]
    data["case"] = resolved.case.path
    (d / "outcome.json").write_text(json.dumps(data, indent=2, default=str))


# --- Command line -------------------------------------------------------------------------------------------

def main(argv: Optional[List[str]] = None) -> int:
    cwboot.terminate_cleanly()
    argv, extra = cwboot.split_extra(list(sys.argv[1:] if argv is None else argv))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Arguments after -- go to QEMU (or, for Bochs, become bochsrc lines). "
                                       "Case format: see --help-format.")
    p.add_argument("case", nargs="?")
    p.add_argument("--image", "-i", help="disk image (overrides the case's image:)")
    cwboot.add_run_arguments(p)
    p.add_argument("--transcript", metavar="FILE",
                   help="check FILE as the console transcript instead of booting (runner checks skipped)")
    p.add_argument("--save", metavar="DIR", help="write serial.txt, e9.txt, outcome.json, report.txt to DIR")
    p.add_argument("--live", action="store_true", help="print the console as it arrives")
    p.add_argument("--tail", type=int, default=40, help="transcript lines shown on failure (0: all)")
    p.add_argument("--help-format", action="store_true", help="describe the case file format")
    args = p.parse_args(argv)
    if args.help_format:
        print(CASE_FORMAT, end="")
        return 0
    if not args.case:
        p.error("a case file is required")
    try:
        case = load_case(args.case)
    except CaseError as e:
        print(f"cwcheck: {e}", file=sys.stderr)
        return 2
    emulator = args.emulator or "qemu"
    resolved = case.for_emulator(emulator)
    if emulator not in resolved.emulators:
        print(f"SKIP {resolved.name} [{emulator}]: the case runs on {', '.join(resolved.emulators)}")
        return 77

    if args.transcript:
        text = Path(args.transcript).read_text(encoding="utf-8", errors="replace")
        cfg = resolved.run_config(image="-")
        cfg.emulator = "none"
        outcome = cwboot.classify(Outcome(emulator="none", serial=text), cfg)
        problems, rows = check(resolved, outcome)
    else:
        if args.image is not None and not args.image.strip():
            print("cwcheck: --image is empty (an IMAGE target without the CW_IMAGE_FILE property?)",
                  file=sys.stderr)
            return 2
        image = args.image or resolved.get("image")
        if not image:
            print("cwcheck: no image: pass --image or set image: in the case", file=sys.stderr)
            return 2
        cfg = resolved.run_config(image)
        cfg = cwboot.apply_run_arguments(cfg, args, extra)
        cfg.timeout *= cwboot.timeout_scale()
        printer = cwboot.LivePrinter() if args.live else None
        cfg.on_output = printer
        outcome = cwboot.run(cfg)
        if printer:
            printer.flush()
        problems, rows = check(resolved, outcome)
    text = report(resolved, outcome, problems, rows, args.tail)
    print(text)
    if args.save:
        save(args.save, resolved, outcome, text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
