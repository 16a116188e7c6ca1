#!/usr/bin/env python3
"""Turns valgrind lackey's --trace-mem=yes output (stdin) into a policysim trace (stdout).

Lackey prints one line per access: "I  ADDR,SIZE" (instruction fetch), " L ADDR,SIZE" (load),
" S ADDR,SIZE" (store) and " M ADDR,SIZE" (modify: a load and a store). Fetches and loads become reads,
stores and modifies writes; the page is ADDR >> 12 (4 KiB pages, as on i386). An access that straddles a
page boundary references both pages. Valgrind's own lines (starting "==") are ignored.

Consecutive references to the same page are merged into one, a write if any of them writes. That loses
nothing the simulator counts: between two references to one page no other page is referenced, so no
fault, eviction or bit clearing can happen in between, and every policy (kernel ones, LRU, OPT) ends in
the same state. It shrinks lackey's output by one or two orders of magnitude.
"""
import sys

KIND = {"I": False, "L": False, "S": True, "M": True}


def main():
    out = sys.stdout
    last_page = None
    last_write = False
    buffer = []
    for line in sys.stdin:
        kind = line[:2].strip()
        if kind not in KIND:
            continue
        address, _, size = line[2:].strip().partition(",")
        try:
            first = int(address, 16)
            count = int(size) if size else 1
        except ValueError:
            continue
        write = KIND[kind]
        for page in range(first >> 12, ((first + max(count, 1) - 1) >> 12) + 1):
            if page == last_page:
                last_write = last_write or write
                continue
            if last_page is not None:
                buffer.append("%d W\n" % last_page if last_write else "%d\n" % last_page)
                if len(buffer) >= 65536:
                    out.write("".join(buffer))
                    buffer.clear()
            last_page, last_write = page, write
    if last_page is not None:
        buffer.append("%d W\n" % last_page if last_write else "%d\n" % last_page)
    out.write("".join(buffer))


if __name__ == "__main__":
    main()
