#!/usr/bin/env python3
"""Tests for tools/kernel_symbols.py: which symbols become table entries and with what sizes, the clone
suffixes through c++filt, the generated C++ (name offsets, escaping) and the two-pass --check.

Run by ctest as host.kernel_symbols, with $CXXFILT the c++filt the build uses."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_symbols  # noqa: E402

CXXFILT = os.environ.get("CXXFILT") or shutil.which("c++filt") or "c++filt"
TEXT_START = (0x1000, 0, "T", "__kernel_start")
TEXT_END = (0x1100, 0, "T", "__text_end")


def identity(names):
    return list(names)


def select(*symbols):
    return kernel_symbols.select_functions([TEXT_START, TEXT_END, *symbols], identity)


class SelectFunctions(unittest.TestCase):
    def test_sized_functions_keep_their_sizes_and_leave_padding_unnamed(self):
        self.assertEqual(select((0x1000, 0x10, "T", "a"), (0x1020, 0x8, "t", "b")),
                         [(0x1000, 0x10, "a"), (0x1020, 0x8, "b")])

    def test_sorted_by_address_whatever_the_input_order(self):
        self.assertEqual(select((0x1020, 0x8, "t", "b"), (0x1000, 0x10, "T", "a")),
                         [(0x1000, 0x10, "a"), (0x1020, 0x8, "b")])

    def test_a_label_without_size_extends_to_the_next_symbol_or_the_end_of_text(self):
        self.assertEqual(select((0x1000, 0, "T", "_start"), (0x1030, 0, "t", "_start.loop")),
                         [(0x1000, 0x30, "_start"), (0x1030, 0xd0, "_start.loop")])

    def test_of_aliases_at_one_address_a_global_sized_symbol_wins(self):
        table = select((0x1000, 0, "t", "label"), (0x1000, 0x20, "t", "local_sized"),
                       (0x1000, 0x20, "T", "global_sized"))
        self.assertEqual(table, [(0x1000, 0x20, "global_sized")])

    def test_a_size_that_overlaps_the_next_symbol_is_cut_there(self):
        self.assertEqual(select((0x1000, 0x40, "T", "outer"), (0x1010, 0, "t", "inner")),
                         [(0x1000, 0x10, "outer"), (0x1010, 0xf0, "inner")])

    def test_only_code_inside_text_and_not_the_marks_themselves(self):
        table = select((0x0f00, 0x10, "T", "before_text"), (0x1000, 0x10, "T", "f"),
                       (0x1010, 0x4, "D", "data"), (0x1014, 0x4, "r", "rodata"),
                       (0x1020, 0x10, "W", "weak_inline"), (0x1100, 0x10, "T", "after_text"))
        self.assertEqual(table, [(0x1000, 0x10, "f"), (0x1020, 0x10, "weak_inline")])


class Demangle(unittest.TestCase):
    def test_names_lose_parameters_and_keep_clone_suffixes(self):
        names = ["_ZN2cw16crash_on_requestENS_10StringViewE", "_ZN2cw12AddressSpace4loadEv.cold",
                 "_ZN2cw5ktest12mailbox_testEv.part.0", "higher_half.hang", "kernel_main"]
        self.assertEqual(kernel_symbols.demangle(CXXFILT, names),
                         ["cw::crash_on_request", "cw::AddressSpace::load.cold",
                          "cw::ktest::mailbox_test.part.0", "higher_half.hang", "kernel_main"])


class CxxSource(unittest.TestCase):
    def test_each_entry_points_at_its_own_name_in_the_blob(self):
        table = [(0xc0100000, 0x10, "f"), (0xc0100010, 0x8, 'operator""_x'), (0xc0100020, 4, "a\\b1")]
        source = kernel_symbols.cxx_source(table, "test")
        offsets = [int(m) for m in re.findall(r"\{0x[0-9a-f]+, 0x[0-9a-f]+, (\d+)\}", source)]
        literals = re.findall(r'^    "((?:[^"\\]|\\.)*)"$', source, re.MULTILINE)
        # The blob as the compiler builds it: each literal's escapes resolved, then concatenated.
        blob = "".join(bytes(text, "utf-8").decode("unicode_escape") for text in literals)
        self.assertEqual([blob[offset:blob.index("\0", offset)] for offset in offsets],
                         [name for _, _, name in table])
        self.assertIn("kEntries, 3, kNames, sizeof(kNames)", source)

    def test_the_empty_table_has_no_entries(self):
        source = kernel_symbols.cxx_source([], "nothing")
        self.assertNotIn("kEntries[]", source)
        self.assertIn("nullptr, 0, kNames, sizeof(kNames)", source)


class Check(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.listing = os.path.join(self.directory, "table.txt")
        self.elf = os.path.join(self.directory, "kernel.elf")
        with open(self.listing, "w", encoding="utf-8") as f:
            f.write(kernel_symbols.listing([(0x1000, 0x10, "a"), (0x1010, 0x10, "b")]))
        with open(self.elf, "w", encoding="utf-8") as f:
            f.write("stands in for the linked kernel")

    def tearDown(self):
        shutil.rmtree(self.directory)

    def test_identical_functions_pass_and_keep_the_kernel(self):
        kernel_symbols.check(self.listing, self.elf,
                             kernel_symbols.listing([(0x1000, 0x10, "a"), (0x1010, 0x10, "b")]))
        self.assertTrue(os.path.exists(self.elf))

    def test_a_moved_function_fails_and_deletes_the_kernel(self):
        with self.assertRaises(SystemExit) as stop:
            kernel_symbols.check(self.listing, self.elf,
                                 kernel_symbols.listing([(0x1000, 0x10, "a"), (0x1014, 0x10, "b")]))
        self.assertEqual(stop.exception.code, 1)
        self.assertFalse(os.path.exists(self.elf))


if __name__ == "__main__":
    unittest.main()
