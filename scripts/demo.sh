#!/usr/bin/env bash
# README command 1: installs what is missing, builds drvcert and runs it on
# the sample driver in samples/ (text on the terminal, SARIF in
# build/samples.sarif).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" drvcert
echo
echo "== drvcert -p samples -o build/samples.sarif"
set +e
"$root/build/driver/drvcert" -p "$root/samples" -o "$root/build/samples.sarif" \
  --source-root "$root"
status=$?
set -e
echo
echo "SARIF log: $root/build/samples.sarif (exit code $status)"
# The sample drivers carry twenty deliberate bugs: exit code 1 (findings at
# the gate level) is the expected outcome of the demo.
[ "$status" -eq 1 ] && exit 0
exit "$status"
