#!/usr/bin/env bash
# Load control side by side (docs/perf.md "Load control"): each workload booted with loadcontrol=on and
# loadcontrol=off (the token only spares its holder, nobody waits: Linux's old swap token), one after the
# other on this machine, QEMU TCG. Prints a Markdown table: the time of the whole boot-to-power-off run,
# the crowd's own time where the program reports it (procs/overload.cpp), and the system-wide faults.
#   tools/bench/load-control.sh [IMAGE]      (default build/disk.img; a run is cut off after 600 s)
set -uo pipefail
cd "$(dirname "$0")/../.."
image=${1:-build/disk.img}
workloads=(
  "paging_suite 3|8"
  "overload spawn 10 4 4|8"
  "overload spawn 50 4 4|8"
  "overload spawn 8 64 4|8"
  "overload tree 6 4 4|29"
)
echo "| workload | pool | load control | run | crowd | one at a time | status |"
echo "|---|---:|---|---:|---:|---:|---|"
for w in "${workloads[@]}"; do
  init=${w%|*}
  pool=${w#*|}
  for lc in on off; do
    out=$(python3 tests/integration/cwboot.py "$image" --timeout 600 \
            --append "init=\"$init\" pageable_pages=$pool loadcontrol=$lc" 2>&1)
    run=$(sed -n 's/^qemu: \([0-9.]*\) s.*/\1 s/p' <<<"$out" | tail -1)
    crowd=$(sed -n 's/.*info: crowd \([0-9]*\) ms, one at a time \([0-9]*\) ms.*/\1 ms|\2 ms/p' <<<"$out" | tail -1)
    status=$(sed -n 's/.*stop=\([a-z-]*\).*status \([0-9]*\).*/\1, status \2/p' <<<"$out" | tail -1)
    [[ -z $status ]] && status=$(sed -n 's/.*stop=\([a-z-]*\).*/\1/p' <<<"$out" | tail -1)
    echo "| \`$init\` | $pool | $lc | ${run:--} | ${crowd%|*} | ${crowd#*|} | ${status:-?} |"
  done
done
