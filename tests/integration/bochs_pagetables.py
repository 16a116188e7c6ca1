#!/usr/bin/env python3
"""Check the kernel's page-table dump against what Bochs's debugger reads from the same page tables.

The image boots headless in Bochs (the runner's bochsrc template from tools/bochsrc.headless.in, plus
`magic_break: enabled=1`) with `bochs_break=N` appended to the kernel command line. At the Nth resolved
user page fault the kernel prints the faulting process's page table (kernel/debug/magic_break.h):

    magic-break: fault 3 in hello (pid 1), CR3=0x01fd2000
    page table of hello (pid 1), directory 0x01fd2000:
    0x08048000 -> 0x01fee000 U-R A-
    ...
    magic-break: end of page table (4 pages), xchg bx, bx

then executes `xchg bx, bx` with interrupts off and that CR3 loaded, and Bochs stops in its debugger.
The debugger's script (-rc) is only `continue`; once COM1 has shown the end marker, this script types
the inspection commands on Bochs's stdin - `creg`, `info tab`, `page ADDR` for every page the kernel
listed (and one address with nothing mapped), `x /4wx` on one user page - then `quit`.

Bochs 2.7's `info tab` prints the CR3 and then one line per run of pages that are contiguous both
linearly and physically, with no permissions:

    cr3: 0x000001fd2000
    0x0000000008049000-0x000000000804afff -> 0x000001fec000-0x000001fedfff

`page ADDR` prints the PDE and PTE with their flags (upper case = set: "U W P", lower case = clear):

     PDE: 0x0000000001fd0027    ps         A pcd pwt U W P
     PTE: 0x0000000001fec005       g pat d a pcd pwt U R P
    linear page 0x0000000008049000 maps to physical page 0x000001fec000

Checks: the user-range entries of `info tab` (below 0xC0000000) are exactly the kernel's list, page for
page and frame for frame; for each listed page, `page` shows the same frame, U/S and R/W (effective, PDE
and PTE combined) and the same A and D bits (nothing touches user memory between the dump and the stop);
CR3 in `creg` and `info tab` is the one the kernel printed and CR0.PG is set; the kernel's page count
matches its list; the unmapped probe address does not translate.

    tests/integration/bochs_pagetables.py --image build/disk.img [--break 3] [--append init=hello]
                                          [--save DIR] [--keep DIR] [--verbose]

Exit status: 0 pass, 1 fail, 77 skipped (no Bochs). Only the Python standard library is used; the
image, command-line and bochsrc handling is cwboot.py's.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cwboot  # noqa: E402  (the runner: image patching, bochsrc template, sockets)

KERNEL_TOP = 0xC0000000
PAGE = 0x1000
SKIP = 77

# --- The kernel's side (kernel/debug/magic_break.cpp, mm/page_table.h format_mapping_line) -------------
ARMED_RE = re.compile(r"^magic-break: will stop at user page fault (\d+)")
HEADER_RE = re.compile(r"^magic-break: fault (\d+) in (.*) \(pid (-?\d+)\), CR3=(0x[0-9a-fA-F]+)$")
TABLE_RE = re.compile(r"^page table of (.*) \(pid (-?\d+)\), directory (0x[0-9a-fA-F]+):$")
MAPPING_RE = re.compile(r"^(0x[0-9a-fA-F]{8}) -> (0x[0-9a-fA-F]{8}) ([US])-([WR]) ([A-])([D-])((?: WT| CD)*)$")
END_RE = re.compile(r"^magic-break: end of page table \((\d+) pages\)")

# --- Bochs 2.7's debugger output -----------------------------------------------------------------------
PROMPT_RE = re.compile(r"^<bochs:\d+> ?(.*)$")
MAGIC_RE = re.compile(r"^\(\d+\) Magic breakpoint$")
TAB_CR3_RE = re.compile(r"^cr3: (0x[0-9a-fA-F]+)$")
TAB_RANGE_RE = re.compile(r"^(0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+) -> (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)$")
CREG_CR0_RE = re.compile(r"^CR0=(0x[0-9a-fA-F]+)")
CREG_CR2_RE = re.compile(r"^CR2=page fault laddr=(0x[0-9a-fA-F]+)")
CREG_CR3_RE = re.compile(r"^CR3=(0x[0-9a-fA-F]+)")
PAGE_ENTRY_RE = re.compile(r"^ (PDE|PTE): (0x[0-9a-fA-F]+)\s+(.*)$")
PAGE_MAPS_RE = re.compile(r"^linear page (0x[0-9a-fA-F]+) maps to physical page (0x[0-9a-fA-F]+)$")
PAGE_NONE_RE = re.compile(r"^physical address not available for linear (0x[0-9a-fA-F]+)$")
X_WORDS_RE = re.compile(r"^(0x[0-9a-fA-F]+) <[^>]*>:((?:\s+0x[0-9a-fA-F]+)+)$")


@dataclass
class KernelMapping:
    page: int
    frame: int
    user: bool
    writable: bool
    accessed: bool
    dirty: bool
    line: str


@dataclass
class KernelDump:
    fault: int
    process: str
    pid: int
    cr3: int
    directory: int
    pages_reported: int
    mappings: Dict[int, KernelMapping] = field(default_factory=dict)


@dataclass
class PageWalk:
    address: int
    pde_flags: Dict[str, bool] = field(default_factory=dict)
    pte_flags: Dict[str, bool] = field(default_factory=dict)
    frame: Optional[int] = None        # "maps to physical page"
    unmapped: bool = False             # "physical address not available"
    text: str = ""


class CheckError(Exception):
    pass


# --- Parsing ----------------------------------------------------------------------------------------------

def parse_kernel_dump(lines: List[str]) -> Optional[KernelDump]:
    """The framed dump from the console lines, or None if no complete frame is there."""
    for i, line in enumerate(lines):
        m = HEADER_RE.match(line)
        if not m:
            continue
        if i + 1 >= len(lines):
            return None
        t = TABLE_RE.match(lines[i + 1])
        if not t:
            raise CheckError(f"after {line!r} expected the page_dump header, got {lines[i + 1]!r}")
        dump = KernelDump(fault=int(m.group(1)), process=m.group(2), pid=int(m.group(3)), cr3=int(m.group(4), 16),
                          directory=int(t.group(3), 16), pages_reported=-1)
        for body in lines[i + 2:]:
            e = END_RE.match(body)
            if e:
                dump.pages_reported = int(e.group(1))
                return dump
            mm = MAPPING_RE.match(body)
            if not mm:
                raise CheckError(f"unexpected line inside the kernel's dump: {body!r}")
            page = int(mm.group(1), 16)
            if page in dump.mappings:
                raise CheckError(f"the kernel listed page {page:#010x} twice")
            dump.mappings[page] = KernelMapping(page, int(mm.group(2), 16), mm.group(3) == "U", mm.group(4) == "W",
                                                mm.group(5) == "A", mm.group(6) == "D", body)
        return None
    return None


def split_commands(stdout: str) -> List[Tuple[str, List[str]]]:
    """Bochs's stdout after the magic breakpoint, as (command, output lines) per `<bochs:N> command`."""
    lines = cwboot.split_lines(stdout)
    start = next((i for i, l in enumerate(lines) if MAGIC_RE.match(l)), None)
    if start is None:
        return []
    result: List[Tuple[str, List[str]]] = []
    for line in lines[start + 1:]:
        m = PROMPT_RE.match(line)
        if m:
            result.append((m.group(1).strip(), []))
        elif result:
            result[-1][1].append(line)
    return result


