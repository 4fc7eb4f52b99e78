"""browser probe: versions from each browser's own output, the registry and Info.plist; the real Linux collector."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys

import pytest

from rigcheck.probes.base import run_probe
from rigcheck.probes.browser import PROBE, browser_facts, version_in
from rigcheck.probes.browser import linux as browser_linux
from rigcheck.probes.browser.macos import bundle_version, find_browsers as macos_browsers
from rigcheck.probes.browser.windows import HKCU, HKLM, find_browsers as windows_browsers


@pytest.mark.parametrize("text, version", [
    ("Mozilla Firefox 121.0\n", "121.0"),  # firefox --version
    ("Google Chrome 120.0.6099.109 \n", "120.0.6099.109"),  # google-chrome --version
    ("Chromium 120.0.6099.224 built on Debian 12.4, running on Debian 12.4\n", "120.0.6099.224"),
    ("121.0 (x64 en-US)", "121.0"),  # Firefox's CurrentVersion in the registry
    ("no number here", None),
])
def test_version_in_tool_output(text, version):
    assert version_in(text) == version


def test_one_entry_per_browser_in_report_order():
    facts = browser_facts([("firefox", "121.0"), ("chrome", None), ("chrome", "120.0"), ("netscape", "4.7")])
    assert facts == {"browsers": [{"name": "chrome", "version": "120.0"}, {"name": "firefox", "version": "121.0"}]}


def test_windows_versions_from_the_registry():
    values = {
        (HKCU, "Software\\Google\\Chrome\\BLBeacon", "version"): "120.0.6099.109",
        (HKLM, "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Microsoft Edge", "DisplayVersion"): "120.0.2210.91",
        (HKLM, "SOFTWARE\\Mozilla\\Mozilla Firefox", "CurrentVersion"): "121.0 (x64 en-US)",
    }
    found = windows_browsers(lambda hive, key, name: values.get((hive, key, name)))
    assert browser_facts(found)["browsers"] == [
        {"name": "chrome", "version": "120.0.6099.109"}, {"name": "edge", "version": "120.0.2210.91"},
        {"name": "firefox", "version": "121.0"}]


def test_macos_versions_from_info_plist(tmp_path):
    # Info.plist as Apple documents it (CFBundleShortVersionString), written by plistlib in XML and binary form.
    app = tmp_path / "Firefox.app" / "Contents"
    app.mkdir(parents=True)
    (app / "Info.plist").write_bytes(plistlib.dumps({"CFBundleShortVersionString": "121.0", "CFBundleName": "Firefox"}))
    safari = tmp_path / "Safari.app" / "Contents"
    safari.mkdir(parents=True)
    (safari / "Info.plist").write_bytes(plistlib.dumps({"CFBundleShortVersionString": "17.2"}, fmt=plistlib.FMT_BINARY))
    assert sorted(macos_browsers((str(tmp_path),))) == [("firefox", "121.0"), ("safari", "17.2")]
    assert bundle_version(b"not a plist") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="runs the Linux collector for real")
def test_the_linux_collector_reads_the_installed_browsers():
    installed = {name: next((c for c in commands if shutil.which(c)), None) for name, commands in browser_linux.COMMANDS.items()}
    result = run_probe(PROBE)
    assert result.status == "ok", result.error
    names = [entry["name"] for entry in result.values["browsers"]]
    assert names == [name for name in ("chrome", "edge", "firefox", "chromium") if installed[name]]
    for entry in result.values["browsers"]:
        output = subprocess.run([installed[entry["name"]], "--version"], capture_output=True, text=True, timeout=20).stdout
        assert entry["version"] == version_in(output)
