#!/usr/bin/env bash
# Builds drvcert and its whole test suite with AddressSanitizer and
# UndefinedBehaviorSanitizer (DRVCERT_SANITIZE=address,undefined, g++) in
# build-asan/ and runs it. Any memory error, leak or undefined behaviour, in
# the tests or in the drvcert processes they start (workers included: a
# worker that reports one exits non-zero and its TU is reported as crashed),
# fails the run.
#
#   bash scripts/sanitize.sh               # build and run everything
#   bash scripts/sanitize.sh -R Robustness # extra arguments go to ctest
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DRVCERT_ASAN_BUILD_DIR:-$root/build-asan}"
tools="${DRVCERT_SARIF_TOOLS:-$build/tools}" # the SARIF validator
bash "$root/scripts/deps.sh"
bash "$root/scripts/install-sarif-tools.sh" "$tools" >/dev/null

# -O1: what the sanitizers are meant for, and twice as fast to build as -O3.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" -DDRVCERT_SANITIZE=address,undefined \
    -DDRVCERT_SARIF_TOOLS="$tools" >/dev/null
fi
cmake --build "$build"

# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its slabs when
# compiled with ASan, as its templates are in drvcert's code, but the LLVM
# and Clang libraries (not instrumented) allocate from the same slabs
# without unpoisoning: false use-after-poison reports otherwise.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
symbolizer=/usr/lib/llvm-19/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
cd "$build"
# Sanitized code runs 2-5 times slower: give each test more time.
ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
