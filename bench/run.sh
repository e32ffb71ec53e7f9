#!/usr/bin/env bash
# Times drvcert against Clang itself on synthetic driver trees (bench/gen.py)
# of N translation units, for each N given (default: 50 200 800):
#
#   clang-19 -fsyntax-only   each TU in turn (parsing alone)
#   clang-19 --analyze       each TU in turn, Clang's default checkers
#   drvcert -j1              the must-fix ruleset, one worker, cold PCH cache
#   drvcert -jJ              the same with J workers (default: the cores)
#   drvcert -j1 build        -j1 again: builds the preambles (second sighting)
#   drvcert -j1 warm         -j1 a third time: loads them
#   drvcert -j1 --no-pch     -j1 parsing every header (no cache)
#
# on the same files in one run, and prints wall time, peak RSS (the largest
# process: GNU time's maximum resident set size) and the ratios issue 6
# sets targets for. Not run in CI.
#
#   bash bench/run.sh                  # N = 50 200 800
#   bash bench/run.sh 50 200           # some N
#   BENCH_JOBS=4 bash bench/run.sh 200
#
# Uses the drvcert of $DRVCERT_BUILD_DIR (default build/), building it if
# needed; trees go to $BENCH_DIR (default: <build>/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DRVCERT_BUILD_DIR:-$root/build}"
work="${BENCH_DIR:-$build/bench}"
jobs="${BENCH_JOBS:-$(nproc)}"
sizes=("$@")
((${#sizes[@]})) || sizes=(50 200 800)

# GNU time and Python, besides drvcert's own packages.
bash "$root/scripts/deps.sh"
missing=()
for p in time python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
DRVCERT_BUILD_DIR="$build" bash "$root/scripts/build.sh" drvcert >/dev/null
drvcert="$build/driver/drvcert"
mkdir -p "$work"
same=""

# measure LABEL COMMAND...: runs it under GNU time; sets WALL and CPU (user
# + system, s) and RSS (MB).
measure() {
  local label="$1"
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.out" "$@" >/dev/null 2>"$work/$label.err" || {
    local rc=$?
    # drvcert exits 1 when it has findings; anything else is a failure.
    if [[ "$label" != drvcert* || $rc -ne 1 ]]; then
      echo "bench: '$label' failed (exit $rc); see $work/$label.err" >&2
      exit 1
    fi
  }
  local user sys
  read -r WALL RSS_KB user sys < <(tail -1 "$work/time.out")
  RSS=$((RSS_KB / 1024))
  CPU=$(python3 -c "print(f'{$user + $sys:.1f}')")
}

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

echo "drvcert benchmark: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), drvcert -j1 and -j$jobs"
echo "wall time (CPU time: user + system); peak RSS of the largest process; dc = drvcert"
echo "drvcert's PCH cache: cold (empty) for dc -j1 and dc -j$jobs; 'build': -j1's second run, which"
echo "builds the preambles; 'warm': its third, which loads them"
printf '%5s | %16s %16s %16s %8s %16s %16s %16s | %6s %6s %6s | %7s %9s %8s %6s %8s %8s | %5s\n' \
  N syntax analyze "dc -j1 cold" "-j$jobs cold" "dc -j1 build" "dc -j1 warm" "dc -j1 no-pch" \
  "RSS sy" "RSS an" "RSS dc" \
  "j1/anlz" "j1/syntax" "RSS/anlz" "j1/j$jobs" "warm/syn" "nopch/an" "ms/TU"
for n in "${sizes[@]}"; do
  tree="$work/tree-$n"
  rm -rf "$tree"
  python3 "$root/bench/gen.py" "$n" "$tree" >/dev/null
  python3 "$root/bench/gen.py" --commands syntax "$tree/compile_commands.json" >"$tree/syntax.sh"
  python3 "$root/bench/gen.py" --commands analyze "$tree/compile_commands.json" >"$tree/analyze.sh"

  measure syntax bash -e "$tree/syntax.sh"
  syn=$WALL syn_cpu=$CPU syn_rss=$RSS
  measure analyze bash -e "$tree/analyze.sh"
  an=$WALL an_cpu=$CPU an_rss=$RSS
  # The same -o every time: the log records the command line (without -j,
  # --pch-cache and --no-pch).
  rm -rf "$tree/pch-j1" "$tree/pch-jN"
  measure drvcert-j1 "$drvcert" -p "$tree" --ruleset must-fix -j1 --pch-cache "$tree/pch-j1" -o "$tree/out.sarif"
  d1=$WALL d1_cpu=$CPU d1_rss=$RSS
  mv "$tree/out.sarif" "$tree/j1.sarif"
  measure drvcert-jN "$drvcert" -p "$tree" --ruleset must-fix -j"$jobs" --pch-cache "$tree/pch-jN" -o "$tree/out.sarif"
  dn=$WALL
  mv "$tree/out.sarif" "$tree/jN.sarif"
  measure drvcert-build "$drvcert" -p "$tree" --ruleset must-fix -j1 --pch-cache "$tree/pch-j1" -o "$tree/out.sarif"
  db=$WALL db_cpu=$CPU
  mv "$tree/out.sarif" "$tree/build.sarif"
  measure drvcert-warm "$drvcert" -p "$tree" --ruleset must-fix -j1 --pch-cache "$tree/pch-j1" -o "$tree/out.sarif"
  dw=$WALL dw_cpu=$CPU
  mv "$tree/out.sarif" "$tree/warm.sarif"
  measure drvcert-nopch "$drvcert" -p "$tree" --ruleset must-fix -j1 --no-pch -o "$tree/out.sarif"
  d0=$WALL d0_cpu=$CPU
  mv "$tree/out.sarif" "$tree/nopch.sarif"
  grep -q "$n translation units analyzed, 0 not analyzed" "$work/drvcert-j1.err" || {
    echo "bench: drvcert did not analyze every TU; see $work/drvcert-j1.err" >&2
    exit 1
  }
  for other in jN build warm nopch; do
    if cmp -s "$tree/j1.sarif" "$tree/$other.sarif"; then same="$same $other"; else
      echo "bench: warning: the logs of -j1 and $other differ" >&2
    fi
  done

  printf '%5s | %16s %16s %16s %11ss %16s %16s %16s | %5sM %5sM %5sM | %6sx %8sx %7sx %5sx %7sx %7sx | %5s\n' \
    "$n" "${syn}s (${syn_cpu}s)" "${an}s (${an_cpu}s)" "${d1}s (${d1_cpu}s)" "$dn" \
    "${db}s (${db_cpu}s)" "${dw}s (${dw_cpu}s)" "${d0}s (${d0_cpu}s)" \
    "$syn_rss" "$an_rss" "$d1_rss" \
    "$(ratio "$d1" "$an")" "$(ratio "$d1" "$syn")" "$(ratio "$d1_rss" "$an_rss")" \
    "$(ratio "$d1" "$dn")" "$(ratio "$dw" "$syn")" "$(ratio "$d0" "$an")" \
    "$(python3 -c "print(round(1000 * $d1 / $n))")"
  echo "      logs byte-identical to -j1 cold:${same:- none}"
  same=""
done
echo "targets (issue 6): j1/anlz <= 1.0, j1/syntax <= 2.5, RSS/anlz <= 1.2, j1/j2 >= 1.8 on 2 cores, ms/TU flat in N;"
echo "  header reuse: total wall below the sum of the TUs' -fsyntax-only (warm/syn < 1.0)"
