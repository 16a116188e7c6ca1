#!/usr/bin/env python3
"""Self-test of the integration harness (CTest: harness.selftest). No emulator is started: the runner's
classification and the checker run on canned transcripts, logs and exit codes."""

import argparse
import contextlib
import io
import re
import struct
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cwboot  # noqa: E402
import cwcheck  # noqa: E402
import emulator_diagnosis  # noqa: E402
from cwboot import Outcome, RunConfig  # noqa: E402

BOOT = "Clockwork 0.1 booting\r\n"
OFF0 = "clockwork: power off, status 0\r\n"

BASIC_CASE = """\
# a comment
timeout: 10
expect: Clockwork 0.1 booting
expect-re: ^mm: \\d+ pageable frames$
expect: swap: ready
forbid: swap: I/O error
"""
GOOD = BOOT + "mm: 29 pageable frames\r\nswap: ready\r\n" + OFF0


def qemu_outcome(serial, rc=1, stop="exited", e9="", stderr="", log=""):
    return Outcome(emulator="qemu", serial=serial, e9=e9, returncode=rc, stop_reason=stop, stderr=stderr,
                   emulator_log=log)


def bochs_outcome(serial, rc=1, stop="exited", e9="", stderr="", log="", resets=0):
    return Outcome(emulator="bochs", serial=serial, e9=e9, returncode=rc, stop_reason=stop, stderr=stderr,
                   emulator_log=log, resets=resets)


BOCHS_SHUTDOWN = ("Bochs is exiting with the following message:\n"
                  "[UNMAP ] Shutdown port: shutdown requested\n")


def run_case(case_text, outcome, emulator=None):
    """Classifies `outcome` as the runner would for this case, then checks it. Returns problem kinds."""
    case = cwcheck.parse_case(case_text, "t.test")
    resolved = case.for_emulator(emulator or outcome.emulator)
    cfg = resolved.run_config("disk.img")
    cwboot.classify(outcome, cfg)
    problems, rows = cwcheck.check(resolved, outcome)
    return [p.kind for p in problems], problems, rows


