#!/usr/bin/env bash
# Records the page-reference trace of any host command with valgrind's lackey tool, reads and writes kept.
#
#   tools/policysim/lackey-trace.sh OUTPUT.trace COMMAND [ARGS...]
#
# The command runs under `valgrind --tool=lackey --trace-mem=yes`, with this script's stdin; its stdout
# and stderr are discarded. The trace (format: tools/policysim/trace.h) is written to OUTPUT.trace by
# lackey_to_trace.py: page = address >> 12, loads and fetches as reads, stores and modifies as writes,
# consecutive references to one page merged. Lackey slows a program down about a hundredfold.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 OUTPUT.trace COMMAND [ARGS...]" >&2
  exit 2
fi
output=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null || { echo "$0: valgrind is not installed (tools/deps.sh)" >&2; exit 1; }

# Lackey writes to fd 3, which is the pipe; the command's own output goes nowhere.
valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$@" 3>&1 >/dev/null 2>/dev/null \
  | python3 "$here/lackey_to_trace.py" >"$output"
echo "$0: $(wc -l <"$output") references in $output" >&2
