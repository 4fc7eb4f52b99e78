"""Regenerate the guided app's snapshots and show, as text, what changed on each screen.

Usage (from the repository root):
    .venv/bin/python scripts/review_snapshots.py --update      # regenerate, then review against HEAD
    .venv/bin/python scripts/review_snapshots.py [--ref REF]   # review the working tree against REF
    .venv/bin/python scripts/review_snapshots.py --png DIR     # also render the changed 80x24-fil SVGs to PNG

For every changed SVG in tests/tui/__snapshots__ it prints a unified diff of the screen's text (rebuilt
line by line from the SVG's <text> elements), then flags what a reviewer must not let through: a line
of a Filipino screen that is also, word for word, on the same screen in English (an untranslated
sentence), and text ending in "…" (cut off). Then read every diff line yourself: each change should be an
intended wording or translation change. Exit status 1 when something was flagged.
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path("tests/tui/__snapshots__")
CELL_WIDTH = 12.2  # Textual's SVG export: one terminal column, in SVG units
TEXT = re.compile(r'<text class="terminal-[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                  r'clip-path="url\(#terminal-line-(\d+)\)">([^<]*)</text>')
# Lines of a Filipino screen that may equal the English one: names, figures, keys and symbols.
MIN_WORDS_FLAGGED = 4


def screen_lines(svg: str) -> list[str]:
    """The terminal's text as its lines, rebuilt from the SVG's positioned text runs."""
    rows: dict[int, dict[int, str]] = defaultdict(dict)
    for x, line, content in TEXT.findall(svg):
        column = round(float(x) / CELL_WIDTH) - 1
        for offset, char in enumerate(html.unescape(content).replace("\xa0", " ")):
            rows[int(line)][column + offset] = char
    lines = []
    for number in range(max(rows, default=-1) + 1):
        cells = rows.get(number, {})
        lines.append("".join(cells.get(column, " ") for column in range(max(cells, default=-1) + 1)).rstrip())
    return lines


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout


def changed_snapshots(ref: str) -> list[Path]:
    """Snapshot SVGs that differ from `ref` (changed, added or untracked)."""
    names = _git("diff", "--name-only", ref, "--", str(SNAPSHOTS)).split()
    names += _git("ls-files", "--others", "--exclude-standard", "--", str(SNAPSHOTS)).split()
    return sorted({Path(name) for name in names if name.endswith(".svg")})


def old_text(ref: str, path: Path) -> str:
    """The SVG as `ref` has it ('' for a new snapshot)."""
    done = subprocess.run(["git", "show", f"{ref}:{path.as_posix()}"], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=60)
    return done.stdout if done.returncode == 0 else ""


def untranslated(path: Path) -> list[str]:
    """Lines of a Filipino screenshot that are also on the same screenshot in English (80x24)."""
    if "-fil]" not in path.name:
        return []
    english = ROOT / path.with_name(path.name.replace("-fil]", "]"))
    if not english.exists():
        return []
    english_lines = set(screen_lines(english.read_text()))
    return [line for line in screen_lines((ROOT / path).read_text())
            if line in english_lines and len(re.findall(r"[A-Za-z]{2,}", line)) >= MIN_WORDS_FLAGGED]


def render_png(path: Path, folder: Path) -> Path | None:
    """The SVG as a PNG (headless chromium), to look at; None when chromium is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (re.sub(r"[^\w.-]", "_", path.stem) + ".png")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={target}",
                    "--window-size=1000,700", str(ROOT / path)], capture_output=True, check=False, timeout=120)
    return target


def main() -> int:
    """Regenerate when asked, print each changed screen's text diff and what is flagged."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="regenerate the snapshots first")
    parser.add_argument("--ref", default="HEAD", help="compare with this commit (default HEAD)")
    parser.add_argument("--png", type=Path, help="render the changed Filipino 80x24 SVGs to PNGs in this folder")
    options = parser.parse_args()
    if options.update:
        subprocess.run([sys.executable, "-m", "pytest", "tests/tui/test_snapshots.py", "--snapshot-update",
                        "-p", "no:randomly", "-q"], cwd=ROOT, check=False, timeout=3600)
    flagged = 0
    changed = changed_snapshots(options.ref)
    for path in changed:
        old, new = screen_lines(old_text(options.ref, path)), screen_lines((ROOT / path).read_text())
        diff = list(difflib.unified_diff(old, new, "old", "new", lineterm="", n=0))
        print(f"=== {path.name}" + ("" if diff else "  (styles only; the text is the same)"))
        print("\n".join(line for line in diff[2:]))
        for line in untranslated(path):
            flagged += 1
            print(f"!!! English on the Filipino screen: {line.strip()}")
        for line in new:
            if "…" in line and "…" not in " ".join(old):
                flagged += 1
                print(f"!!! cut off (…): {line.strip()}")
        if options.png and "80x24-fil" in path.name:
            print(f"    png: {render_png(path, options.png)}")
    print(f"{len(changed)} snapshot(s) changed, {flagged} line(s) flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
