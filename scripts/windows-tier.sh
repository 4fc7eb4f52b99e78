#!/usr/bin/env bash
# The Windows tier of the test command: rigcheck run by the official Windows CPython 3.11 under Wine,
# its Windows test modules, and its PyInstaller executable built and run (scripts/windows_tier.py says
# what and why). Installs Wine from Debian's packages when run as root; skips, saying why, only where
# Wine cannot be installed. Downloads are cached in build/windows-tier/cache; the prefix is made per run.
# Set RIGCHECK_WINDOWS_TIER=0 to leave it out (for a quick run of a few Linux tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${RIGCHECK_WINDOWS_TIER:-1}" = "0" ]; then
    echo "windows tier: skipped (RIGCHECK_WINDOWS_TIER=0)" >&2
    exit 0
fi
wine=$(command -v wine64 || true)
[ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
if [ -z "$wine" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        # wine64 alone: a 64-bit prefix is all the win_amd64 Python needs (no 32-bit multiarch, no wine32).
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine64 >/dev/null \
            || echo "windows tier: apt-get could not install wine64" >&2
        wine=$(command -v wine64 || true)
        [ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
    fi
fi
if [ -z "$wine" ]; then
    echo "windows tier: SKIPPED: Wine cannot be installed here (needs root and apt-get for Debian's wine64)" >&2
    exit 0
fi
exec .venv/bin/python scripts/windows_tier.py --wine "$wine" "$@"
