"""The dashboard and the single report in a real headless Chromium (Debian `chromium`): they render, the
screenshot is not blank, the counts on the page match the JSON and add up, a long question is shown whole, the
applicant list filters and links to each report, the report fits a phone and prints on two pages.

Runs the browser on file:// pages with networking off; skips when chromium is not installed. What only a
person would do on the page (pick a filter) is done by a probe script added to a copy of the page (the
dashboard itself has none), whose findings Chromium's --dump-dom prints.
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


def dump_dom(page: Path) -> str:
    """The page's DOM after its scripts ran, as Chromium serialises it."""
    with tempfile.TemporaryDirectory(prefix="rigcheck-chromium-") as profile_dir:
        out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              f"--user-data-dir={profile_dir}", "--window-size=1366,768", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    assert "<body" in out.stdout, out.stderr[-2000:]
    return out.stdout


def probed(page: Path, script: str) -> dict:
    """Run `script` (JavaScript returning a JSON-able value) in a copy of `page`; what it returned."""
    probe = page.with_name(page.stem + ".probe.html")
    wrapper = ("<script>document.body.setAttribute('data-probe', JSON.stringify((function(){" + script + "})()));</script>")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", wrapper + "</body>"), encoding="utf-8")
    found = re.search(r'<body[^>]*data-probe="([^"]*)"', dump_dom(probe))
    assert found, "the probe script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


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
    # Two applicants left the network test out (skipped); one of them left the long question unanswered (unknown).
    write(folder / "no-network.json", report(skipped=frozenset({"network"}), applicant="Skipped Network"))
    write(folder / "no-network-audio.json", report(skipped=frozenset({"network", "audio"}), applicant="Skipped Two",
                                                    answers={"cordless-phone": "no"}))
    # One applicant also sent the report rendered as HTML: their row opens that page.
    (folder / "r01.html").write_text(render(report(applicant="Applicant 01"), "html"), encoding="utf-8")
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
    statuses = ("failed", "unknown", "skipped", "warned", "passed", "reports")
    assert counts.requirements == {r["id"]: {k: r[k] for k in statuses} for r in summary["requirements"]}
    assert counts.figure_counts == {f["fact"]: f["count"] for f in summary["figures"]}
    assert counts.default_rows == summary["reports"] == 15


def test_every_requirement_adds_up_to_the_reports_that_hold_it(dashboard):
    _html, summary = dashboard
    assert summary["intact_reports"] == 14
    for requirement in summary["requirements"]:
        parts = sum(requirement[k] for k in ("failed", "unknown", "skipped", "warned", "passed"))
        assert parts == requirement["reports"] == 14, requirement
    download = next(r for r in summary["requirements"] if r["id"] == "network.min_download_mbps")
    assert (download["skipped"], download["unknown"]) == (2, 0)  # left out is not "could not measure"


def test_skipped_is_drawn_apart_from_unknown_at_a_laptop_width(dashboard):
    html, summary = dashboard
    _width, _height, rows = read_png(screenshot(html, 1366, 1500))
    assert has_colour(rows, (0x90, 0xA4, 0xAE), tolerance=4)  # skipped segments
    assert has_colour(rows, (0x6A, 0x1B, 0x9A), tolerance=4)  # the unknown one (the unanswered question)
    found = probed(html, """
        const segments = [...document.querySelectorAll('.bar i')].map(i => i.dataset.segment);
        return {skipped: segments.filter(s => s === 'skipped').length, unknown: segments.filter(s => s === 'unknown').length};""")
    with_skipped = [r for r in summary["requirements"] if r["skipped"]]
    assert found["skipped"] == len(with_skipped) == 10  # the network's 7 checks and the audio's 3
    assert found["unknown"] == 1


QUIET_ROOM = "Do you have a quiet room with a door you can close during calls?"


def test_a_long_question_is_shown_whole_beside_its_bar_on_hover_and_in_the_table(dashboard):
    html, _summary = dashboard
    found = probed(html, """
        const label = [...document.querySelectorAll('.bar-label')].find(l => l.textContent.startsWith('Do you have'));
        const cell = [...document.querySelectorAll('tr[data-requirement] td:first-child')].find(c => c.textContent.startsWith('Do you have'));
        const box = label.getBoundingClientRect();  // Chromium's window: 1366 x 768, a laptop
        return {label: label.textContent, hover: label.title, cell: cell.textContent, overflows: label.scrollWidth > label.clientWidth,
                wraps: box.height > 1.5 * parseFloat(getComputedStyle(label).fontSize),
                pageFits: document.documentElement.scrollWidth <= window.innerWidth};""")
    assert found["label"] == found["hover"] == found["cell"] == QUIET_ROOM
    assert not found["overflows"] and found["wraps"]  # on two lines at a laptop's 1366 px, not cut
    assert found["pageFits"]  # nothing wider than the window


VISIBLE_ROWS = """
    const rows = [...document.querySelectorAll('#by-verdict tr.applicant')];
    const shown = rows.filter(r => getComputedStyle(r).display !== 'none');
    return {shown: shown.map(r => r.querySelector('td:nth-child(3)').textContent), total: rows.length};"""


def test_the_applicants_filter_by_verdict_and_by_failed_requirement_without_scripts(dashboard):
    html, summary = dashboard
    page = html.read_text(encoding="utf-8")
    assert "<script" not in page  # the page itself has none: CSS reads the controls
    everyone = probed(html, VISIBLE_ROWS)
    assert len(everyone["shown"]) == everyone["total"] == 15
    not_ready = probed(html, "document.getElementById('verdict-not_ready').checked = true;" + VISIBLE_ROWS)
    expected = sorted(r["applicant"] for r in summary["rows"] if r["category"] == "not_ready")
    assert sorted(not_ready["shown"]) == expected and len(expected) == 4
    wired = probed(html, """
        const select = document.getElementById('failed-filter');
        select.value = [...select.options].find(o => o.textContent.startsWith('Wired internet connection')).value;""" + VISIBLE_ROWS)
    expected = sorted(r["applicant"] for r in summary["rows"] if r["intact"] and "network.connection" in r["failed_ids"])
    assert sorted(wired["shown"]) == expected and len(expected) == 4
    both = probed(html, """
        document.getElementById('verdict-ready').checked = true;
        const select = document.getElementById('failed-filter');
        select.value = [...select.options].find(o => o.textContent.startsWith('Wired internet connection')).value;""" + VISIBLE_ROWS)
    assert both["shown"] == []  # a ready applicant failed nothing


def test_each_applicant_links_to_their_report_beside_the_dashboard(dashboard):
    html, summary = dashboard
    found = probed(html, """
        return [...document.querySelectorAll('#by-verdict tr.applicant')].map(r => [r.querySelector('td:nth-child(3)').textContent,
                r.querySelector('td:nth-child(3) a') && r.querySelector('td:nth-child(3) a').href]);""")
    links = dict(found)
    assert len(links) == 15 and all(links.values())
    assert links["Applicant 01"] == (html.parent / "r01.html").as_uri()  # the rendered report, when there is one
    assert links["Applicant 02"] == (html.parent / "r02.json").as_uri()
    assert all(Path(link.removeprefix("file://")).is_file() for link in links.values())


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