def parse_flags(text: str) -> Dict[str, bool]:
    """Bochs's flag words: upper case set, lower case clear. U/S and W/R are one letter each."""
    flags: Dict[str, bool] = {}
    for word in text.split():
        if word in ("U", "S"):
            flags["U"] = word == "U"
        elif word in ("W", "R"):
            flags["W"] = word == "W"
        else:
            flags[word.upper()] = word.isupper()
    return flags


def parse_page(address: int, out: List[str]) -> PageWalk:
    walk = PageWalk(address=address, text="\n".join(out))
    for line in out:
        m = PAGE_ENTRY_RE.match(line)
        if m:
            (walk.pde_flags if m.group(1) == "PDE" else walk.pte_flags).update(parse_flags(m.group(3)))
            continue
        m = PAGE_MAPS_RE.match(line)
        if m:
            walk.frame = int(m.group(2), 16)
            continue
        if PAGE_NONE_RE.match(line):
            walk.unmapped = True
    return walk


def parse_info_tab(out: List[str]) -> Tuple[Optional[int], List[Tuple[int, int, int]]]:
    """(cr3, [(first linear, last linear, first physical)]) from `info tab`."""
    cr3 = None
    ranges = []
    for line in out:
        m = TAB_CR3_RE.match(line)
        if m:
            cr3 = int(m.group(1), 16)
            continue
        m = TAB_RANGE_RE.match(line)
        if m:
            lo, hi, plo, phi = (int(g, 16) for g in m.groups())
            if hi - lo != phi - plo:
                raise CheckError(f"info tab: a range with different linear and physical sizes: {line!r}")
            ranges.append((lo, hi, plo))
            continue
        if line.strip():
            raise CheckError(f"info tab: unexpected line {line!r}")
    return cr3, ranges