class CheckerOnCannedTranscripts(unittest.TestCase):
    def test_pass(self):
        kinds, _, rows = run_case(BASIC_CASE, qemu_outcome(GOOD, rc=1))
        self.assertEqual(kinds, [])
        self.assertEqual([r.line for r in rows], [0, 1, 2])

    def test_pass_bochs_status_from_line(self):
        out = bochs_outcome(GOOD, stderr=BOCHS_SHUTDOWN)
        kinds, _, _ = run_case(BASIC_CASE, out)
        self.assertEqual(kinds, [])
        self.assertTrue(out.powered_off)
        self.assertEqual((out.poweroff_via, out.status), ("bochs-shutdown-port", 0))

    def test_missing_line(self):
        kinds, problems, rows = run_case(BASIC_CASE, qemu_outcome(BOOT + "mm: 29 pageable frames\n" + OFF0))
        self.assertEqual(kinds, [cwcheck.MISSING])
        self.assertIn("swap: ready", problems[0].message)
        self.assertIsNone(rows[2].line)

    def test_missing_line_names_the_nearest(self):
        kinds, problems, _ = run_case(BASIC_CASE, qemu_outcome(BOOT + "mm: 29 pageable frames\nswap: ready!\n"
                                                               + OFF0))
        self.assertEqual(kinds, [cwcheck.MISSING])
        self.assertIn("nearest: transcript line 3: 'swap: ready!'", problems[0].message)

    def test_wrong_order(self):
        text = BOOT + "swap: ready\nmm: 29 pageable frames\n" + OFF0
        kinds, problems, _ = run_case(BASIC_CASE, qemu_outcome(text))
        self.assertEqual(kinds, [cwcheck.ORDER])
        self.assertIn("appears at transcript line 2", problems[0].message)

    def test_forbidden(self):
        kinds, problems, _ = run_case(BASIC_CASE, qemu_outcome(GOOD.replace("swap: ready", "swap: I/O error\r\n"
                                                                            "swap: ready")))
        self.assertEqual(kinds, [cwcheck.FORBIDDEN])

    def test_panic(self):
        text = BOOT + "mm: 29 pageable frames\nPANIC: mm/frames.cpp:42: frame pool empty\n"
        kinds, problems, _ = run_case(BASIC_CASE, qemu_outcome(text, rc=-9, stop="panic"))
        self.assertIn(cwboot.PANIC, kinds)
        self.assertNotIn(cwboot.TIMEOUT, kinds)
        self.assertNotIn(cwboot.BAD_STATUS, kinds)      # the panic explains the missing power off
        self.assertIn("frame pool empty", problems[0].message)

    def test_panic_required(self):
        case = "panic: require\nexpect-re: ^PANIC: .*boom\n"        # status defaults to ignore
        kinds, _, _ = run_case(case, qemu_outcome(BOOT + "PANIC: test.cpp:1: boom\n", rc=-9, stop="panic"))
        self.assertEqual(kinds, [])
        kinds, _, _ = run_case(case, qemu_outcome(BOOT + OFF0))
        self.assertIn(cwboot.MISSING_PANIC, kinds)

    def test_exception_policy(self):
        text = BOOT + "EXCEPTION: #PF eip=0x00401000 cr2=0x0\n" + OFF0
        kinds, _, _ = run_case("", qemu_outcome(text))
        self.assertEqual(kinds, [cwboot.EXCEPTION])
        kinds, _, _ = run_case("exception: allow\n", qemu_outcome(text))
        self.assertEqual(kinds, [])
        kinds, _, _ = run_case("exception: require\n", qemu_outcome(BOOT + OFF0))
        self.assertEqual(kinds, [cwboot.MISSING_EXCEPTION])

    def test_reboot_loop_second_banner(self):
        text = BOOT + "mm: 29 pageable frames\n" + BOOT + "mm: 29 pageable frames\n"
        kinds, problems, _ = run_case(BASIC_CASE, bochs_outcome(text, rc=-9, stop="reboot"))
        self.assertIn(cwboot.REBOOT, kinds)
        self.assertIn("line 3", problems[kinds.index(cwboot.REBOOT)].message)

    def test_other_clockwork_lines_are_not_banners(self):
        kinds, _, _ = run_case("", qemu_outcome(BOOT + "Clockwork is up\n" + OFF0))
        self.assertEqual(kinds, [])

    def test_reboot_same_lines_on_both_streams_is_not_a_loop(self):
        # console=both: the banner once on COM1 and once on 0xE9 is one boot.
        kinds, _, _ = run_case("", qemu_outcome(BOOT + OFF0, e9=BOOT + OFF0))
        self.assertEqual(kinds, [])

    def test_reboot_qemu_triple_fault(self):
        out = qemu_outcome(BOOT + "paging: on\n", rc=0, log="CPU Reset (CPU 0)\nTriple fault\n")
        kinds, problems, _ = run_case("", out)
        self.assertEqual(kinds, [cwboot.REBOOT])
        self.assertIn("triple fault", problems[0].message)

    def test_reboot_bochs_log(self):
        log = ("00000000000i[SYS   ] bx_pc_system_c::Reset(HARDWARE) called\n"
               "00154252509e[CPU0  ] exception(): 3rd (13) exception with no resolution, shutdown status is "
               "00h, resetting\n"
               "00154252509i[SYS   ] bx_pc_system_c::Reset(HARDWARE) called\n")
        kinds, problems, _ = run_case("", bochs_outcome(BOOT, rc=0, log=log, resets=1))
        self.assertEqual(kinds, [cwboot.REBOOT])
        self.assertIn("3rd (13) exception", problems[0].message)

    def test_timeout(self):
        out = qemu_outcome(BOOT + "shell: waiting\n", rc=-9, stop="timeout")
        out.pending_send = "send #2 (pattern 'cw> ')"
        kinds, problems, _ = run_case("timeout: 7\n", out)
        self.assertEqual(kinds, [cwboot.TIMEOUT])
        self.assertIn("7 s", problems[0].message)
        self.assertIn("send #2", problems[0].message)

    def test_bad_status_qemu(self):
        kinds, problems, _ = run_case("", qemu_outcome(BOOT + "clockwork: power off, status 3\n", rc=7))
        self.assertEqual(kinds, [cwboot.BAD_STATUS])
        self.assertIn("expected status 0, got 3", problems[0].message)

    def test_status_decoding_qemu(self):
        out = qemu_outcome(BOOT + "clockwork: power off, status 3\n", rc=7)
        kinds, _, _ = run_case("status: 3\n", out)
        self.assertEqual(kinds, [])
        self.assertEqual((out.poweroff_via, out.status), ("isa-debug-exit", 3))

    def test_status_above_127_uses_the_line(self):
        out = qemu_outcome(BOOT + "PANIC: x\nclockwork: power off, status 254\n", rc=253)
        kinds, _, _ = run_case("panic: require\nstatus: 254\n", out)
        self.assertEqual(kinds, [])
        self.assertEqual(out.status, 254)

    def test_status_line_disagrees_with_exit_code(self):
        kinds, problems, _ = run_case("status: any\n", qemu_outcome(BOOT + "clockwork: power off, status 4\n",
                                                                    rc=7))
        self.assertEqual(kinds, [cwboot.BAD_STATUS])
        self.assertIn("line says status 4", problems[0].message)

    def test_bad_status_bochs(self):
        out = bochs_outcome(BOOT + "clockwork: power off, status 2", stderr=BOCHS_SHUTDOWN)
        kinds, _, _ = run_case("", out)          # the last line has no newline: Bochs quit right after it
        self.assertEqual(kinds, [cwboot.BAD_STATUS])
        self.assertEqual(out.status, 2)

    def test_status_any_and_ignore(self):
        kinds, _, _ = run_case("status: any\n", qemu_outcome(BOOT + "clockwork: power off, status 9\n", rc=19))
        self.assertEqual(kinds, [])
        kinds, _, _ = run_case("status: ignore\n", qemu_outcome(BOOT, rc=-9, stop="interrupted"))
        self.assertEqual(kinds, [])

    def test_poweroff_line_but_emulator_kept_running(self):
        kinds, _, _ = run_case("", bochs_outcome(BOOT + OFF0, rc=-9, stop="poweroff-hang"))
        self.assertIn(cwboot.POWEROFF_FAILED, kinds)

    def test_no_banner(self):
        kinds, problems, _ = run_case("", qemu_outcome("Clockwork boot: bad system partition\r\n", rc=-9,
                                                       stop="timeout"))
        self.assertIn(cwboot.NO_BANNER, kinds)
        self.assertIn("bootblock said", problems[kinds.index(cwboot.NO_BANNER)].message)

    def test_boot_error_required(self):
        # The bootblock halts after its line; the run stops there (not a timeout) with no banner.
        case = "boot-error: require\nexpect: Clockwork boot: bad superblock field kernel_entry\n"
        line = "Clockwork boot: bad superblock field kernel_entry\r\n"
        kinds, _, _ = run_case(case, qemu_outcome(line, e9=line, rc=-9, stop="boot-error"))
        self.assertEqual(kinds, [])
        kinds, _, _ = run_case(case, bochs_outcome("", e9=line, rc=-9, stop="boot-error"))
        self.assertEqual(kinds, [])
        # No line at all: missing, and the expected line is missing too; a normal boot is not enough.
        kinds, _, _ = run_case(case, qemu_outcome(GOOD, rc=1))
        self.assertIn(cwboot.MISSING_BOOT_ERROR, kinds)
        self.assertIn(cwcheck.MISSING, kinds)
        # Forbidden by default.
        kinds, problems, _ = run_case("", qemu_outcome(line, rc=-9, stop="boot-error"))
        self.assertIn(cwboot.BOOT_ERROR, kinds)
        self.assertIn("kernel_entry", problems[kinds.index(cwboot.BOOT_ERROR)].message)

    def test_bad_boot_error_and_corruption_directives(self):
        for text in ("boot-error: allow\n", "image-superblock: kernel_entry\n", "image-superblock: nope=1\n",
                     "image-superblock: version=x\n", "image-kernel-flip: -1\n", "image-kernel-flip: \n"):
            with self.assertRaises(cwcheck.CaseError, msg=text):
                cwcheck.parse_case(text, "t.test")
        cfg = cwcheck.parse_case("image-superblock: kernel_entry=0 version=0x1\nimage-kernel-flip: 4096 0x10\n",
                                 "t.test").for_emulator("qemu").run_config("disk.img")
        self.assertEqual(cfg.image_superblock, {"kernel_entry": 0, "version": 1})
        self.assertEqual(cfg.image_kernel_flips, [4096, 16])

    def test_console_auto_and_explicit(self):
        out = qemu_outcome("", e9=BOOT + OFF0)
        kinds, _, _ = run_case("expect: Clockwork 0.1 booting\n", out)
        self.assertEqual((kinds, out.console), ([], "e9"))
        out = qemu_outcome("", e9=BOOT + OFF0)
        kinds, problems, _ = run_case("console: serial\n", out)
        self.assertIn(cwboot.NO_BANNER, kinds)
        self.assertIn("the banner is on e9", problems[0].message)

    def test_emulator_error(self):
        out = qemu_outcome("", rc=1, stderr="qemu-system-i386: -drive file=x: Could not open 'x'\n")
        kinds, problems, _ = run_case("", out)
        self.assertEqual(kinds, [cwboot.EMULATOR_ERROR])
        self.assertIn("Could not open", problems[0].message)
        out = bochs_outcome("", rc=1, stderr="Bochs is exiting with the following message:\n"
                                             "[      ] bochsrc:4: display library 'nogui' not available\n")
        kinds, problems, _ = run_case("", out)
        self.assertEqual(kinds, [cwboot.EMULATOR_ERROR])
        self.assertIn("nogui", problems[0].message)

    def test_program_ok_and_exact(self):
        text = BOOT + "(args) begin\n(args) argc=2\nkernel: idle\n(args) end\nargs: exit(0)\n" + OFF0
        case = "program: args\n  (args) begin\n  (args) argc=2\n  (args) end\nexpect: args: exit(0)\n"
        kinds, _, _ = run_case(case, qemu_outcome(text))
        self.assertEqual(kinds, [])

    def test_program_problems(self):
        text = BOOT + "(args) begin\n(args) FAIL: argc is 1\n(args) argc=1\n" + OFF0
        case = "program: args\n  (args) begin\n  (args) argc=2\n  (args) end\n"
        kinds, problems, _ = run_case(case, qemu_outcome(text))
        self.assertEqual(kinds, [cwcheck.PROGRAM] * 3)
        messages = "\n".join(p.message for p in problems)
        self.assertIn("'(args) end' never printed", messages)
        self.assertIn("FAIL: argc is 1", messages)
        self.assertIn("-(args) argc=2", messages)
        self.assertIn("+(args) argc=1", messages)

    def test_report_shape(self):
        case = cwcheck.parse_case(BASIC_CASE, "boot.test")
        resolved = case.for_emulator("qemu")
        out = qemu_outcome(BOOT + "swap: ready\n", rc=-9, stop="timeout")
        cwboot.classify(out, resolved.run_config("x"))
        problems, rows = cwcheck.check(resolved, out)
        text = cwcheck.report(resolved, out, problems, rows)
        self.assertTrue(text.startswith("FAIL boot [qemu]"))
        self.assertIn("TIMEOUT", text)
        self.assertIn("MISS re:^mm:", text)
        self.assertIn("      2| swap: ready", text)
        out = qemu_outcome(GOOD)
        cwboot.classify(out, resolved.run_config("x"))
        problems, rows = cwcheck.check(resolved, out)
        self.assertTrue(cwcheck.report(resolved, out, problems, rows).startswith("PASS boot [qemu]"))


