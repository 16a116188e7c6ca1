#!/usr/bin/env python3
"""Prints policysim CSV files as Markdown tables: one per trace, a row per pool size, a column per policy
with its faults (and, where the trace has writes, its write-backs after a slash).

usage: tables.py CSV...     (the trace's name is the file's name without .csv)
"""
import csv
import os
import sys


def main():
    for path in sys.argv[1:]:
        rows = list(csv.DictReader(open(path)))
        policies = list(dict.fromkeys(r["policy"] for r in rows))
        sizes = list(dict.fromkeys(int(r["size"]) for r in rows))
        cell = {(r["policy"], int(r["size"])): (r["faults"], r["writebacks"]) for r in rows}
        writes = any(r["writebacks"] != "0" for r in rows)
        print(f"### {os.path.basename(path)[:-4]}\n")
        print("faults" + (" / write-backs" if writes else "") + " per pool size\n")
        print("| size | " + " | ".join(policies) + " |")
        print("|---:|" + "---:|" * len(policies))
        for s in sizes:
            print(f"| {s} | " + " | ".join("/".join(cell[(p, s)]) if writes else cell[(p, s)][0]
                                          for p in policies) + " |")
        print()


if __name__ == "__main__":
    main()
