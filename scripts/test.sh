#!/usr/bin/env bash
# README command 2: installs what is missing (Debian packages, the SARIF
# validator), builds everything and runs the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DRVCERT_BUILD_DIR:-$root/build}"
bash "$root/scripts/deps.sh"
bash "$root/scripts/install-sarif-tools.sh" "$build/tools"
bash "$root/scripts/build.sh"

# drvcert must also work once installed, from any directory.
rm -rf "$build/install-check"
cmake --install "$build" --prefix "$build/install-check" >/dev/null
(cd / && "$build/install-check/bin/drvcert" --version >/dev/null)
(cd / && "$build/install-check/bin/drvcert" -p "$root/samples" --checks=-*,deprecated-pool-alloc \
   --fail-on=none >/dev/null 2>&1) || { echo "installed drvcert failed on the samples"; exit 1; }

cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 300

# The same suite built with AddressSanitizer + UndefinedBehaviorSanitizer
# (README, Robustness); DRVCERT_SANITIZE=0 skips it.
if [ "${DRVCERT_SANITIZE:-1}" = 1 ]; then
  DRVCERT_ASAN_BUILD_DIR="${DRVCERT_ASAN_BUILD_DIR:-$build-asan}" \
    DRVCERT_SARIF_TOOLS="$build/tools" bash "$root/scripts/sanitize.sh"
fi
