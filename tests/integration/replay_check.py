#!/usr/bin/env python3
"""replay_check: the kernel's fault count on a replayed trace equals the simulator's (docs/policies.md,
"Replay in the kernel").

Boots the image with init="replay PAGES REFS SEED WRITES" (procs/replay.cpp), pageable_pages=POOL and
policy=POLICY; reads the replay's result line (the pool K it competed for, its faults and swap writes);
writes the same reference stream with build/tools/tracegen and runs build/tools/policysim on it at size K;
and compares the two fault counts, and the kernel's swap writes with the simulator's write-backs.

  replay_check.py --image build/disk.img --tools build/tools --policy fifo --pool 40 \\
      --pages 120 --refs 300000 --seed 1 --writes 5 [--timeout 300] [--save DIR]

Exit status 0 when both pairs agree, 1 when they differ or the run failed (the report says why).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwboot  # noqa: E402

RESULT_RE = re.compile(r"^\[replay\] info: result pool (\d+) refs (\d+) faults (\d+) writebacks (\d+)\s*$")


def simulate(tools, pages, refs, seed, writes, policy, pool):
    """The simulator's (faults, writebacks) for the stream at `pool` frames."""
    with tempfile.NamedTemporaryFile("w", suffix=".trace", delete=False) as f:
        trace = f.name
    try:
        with open(trace, "w") as out:
            subprocess.run([os.path.join(tools, "tracegen"), str(pages), str(refs), str(seed), str(writes)],
                           stdout=out, check=True)
        csv = subprocess.run([os.path.join(tools, "policysim"), "--trace", trace, "--sizes", str(pool),
                              "--policies", policy], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(trace)
    lines = csv.strip().splitlines()
    if len(lines) != 2 or lines[0] != "policy,size,faults,writebacks":
        raise RuntimeError("unexpected policysim output: " + csv)
    name, size, faults, writebacks = lines[1].split(",")
    return int(faults), int(writebacks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--tools", required=True, help="the directory with policysim and tracegen")
    ap.add_argument("--policy", required=True, help="fifo or second-chance (the deterministic ones)")
    ap.add_argument("--pool", type=int, required=True, help="pageable_pages for the boot")
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--refs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--writes", type=int, default=5, help="percent of references that write")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--save", help="a directory for the transcript")
    args = ap.parse_args()

    scale = float(os.environ.get("CW_TIMEOUT_SCALE", "1") or 1)
    init = f'init="replay {args.pages} {args.refs} {args.seed} {args.writes}"'
    config = cwboot.RunConfig(image=args.image, emulator="qemu", qemu=args.qemu, timeout=args.timeout * scale,
                              cmdline_append=f"{init} pageable_pages={args.pool} policy={args.policy}"
                              # the simulator models one page per fault and per eviction
                              " readaround=off swapcluster=off")
    outcome = cwboot.run(config)
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        with open(os.path.join(args.save, "serial.txt"), "w") as f:
            f.write(outcome.serial)
    results = [m for m in (RESULT_RE.match(line) for line in outcome.lines) if m]
    for line in outcome.lines:
        if line.startswith("(replay) FAIL") or line.startswith("[replay]"):
            print(line)
    if not outcome.ok or len(results) != 1:
        print("replay_check: the replay did not finish cleanly ({}; {} result lines; {:.0f} s)".format(
            "; ".join(str(f) for f in outcome.failures) or "no failure reported", len(results), outcome.elapsed))
        return 1
    pool, refs, kernel_faults, kernel_writes = (int(g) for g in results[0].groups())
    sim_faults, sim_writes = simulate(args.tools, args.pages, args.refs, args.seed, args.writes, args.policy, pool)
    print(f"replay_check: {args.policy}, pool {pool} frames ({args.pool} pageable), {refs} references of "
          f"{args.pages} pages (seed {args.seed}, {args.writes}% writes), {outcome.elapsed:.0f} s in QEMU")
    print(f"replay_check: faults: kernel {kernel_faults}, simulator {sim_faults}")
    print(f"replay_check: write-backs: kernel {kernel_writes}, simulator {sim_writes}")
    if kernel_faults != sim_faults or kernel_writes != sim_writes:
        print("replay_check: FAIL: the kernel and the simulator disagree")
        return 1
    print("replay_check: equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
