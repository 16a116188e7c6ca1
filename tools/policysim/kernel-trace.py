#!/usr/bin/env python3
"""kernel-trace: records the kernel's own fault trace of a workload (mm/vm_trace_log.h) as a policysim trace.

Boots the image in QEMU with init=COMMAND, pageable_pages=POOL and vmtrace=EVENTS (plus vmtrace_pid=PID
if given), and writes the lines the kernel prints at power-off between "vmtrace: begin" and "vmtrace: end"
to OUT: one fault per line, page pid << 20 | vpn, R or W (docs/policies.md "Kernel fault traces").

  tools/policysim/kernel-trace.py --image build/disk.img --init "paging_suite 3 swapfill" --pool 29 OUT.trace
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "integration"))
import cwboot  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--init", required=True, help="the program and its arguments, run as init")
    ap.add_argument("--pool", type=int, default=29, help="pageable_pages")
    ap.add_argument("--events", type=int, default=65536, help="the ring's size (vmtrace=N)")
    ap.add_argument("--pid", type=int, help="keep only this process's faults (vmtrace_pid=P)")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("out")
    args = ap.parse_args()

    append = f'init="{args.init}" pageable_pages={args.pool} vmtrace={args.events}'
    if args.pid is not None:
        append += f" vmtrace_pid={args.pid}"
    outcome = cwboot.run(cwboot.RunConfig(image=args.image, timeout=args.timeout, cmdline_append=append,
                                          expected_status=cwboot.STATUS_IGNORE))
    lines = outcome.lines
    begin = [i for i, line in enumerate(lines) if line.startswith("vmtrace: begin")]
    end = [i for i, line in enumerate(lines) if line.startswith("vmtrace: end")]
    if len(begin) != 1 or len(end) != 1 or end[0] < begin[0]:
        print("kernel-trace: no complete trace in the transcript ({})".format(
            "; ".join(str(f) for f in outcome.failures) or "the run ended without one"), file=sys.stderr)
        return 1
    with open(args.out, "w") as f:
        for line in lines[begin[0] + 1:end[0]]:
            f.write(line.strip() + "\n")
    for line in lines:
        if line.startswith("vmtrace:"):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
