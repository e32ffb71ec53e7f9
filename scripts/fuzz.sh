#!/usr/bin/env bash
# Builds drvcert's libFuzzer targets (clang-19, ASan + UBSan) and runs each
# for a bounded time on its seeds. Not part of CI: run it by hand or on a
# schedule.
#
#   bash scripts/fuzz.sh                      # every target, 60 s each
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh compile-db config
#
# Targets (tests/fuzz/FuzzTargets.cpp): api-model baseline compile-db config
# shard-log suppressions. The corpus grows in $build/fuzz-corpus/<target>/ from run to
# run. A crash, hang or leak leaves its input in
# $build/fuzz-crashes/<target>/ and fails the script: fix the bug, then copy
# the input to tests/fuzz/regressions/<target>/ (named after what it found)
# so the unit tests replay it forever (tests/fuzz/FuzzRegressionTest.cpp).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DRVCERT_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
if (($#)); then targets=("$@"); else
  targets=(api-model baseline compile-db config shard-log suppressions)
fi

bash "$root/scripts/deps.sh"
# libFuzzer and the sanitizer runtimes of clang-19 (only fuzzing needs them).
if ! dpkg-query -W -f='${Status}' libclang-rt-19-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "drvcert: installing libclang-rt-19-dev"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libclang-rt-19-dev >/dev/null
fi

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DDRVCERT_FUZZ=ON -DDRVCERT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target "${targets[@]/#/fuzz-}"

# Seeds: tests/fuzz/corpus/<target>/ plus the project's own inputs.
seeds_for() {
  case "$1" in
    compile-db) echo "$root/samples" ;;
    api-model) echo "$root/rulesets/models" ;;
    config) echo "$root/rulesets $root/tests/config" ;;
    suppressions) echo "$root/samples $root/tests/checkers $root/tests/config" ;;
    baseline) echo "$root/tests/sarif" ;;
    shard-log) echo "" ;; # its seeds are shard logs of its own database
  esac
}
dict_for() {
  case "$1" in
    api-model | config) echo "$root/tests/fuzz/dict/yaml.dict" ;;
    *) echo "$root/tests/fuzz/dict/$1.dict" ;;
  esac
}

# allow_user_poisoning=0: see scripts/sanitize.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=()
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  crashes="$build/fuzz-crashes/$t"
  mkdir -p "$corpus" "$crashes"
  echo "== fuzz-$t: ${seconds}s"
  # shellcheck disable=SC2046
  if ! "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -dict="$(dict_for "$t")" -artifact_prefix="$crashes/" \
      "$corpus" "$root/tests/fuzz/corpus/$t" $(seeds_for "$t") \
      >"$build/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "   FAILED: $(grep -m1 -E 'ERROR|SUMMARY|Test unit written' "$build/fuzz-$t.log" || true)"
    ls "$crashes"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/fuzz-$t.log" | sed 's/^/   /' || true
done
if ((${#failed[@]})); then
  echo "fuzzing found problems in: ${failed[*]} (logs: $build/fuzz-<target>.log)"
  exit 1
fi
echo "fuzzing: no crash, hang or leak in ${targets[*]} (${seconds}s each)"