class CaseFormat(unittest.TestCase):
    def test_settings_and_emulator_prefix(self):
        case = cwcheck.parse_case("bochs.timeout: 120\ntimeout: 20\nmemory: 64\ncmdline: console=e9\n"
                                  "qemu.qemu-icount: 0\nnewline: crlf\nbochs-line: cpu: count=1\n"
                                  "send: cw> => run hello\nsend: Press Enter =>\n", "x.test")
        q, b = case.for_emulator("qemu"), case.for_emulator("bochs")
        self.assertEqual(q.run_config("i").timeout, 20)
        self.assertEqual(b.run_config("i").timeout, 120)
        self.assertEqual(q.run_config("i").qemu_icount, "0")
        self.assertIsNone(b.run_config("i").qemu_icount)
        cfg = b.run_config("i")
        self.assertEqual((cfg.memory_mib, cfg.cmdline, cfg.newline), (64, "console=e9", "\r\n"))
        self.assertEqual(cfg.bochs_lines, ["cpu: count=1"])
        self.assertEqual([(s.pattern, s.text) for s in cfg.sends], [("cw>", "run hello"), ("Press Enter", "")])
        self.assertEqual(q.name, "x")

    def test_monitor_commands_keep_their_place_among_sends(self):
        case = cwcheck.parse_case("send: \\$ => memtest\nqemu-monitor: written => device_del cwdisk-stick\n"
                                  "send: killed => halt\nqemu-second-disk: ide\nqemu-swap-write-errors: 3 9\n",
                                  "m.test")
        cfg = case.for_emulator("qemu").run_config("i")
        self.assertEqual([(s.text, s.monitor) for s in cfg.sends],
                         [("memtest", False), ("device_del cwdisk-stick", True), ("halt", False)])
        self.assertEqual((cfg.qemu_second_disk, cfg.qemu_swap_write_errors), ("ide", [3, 9]))

    def test_emulators(self):
        case = cwcheck.parse_case("emulators: qemu\n", "x.test")
        self.assertEqual(case.for_emulator("bochs").emulators, ["qemu"])

    def test_errors(self):
        for text, msg in (("colour: red\n", "unknown key"),
                          ("timeout: 1\ntimeout: 2\n", "already set"),
                          ("expect-re: ([a\n", "bad expect-re"),
                          ("  (x) begin\n", "outside a program"),
                          ("status: 256\n", "bad status"),
                          ("emulators: vbox\n", "bad emulators"),
                          ("send: no arrow\n", "bad send"),
                          ("just text\n", "key: value")):
            with self.assertRaises(cwcheck.CaseError) as cm:
                cwcheck.parse_case(text, "e.test")
            self.assertIn(msg, str(cm.exception), text)
            self.assertIn("e.test:", str(cm.exception))

    def test_shipped_cases_parse(self):
        for path in sorted((HERE / "cases").glob("*.test")):
            with self.subTest(case=path.name):
                cwcheck.load_case(str(path))

    def test_main_transcript_mode(self):
        with tempfile.TemporaryDirectory() as d:
            case = Path(d) / "boot.test"
            case.write_text(BASIC_CASE + "emulators: qemu\n")
            good, bad = Path(d) / "good.txt", Path(d) / "bad.txt"
            good.write_text(GOOD)
            bad.write_text(BOOT)
            with contextlib.redirect_stdout(io.StringIO()) as buf:
                self.assertEqual(cwcheck.main([str(case), "--transcript", str(good)]), 0)
                self.assertEqual(cwcheck.main([str(case), "--transcript", str(bad)]), 1)
                self.assertEqual(cwcheck.main([str(case), "-e", "bochs", "--transcript", str(good)]), 77)
            self.assertIn("PASS boot", buf.getvalue())
            self.assertIn("SKIP boot [bochs]", buf.getvalue())
            broken = Path(d) / "broken.test"
            broken.write_text("nonsense\n")
            with contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(cwcheck.main([str(broken), "--transcript", str(good)]), 2)


