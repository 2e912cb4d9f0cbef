#!/usr/bin/env bash
# Set everything up, then start the app on the demo board (`app`) or run the tests (`test`).
#   bash scripts/dev.sh app     # the desktop app on the demo board
#   bash scripts/dev.sh test    # the whole test suite, headless
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"; shift || true

# System libraries Qt needs, even offscreen (Debian/Ubuntu package names).
QT_LIBS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
# ...and for a real window on X11.
QT_X11_LIBS="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"

need=()
if command -v dpkg-query >/dev/null 2>&1; then
  wanted="$QT_LIBS"; [ "$mode" = app ] && wanted="$wanted $QT_X11_LIBS"
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages Qt needs: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "Cannot install them (not root, no sudo). Ask for: apt-get install ${need[*]}" >&2
    exit 1
  fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "sendsec needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

case "$mode" in
  app)
    demo="${SENDSEC_DEMO:-$(.venv/bin/python -c 'from sendsec.storage.backups import data_dir; print(data_dir() / "demo.sqlite")')}"
    if [ ! -f "$demo" ]; then
      .venv/bin/python -m sendsec demo --db "$demo"
    fi
    exec .venv/bin/sendsec --db "$demo" "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest -q "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh app|test" >&2; exit 2 ;;
esac
