# Build the Windows app and its per-user installer (no administrator rights needed).
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs: Python 3.11+ on PATH; Inno Setup 6 (iscc.exe) on PATH for the installer step.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path $PSScriptRoot -Parent)

python -m venv .build-venv
# Exactly the libraries in requirements-lock.txt (so two installers never ship different
# ones), then sendsec itself without resolving anything again.
.\.build-venv\Scripts\python -m pip install -r requirements-lock.txt
.\.build-venv\Scripts\python -m pip install --no-deps .
.\.build-venv\Scripts\python -m pip check

# The tests first: never package a build that fails them.
$env:QT_QPA_PLATFORM = "offscreen"
.\.build-venv\Scripts\python -m pytest -q
Remove-Item Env:\QT_QPA_PLATFORM

.\.build-venv\Scripts\pyinstaller --noconfirm --clean packaging\sendsec.spec
# Smoke test of the frozen command line.
.\dist\sendsec\sendsec-cli.exe --version
.\dist\sendsec\sendsec-cli.exe demo --db "$env:TEMP\sendsec-smoke.sqlite" --today 2026-11-22
.\dist\sendsec\sendsec-cli.exe check --db "$env:TEMP\sendsec-smoke.sqlite"
if ($LASTEXITCODE -ne 1) { throw "check on the demo board should report its planted gaps" }
Remove-Item "$env:TEMP\sendsec-smoke.sqlite*"

if (Get-Command iscc -ErrorAction SilentlyContinue) {
    iscc packaging\sendsec.iss
} else {
    Write-Warning "Inno Setup (iscc) not found: dist\sendsec is built, the installer is not."
}
