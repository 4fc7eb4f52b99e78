"""The dashboard and the single report in a real headless Chromium (Debian `chromium`): they render, the
screenshot is not blank, the counts on the page match the JSON, the report fits a phone and prints on two pages.

Runs the browser on file:// pages with networking off; skips when chromium is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rigcheck.render import render

from ._reports import report, write

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
BROWSER_TIMEOUT_S = 90


def _chromium(*args: str) -> None:
    with tempfile.TemporaryDirectory(prefix="rigcheck-chromium-") as profile_dir:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile_dir}", *args], capture_output=True, timeout=BROWSER_TIMEOUT_S, check=False,
                       stdin=subprocess.DEVNULL)


def screenshot(page: Path, width: int, height: int) -> Path:
    target = page.with_suffix(f".{width}x{height}.png")
    _chromium(f"--screenshot={target}", f"--window-size={width},{height}", page.as_uri())
    assert target.is_file(), "chromium wrote no screenshot"
    return target


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG: enough for Chromium's screenshots."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour, *_ = header
    assert depth == 8 and colour in (2, 6), f"PNG bit depth {depth}, colour type {colour}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        previous = line
        rows.append(bytes(line) if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
    return width, height, rows


def share_not_white(rows: list[bytes]) -> float:
    pixels = sum(len(row) // 3 for row in rows)
    white = sum(1 for row in rows for i in range(0, len(row), 3) if row[i] > 245 and row[i + 1] > 245 and row[i + 2] > 245)
    return 1 - white / pixels


def has_colour(rows: list[bytes], rgb: tuple[int, int, int], tolerance: int = 12) -> bool:
    return any(all(abs(row[i + k] - rgb[k]) <= tolerance for k in range(3)) for row in rows for i in range(0, len(row), 3))


class _Counts(HTMLParser):
    """The numbers the dashboard writes as text, by the data- attribute of their element."""

    def __init__(self) -> None:
        super().__init__()
        self.categories: dict[str, int] = {}
        self.requirements: dict[str, dict[str, int]] = {}
        self.figure_counts: dict[str, int] = {}
        self.default_rows = 0
        self._open: tuple[str, str] | None = None
        self._requirement: str | None = None
        self._in_default = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") == "by-verdict":
            self._in_default = True
        elif tag == "section":
            self._in_default = False
        if tag == "tr" and "data-requirement" in attributes:
            self._requirement = attributes["data-requirement"]
            self.requirements[self._requirement] = {}
        if tag == "tr" and "data-category" in attributes and self._in_default:
            self.default_rows += 1
        if tag == "span" and "data-category" in attributes:
            self._open = ("category", attributes["data-category"])
        elif tag == "td" and "data-status" in attributes and self._requirement:
            self._open = ("status", attributes["data-status"])
        elif tag == "span" and "data-figure-count" in attributes:
            self._open = ("figure", attributes["data-figure-count"])

    def handle_data(self, data):
        if self._open is None:
            return
        kind, key = self._open
        value = int(data.strip())
        if kind == "category":
            self.categories[key] = value
        elif kind == "status":
            self.requirements[self._requirement][key] = value
        else:
            self.figure_counts[key] = value
        self._open = None


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for index in range(12):
        wifi = index % 3 == 0
        slow = {"network": {"download_mbps": 5.0 + 20 * index}, **({"connection": {"kind": "wifi"}} if wifi else {})}
        write(folder / f"r{index:02d}.json", report(slow, applicant=f"Applicant {index:02d}"))
    write(folder / "edited.json", report({"connection": {"kind": "wifi"}}, applicant="Eve"), verdict="ready")
    html = folder / "dashboard.html"
    run = [sys.executable, "-m", "rigcheck", "report", "summarize", str(folder)]
    subprocess.run([*run, "--format", "html", "--output", str(html)], capture_output=True, timeout=120, check=True)
    summary = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True, timeout=120, check=True).stdout)
    return html, summary


def test_the_dashboard_renders_and_is_not_blank(dashboard):
    html, _summary = dashboard
    _width, _height, rows = read_png(screenshot(html, 1280, 1600))
    assert share_not_white(rows) > 0.05
    assert has_colour(rows, (0xC6, 0x28, 0x28))  # the not-ready / failed bars are drawn
    assert has_colour(rows, (0x2E, 0x7D, 0x32))  # and the ready / passed ones


def test_the_counts_on_the_dashboard_match_the_json(dashboard):
    html, summary = dashboard
    counts = _Counts()
    counts.feed(html.read_text(encoding="utf-8"))
    assert counts.categories == summary["categories"]
    assert counts.requirements == {r["id"]: {k: r[k] for k in ("failed", "unknown", "warned", "passed")} for r in summary["requirements"]}
    assert counts.figure_counts == {f["fact"]: f["count"] for f in summary["figures"]}
    assert counts.default_rows == summary["reports"] == 13


@pytest.fixture(scope="module")
def single_report(tmp_path_factory):
    page = tmp_path_factory.mktemp("single") / "report.html"
    page.write_text(render(report({"connection": {"kind": "wifi"}, "network": {"download_mbps": 12.0}}, applicant="Ana Lima"), "html"),
                    encoding="utf-8")
    return page


@pytest.mark.parametrize(("width", "height"), [(1280, 1400), (390, 1600)])
def test_the_single_report_renders_on_a_desktop_and_a_phone(single_report, width, height):
    _w, _h, rows = read_png(screenshot(single_report, width, height))
    assert share_not_white(rows) > 0.05
    assert has_colour(rows[:400], (0xFF, 0xEB, 0xEE), tolerance=3)  # the not-ready verdict box, at the top


def test_the_single_report_prints_on_one_or_two_pages(single_report):
    pdf = single_report.with_suffix(".pdf")
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", single_report.as_uri())
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= 2
