"""Fake probes, profiles and a fake mic for the TUI tests: fast, deterministic, controllable."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from rigcheck.facts import good_facts, probe_facts
from rigcheck.model import Profile, Question, Requirement
from rigcheck.probes import PROBE_TITLES
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

CREATED_AT = "2026-11-27T09:00:00Z"

# The probes the fake desk runs (no power, audio or display: those flows have tests of their own).
DESK_PROBES = ("system", "cpu", "memory", "disk", "connection", "network")
# Facts of a wired, capable Windows 11 desk: the declared examples (rigcheck.facts, the one fixture of good facts).
GOOD_FACTS: dict[str, dict[str, Any]] = {probe: values for probe, values in good_facts().items() if probe in DESK_PROBES}


def fixed_clock() -> float:
    """A clock that never moves: elapsed times on screen are always 0.0 s (reproducible screenshots)."""
    return 1000.0


def facts_probe(probe_id: str, values: dict[str, Any], *, delay_s: float = 0.0, title: str | None = None) -> ProbeSpec:
    """A probe that returns `values` after `delay_s` (stopping early if cancelled)."""

    def collect(ctx: ProbeContext) -> dict[str, Any]:
        if delay_s:
            ctx.cancel_event.wait(delay_s)
            ctx.check_cancelled()
        return dict(values)

    return ProbeSpec(probe_id, title or PROBE_TITLES.get(probe_id, probe_id), collect, timeout_s=10.0)


def failing_probe(probe_id: str, message: str = "no default route: the computer is offline") -> ProbeSpec:
    def collect(ctx: ProbeContext) -> dict[str, Any]:
        raise ProbeError(message)

    return ProbeSpec(probe_id, PROBE_TITLES.get(probe_id, probe_id), collect)


def unsupported_probe(probe_id: str) -> ProbeSpec:
    def collect(ctx: ProbeContext) -> dict[str, Any]:
        raise ProbeUnsupported("this platform cannot tell")

    return ProbeSpec(probe_id, PROBE_TITLES.get(probe_id, probe_id), collect)


class GatedProbe:
    """A probe that reports progress and then waits until the test opens its gate (or it is cancelled)."""

    def __init__(self, probe_id: str, values: dict[str, Any], progress: list[tuple[str, float, dict]] | None = None):
        self.probe_id = probe_id
        self.values = values
        self.progress = progress or []
        self.gate = threading.Event()
        self.reported = threading.Event()
        self.calls = 0
        self.saw_cancel = threading.Event()

    def collect(self, ctx: ProbeContext) -> dict[str, Any]:
        self.calls += 1
        for phase, fraction, detail in self.progress:
            ctx.progress(phase, fraction, **detail)
        self.reported.set()
        while not self.gate.wait(0.01):
            if ctx.cancelled:
                self.saw_cancel.set()
                ctx.check_cancelled()
        return dict(self.values)

    @property
    def spec(self) -> ProbeSpec:
        return ProbeSpec(self.probe_id, PROBE_TITLES.get(self.probe_id, self.probe_id), self.collect, timeout_s=30.0)


class SwitchableProbe:
    """Returns the facts in `values` at the time it runs: a test changes them between runs."""

    def __init__(self, probe_id: str, values: dict[str, Any]):
        self.probe_id = probe_id
        self.values = dict(values)
        self.calls = 0

    def collect(self, ctx: ProbeContext) -> dict[str, Any]:
        self.calls += 1
        return dict(self.values)

    @property
    def spec(self) -> ProbeSpec:
        return ProbeSpec(self.probe_id, PROBE_TITLES.get(self.probe_id, self.probe_id), self.collect)


def desk_profile(*, questions: bool = True, network: bool = True) -> Profile:
    """A small profile over the fake probes' facts."""
    requirements = [
        Requirement("computer", "min_cpu_cores", 4),
        Requirement("computer", "min_ram_gb", 8),
        Requirement("computer", "min_disk_free_gb", 20),
        Requirement("network", "connection", "wired"),
    ]
    if network:
        requirements += [
            Requirement("network", "min_download_mbps", 25),
            Requirement("network", "min_upload_mbps", 5),
            Requirement("network", "max_latency_ms", 100, level="recommended"),
        ]
    qs = (
        (
            Question("cordless-phone", "Will you take work calls on a cordless phone?", fail_if="yes",
                     hint="Cordless phones are not allowed. Use the corded headset."),
            Question("quiet-room", "Do you have a quiet room with a door you can close?", fail_if="no",
                     level="recommended", hint="Find a room you can close during calls."),
        )
        if questions
        else ()
    )
    return Profile(
        id="test-desk",
        name="Test desk profile",
        version="2026.11",
        publisher="rigcheck tests",
        contact="it@example.test",
        source="test",
        requirements=tuple(requirements),
        questions=qs,
    )


