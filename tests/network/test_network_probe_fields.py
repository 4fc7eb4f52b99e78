"""The network probe's notes and partial results are fields of its ProbeResult, never facts among its values."""

from __future__ import annotations

from rigcheck.probes import network as network_probe
from rigcheck.probes.base import run_probe

from .test_net_run import FakeBackend, plan_with


def run_network_probe(monkeypatch, backend: FakeBackend):
    monkeypatch.setattr(network_probe, "build_plan", lambda options: plan_with(backend))  # no STUN server: TCP
    return run_probe(network_probe.PROBE, {})


def test_what_the_network_test_noticed_is_the_results_notes(monkeypatch):
    result = run_network_probe(monkeypatch, FakeBackend(ping_ms=15))
    assert result.status == "ok" and result.partial is False
    assert "no STUN server configured" in result.notes
    assert any("measured over TCP" in note for note in result.notes)
    assert "notes" not in result.values and result.values["voice_path"] == "tcp"


def test_a_network_test_that_failed_halfway_is_a_partial_result(monkeypatch):
    result = run_network_probe(monkeypatch, FakeBackend(upload_error="stalled"))
    assert (result.status, result.partial, result.cancelled) == ("error", True, False)
    assert "upload test failed: stalled" in result.error
    assert result.values["download_mbps"] == 50.0 and "partial" not in result.values
    assert "no STUN server configured" in result.notes


def test_the_raw_facts_text_still_shows_partial_and_the_notes(monkeypatch):
    from rigcheck.render.facts_text import render

    text = render({"network": run_network_probe(monkeypatch, FakeBackend(upload_error="stalled"))})
    assert "(partial)" in text and "(note)                       no STUN server configured" in text
    assert "(cancelled)" not in text
