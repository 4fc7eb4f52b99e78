"""--output onto things that are not regular files: devices and FIFOs are written in place, never replaced.

Device files are made inside a private mount namespace with its own tmpfs /dev: the machine's real
/dev is never touched.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ._harness import (
    QUICK,
    assert_no_temp_files,
    assert_usage_error,
    linux_only,
    local_profile,
    needs_root,
    needs_unshare,
    posix_only,
    run_cli,
)

# Runs as root inside `unshare --mount`: a tmpfs over /dev with null and full, then rigcheck against them.
_IN_NAMESPACE = r"""
import json, os, stat, subprocess, sys
subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755,size=1m", "rigcheck-test-dev", "/dev"], check=True, timeout=10)
for name, minor in (("null", 3), ("zero", 5), ("full", 7), ("urandom", 9)):
    os.mknod(f"/dev/{name}", 0o666 | stat.S_IFCHR, os.makedev(1, minor))
command, cases = json.loads(sys.argv[1])
results = []
for case in cases:
    stdout = open(case["stdout"], "w") if case.get("stdout") else subprocess.PIPE
    done = subprocess.run(command + case["args"], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    kinds = {name: ("char" if stat.S_ISCHR(os.lstat(f"/dev/{name}").st_mode) else "other") for name in ("null", "full")}
    results.append({"returncode": done.returncode, "stdout": done.stdout or "", "stderr": done.stderr, "kinds": kinds,
                    "dev": sorted(os.listdir("/dev"))})
print(json.dumps(results))
"""


def _in_private_dev(cases: list[dict]) -> list[dict]:
    command = [sys.executable, "-m", "rigcheck"]
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c", _IN_NAMESPACE,
                           json.dumps([command, cases])], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.root
@needs_root
@needs_unshare
def test_output_onto_dev_null_writes_in_place_and_dev_full_is_no_space_left(tmp_path):
    profile = local_profile(tmp_path)
    into_null, into_full, stdout_full = _in_private_dev([
        {"args": ["check", "--profile", profile, *QUICK, "--output", "/dev/null"]},
        {"args": ["check", "--profile", profile, *QUICK, "--output", "/dev/full"]},
        {"args": ["check", "--profile", profile, *QUICK], "stdout": "/dev/full"},
    ])
    assert into_null["returncode"] == 0, into_null
    assert into_null["kinds"] == {"null": "char", "full": "char"}, "a device was replaced by a regular file"
    assert into_full["returncode"] == 2 and "no space left" in into_full["stderr"].lower(), into_full
    assert into_full["kinds"] == {"null": "char", "full": "char"}
    assert stdout_full["returncode"] == 2 and "no space left" in stdout_full["stderr"].lower(), stdout_full
    for result in (into_null, into_full, stdout_full):
        assert "Traceback" not in result["stderr"] and "Exception ignored" not in result["stderr"], result
        assert not [name for name in result["dev"] if "rigcheck-tmp" in name]


@posix_only
def test_output_onto_a_fifo_feeds_its_reader_and_keeps_the_fifo(tmp_path):
    profile = local_profile(tmp_path)
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    out = run_cli("check", "--profile", profile, *QUICK, "--format", "json", "--output", str(fifo))
    reader.join(10)
    assert out.returncode == 0, out
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert json.loads(received[0])["verdict"] == "ready"
    assert_no_temp_files(tmp_path)


def test_output_dash_is_standard_output(tmp_path):
    profile = local_profile(tmp_path)
    out = run_cli("check", "--profile", profile, *QUICK, "--format", "json", "--output", "-", cwd=tmp_path)
    assert out.returncode == 0, out
    assert json.loads(out.stdout)["verdict"] == "ready"
    assert not (tmp_path / "-").exists()


@posix_only
def test_output_through_a_symlink_keeps_the_link(tmp_path):
    profile = local_profile(tmp_path)
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    out = run_cli("check", "--profile", profile, *QUICK, "--format", "json", "--output", str(link))
    assert out.returncode == 0, out
    assert link.is_symlink() and json.loads(real.read_text())["verdict"] == "ready"
    assert_no_temp_files(tmp_path)


@linux_only
def test_output_into_a_read_only_folder_leaves_the_old_report(tmp_path):
    # /sys refuses new files even for root; a missing folder is refused before the probes run.
    out = run_cli("check", "--profile", local_profile(tmp_path), *QUICK, "--output", "/sys/rigcheck-report.json")
    assert_usage_error(out, "cannot write /sys/rigcheck-report.json")
    assert not Path("/sys/rigcheck-report.json").exists()


# --- names near the limit, a full disk -----------------------------------------------------------

@pytest.mark.parametrize("stem", ["a" * 240, "\u0e01" * 80], ids=["240-ascii-bytes", "80-thai-letters"])
def test_output_with_a_name_near_the_255_byte_limit_is_written(tmp_path, stem):
    # The temporary file must not repeat the target's name: it would pass the limit.
    profile = local_profile(tmp_path)
    target = tmp_path / f"{stem}.json"
    assert len(os.fsencode(target.name)) <= 255
    out = run_cli("check", "--profile", profile, *QUICK, "--format", "json", "--output", str(target))
    assert out.returncode == 0, out
    assert json.loads(target.read_text())["verdict"] == "ready"
    assert_no_temp_files(tmp_path)


def test_output_with_a_name_past_the_limit_is_one_usage_error(tmp_path):
    out = run_cli("check", "--profile", local_profile(tmp_path), *QUICK, "--output", str(tmp_path / ("a" * 300 + ".json")))
    assert_usage_error(out, "the file name is too long")
    assert_no_temp_files(tmp_path)


# Runs as root inside `unshare --mount`: a small tmpfs over a folder, an earlier report in it, then filled
# to the last byte; the commands run against it; what is left in the folder is printed.
_FULL_FOLDER = r"""
import json, os, subprocess, sys
folder, earlier, command, cases = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "rigcheck-faults-full", folder], check=True, timeout=10)
with open(os.path.join(folder, "report.json"), "w") as handle:
    handle.write(earlier)
