"""When is a throughput estimate good enough? Ramp-up detection and early stopping (pure).

The engine feeds cumulative byte counts at a steady cadence. Time is cut into slices; while the
per-slice rate still grows (TCP slow start, streams opening) the slices are ramp-up and discarded.
After that the estimate is bytes since the ramp ended divided by the time since then, and the
measurement may stop once that estimate has stayed within a small band for a while.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StabilityRules:
    slice_s: float = 0.25
    min_ramp_s: float = 0.5  # never trust the first half second
    max_ramp_s: float = 3.0  # a link that keeps "growing" this long is just noisy
    ramp_growth: float = 1.10  # a slice more than 10 % faster than the one before: still ramping
    min_measure_s: float = 0.75  # at least this long after the ramp (as long as the stable window)
    stable_window_s: float = 0.75  # the estimate must stay in the band this long
    stable_band: float = 0.03  # +- 3 %


@dataclass
class ThroughputEstimator:
    """Feed (time_s, cumulative_bytes) in time order; ask estimate_bps() and is_stable()."""

    rules: StabilityRules = field(default_factory=StabilityRules)
    _start_s: float | None = None
    _slice_edges: list[tuple[float, int]] = field(default_factory=list)
    _ramp_end: tuple[float, int] | None = None
    _estimates: list[tuple[float, float]] = field(default_factory=list)
    _last: tuple[float, int] | None = None

    def add(self, time_s: float, total_bytes: int) -> None:
        if self._start_s is None:
            self._start_s = time_s
            self._slice_edges.append((time_s, total_bytes))
        self._last = (time_s, total_bytes)
        edge_time, _ = self._slice_edges[-1]
        if time_s - edge_time < self.rules.slice_s - 1e-6:
            return
        self._slice_edges.append((time_s, total_bytes))
        if self._ramp_end is None:
            self._detect_ramp_end()
        if self._ramp_end is not None:
            estimate = self.estimate_bps()
            if estimate is not None:
                self._estimates.append((time_s, estimate))

    def _slice_rates(self) -> list[float]:
        edges = self._slice_edges
        return [(b1 - b0) / (t1 - t0) for (t0, b0), (t1, b1) in zip(edges, edges[1:]) if t1 > t0]

    def _detect_ramp_end(self) -> None:
        elapsed = self._slice_edges[-1][0] - self._slice_edges[0][0]  # the first edge is the start
        if elapsed < self.rules.min_ramp_s:
            return
        rates = self._slice_rates()
        growing = len(rates) >= 2 and rates[-1] > self.rules.ramp_growth * rates[-2]
        # A silent or weak slice (lost SYN, retransmission timeout) is not a plateau.
        settled = bool(rates) and rates[-1] > 0 and rates[-1] >= 0.7 * max(rates)
        if (settled and not growing) or elapsed >= self.rules.max_ramp_s:
            self._ramp_end = self._slice_edges[-1]

    @property
    def ramp_end_s(self) -> float | None:
        """Time the ramp-up ended (None while still ramping)."""
        return self._ramp_end[0] if self._ramp_end else None

    def estimate_bps(self) -> float | None:
        """Bits per second since the ramp ended (None while still ramping)."""
        if self._ramp_end is None or self._last is None:
            return None
        t0, b0 = self._ramp_end
        t1, b1 = self._last
        if t1 <= t0:
            return None
        return (b1 - b0) * 8.0 / (t1 - t0)

    def fallback_bps(self) -> float | None:
        """Rate over everything seen, ramp included: for a transfer cut short before it settled."""
        if self._start_s is None or self._last is None:
            return None
        t1, b1 = self._last
        t0, b0 = self._slice_edges[0]
        if t1 <= t0:
            return None
        return (b1 - b0) * 8.0 / (t1 - t0)

    def current_bps(self) -> float | None:
        """The rate of the latest slice, for live progress."""
        rates = self._slice_rates()
        return rates[-1] * 8.0 if rates else None

    def is_stable(self) -> bool:
        """True once the estimate has stayed within the band for the stable window."""
        if self._ramp_end is None or self._last is None:
            return False
        now = self._last[0]
        if now - self._ramp_end[0] < self.rules.min_measure_s:
            return False
        window = [e for t, e in self._estimates if t >= now - self.rules.stable_window_s - 1e-9]
        if len(window) < max(2, int(self.rules.stable_window_s / self.rules.slice_s) - 1):
            return False
        low, high = min(window), max(window)
        return high <= low * (1 + self.rules.stable_band) and low > 0
