#!/usr/bin/env bash
# Install the SARIF validation tools used by tests/sarif/validate-sarif.sh.
#   scripts/install-sarif-tools.sh [DIR]
# DIR defaults to $SARIF_TOOLS_DIR, else ~/.cache/drvcert/sarif-tools (the
# default of tests/sarif/validate-sarif.sh too).
# - Microsoft's SARIF validator (@microsoft/sarif-multitool, npm) into DIR
# - Debian's python3-jsonschema and python3-rfc3987 (apt), used with /usr/bin/python3
#   (rfc3987 makes jsonschema check the schema's "uri"/"uri-reference" formats)
# Idempotent: the second run does no network access and takes well under a second.
set -euo pipefail

MULTITOOL_VERSION=5.7.0

if [ $# -gt 1 ] || { [ $# -eq 1 ] && [ -z "$1" ]; }; then
  echo "usage: $0 [DIR]" >&2
  exit 2
fi
dir=${1:-${SARIF_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/drvcert/sarif-tools}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pkg="$dir/node_modules/@microsoft/sarif-multitool-linux"
tool="$pkg/Sarif.Multitool"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -q >&2
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

# 1. node/npm, only when npm is missing.
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: installing nodejs and npm from apt" >&2
  apt_install nodejs npm
fi

# 2. The multitool, only when the installed version is not the one we pin.
installed_version() {
  [ -f "$1/package.json" ] || return 0
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/package.json" | head -n 1
}
if [ -f "$tool" ] && [ -f "$pkg/sarif-2.1.0.json" ] &&
   [ "$(installed_version "$pkg")" = "$MULTITOOL_VERSION" ]; then
  :
else
  echo "installing @microsoft/sarif-multitool@$MULTITOOL_VERSION into $dir" >&2
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$MULTITOOL_VERSION" >&2
  if [ ! -f "$tool" ]; then
    echo "error: npm did not install $tool (is this linux/x64?)" >&2
    exit 1
  fi
fi
# npm 11 does not run the package's postinstall (a chmod): make it executable ourselves.
[ -x "$tool" ] || chmod u+x "$tool"

# 3. jsonschema (+ rfc3987 for URI formats) for Debian's python: python3 on PATH
#    may be a pyenv one without them.
py_pkgs=
/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || py_pkgs="$py_pkgs python3-jsonschema"
/usr/bin/python3 -c 'import rfc3987' >/dev/null 2>&1 || py_pkgs="$py_pkgs python3-rfc3987"
if [ -n "$py_pkgs" ]; then
  echo "installing$py_pkgs from apt" >&2
  # shellcheck disable=SC2086
  apt_install $py_pkgs
fi
/usr/bin/python3 -c 'import jsonschema; jsonschema.Draft202012Validator' >/dev/null 2>&1 || {
  echo "error: /usr/bin/python3 jsonschema lacks Draft202012Validator (need jsonschema >= 4)" >&2
  exit 1
}

# Smoke test: the binary starts.
if ! "$tool" --version >/dev/null 2>&1; then
  echo "error: $tool does not run" >&2
  exit 1
fi

echo "SARIF validator: $tool (schema: $pkg/sarif-2.1.0.json); run tests/sarif/validate-sarif.sh --tools $dir FILE.sarif"
