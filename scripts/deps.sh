#!/usr/bin/env bash
# Installs the Debian 12 packages drvcert needs to build and test, and only
# those missing: fast and silent the second time. Run as root (or with sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ git
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
  libfmt-dev libyaml-cpp-dev libgtest-dev
  mingw-w64-x86-64-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "drvcert: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