def user_pages_of(ranges: List[Tuple[int, int, int]]) -> Dict[int, int]:
    """Linear page -> physical frame for every page below KERNEL_TOP that `info tab` lists."""
    pages: Dict[int, int] = {}
    for lo, hi, plo in ranges:
        if lo % PAGE or (hi + 1) % PAGE:
            raise CheckError(f"info tab: range {lo:#x}-{hi:#x} is not page-aligned")
        for page in range(lo, min(hi + 1, KERNEL_TOP), PAGE):
            pages[page] = plo + (page - lo)
    return pages


def unmapped_probe(mappings: Dict[int, KernelMapping]) -> int:
    """A user address the kernel did not list: the page below the lowest mapped one, else 0x00400000."""
    candidates = [min(mappings) - PAGE] if mappings else []
    candidates += [0x00400000, 0x10000000, 0x40000000]
    return next(c for c in candidates if 0 < c < KERNEL_TOP and c not in mappings)


# --- Comparing --------------------------------------------------------------------------------------------

def compare(dump: KernelDump, commands: List[Tuple[str, List[str]]], probe: int) -> Tuple[List[str], List[str]]:
    """Returns (problems, notes)."""
    problems: List[str] = []
    notes: List[str] = []
    by_command: Dict[str, List[str]] = {}
    for command, out in commands:
        by_command.setdefault(command, out)

    if dump.cr3 != dump.directory:
        problems.append(f"kernel: CR3 {dump.cr3:#010x} is not the dumped directory {dump.directory:#010x}")
    if dump.pages_reported != len(dump.mappings):
        problems.append(f"kernel: the end marker says {dump.pages_reported} resident pages, the dump lists "
                        f"{len(dump.mappings)}")

    # creg
    creg = by_command.get("creg")
    if creg is None:
        problems.append("bochs: no output for `creg`")
    else:
        cr0 = next((int(m.group(1), 16) for m in map(CREG_CR0_RE.match, creg) if m), None)
        cr3 = next((int(m.group(1), 16) for m in map(CREG_CR3_RE.match, creg) if m), None)
        cr2 = next((int(m.group(1), 16) for m in map(CREG_CR2_RE.match, creg) if m), None)
        if cr0 is None or not cr0 & 0x80000000:
            problems.append(f"creg: CR0.PG is not set (CR0={cr0 if cr0 is None else hex(cr0)})")
        if cr3 is None or cr3 & ~0xFFF != dump.cr3:
            problems.append(f"creg: CR3={cr3 if cr3 is None else hex(cr3)}, the kernel printed {dump.cr3:#010x}")
        if cr2 is not None:
            where = "a page the kernel listed" if (cr2 & ~0xFFF) in dump.mappings else "not a listed page"
            notes.append(f"CR2 (the last page-fault address) = {cr2:#010x}: {where}")

    # info tab
    tab = by_command.get("info tab")
    if tab is None:
        problems.append("bochs: no output for `info tab`")
    else:
        try:
            cr3, ranges = parse_info_tab(tab)
            pages = user_pages_of(ranges)
        except CheckError as e:
            problems.append(str(e))
            cr3, ranges, pages = None, [], {}
        if cr3 is None or cr3 & ~0xFFF != dump.cr3:
            problems.append(f"info tab: cr3 {cr3 if cr3 is None else hex(cr3)}, the kernel printed {dump.cr3:#010x}")
        for page, mapping in sorted(dump.mappings.items()):
            if page not in pages:
                problems.append(f"info tab: kernel-listed page {page:#010x} is missing ({mapping.line})")
            elif pages[page] != mapping.frame:
                problems.append(f"info tab: page {page:#010x} -> {pages[page]:#010x}, the kernel says "
                                f"{mapping.frame:#010x}")
        for page in sorted(set(pages) - set(dump.mappings)):
            problems.append(f"info tab: user page {page:#010x} -> {pages[page]:#010x} is mapped but the kernel "
                            f"did not list it")
        notes.append(f"info tab: {len(ranges)} ranges, {len(pages)} user pages; kernel: {len(dump.mappings)} pages")

    # page, for every listed page
    for page, mapping in sorted(dump.mappings.items()):
        out = by_command.get(f"page {page:#010x}")
        if out is None:
            problems.append(f"bochs: no output for `page {page:#010x}`")
            continue
        walk = parse_page(page, out)
        if walk.frame is None:
            problems.append(f"page {page:#010x}: Bochs finds no translation: {walk.text!r}")
            continue
        if walk.frame != mapping.frame:
            problems.append(f"page {page:#010x}: Bochs maps it to {walk.frame:#010x}, the kernel says "
                            f"{mapping.frame:#010x}")
        pde, pte = walk.pde_flags, walk.pte_flags
        if not (pde.get("P") and pte.get("P")):
            problems.append(f"page {page:#010x}: PDE/PTE not present in Bochs's walk: {walk.text!r}")
        user = bool(pde.get("U")) and bool(pte.get("U"))
        writable = bool(pde.get("W")) and bool(pte.get("W"))
        if user != mapping.user or writable != mapping.writable:
            problems.append(f"page {page:#010x}: Bochs sees {'U' if user else 'S'}-{'W' if writable else 'R'}"
                            f" (PDE {_uw(pde)}, PTE {_uw(pte)}), the kernel says {mapping.line!r}")
        if bool(pte.get("A")) != mapping.accessed or bool(pte.get("D")) != mapping.dirty:
            problems.append(f"page {page:#010x}: Bochs's PTE has A={int(bool(pte.get('A')))} "
                            f"D={int(bool(pte.get('D')))}, the kernel says {mapping.line!r}")

    # the probe
    out = by_command.get(f"page {probe:#010x}")
    if out is None:
        problems.append(f"bochs: no output for `page {probe:#010x}`")
    elif not parse_page(probe, out).unmapped:
        problems.append(f"page {probe:#010x}: the kernel listed nothing there but Bochs translates it: "
                        f"{' / '.join(out)}")

    # x /4wx on the first listed page: the debugger reads user memory through these tables.
    if dump.mappings:
        first = min(dump.mappings)
        out = by_command.get(f"x /4wx {first:#010x}", [])
        words = [m for m in map(X_WORDS_RE.match, out) if m]
        if not words or int(words[0].group(1), 16) != first or len(words[0].group(2).split()) != 4:
            problems.append(f"x /4wx {first:#010x}: expected one line of 4 words, got {out!r}")
    return problems, notes


