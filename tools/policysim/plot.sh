#!/usr/bin/env bash
# Runs build/tools/policysim over every shared trace at the sizes its NAME.sizes lists (and, with
# valgrind, over lackey traces of two real programs), and writes into docs/policies/:
#   NAME.csv        policysim's output: policy,size,faults,writebacks
#   NAME.svg        the miss-ratio curve (faults / references against pool size), one line per policy
#   tables.md       every CSV as a Markdown table (tools/policysim/tables.py)
#   goals.md        the goal table of tools/policysim/goals.py for clock-pro, the candidate default
#
#   tools/policysim/plot.sh [TRACE_DIR]     (default ../shared/traces relative to the worktree)
#
# Needs gnuplot (Debian gnuplot-nox, tools/deps.sh). The lackey traces are made once into
# build/policysim-traces/ from the project's own C++ sources (fixed for a commit, so the traces are
# reproducible): `sort` of the first 300 KB and `gzip -c` of the first 200 KB. Each takes about a minute
# under lackey and gives a trace too large (60-150 MB) to commit.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
traces=${1:-$root/../shared/traces}
sim=$root/build/tools/policysim
out=$root/docs/policies
work=$root/build/policysim-traces
policy=clock-pro
[ -x "$sim" ] || { echo "$0: build $sim first (cmake --build build --target policysim)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "$0: gnuplot is missing (tools/deps.sh)" >&2; exit 1; }
mkdir -p "$out" "$work"

# plot NAME CSV REFERENCES: the miss-ratio curve of every policy in CSV.
plot() {
  local name=$1 csv=$2 refs=$3
  local policies
  policies=$(tail -n +2 "$csv" | cut -d, -f1 | uniq | tr '\n' ' ')
  local series="plot "
  for p in $policies; do
    series+="'< grep ^$p, $csv' using 2:(\$3/$refs) with linespoints title '$p', "
  done
  gnuplot <<GNUPLOT
set terminal svg size 640,400 font "sans,11"
set output "$out/$name.svg"
set datafile separator ","
set title "$name: $refs references"
set xlabel "pool size (pages)"
set ylabel "miss ratio (faults / references)"
set yrange [0:*]
set key outside right
${series%, }
GNUPLOT
}

run() {  # run NAME TRACE SIZES
  local name=$1 trace=$2 sizes=$3
  "$sim" --trace "$trace" --sizes "$sizes" >"$out/$name.csv"
  plot "$name" "$out/$name.csv" "$(grep -c '[0-9]' "$trace")"
  echo "$name: $(($(wc -l <"$out/$name.csv") - 1)) rows" >&2
}

for sizes_file in "$traces"/*.sizes; do
  name=$(basename "$sizes_file" .sizes)
  sizes=$(tr -s ' \t\n' ',' <"$sizes_file" | sed 's/^,//; s/,$//')
  run "$name" "$traces/$name.trace" "$sizes"
done

# The programs' input: the project's C++ sources in name order, written whole to a file first (`head` on
# the pipe would end the writer with SIGPIPE, an error under pipefail).
sources=$work/sources.txt

lackey_csvs=()
if command -v valgrind >/dev/null; then
  lackey_sizes=8,12,16,24,32,48,64,96,128,192,256
  [ -s "$sources" ] || (cd "$root" && git ls-files '*.cpp' '*.h' | sort | xargs cat) >"$sources"
  if [ ! -s "$work/sort.trace" ]; then
    head -c 300000 "$sources" >"$work/sort.in"
    "$root/tools/policysim/lackey-trace.sh" "$work/sort.trace" sort "$work/sort.in"
  fi
  if [ ! -s "$work/gzip.trace" ]; then
    head -c 200000 "$sources" >"$work/gzip.in"
    "$root/tools/policysim/lackey-trace.sh" "$work/gzip.trace" gzip -c "$work/gzip.in"
  fi
  for program in sort gzip; do
    run "lackey-$program" "$work/$program.trace" "$lackey_sizes"
    lackey_csvs+=("$out/lackey-$program.csv")
  done
fi

python3 "$root/tools/policysim/tables.py" "$out"/*.csv >"$out/tables.md"
python3 "$root/tools/policysim/goals.py" "$policy" "$out" "${lackey_csvs[@]}" >"$out/goals.md"
cat "$out/goals.md"
