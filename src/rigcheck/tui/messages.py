"""Messages that carry work done in threads back to the UI thread.

Progress messages of the same probe replace each other when several wait in the queue, so a fast
probe cannot flood the screen with stale updates (Textual's `Message.can_replace`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.message import Message

from rigcheck.model import ProbeResult, Profile, Snapshot


class ProbeStartedMessage(Message):
    def __init__(self, probe: str, run_id: int) -> None:
        super().__init__()
        self.probe = probe
        self.run_id = run_id


class ProbeProgressMessage(Message):
    def __init__(
        self,
        probe: str,
        run_id: int,
        phase: str,
        fraction: float | None,
        detail: Mapping[str, Any],
        mbps_history: tuple[float, ...] = (),
        phase_mbps: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__()
        self.mbps_history = mbps_history
        # The latest Mbit/s per phase so far: like the history, it survives messages replacing each other.
        self.phase_mbps = dict(phase_mbps or {})
        self.probe = probe
        self.run_id = run_id
        self.phase = phase
        self.fraction = fraction
        self.detail = dict(detail)

    def can_replace(self, message: Message) -> bool:
        # Only the latest progress of a probe matters: it carries the whole Mbit/s history so far.
        return isinstance(message, ProbeProgressMessage) and message.probe == self.probe and message.run_id == self.run_id


class ProbeFinishedMessage(Message):
    def __init__(self, result: ProbeResult, run_id: int) -> None:
        super().__init__()
        self.result = result
        self.run_id = run_id


class RunFinishedMessage(Message):
    """The engine's snapshot of one run, after every probe of it ended."""

    def __init__(self, snapshot: Snapshot, run_id: int) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.run_id = run_id


class ProbeStateChanged(Message):
    """Sent by the app to the active screen after the session's state of a probe changed."""

    def __init__(self, probe: str) -> None:
        super().__init__()
        self.probe = probe

    def can_replace(self, message: Message) -> bool:
        # The screen reads the state afresh: one pending notice per probe is enough.
        return isinstance(message, ProbeStateChanged) and message.probe == self.probe


class ProfileLoaded(Message):
    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile


class ProfileFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class MicLevel(Message):
    """The microphone's level right now, while the mic test records."""

    def __init__(self, dbfs: float) -> None:
        super().__init__()
        self.dbfs = dbfs

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MicLevel)


class MicMeasured(Message):
    def __init__(self, measurement: Any, error: str | None = None, facts: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.measurement = measurement  # the mic test's measurement (figures; words are made when drawn)
        self.error = error  # why it failed, as the audio library said
        self.facts = facts  # the mic's declared facts, for the report (rigcheck.probes.mic.facts_of)