def _uw(flags: Dict[str, bool]) -> str:
    return f"{'U' if flags.get('U') else 'S'}-{'W' if flags.get('W') else 'R'}"


# --- Running Bochs ----------------------------------------------------------------------------------------

@dataclass
class Run:
    serial: str = ""
    stdout: str = ""
    stderr: str = ""
    log: str = ""
    returncode: Optional[int] = None
    commands_sent: str = ""
    stopped: bool = False              # Bochs reported the magic breakpoint
    elapsed: float = 0.0
    error: Optional[str] = None


def run_bochs(args: argparse.Namespace, workdir: Path) -> Run:
    run = Run()
    image = workdir / "disk.img"
    shutil.copyfile(args.image, image)
    cmdline = cwboot.patch_cmdline(str(image), None, f"{args.append} bochs_break={args.break_at}".strip())
    if args.verbose:
        print(f"kernel command line: {cmdline}", flush=True)

    serial_l = cwboot._listener()
    log = workdir / "bochs.log"
    rc_text = cwboot.render_bochsrc(args.bochs_template, {
        "IMAGE": image.resolve(), "MEGS": args.memory, "COM1_PORT": serial_l.getsockname()[1], "LOG": log,
        "IPS": 50_000_000})
    # Later lines override earlier ones: the stop is the point of this test.
    rc_text += "magic_break: enabled=1\n"
    (workdir / "bochsrc.headless").write_text(rc_text)
    # The script only starts the machine; at the stop the debugger reads its commands from stdin.
    (workdir / "debugger.rc").write_text("continue\n")
    argv = [args.bochs, "-q", "-f", str(workdir / "bochsrc.headless"), "-rc", str(workdir / "debugger.rc")]

    start = time.monotonic()
    deadline = start + args.timeout
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=str(workdir), preexec_fn=cwboot._die_with_parent)
    except OSError as e:
        serial_l.close()
        run.error = f"cannot start {args.bochs}: {e}"
        return run

    sel = selectors.DefaultSelector()
    sel.register(serial_l, selectors.EVENT_READ, "listen")
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    serial_dec = codecs.getincrementaldecoder("utf-8")("replace")
    out_dec = codecs.getincrementaldecoder("utf-8")("replace")
    conn = None
    sent = False
    try:
        while True:
            for key, _ in sel.select(timeout=0.2):
                if key.data == "listen":
                    try:
                        conn, _ = serial_l.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    conn.setblocking(False)
                    sel.unregister(serial_l)
                    sel.register(conn, selectors.EVENT_READ, "serial")
                    continue
                if key.data == "serial":
                    try:
                        data = conn.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        sel.unregister(conn)
                        continue
                    text = serial_dec.decode(data)
                    run.serial += text
                    if args.verbose:
                        sys.stdout.write(text)
                        sys.stdout.flush()
                    continue
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                if key.data == "stdout":
                    run.stdout += out_dec.decode(data)
                else:
                    run.stderr += data.decode("utf-8", "replace")

            if not sent:
                run.stopped = any(MAGIC_RE.match(l) for l in cwboot.split_lines(run.stdout))
                dump = find_dump(run)
                if run.stopped and dump is not None:
                    run.commands_sent = inspection_commands(dump)
                    sent = True
                    try:
                        proc.stdin.write(run.commands_sent.encode())
                        proc.stdin.close()
                    except OSError as e:         # Bochs went away at that very moment
                        run.error = f"cannot type the debugger commands: {e}"
            if proc.poll() is not None:
                # Bochs is gone (after `quit`, or it powered off / failed without stopping): drain and stop.
                for key in list(sel.get_map().values()):
                    if key.data in ("stdout", "stderr"):
                        rest = key.fileobj.read() or b""
                        if key.data == "stdout":
                            run.stdout += out_dec.decode(rest, True)
                        else:
                            run.stderr += rest.decode("utf-8", "replace")
                break
            if time.monotonic() > deadline:
                run.error = (f"timeout after {args.timeout:g} s (" +
                             ("stopped, waiting for the debugger's output" if sent else
                              "the magic breakpoint never came") + ")")
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if conn is not None:
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    run.serial += serial_dec.decode(data)
            except OSError:
                pass
            conn.close()
        serial_l.close()
        sel.close()
    run.elapsed = time.monotonic() - start
    run.returncode = proc.returncode
    run.log = cwboot._tail(log)
    return run