os.makedirs(os.path.join(folder, "cache"))
with open(os.path.join(folder, "filler"), "wb", buffering=0) as handle:
    try:
        while True:
            handle.write(b"\0" * 4096)
    except OSError:
        pass
results = []
for case in cases:
    env = {**os.environ, **case.get("env", {})}
    done = subprocess.run(command + case["args"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)
    results.append({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
left = sorted(os.listdir(folder)) + sorted(os.listdir(os.path.join(folder, "cache")))
print(json.dumps({"results": results, "left": left, "report": open(os.path.join(folder, "report.json")).read()}))
"""


@pytest.mark.root
@needs_root
@needs_unshare
def test_a_full_disk_keeps_the_earlier_report_whole_and_leaves_no_temporary_file(tmp_path):
    from ._harness import GOOD_REPORT
    from ._servers import FaultHTTPServer

    folder = tmp_path / "full"
    folder.mkdir()
    profile = local_profile(tmp_path)
    with FaultHTTPServer() as employer:
        employer.bodies["desk"] = Path(profile).read_bytes()
        cases = [
            {"args": ["check", "--profile", profile, *QUICK, "--format", "json", "--output", str(folder / "report.json")]},
            {"args": ["report", "summarize", str(tmp_path), "--output", str(folder / "report.json")]},
            # The profile cache on the full disk: the profile still loads, no temporary file is left.
            {"args": ["profiles", "show", f"{employer.url}/desk/profile.toml"],
             "env": {"RIGCHECK_CACHE_DIR": str(folder / "cache")}},
        ]
        done = subprocess.run(["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c", _FULL_FOLDER,
                               str(folder), GOOD_REPORT, json.dumps([sys.executable, "-m", "rigcheck"]), json.dumps(cases)],
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    check, summary, cache = outcome["results"]
    for result in (check, summary):
        assert result["returncode"] == 2, result
        assert "no space left on the disk" in result["stderr"], result
    assert cache["returncode"] == 0 and "Local checks only" in cache["stdout"], cache
    for result in outcome["results"]:
        assert "Traceback" not in result["stderr"], result
    assert outcome["report"] == GOOD_REPORT
    assert not [name for name in outcome["left"] if "tmp" in name], outcome["left"]


@pytest.mark.skipif(sys.platform != "linux", reason="arguments as raw bytes: POSIX")
@pytest.mark.parametrize("fmt", ["json", "html", "markdown", "junit", "text"])
def test_an_applicant_reference_that_is_not_utf8_is_written_escaped(tmp_path, fmt):
    # Bytes from a Latin-1 terminal reach Python as lone surrogates; UTF-8 cannot hold them.
    target = tmp_path / f"report.{fmt}"
    command = [os.fsencode(part) for part in (sys.executable, "-m", "rigcheck", "check", "--profile", local_profile(tmp_path),
                                              *QUICK, "--format", fmt, "--output", str(target), "--applicant")]
    done = subprocess.run([*command, b"Jos\xe9"], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert "Jos" in target.read_text(encoding="utf-8")
    assert_no_temp_files(tmp_path)