def good_specs(*, network_delay_s: float = 0.0) -> list[ProbeSpec]:
    specs = [facts_probe(probe, values) for probe, values in GOOD_FACTS.items() if probe != "network"]
    specs.append(facts_probe("network", GOOD_FACTS["network"], delay_s=network_delay_s))
    return specs


class FakeMic:
    """Stands in for rigcheck.probes.audio.mictest: reports levels, returns a measurement, plays nothing."""

    def __init__(self) -> None:
        self.tones: list[float] = []

    def measure_input(self, device=None, seconds: float = 3.0, on_level: Callable[[float], None] | None = None, *, cancel_event=None):
        self.cancel_event = cancel_event
        for level in (-50.0, -30.0, -18.5):
            if on_level:
                on_level(level)
        return probe_facts("mic").example_values()  # a good recording, as declared

    def play_tone(self, device=None, frequency_hz: float = 440, seconds: float = 1.0) -> None:
        self.tones.append(frequency_hz)


async def wait_until(pilot, condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Let the app run until `condition()` holds; fail the test if it never does."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    # One more turn so screens handle the messages that made the condition true.
    await pilot.pause()


def plain_text(content, width: int = 1000) -> str:
    """A widget's content as plain text: strings as they are, Rich renderables rendered (wide: one line each)."""
    import io

    from rich.console import Console
    from rich.text import Text
    from textual.content import Content

    if isinstance(content, (str, Text, Content)):
        return str(content)
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def screen_text(app) -> str:
    """The text of every Static on the active screen: what the user reads there (tables aside)."""
    from textual.widgets import Static

    return "\n".join(plain_text(widget.content) for widget in app.screen.query(Static))


def table_rows(app, table_id: str) -> list[list[str]]:
    """A DataTable's cells as plain strings, row by row."""
    from textual.widgets import DataTable

    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 100.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def build(profile=None, specs=None, **kwargs):
    """The app as the flow tests drive it: fake probes, no mic step, a fixed clock and creation time."""
    from rigcheck.tui.app import make_app

    kwargs.setdefault("mic", None)
    kwargs.setdefault("clock", fixed_clock)
    kwargs.setdefault("created_at", CREATED_AT)
    return make_app(profile=profile, probe_specs=specs if specs is not None else good_specs(), options={}, **kwargs)


async def finish_run(pilot) -> None:
    """Wait until every probe of the run screen has finished."""
    from rigcheck.tui.screens.run import RunScreen

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and not app.session.running)


def fix_lines(app) -> list[str]:
    """The results screen's fix list as unwrapped lines of plain text (the screen wraps them itself)."""
    lines = []
    for item in app.screen.fix_items():
        lines.append(f"{item.label}  {item.head}".strip())
        lines += [f"    {prefix}{text}" for prefix, text in item.details]
    return lines


def verdict_labels() -> tuple[str, ...]:
    """Every verdict line the results screen can show, in the current language."""
    from rigcheck.tui.present import VERDICT_SYMBOLS, verdict_label

    return tuple(verdict_label(verdict) for verdict in VERDICT_SYMBOLS)


async def settle(pilot, timeout_s: float = 5.0) -> None:
    """Wait until the screen's tables stop changing size: rows of automatic height are measured a
    moment after they are added, and a screenshot taken before that shows a scrollbar come and go."""
    from textual.widgets import DataTable

    def sizes():
        return [(table.virtual_size, table.show_vertical_scrollbar, table._require_update_dimensions)
                for table in pilot.app.screen.query(DataTable)]

    deadline = time.monotonic() + timeout_s
    before = None
    while time.monotonic() < deadline:
        now = sizes()
        if now == before and not any(pending for _size, _bar, pending in now):
            # Then what the screen does after its next refresh (the "more lines" hint, the scroll to the
            # saved files): under load that can lag the tables.
            await pilot.wait_for_scheduled_animations()
            await pilot.pause(0.3)
            return
        before = now
        await pilot.pause(0.05)