def find_dump(run: Run) -> Optional[KernelDump]:
    """The kernel's framed dump, from COM1 or else from port 0xE9 (Bochs's stdout)."""
    for text in (run.serial, run.stdout):
        complete = text[:text.rfind("\n") + 1]     # a line still arriving is not parsed yet
        dump = parse_kernel_dump(cwboot.split_lines(complete))
        if dump is not None:
            return dump
    return None


def inspection_commands(dump: KernelDump) -> str:
    commands = ["creg", "info tab"]
    commands += [f"page {page:#010x}" for page in sorted(dump.mappings)]
    commands.append(f"page {unmapped_probe(dump.mappings):#010x}")
    if dump.mappings:
        commands.append(f"x /4wx {min(dump.mappings):#010x}")
    commands.append("quit")
    return "".join(c + "\n" for c in commands)


# --- Main -------------------------------------------------------------------------------------------------

def check(args: argparse.Namespace, run: Run) -> Tuple[List[str], List[str], Optional[KernelDump]]:
    problems: List[str] = []
    notes: List[str] = []
    lines = cwboot.split_lines(run.serial)
    if not any(ARMED_RE.match(l) for l in lines + cwboot.split_lines(run.stdout)):
        problems.append("the kernel never printed 'magic-break: will stop at user page fault N' "
                        "(no bochs_break support, or it did not boot)")
    try:
        dump = find_dump(run)
    except CheckError as e:
        return problems + [str(e)], notes, None
    if run.error:
        problems.append(run.error)
    if dump is None:
        problems.append("no complete 'magic-break: fault N ... end of page table' frame on the console")
        for l in lines:
            if cwboot.PANIC_RE.match(l) or cwboot.EXCEPTION_RE.match(l) or cwboot.POWEROFF_RE.match(l):
                problems.append(f"console: {l}")
        return problems, notes, None
    if dump.fault != args.break_at:
        problems.append(f"kernel: stopped at fault {dump.fault}, asked for {args.break_at}")
    if not run.stopped:
        problems.append("Bochs did not report '(0) Magic breakpoint' (magic_break not enabled?)")
        return problems, notes, dump
    commands = split_commands(run.stdout)
    if not commands:
        problems.append("no debugger output after the magic breakpoint")
        return problems, notes, dump
    p, n = compare(dump, commands, unmapped_probe(dump.mappings))
    return problems + p, notes + n, dump


