#!/usr/bin/env python3
"""Checks policysim results against the replacement-policy goals (docs/policies.md) and prints a Markdown
report: for each goal, whether it holds and the worst case.

usage: goals.py POLICY SHARED_DIR [LACKEY_CSV...]
  POLICY      the policy under test (the candidate for the kernel's default, e.g. clock-pro)
  SHARED_DIR  a directory of NAME.csv files made by policysim from the shared traces
  LACKEY_CSV  CSV files from lackey traces of real programs (the dirty write-back goal)

Goals (faults unless said otherwise; CLOCK is second-chance):
  G1  <= 1.02 x LRU at every size of every shared trace
  G2  <= 0.7 x LRU on the loop traces cs and gli (reported per size: no policy can reach it where even OPT
      is above 0.7 x LRU, or where every page fits)
  G3  <= 1.02 x CLOCK at every size of every trace
  G4  lackey traces, small pools (<= 64 frames): write-backs <= 0.7 x CLOCK's at faults <= 1.1 x CLOCK's
"""
import csv
import os
import sys


def load(path):
    table = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            table.setdefault(int(row["size"]), {})[row["policy"]] = (int(row["faults"]), int(row["writebacks"]))
    return table


def ratio(a, b):
    return a / b if b else (1.0 if a == 0 else float("inf"))


def main():
    policy, shared_dir, lackey = sys.argv[1], sys.argv[2], sys.argv[3:]
    shared = {os.path.basename(p)[:-4]: load(os.path.join(shared_dir, p))
              for p in sorted(os.listdir(shared_dir)) if p.endswith(".csv") and not p.startswith("lackey-")}
    programs = {os.path.basename(p)[:-4]: load(p) for p in lackey}

    def worst(traces, reference):
        cases = [(ratio(t[s][policy][0], t[s][reference][0]), name, s)
                 for name, t in traces.items() for s in t]
        return max(cases)

    print("| goal | holds | worst case |")
    print("|---|---|---|")
    r, name, size = worst(shared, "lru")
    print(f"| G1 faults <= 1.02 x LRU, every shared trace and size | {'yes' if r <= 1.02 else 'no'} | "
          f"{r:.3f} ({name} at {size}) |")
    for name in ("cs", "gli"):
        t = shared.get(name)
        if not t:
            continue
        held = [s for s in sorted(t) if ratio(t[s][policy][0], t[s]["lru"][0]) <= 0.7]
        missed = [s for s in sorted(t) if s not in held]
        reachable = [s for s in missed if ratio(t[s]["opt"][0], t[s]["lru"][0]) <= 0.7]
        print(f"| G2 {name}: faults <= 0.7 x LRU | at {len(held)} of {len(t)} sizes | missed at "
              f"{', '.join(map(str, missed)) or 'none'}; of those OPT reaches 0.7 at "
              f"{', '.join(map(str, reachable)) or 'none'} |")
    r, name, size = worst({**shared, **programs}, "second-chance")
    print(f"| G3 faults <= 1.02 x CLOCK, every trace and size | {'yes' if r <= 1.02 else 'no'} | "
          f"{r:.3f} ({name} at {size}) |")
    r, name, size = worst(shared, "second-chance")
    print(f"| G3 on the shared traces only | {'yes' if r <= 1.02 else 'no'} | {r:.3f} ({name} at {size}) |")
    for name, t in programs.items():
        cells = []
        ok = True
        for s in sorted(t):
            if s > 64:
                continue
            f = ratio(t[s][policy][0], t[s]["second-chance"][0])
            w = ratio(t[s][policy][1], t[s]["second-chance"][1])
            good = f <= 1.1 and w <= 0.7
            ok = ok and good
            cells.append(f"{s}: faults {f:.2f}, writes {w:.2f}{'' if good else ' (missed)'}")
        print(f"| G4 {name}: writes <= 0.7 x CLOCK at faults <= 1.1 x CLOCK, pools <= 64 | "
              f"{'yes' if ok else 'no'} | {'; '.join(cells)} |")


if __name__ == "__main__":
    main()
