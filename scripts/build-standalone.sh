#!/usr/bin/env bash
# Build the single-file rigcheck executable for the OS this runs on (Linux, macOS, or Windows in Git Bash):
#   dist/rigcheck (Linux, macOS) or dist/rigcheck.exe (Windows)
# It needs nothing installed beside it to run: Python, the dependencies and the bundled profiles are inside.
#
# Uses $PYTHON, else .venv when it exists (scripts/test.sh makes it), else the first python3/python on PATH, and
# installs the package with its `build` extra (PyInstaller) into that environment when PyInstaller is missing.
# Options: --dist DIR (default: dist), --work DIR (default: build/pyinstaller).
set -euo pipefail
cd "$(dirname "$0")/.."

dist_dir="dist"
work_dir="build/pyinstaller"
while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist_dir="$2"; shift 2 ;;
        --work) work_dir="$2"; shift 2 ;;
        *) echo "build-standalone.sh: unknown option $1 (options: --dist DIR, --work DIR)" >&2; exit 2 ;;
    esac
done

python="${PYTHON:-}"
[ -n "$python" ] || for candidate in .venv/bin/python .venv/Scripts/python.exe; do
    if [ -x "$candidate" ]; then python="$candidate"; break; fi
done
if [ -z "$python" ]; then
    python="$(command -v python3 || command -v python || true)"
fi
if [ -z "$python" ]; then
    echo "build-standalone.sh: no Python found (make .venv with scripts/test.sh, or install Python 3.11+)" >&2
    exit 2
fi

if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    "$python" -m pip install -q -e '.[build]'
fi

started=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist_dir" --workpath "$work_dir" packaging/rigcheck.spec
binary="$dist_dir/rigcheck"
[ -f "$binary.exe" ] && binary="$binary.exe"
"$binary" --version >/dev/null
size_bytes=$(wc -c < "$binary" | tr -d ' ')
echo "built $binary: $((size_bytes / 1024 / 1024)) MiB in $(( $(date +%s) - started )) s"