def main(argv: Optional[List[str]] = None) -> int:
    cwboot.terminate_cleanly()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--image", required=True, help="the disk image (booted from a private copy)")
    p.add_argument("--bochs", default="bochs")
    p.add_argument("--bochs-template", default=str(cwboot.DEFAULT_BOCHS_TEMPLATE))
    p.add_argument("--break", dest="break_at", type=int, default=3, metavar="N",
                   help="stop at the Nth user page fault (bochs_break=N; default 3)")
    p.add_argument("--append", default="init=hello", metavar="ARGS",
                   help="appended to the kernel command line before bochs_break=N (default init=hello)")
    p.add_argument("--memory", type=int, default=32, metavar="MIB")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="scaled by $CW_TIMEOUT_SCALE")
    p.add_argument("--save", metavar="DIR", help="write serial.txt, bochs-stdout.txt, report.txt, outcome.json")
    p.add_argument("--keep", metavar="DIR", help="keep the work directory (image copy, bochsrc, bochs.log)")
    p.add_argument("--verbose", "-v", action="store_true", help="print COM1 live and the debugger transcript")
    args = p.parse_args(argv)
    args.timeout *= cwboot.timeout_scale()
    if args.break_at < 1:
        p.error("--break wants a fault number, 1 or more")
    if shutil.which(args.bochs) is None:
        print(f"SKIP: no Bochs ({args.bochs})")
        return SKIP
    if not Path(args.image).is_file():
        print(f"FAIL: {args.image}: no such image")
        return 1

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cw-bochs-pagetables-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        try:
            run = run_bochs(args, workdir.resolve())
        except (OSError, ValueError, cwboot.ImageError) as e:
            print(f"FAIL: cannot run Bochs: {e}")
            return 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    problems, notes, dump = check(args, run)
    ok = not problems
    report = [f"{'PASS' if ok else 'FAIL'} bochs-pagetables (bochs_break={args.break_at}, {run.elapsed:.2f} s, "
              f"bochs exit code {run.returncode})"]
    if dump is not None:
        report.append(f"kernel dump: fault {dump.fault} in {dump.process} (pid {dump.pid}), CR3={dump.cr3:#010x}, "
                      f"{len(dump.mappings)} pages")
        report += [f"  {m.line}" for _, m in sorted(dump.mappings.items())]
    report += [f"note: {n}" for n in notes]
    if problems:
        report.append(f"{len(problems)} problem(s):")
        report += [f"  {x}" for x in problems]
    debugger = debugger_transcript(run.stdout)
    if debugger and (args.verbose or not ok):
        report.append("debugger transcript:")
        report += [f"  {l}" for l in debugger]
    if not ok:
        tail = cwboot.split_lines(run.serial)[-15:]
        report.append(f"COM1 (last {len(tail)} lines):")
        report += [f"  {l}" for l in tail]
        if run.stderr.strip():
            report.append("bochs stderr (last lines):")
            report += [f"  {l}" for l in cwboot.split_lines(run.stderr)[-8:]]
    text = "\n".join(report) + "\n"
    print(text, end="")

    if args.save:
        save = Path(args.save)
        save.mkdir(parents=True, exist_ok=True)
        (save / "serial.txt").write_text(run.serial)
        (save / "bochs-stdout.txt").write_text(run.stdout)
        (save / "debugger-commands.txt").write_text(run.commands_sent)
        (save / "report.txt").write_text(text)
        (save / "outcome.json").write_text(json.dumps({
            "ok": ok, "problems": problems, "notes": notes, "elapsed": run.elapsed,
            "returncode": run.returncode, "break": args.break_at,
            "kernel": None if dump is None else {
                "fault": dump.fault, "process": dump.process, "pid": dump.pid, "cr3": dump.cr3,
                "mappings": [m.line for _, m in sorted(dump.mappings.items())]}}, indent=2) + "\n")
    return 0 if ok else 1


def debugger_transcript(stdout: str) -> List[str]:
    lines = cwboot.split_lines(stdout)
    start = next((i for i, l in enumerate(lines) if MAGIC_RE.match(l)), None)
    return [] if start is None else lines[start:]


if __name__ == "__main__":
    sys.exit(main())
