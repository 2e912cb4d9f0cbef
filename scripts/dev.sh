#!/usr/bin/env bash
# Set everything up, then start the app on the demo board (`app`), run the checks (`lint`),
# or run the checks and then the tests (`test`).
#   bash scripts/dev.sh app     # the desktop app on the demo board
#   bash scripts/dev.sh lint    # ruff, mypy, the import contracts (a minute)
#   bash scripts/dev.sh test    # lint, then the whole test suite, headless
# VENV=/path/to/venv uses that virtual environment instead of .venv; `lint` installs nothing
# when it already has ruff, mypy and lint-imports.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"; shift || true
VENV="${VENV:-.venv}"

setup() {
  # System libraries Qt needs, even offscreen (Debian/Ubuntu package names).
  local QT_LIBS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
  # ...and for a real window on X11.
  local QT_X11_LIBS="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"
  local need=() wanted pkg SUDO
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

  local PY="${PYTHON:-python3}"
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "sendsec needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)" >&2; exit 1; }
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  # The versions in requirements-lock.txt (what the Windows build ships), so every machine
  # checks and tests the same libraries.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c requirements-lock.txt -e ".[test]"
}

lint() {
  # this checkout's code, whatever the environment has installed
  export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
  "$VENV/bin/ruff" check .
  "$VENV/bin/mypy"              # the core (sendsec/) and the app (ui/), as [tool.mypy] says
  "$VENV/bin/lint-imports"      # the direction of the arrows ([tool.importlinter])
}

case "$mode" in
  app)
    setup
    demo="${SENDSEC_DEMO:-$("$VENV/bin/python" -c 'from sendsec.storage.backups import data_dir; print(data_dir() / "demo.sqlite")')}"
    if [ ! -f "$demo" ]; then
      "$VENV/bin/python" -m sendsec demo --db "$demo"
    fi
    exec "$VENV/bin/sendsec" --db "$demo" "$@"
    ;;
  lint)
    for tool in ruff mypy lint-imports; do
      [ -x "$VENV/bin/$tool" ] || { setup; break; }
    done
    lint
    ;;
  test)
    setup
    lint
    export QT_QPA_PLATFORM=offscreen
    exec "$VENV/bin/python" -m pytest -q "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh app|lint|test" >&2; exit 2 ;;
esac
