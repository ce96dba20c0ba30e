#!/usr/bin/env bash
# Set up analyzer on a fresh Debian machine with Python 3.11, git and apt (run as root or with sudo).
# Idempotent: what is already installed is not installed again.
#   bash scripts/bootstrap.sh          runtime: Debian fonts, .venv, pkuseg (default model), analyzer
#   bash scripts/bootstrap.sh --dev    the same plus the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
for arg in "$@"; do
  case "$arg" in
    --dev) DEV=1 ;;
    *) echo "bootstrap.sh: unknown option '$arg' (expected --dev)" >&2; exit 2 ;;
  esac
done

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' \
  || { echo "bootstrap.sh: Python 3.11 or newer is needed; $PY is $("$PY" -V 2>&1)" >&2; exit 1; }

# 1. Debian packages: a CJK font so plots show Chinese, not boxes.
DEBS=(fonts-noto-cjk fonts-wqy-microhei fontconfig)
# The tests also drive headless Chromium (the graph viewer and HTML reports, network off).
[ "$DEV" -eq 1 ] && DEBS+=(chromium)
missing=()
for d in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "bootstrap.sh: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. The virtual environment.
[ -x .venv/bin/python ] || "$PY" -m venv .venv
VPY=.venv/bin/python
PIP=(.venv/bin/python -m pip -q --disable-pip-version-check)

# 3. pkuseg 0.0.25 from its PyPI sdist, which carries the default model; it must be built
#    against the venv's numpy and Cython, hence --no-build-isolation.
if ! "$VPY" -c 'import pkuseg' >/dev/null 2>&1; then
  echo "bootstrap.sh: building pkuseg 0.0.25 (about a minute)"
  "${PIP[@]}" install numpy cython "setuptools<81" wheel
  "${PIP[@]}" install --no-build-isolation pkuseg==0.0.25
fi

# 4. analyzer itself (editable), reinstalled only when pyproject.toml changed.
h="$(sha256sum pyproject.toml | cut -c1-16)"
stamp=.venv/.analyzer-installed
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$have" != "$h-dev" ] && { [ "$DEV" -eq 1 ] || [ "$have" != "$h-run" ]; }; then
  if [ "$DEV" -eq 1 ]; then "${PIP[@]}" install -e ".[dev]"; tag=dev; else "${PIP[@]}" install -e .; tag=run; fi
  echo "$h-$tag" > "$stamp"
fi
echo "bootstrap.sh: ready ($("$VPY" -V), $( "$VPY" -c 'import analyzer; print("analyzer", analyzer.__version__)'))"