ALSA_ABORT = ("00000000000i[      ] using log file bochs.log\n"
              "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n"
              "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
              "*** buffer overflow detected ***: terminated\n")


def bochs_exit_message(message):
    return "=" * 72 + "\nBochs is exiting with the following message:\n" + message + "\n" + "=" * 72 + "\n"


class EmulatorDiagnosis(unittest.TestCase):
    """An emulator that dies before the kernel prints anything: EMULATOR_ERROR names the likely cause
    (stderr captured from Bochs 2.7 and QEMU 7.2 on Debian 12) and keeps the raw message."""

    def error_of(self, out):
        kinds, problems, _ = run_case("", out)
        self.assertEqual(kinds[0], cwboot.EMULATOR_ERROR, problems)
        return problems[0].message

    def test_bochs_alsa_abort(self):
        message = self.error_of(bochs_outcome("", rc=-6, stderr=ALSA_ABORT))
        self.assertIn("sound: driver=dummy", message)
        self.assertIn("exited with code -6", message)    # the raw error is still there
        self.assertEqual(len(message.splitlines()), 1)

    def test_missing_bios(self):
        message = self.error_of(bochs_outcome("", rc=-11, stderr=bochs_exit_message(
            "[MEM0  ] ROM: couldn't open ROM image file '/usr/share/bochs/BIOS-bochs-latest'.")))
        self.assertIn("BIOS file is missing (/usr/share/bochs/BIOS-bochs-latest)", message)
        self.assertIn("bochsbios", message)
        # QEMU says "qemu: ..." here and exits 1, which must not pass for isa-debug-exit status 0.
        out = qemu_outcome("", rc=1, stderr="qemu: could not load PC BIOS 'bios-256k.bin'\n")
        message = self.error_of(out)
        self.assertFalse(out.powered_off)
        self.assertIn("firmware file is missing (bios-256k.bin)", message)

    def test_rfb_ports_taken(self):
        message = self.error_of(bochs_outcome("", rc=-11, stderr=bochs_exit_message(
            "[RFB   ] RFB could not bind any port between 5900 and 5949")))
        self.assertIn("every VNC port 5900-5949 taken", message)

    def test_image_in_use_or_missing(self):
        out = qemu_outcome("", rc=1, stderr='qemu-system-i386: Failed to get "write" lock\n'
                                            'Is another process using the image [/w/disk.img]?\n')
        self.assertIn("another QEMU has the image open", self.error_of(out))
        out = qemu_outcome("", rc=1, stderr="qemu-system-i386: -drive file=/w/x.img,format=raw: "
                                            "Could not open '/w/x.img': No such file or directory\n")
        self.assertIn("QEMU cannot open /w/x.img: No such file or directory", self.error_of(out))
        out = bochs_outcome("", rc=1, stderr=bochs_exit_message(
            "[HD    ] ata0-0: could not open hard drive image file '/w/disk.img'"))
        self.assertIn("/w/disk.img.lock", self.error_of(out))

    def test_unrecognised_death_by_signal(self):
        message = self.error_of(qemu_outcome("", rc=-11))
        self.assertIn("killed by SIGSEGV", message)
        self.assertIn("died of signal 11", message)

    def test_not_installed(self):
        self.assertIn("not installed", emulator_diagnosis.likely_cause(
            "bochs", None, "cannot start bochs: [Errno 2] No such file or directory: 'bochs'"))
        self.assertIsNone(emulator_diagnosis.likely_cause("qemu", 1, "qemu-system-i386: something new"))

    def test_no_guess_once_the_kernel_has_spoken(self):
        # The kernel printed its banner, so the death is not a start-up problem: only the raw message.
        message = self.error_of(bochs_outcome(BOOT, rc=-6, stderr=ALSA_ABORT))
        self.assertEqual(message, "bochs exited with code -6 without powering off")


