"""Every local probe, run the way the engine runs it: declared facts, never raising, fast enough."""

from __future__ import annotations

import json
import time

import pytest

from rigcheck.facts import probe_facts
from rigcheck.probes import PROBE_TITLES, _platform, load_probe
from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import run_probe, run_probes

# The probes that measure this computer alone (network needs the internet; audio has its own test below;
# mic records sound and is opt-in). The facts each must return are its declaration in rigcheck.facts.
LOCAL = ("system", "cpu", "memory", "disk", "power", "connection", "display", "firewall", "webcam", "browser", "antivirus", "backup")
MODULES = {probe_id: __import__(f"rigcheck.probes.{probe_id}", fromlist=["PROBE"]) for probe_id in LOCAL}


@pytest.mark.parametrize("probe_id", LOCAL)
def test_probe_spec_is_its_declaration(probe_id):
    spec = load_probe(probe_id)
    declared = probe_facts(probe_id)
    assert (spec.id, spec.title, spec.facts) == (declared.id, declared.title, declared.facts)
    assert spec.title == PROBE_TITLES[probe_id]
    assert spec.timeout_s > 0


@pytest.mark.parametrize("probe_id", LOCAL)
def test_probe_runs_here_and_returns_declared_json_values(probe_id):
    result = run_probe(load_probe(probe_id))
    assert result.status in ("ok", "unsupported"), result.error
    if result.status == "ok":
        assert_declared(probe_id, result.values, every_fact=True)


def assert_declared(probe_id: str, values, *, every_fact: bool) -> None:
    """Every value is a declared fact of its declared type and JSON-clean; with `every_fact`, none is missing."""
    declared = probe_facts(probe_id)
    undeclared = set(values) - declared.keys
    assert not undeclared, f"{probe_id} returned facts it does not declare: {sorted(undeclared)}"
    if every_fact:
        assert set(values) == declared.keys, f"{probe_id} left out declared facts: {sorted(declared.keys - set(values))}"
    wrong = {key: value for key, value in values.items() if not declared.fact(key).accepts(value)}
    assert not wrong, f"{probe_id} returned values of another type than declared: {wrong}"
    assert json.loads(json.dumps(dict(values))) == dict(values)


def test_audio_probe_runs_here_and_returns_its_declared_facts():
    result = run_probe(load_probe("audio"))
    assert result.status in ("ok", "unsupported"), result.error
    if result.status == "ok":
        assert_declared("audio", result.values, every_fact=True)


@pytest.mark.parametrize("probe_id", LOCAL)
def test_unknown_platform_is_unsupported_not_an_error(probe_id, monkeypatch):
    module = MODULES[probe_id]
    if hasattr(module, "current_os"):
        monkeypatch.setattr(module, "current_os", lambda: "sunos5")
    monkeypatch.setattr(_platform, "OS", "sunos5")  # the probes whose collector is chosen per OS
    result = run_probe(module.PROBE)
    if probe_id in ("memory", "disk", "power"):
        # psutil alone answers these on any platform it supports.
        assert result.status in ("ok", "unsupported")
    else:
        assert result.status == "unsupported" and "sunos5" in result.error


@pytest.mark.skipif(current_os() != "linux", reason="the Linux collectors read procfs/sysfs files")
@pytest.mark.parametrize("probe_id", ["system", "cpu", "connection"])
def test_a_broken_file_read_becomes_an_error_result(probe_id, monkeypatch):
    module = MODULES[probe_id]

    def explode(*args, **kwargs):
        raise RuntimeError("simulated failure inside the probe")

    collector = _platform.os_module(module.__name__, "linux") or module  # a probe with one module per OS
    monkeypatch.setattr(collector, "read_text", explode)
    result = run_probe(module.PROBE)
    assert result.status == "error" and "simulated failure" in result.error


def test_a_probe_that_hangs_times_out(monkeypatch):
    module = MODULES["display"]
    monkeypatch.setattr(_platform, "OS", "linux")
    monkeypatch.setattr(_platform.os_module(module.__name__, "linux"), "collect", lambda ctx: time.sleep(5.0))
    result = run_probe(module.PROBE, timeout_s=0.1)
    assert result.status == "timeout" and result.duration_s < 4.0  # not the 5 s the probe wanted


def test_missing_psutil_is_unsupported(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_psutil(name, *args, **kwargs):
        if name == "psutil":
            raise ImportError("No module named 'psutil'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psutil)
    # On Windows the connection probe asks the IP Helper API, not psutil.
    for probe_id in ("cpu", "memory", "disk", "power", *(("connection",) if _platform.OS != "windows" else ())):
        result = run_probe(MODULES[probe_id].PROBE)
        assert result.status == "unsupported" and "psutil" in result.error, probe_id


def test_all_local_probes_run_together_in_parallel():
    results = run_probes([load_probe(probe_id) for probe_id in LOCAL])
    assert set(results) == set(LOCAL)
    assert all(result.status in ("ok", "unsupported") for result in results.values()), {
        k: r.error for k, r in results.items()
    }
    # Speed is measured by bench/local.py, not asserted here.
