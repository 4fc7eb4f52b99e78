"""The firewall probe: its parsers against recorded outputs (tests/fixtures/os/SOURCES.md names each one's
source), its Linux collector for real in network namespaces the test creates, and its profile key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid

import pytest

from rigcheck.render.words import check_expected, check_fix
from rigcheck.facts.firewall import ACTIVE, TOOL
from rigcheck.model import ProbeResult, Profile, Requirement, Snapshot
from rigcheck.probes.firewall import linux as firewall_linux
from rigcheck.probes.firewall import macos as firewall_macos
from rigcheck.probes.firewall import windows as firewall_windows
from rigcheck.probes._winreg import reader_from_mapping
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.scoring import score

from ._fixtures import FIXTURES, fixture_text

NFT_RULESETS = {
    "linux/nft-list-ruleset_empty_rigcheck-dev-box.txt": False,
    "linux/nft-list-ruleset_inet-input-accept-no-rules_rigcheck-dev-box.txt": False,
    "linux/nft-list-ruleset_inet-input-policy-drop_rigcheck-dev-box.txt": True,
    "linux/nft-list-ruleset_iptables-nft-input-reject_rigcheck-dev-box.txt": True,
    "linux/nft-list-ruleset_iptables-nft-jump-to-drop_rigcheck-dev-box.txt": True,
}
IPTABLES_RULES = {
    "linux/iptables-S_empty_rigcheck-dev-box.txt": False,
    "linux/iptables-S_input-reject_rigcheck-dev-box.txt": True,
    "linux/iptables-S_jump-to-drop_rigcheck-dev-box.txt": True,
}


@pytest.mark.parametrize(("name", "filters"), NFT_RULESETS.items())
def test_nft_ruleset_filters_when_the_input_hook_drops_or_rejects(name, filters):
    assert firewall_linux.nft_input_filters(fixture_text(name)) is filters


@pytest.mark.parametrize(("name", "filters"), IPTABLES_RULES.items())
def test_iptables_rules_filter_when_input_drops_or_rejects(name, filters):
    assert firewall_linux.iptables_input_filters(fixture_text(name)) is filters


def test_a_drop_only_on_the_forward_hook_does_not_filter_incoming_connections():
    ruleset = fixture_text("linux/nft-list-ruleset_inet-input-policy-drop_rigcheck-dev-box.txt")
    input_accepts = ruleset.replace("hook input priority filter; policy drop;", "hook input priority filter; policy accept;")
    assert "hook forward priority filter; policy drop;" in input_accepts
    assert firewall_linux.nft_input_filters(input_accepts) is False


def test_a_jump_to_a_chain_that_accepts_does_not_filter():
    rules = fixture_text("linux/iptables-S_jump-to-drop_rigcheck-dev-box.txt").replace("-j DROP", "-j ACCEPT")
    assert firewall_linux.iptables_input_filters(rules) is False


def test_ufw_counts_as_on_only_once_enabled():
    shipped = fixture_text("linux/ufw-conf_as-shipped_ufw-0.36.2-1.txt")
    assert "ENABLED=no" in shipped and firewall_linux.ufw_enabled(shipped) is False
    # What `ufw enable` writes (ufw/frontend.py set_enabled): the same file with ENABLED=yes.
    assert firewall_linux.ufw_enabled(shipped.replace("ENABLED=no", "ENABLED=yes")) is True
    assert firewall_linux.ufw_enabled(None) is False


def test_firewalld_is_on_when_firewall_cmd_says_running():
    # firewall-cmd 1.3.3 prints "running" (exit 0) or "not running" for --state.
    assert firewall_linux.firewalld_running("running\n") is True
    assert firewall_linux.firewalld_running("not running\n") is False


def test_macos_application_firewall_state():
    assert firewall_macos.parse_socketfilterfw_state(fixture_text("macos/socketfilterfw_enabled-state-1_drduh-macos-guide.txt")) is True
    assert firewall_macos.parse_socketfilterfw_state("") is None
    # com.apple.alf globalstate: 1 on, 0 off (the values osx-config-check's firewall check reads).
    assert firewall_macos.parse_alf_globalstate("1\n") is True
    assert firewall_macos.parse_alf_globalstate("0\n") is False
    assert firewall_macos.parse_alf_globalstate("The domain/default pair does not exist\n") is None


def test_windows_firewall_is_on_only_when_every_profile_is():
    records = json.loads((FIXTURES / "windows/constructed_Get-NetFirewallProfile_ActiveStore_public-off.json").read_text())
    assert firewall_windows.windows_profiles_off(records) == ["Public"]
    assert firewall_windows.windows_profiles_off([{**record, "Enabled": "True"} for record in records]) == []
    # NotConfigured is a Group Policy object's "no setting"; in the active store it is not an "on".
    assert firewall_windows.windows_profiles_off([{"Name": "Domain", "Enabled": "NotConfigured"}]) == ["Domain"]
    with pytest.raises(ProbeError):
        firewall_windows.windows_profiles_off([])


# What Windows 10/11 keeps under the firewall keys (Microsoft Learn, "Configure Windows Firewall with
# Group Policy" / the FirewallPolicy profile keys, DWORD EnableFirewall 1 on, 0 off): local settings
# with every profile on, and a Group Policy object that turns Public off.
_LOCAL = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
_POLICY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall"
_ALL_ON = {rf"{_LOCAL}\{key}\EnableFirewall": 1 for key in ("DomainProfile", "StandardProfile", "PublicProfile")}


def test_windows_registry_policy_overrides_the_local_setting_profile_by_profile():
    facts = firewall_windows.collect(ProbeContext(), reader_from_mapping(_ALL_ON), lambda: True)
    assert facts == {ACTIVE.key: True, TOOL.key: "windows-firewall", "profiles_off": []}
    with_policy = {**_ALL_ON, rf"{_POLICY}\PublicProfile\EnableFirewall": 0}
    facts = firewall_windows.collect(ProbeContext(), reader_from_mapping(with_policy), lambda: True)
    assert facts[ACTIVE.key] is False and facts["profiles_off"] == ["Public"]
    local_off = {**_ALL_ON, rf"{_LOCAL}\StandardProfile\EnableFirewall": 0}
    assert firewall_windows.collect(ProbeContext(), reader_from_mapping(local_off), lambda: True)["profiles_off"] == ["Private"]
    # A policy that turns a profile on wins over a local "off".
    policy_on = {**local_off, rf"{_POLICY}\PrivateProfile\EnableFirewall": 1}
    assert firewall_windows.collect(ProbeContext(), reader_from_mapping(policy_on), lambda: True)[ACTIVE.key] is True


def test_windows_without_firewall_keys_cannot_tell():
    with pytest.raises(ProbeUnsupported, match="no firewall settings"):
        firewall_windows.collect(ProbeContext(), reader_from_mapping({}))


def test_windows_firewall_service_stopped_means_off_whatever_the_settings():
    facts = firewall_windows.collect(ProbeContext(), reader_from_mapping(_ALL_ON), lambda: False)
    assert facts[ACTIVE.key] is False and facts["profiles_off"] == ["Domain", "Private", "Public"]
    # Not known (no access to the service manager): the settings decide.
    assert firewall_windows.collect(ProbeContext(), reader_from_mapping(_ALL_ON), lambda: None)[ACTIVE.key] is True


@pytest.mark.skipif(sys.platform != "win32", reason="asks the service control manager (runs in the Windows tier under Wine)")
def test_windows_firewall_service_query_for_real():
    assert firewall_windows.firewall_service_running() in (True, False, None)


def test_without_root_an_enabled_ufw_says_on(monkeypatch, tmp_path):
    monkeypatch.setattr(firewall_linux, "is_root", lambda: False)
    conf = tmp_path / "ufw.conf"
    conf.write_text(fixture_text("linux/ufw-conf_as-shipped_ufw-0.36.2-1.txt").replace("ENABLED=no", "ENABLED=yes"))
    facts = firewall_linux.collect(ProbeContext(), str(conf))
    assert facts[ACTIVE.key] is True and facts[TOOL.key] == "ufw"


@pytest.mark.skipif(shutil.which("firewall-cmd") is not None, reason="firewalld is installed here: it may answer")
def test_without_root_and_without_ufw_or_firewalld_the_probe_cannot_tell(monkeypatch, tmp_path):
    monkeypatch.setattr(firewall_linux, "is_root", lambda: False)
    conf = tmp_path / "ufw.conf"
    conf.write_text(fixture_text("linux/ufw-conf_as-shipped_ufw-0.36.2-1.txt"))
    with pytest.raises(ProbeUnsupported, match="administrator rights"):
        firewall_linux.collect(ProbeContext(), str(conf))


def _in_namespace(namespace: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", "netns", "exec", namespace, *args], capture_output=True, text=True, timeout=30, check=True)


@pytest.mark.root
@pytest.mark.skipif(sys.platform != "linux" or not firewall_linux.is_root(),
                    reason="needs root on Linux (network namespaces and the firewall rules)")
@pytest.mark.skipif(shutil.which("iptables") is None or shutil.which("ip") is None, reason="needs iptables and ip (iproute2)")
def test_linux_collector_reads_the_rules_of_a_namespace_for_real():
    namespace = f"rigcheck-fw-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", namespace], check=True, timeout=30)
    collect = "import json; from rigcheck.probes.base import ProbeContext; from rigcheck.probes.firewall import linux; print(json.dumps(linux.collect(ProbeContext())))"
    try:
        before = json.loads(_in_namespace(namespace, sys.executable, "-c", collect).stdout)
        assert before[ACTIVE.key] is False and "iptables" in before[TOOL.key]
        # The rule of the recorded iptables-S_input-reject fixture.
        _in_namespace(namespace, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "5060", "-j", "REJECT")
        after = json.loads(_in_namespace(namespace, sys.executable, "-c", collect).stdout)
        assert after[ACTIVE.key] is True
    finally:
        subprocess.run(["ip", "netns", "del", namespace], check=False, timeout=30)


def _firewall_check(values: dict, require: bool = True):
    profile = Profile("fw", "Firewall test", requirements=(Requirement("computer", "require_firewall", require),))
    report = score(Snapshot({"firewall": ProbeResult("firewall", "ok", 0.1, values=values)}), profile, created_at="2026-12-02T00:00:00Z")
    return report.checks[0]


def test_a_profile_that_requires_the_firewall_fails_without_one_and_passes_with_it():
    off = _firewall_check({ACTIVE.key: False, TOOL.key: "windows-firewall", "profiles_off": ["Public"]})
    assert (off.id, off.status, check_expected(off)) == ("computer.require_firewall", "fail", "required")
    assert check_fix(off) and "Firewall" in check_fix(off)
    assert _firewall_check({ACTIVE.key: True, TOOL.key: "nftables"}).status == "pass"
    assert _firewall_check({TOOL.key: "nftables"}).status == "unknown"  # not measured is never a pass


def test_require_firewall_false_sets_no_rule_and_reads_nothing():
    check = _firewall_check({}, require=False)
    assert check.status == "pass" and check_expected(check) == "not required"