class RunnerPieces(unittest.TestCase):
    def test_bochs_stdout_filter(self):
        f = cwboot.BochsStdout()
        raw = ("=====\n  Bochs x86 Emulator 2.7\n=====\nNext at t=0\n"
               "(0) [0x0000fffffff0] f000:fff0 (unk. ctxt): jmpf 0xf000:e05b          ; ea5be000f0\n"
               "Clockwork 0.1 booting\r\n"
               "cw> (0).[154291251] [0x000000007c50] 0000:7c50 (unk. ctxt): out dx, al                ; ee\n")
        text = f.feed(raw[:50]) + f.feed(raw[50:], final=True)
        self.assertEqual(text, "Clockwork 0.1 booting\r\ncw> \n")
        self.assertEqual(f.resets, 0)
        f.feed("Next at t=154252510\n(0) [0x0000fffffff0] f000:fff0 (unk. ctxt): jmpf 0xf000:e05b ; ea\n"
               "<bochs:1> fgets() returned ERROR.\n", final=True)
        self.assertEqual(f.resets, 1)
        f.feed("(0) Magic breakpoint\nNext at t=154153611\n"
               "(0) [0x000000007c3d] 0000:7c3d (unk. ctxt): mov si, 0x7c95            ; be957c\n", final=True)
        self.assertEqual((f.resets, f.magic_breaks), (1, 1))

    def test_split_lines(self):
        self.assertEqual(cwboot.split_lines("a\r\nb  \n\rc"), ["a", "b", "c"])
        self.assertEqual(cwboot.split_lines(""), [])

    def _image(self, d, cmdline=b"console=serial"):
        path = Path(d) / "disk.img"
        img = bytearray(8 * 512)
        struct.pack_into("<I", img, 0x1BE + 8, 2)
        img[510:512] = b"\x55\xaa"
        struct.pack_into("<I", img, 2 * 512, cwboot.SUPERBLOCK_MAGIC)
        img[2 * 512 + 72: 2 * 512 + 72 + len(cmdline)] = cmdline
        path.write_bytes(bytes(img))
        return path

    def test_patch_cmdline(self):
        with tempfile.TemporaryDirectory() as d:
            path = self._image(d)
            self.assertEqual(cwboot.read_cmdline(str(path)), "console=serial")
            self.assertEqual(cwboot.patch_cmdline(str(path), append="pageable_pages=8"),
                             "console=serial pageable_pages=8")
            self.assertEqual(cwboot.patch_cmdline(str(path), "console=e9"), "console=e9")
            self.assertEqual(cwboot.read_cmdline(str(path)), "console=e9")
            data = path.read_bytes()
            self.assertEqual(data[2 * 512 + 72 + 10], 0)       # the rest of the field is cleared
            with self.assertRaises(cwboot.ImageError):
                cwboot.patch_cmdline(str(path), "x" * 256)
            bad = Path(d) / "bad.img"
            bad.write_bytes(b"\0" * 4096)
            with self.assertRaises(cwboot.ImageError):
                cwboot.patch_cmdline(str(bad), "x")

    def test_corrupt_image(self):
        with tempfile.TemporaryDirectory() as d:
            path = self._image(d)
            data = bytearray(path.read_bytes())
            struct.pack_into("<II", data, 2 * 512 + 8, 4, 2)      # kernel at sectors 4..5 of the partition
            data[6 * 512 + 3] = 0x0F
            path.write_bytes(bytes(data))
            cwboot.corrupt_image(str(path), {"kernel_entry": 0, "version": 7}, [3, 1023])
            data = path.read_bytes()
            self.assertEqual(struct.unpack_from("<I", data, 2 * 512 + 16)[0], 0)
            self.assertEqual(struct.unpack_from("<H", data, 2 * 512 + 4)[0], 7)
            self.assertEqual((data[6 * 512 + 3], data[6 * 512 + 1023]), (0xF0, 0xFF))
            self.assertEqual(cwboot.read_cmdline(str(path)), "console=serial")   # the rest untouched
            with self.assertRaises(cwboot.ImageError):
                cwboot.corrupt_image(str(path), {}, [1024])              # beyond the kernel's sectors
            with self.assertRaises(cwboot.ImageError):
                cwboot.corrupt_image(str(path), {"cmdline": 0}, [])

    def test_cases_state_their_pool(self):
        # Every case gets pageable_pages=29 unless it appends its own, which comes later and wins; an
        # --append on cwcheck's command line replaces the case's options but keeps the default.
        def appended(case_text, argv=()):
            cfg = cwcheck.parse_case(case_text, "t.test").for_emulator("qemu").run_config("disk.img")
            p = argparse.ArgumentParser()
            cwboot.add_run_arguments(p)
            return cwboot.appended_options(cwboot.apply_run_arguments(cfg, p.parse_args(list(argv)), []))
        self.assertEqual(appended(""), "pageable_pages=29")
        self.assertEqual(appended("cmdline-append: init=hello pageable_pages=8\n"),
                         "pageable_pages=29 init=hello pageable_pages=8")
        self.assertEqual(appended("cmdline-append: init=hello\n", ["--append", "ktest=threads"]),
                         "pageable_pages=29 ktest=threads")
        with tempfile.TemporaryDirectory() as d:
            path = self._image(d)
            line = cwboot.patch_cmdline(str(path), append=appended("cmdline-append: pageable_pages=8\n"))
            self.assertEqual(re.findall(r"pageable_pages=(\d+)", line)[-1], "8")

    def test_disk_format_constants_match_the_header(self):
        header = HERE.parent.parent / "lib" / "disk_format.h"
        if not header.exists():
            self.skipTest("lib/disk_format.h not present")
        text = header.read_text()

        def const(name):
            m = re.search(rf"\b{name}\s*=\s*(0x[0-9A-Fa-f]+|\d+)", text)
            self.assertIsNotNone(m, name)
            return int(m.group(1), 0)
        self.assertEqual(const("kSuperblockMagic"), cwboot.SUPERBLOCK_MAGIC)
        self.assertEqual(const("kCmdlineMax"), cwboot.CMDLINE_MAX)
        self.assertEqual(const("kMbrPartitionTableOffset") + 8, cwboot.MBR_PART1_LBA_OFFSET)
        self.assertIn(f"offsetof(Superblock, cmdline) == {cwboot.SUPERBLOCK_CMDLINE_OFFSET}", text)
        for name, (offset, fmt) in cwboot.SUPERBLOCK_FIELDS.items():
            self.assertRegex(text, rf"offsetof\(Superblock, {name}\) == {offset}\b", name)
            size = struct.calcsize(fmt)
            self.assertRegex(text, rf"uint{8 * size}_t {name};", name)

    def test_bootblock_constants_match_the_header(self):
        # boot/*.asm cannot include lib/disk_format.h; each mirrored `NAME equ VALUE` must agree with it.
        root = HERE.parent.parent
        if not (root / "boot" / "stage2.asm").exists():
            self.skipTest("boot/ not present")
        text = (root / "lib" / "disk_format.h").read_text()

        def const(name):
            m = re.search(rf"\b{name}\s*=\s*(0x[0-9A-Fa-f]+|\d+)", text)
            self.assertIsNotNone(m, name)
            return int(m.group(1), 0)
        mirrored = {
            "bootblock.asm": {"BOOT_INFO": "kBootInfoAddress", "STAGE2": "kStage2Address",
                              "STAGE2_LBA": "kStage2Lba", "STAGE2_SECTORS": "kStage2Sectors",
                              "STAGE2_MAGIC": "kStage2Magic"},
            "stage2.asm": {"STAGE2_MAGIC": "kStage2Magic", "STAGE2_SECTORS": "kStage2Sectors",
                           "SUPERBLOCK": "kSuperblockAddress", "SB_MAGIC": "kSuperblockMagic",
                           "SB_VERSION": "kFormatVersion", "SB_SIZE": "kSectorSize", "CMDLINE_MAX": "kCmdlineMax",
                           "KERNEL_LOAD": "kKernelLoadAddress", "KERNEL_MAX_SECT": "kKernelMaxSectors",
                           "KERNEL_MEM_END": "kKernelMemoryEnd", "MAX_PROGRAMS": "kMaxPrograms",
                           "BOOT_INFO": "kBootInfoAddress", "E820_BUF": "kE820Address",
                           "E820_MAX": "kE820MaxEntries", "BOOT_MAGIC": "kBootMagic"},
        }
        derived = {"kKernelMaxSectors": 4 * 1024 * 1024 // 512}   # kKernelMaxBytes / kSectorSize
        for asm, names in mirrored.items():
            source = (root / "boot" / asm).read_text()
            for name, constant in names.items():
                m = re.search(rf"^{name}\s+equ\s+(0x[0-9A-Fa-f]+|\d+)", source, re.M)
                self.assertIsNotNone(m, f"{asm}: {name}")
                want = derived[constant] if constant in derived else const(constant)
                self.assertEqual(int(m.group(1), 0), want, f"{asm}: {name} vs {constant}")
        stage2 = (root / "boot" / "stage2.asm").read_text()
        for name, (offset, _) in cwboot.SUPERBLOCK_FIELDS.items():
            if name in ("magic", "version", "superblock_size"):
                continue
            asm_name = {"kernel_start": "SB_KERNEL_START", "kernel_sectors": "SB_KERNEL_SECT",
                        "kernel_entry": "SB_KERNEL_ENTRY", "kernel_load": "SB_KERNEL_LOAD",
                        "kernel_memsz": "SB_KERNEL_MEMSZ", "progdir_start": "SB_PROGDIR_START",
                        "progdir_count": "SB_PROGDIR_COUNT", "partition_sectors": "SB_PART_SECT",
                        "kernel_checksum": "SB_CHECKSUM"}[name]
            self.assertRegex(stage2, rf"(?m)^{asm_name}\s+equ SUPERBLOCK \+ {offset}\b", name)

    def test_bochsrc_template(self):
        text = cwboot.render_bochsrc(cwboot.DEFAULT_BOCHS_TEMPLATE,
                                     {"IMAGE": "/x/disk.img", "MEGS": 32, "COM1_PORT": 4242, "LOG": "/x/b.log",
                                      "IPS": 1000})
        lines = [l for l in text.splitlines() if l and not l.startswith("#")]
        self.assertIn('ata0-master: type=disk, path="/x/disk.img", mode=flat', lines)
        self.assertIn("com1: enabled=1, mode=socket-client, dev=127.0.0.1:4242", lines)
        self.assertIn("port_e9_hack: enabled=1", lines)
        self.assertIn("megs: 32", lines)
        self.assertIn("magic_break: enabled=0", lines)
        self.assertTrue(any(l.startswith("cpu:") and "reset_on_triple_fault=1" in l for l in lines))
        self.assertTrue(any(l.startswith("display_library: rfb") for l in lines))

    def test_qemu_argv(self):
        cfg = RunConfig(image="d.img", memory_mib=64, qemu_icount="0", gdb=True, qemu_args=["-d", "int"])
        argv = cwboot.qemu_argv(cfg, "/abs/d.img", 1, 2, "/tmp/q.log")
        joined = " ".join(argv)
        for piece in ("-accel tcg", "-m 64", "-no-reboot", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                      "-icount shift=0", "-s -S", "isa-debugcon,iobase=0xe9", "-display none"):
            self.assertIn(piece, joined)
        self.assertNotIn("kvm", joined)
        self.assertEqual(argv[-2:], ["-d", "int"])

    def test_blkdebug_wraps_the_disk(self):
        argv = cwboot.qemu_argv(RunConfig(image="d.img"), "/abs/d.img", 1, 2, "/tmp/q.log", "/w/bd.conf")
        self.assertIn("file=blkdebug:/w/bd.conf:/abs/d.img,format=raw,if=ide,index=0,media=disk", argv)

    def test_a_second_disk_boots_after_the_first(self):
        cfg = RunConfig(image="d.img", qemu_disk="xhci", qemu_second_disk="ide")
        argv = cwboot.qemu_argv(cfg, "/abs/d.img", 1, 2, "/tmp/q.log", None, "/abs/d2.img")
        joined = " ".join(argv)
        self.assertIn("usb-storage,bus=cwdiskusb.0,port=1,drive=cwdisk,id=cwdisk-stick,bootindex=0", joined)
        self.assertIn("file=/abs/d2.img,format=raw,if=none,id=cwdisk2", joined)
        self.assertIn("ide-hd,drive=cwdisk2,bus=ide.0,unit=0,bootindex=1", joined)
        self.assertNotIn("-boot c", joined)
        with self.assertRaises(ValueError):
            cwboot.disk_argv("ide", "/a.img", None, ("ide", "/b.img"))

    def test_swap_write_errors_name_the_first_sector_of_each_slot(self):
        with tempfile.TemporaryDirectory() as d:
            image = Path(d) / "d.img"
            mbr = bytearray(512)
            struct.pack_into("<B3xBxxxII", mbr, 0x1BE, 0x80, 0x7F, 2048, 24576)      # system
            struct.pack_into("<B3xBxxxII", mbr, 0x1BE + 16, 0x00, 0x82, 26624, 32768)  # swap
            image.write_bytes(bytes(mbr))
            lba = cwboot.swap_partition_lba(str(image))
        self.assertEqual(lba, 26624)
        config = cwboot.blkdebug_config(lba, [0, 3])
        self.assertEqual(re.findall(r'sector = "(\d+)"', config), ["26624", "26648"])
        self.assertEqual(config.count('iotype = "write"'), 2)
        self.assertEqual(config.count('once = "off"'), 2)

    def test_program_read_errors_name_the_pages_sector(self):
        with tempfile.TemporaryDirectory() as d:
            image = Path(d) / "d.img"
            data = bytearray(512 * 40)
            struct.pack_into("<I", data, 0x1BE + 8, 4)            # partition 1 at LBA 4
            data[510:512] = b"\x55\xaa"
            sb = 4 * 512
            struct.pack_into("<I", data, sb, cwboot.SUPERBLOCK_MAGIC)
            struct.pack_into("<II", data, sb + 28, 2, 2)          # directory at sector 2, two entries
            for i, (name, start, size) in enumerate([(b"hello", 8, 5000), (b"memtest", 16, 20000)]):
                entry = (4 + 2) * 512 + 32 * i
                data[entry:entry + len(name)] = name
                struct.pack_into("<II", data, entry + 24, start, size)
            image.write_bytes(bytes(data))
            self.assertEqual(cwboot.program_page_lba(str(image), "memtest", 2), 4 + 16 + 16)
            with self.assertRaises(cwboot.ImageError):
                cwboot.program_page_lba(str(image), "hello", 2)    # 5000 bytes: no page 2
            with self.assertRaises(cwboot.ImageError):
                cwboot.program_page_lba(str(image), "nothing", 0)
        config = cwboot.blkdebug_config(0, [], [36])
        self.assertIn('event = "read_aio"', config)
        self.assertIn('sector = "36"', config)

    def test_an_image_without_swap_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            image = Path(d) / "d.img"
            image.write_bytes(bytes(512))
            with self.assertRaises(cwboot.ImageError):
                cwboot.swap_partition_lba(str(image))


class TypedInput(unittest.TestCase):
    def test_text_is_followed_by_enter(self):
        self.assertEqual(cwboot.typed_bytes("ls -l", "\r"), b"ls -l\r")
        self.assertEqual(cwboot.typed_bytes("", "\n"), b"\n")

    def test_caret_letter_alone_is_that_control_key_without_enter(self):
        self.assertEqual(cwboot.typed_bytes("^C", "\r"), b"\x03")
        self.assertEqual(cwboot.typed_bytes("^D", "\r"), b"\x04")
        self.assertEqual(cwboot.typed_bytes("^[", "\r"), b"\x1b")

    def test_caret_inside_text_is_literal(self):
        self.assertEqual(cwboot.typed_bytes("^C x", "\r"), b"^C x\r")
        self.assertEqual(cwboot.typed_bytes("^c", "\r"), b"^c\r")


if __name__ == "__main__":
    unittest.main()
