"""The command line as users and CI meet it: exit codes, clean stdout, one-line errors, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rigcheck import cli
from rigcheck.render.words import verdict_text

# Requirements every machine can meet or fail on purpose, measured by local probes only. (No
# allow_virtual_machine: a machine that cannot tell whether it is one, Wine in the Windows tier, would
# make the verdict incomplete.)
LOCAL_PROFILE = """\
schema = 1
id = "local-only"
name = "Local checks only"

[computer]
min_ram_gb = {ram}
min_disk_free_gb = 0
allow_remote_desktop = true
"""

QUESTION = """
[[question]]
id = "cordless-phone"
text = "Will you take work calls on a cordless phone?"
fail_if = "yes"
"""

LOCAL = ["--only", "system,cpu,memory,disk"]


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=90,
                          cwd=cwd, input=stdin if stdin is not None else "")


def assert_clean_error(out: subprocess.CompletedProcess) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr and out.stderr.startswith("rigcheck: ")
    assert "\x1b[" not in out.stderr


@pytest.fixture()
def profile_file(tmp_path):
    def write(ram: float = 0.5, question: bool = False) -> str:
        path = tmp_path / "local.toml"
        path.write_text(LOCAL_PROFILE.format(ram=ram) + (QUESTION if question else ""))
        return str(path)

    return write


def test_ready_exits_0_and_stdout_is_only_the_report(profile_file):
    out = run("check", "--profile", profile_file(), *LOCAL, "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["verdict"] == "ready" and report["schema"] == "rigcheck.report/1"
    assert set(report["facts"]) == {"system", "cpu", "memory", "disk"}
    assert out.stderr == ""  # progress only when stderr is a terminal


def test_not_ready_exits_1(profile_file):
    out = run("check", "--profile", profile_file(ram=4096), *LOCAL, "--format", "json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["verdict"] == "not_ready"


def test_unanswered_question_is_incomplete_exit_3_and_answer_completes_it(profile_file, tmp_path):
    path = profile_file(question=True)
    assert run("check", "--profile", path, *LOCAL).returncode == 3
    assert run("check", "--profile", path, *LOCAL, "--answer", "cordless-phone=no").returncode == 0
    assert run("check", "--profile", path, *LOCAL, "--answer", "cordless-phone=yes").returncode == 1
    answers = tmp_path / "answers.toml"
    answers.write_text('cordless-phone = "no"\n')
    assert run("check", "--profile", path, *LOCAL, "--answers", str(answers)).returncode == 0
    answers_json = tmp_path / "answers.json"
    answers_json.write_text('\ufeff{"cordless-phone": true}', encoding="utf-8")  # a Windows editor's BOM
    assert run("check", "--profile", path, *LOCAL, "--answers", str(answers_json)).returncode == 1


def test_generic_voice_without_network_prints_a_scored_table():
    out = run("check", "--profile", "generic-voice", "--skip", "network,audio")
    assert out.returncode in (1, 3)  # this machine is a VM on Linux: not ready, or at least incomplete
    assert "STATUS" in out.stdout and "Score " in out.stdout
    # Not ready (a VM on Linux) or not finished (Wine reports no VM answer): the headline of either verdict.
    assert any(verdict_text(verdict)[0] in out.stdout for verdict in ("not_ready", "incomplete")), out.stdout
    assert "Download speed" in out.stdout and "SKIPPED" in out.stdout


def test_unknown_probe_name_lists_the_valid_ones():
    out = run("check", "--only", "sytem")
    assert out.returncode == 2 and "tests you can name: system, cpu" in out.stderr and 'did you mean "system"' in out.stderr


def test_bad_profile_is_exit_2_with_file_line_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nid = "x"\nname = "X"\n[network]\nmin_downlod_mbps = 5\n')
    out = run("check", "--profile", str(bad), *LOCAL)
    assert_clean_error(out)
    assert f"{bad}:5: network.min_downlod_mbps: " in out.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--answer", "cordles-phone=no"], 'did you mean "cordless-phone"'),
        (["--answer", "cordless-phone=maybe"], "must be yes or no"),
        (["--answer", "nonsense"], "is not ID=VALUE"),
        (["--answers", "/nonexistent/answers.toml"], "cannot read answers file"),
        (["--output", "/nonexistent-dir/report.json"], "does not exist"),
        (["--profile", "https://profiles.invalid/a.toml#sha256=zz"], "64 hexadecimal"),
        (["--profile", "no-such-profile"], "neither a bundled profile id"),
    ],
)
def test_input_errors_are_one_clean_message(args, words):
    argv = ["check", *LOCAL, *args]
    if "--profile" not in args:
        argv += ["--profile", "generic-voice"]
    out = run(*argv)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and words in out.stderr


def test_output_goes_to_the_file_and_nothing_to_stdout(profile_file, tmp_path):
    target = tmp_path / "report.xml"
    out = run("check", "--profile", profile_file(), *LOCAL, "--format", "junit", "--output", str(target))
    assert out.returncode == 0 and out.stdout == ""
    assert target.read_text().startswith('<?xml version="1.0"')
    assert "report written to" in out.stderr


def test_output_that_cannot_be_written_is_a_clean_error(profile_file):
    # /sys refuses new files even for root: a real write failure, not a permission bit root ignores.
    out = run("check", "--profile", profile_file(), *LOCAL, "--output", "/sys/rigcheck-report.json")
    assert_clean_error(out)
    assert "cannot write /sys/rigcheck-report.json" in out.stderr


def test_probe_json_prints_the_facts_object():
    out = run("probe", "cpu", "memory", "--format", "json")
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout)
    assert list(facts) == ["cpu", "memory"]
    assert set(facts["memory"]) == {"status", "duration_s", "error", "values"}


def test_probe_text_and_unknown_probe():
    out = run("probe", "disk")
    assert out.returncode == 0 and out.stdout.startswith("disk: ")
    assert_clean_error(run("probe", "gpu"))


def test_profiles_list_show_schema():
    listed = run("profiles", "list")
    assert listed.returncode == 0 and listed.stdout.splitlines()[0].startswith("generic-voice")
    shown = run("profiles", "show", "strict-voice")
    assert shown.returncode == 0
    assert "Download speed" in shown.stdout and "at least 50 Mbit/s" in shown.stdout and "cordless-phone" in shown.stdout
    schema = json.loads(run("profiles", "schema").stdout)
    assert schema["properties"]["network"]["properties"]["min_download_mbps"]


def test_profiles_validate_reports_every_file(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(LOCAL_PROFILE.format(ram=8))
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nid = "x"\n')
    out = run("profiles", "validate", str(good), str(bad))
    assert out.returncode == 2
    assert f"{good}: ok" in out.stdout
    assert f'{bad}:1: (file): missing required key "name"' in out.stderr
    assert run("profiles", "validate", str(good)).returncode == 0


def test_report_summarize_text_csv_json(profile_file, tmp_path):
    paths = []
    for ram in (0.5, 4096):
        target = tmp_path / f"r{ram}.json"
        run("check", "--profile", profile_file(ram=ram), *LOCAL, "--format", "json", "--output", str(target))
        paths.append(str(target))
    text = run("report", "summarize", *paths)
    assert text.returncode == 0 and "ready" in text.stdout and "not ready" in text.stdout
    rows = list(csv.DictReader(io.StringIO(run("report", "summarize", *paths, "--format", "csv").stdout)))
    assert [r["Verdict"] for r in rows] == ["ready", "not ready"]
    assert rows[1]["Failed"] == "Memory (RAM)"  # by title, as people read it
    assert json.loads(run("report", "summarize", *paths, "--format", "json").stdout)["rows"][0]["score"] == 100
    junk = tmp_path / "junk.json"
    for bad in ('{"schema":"rigcheck.report/1","profile":{"id":null},"verdict":null,"score":5,"checks":[]}',
                '{"schema":"rigcheck.report/1","profile":{},"verdict":"ready","score":5,"checks":[{"id":"a","status":"bogus"}]}',
                '{"schema":"rigcheck.report/1","profile":{},"verdict":"ready","score":1e400,"checks":[]}',
                "[1, 2]", "not json", ""):
        junk.write_text(bad)
        out = run("report", "summarize", str(junk))
        assert out.returncode == 2 and "not a rigcheck JSON report" in out.stderr and "Traceback" not in out.stderr, bad
    junk.write_text("{}")
    mixed = run("report", "summarize", paths[0], str(junk))
    assert mixed.returncode == 2 and "not a rigcheck JSON report" in mixed.stderr and "ready" in mixed.stdout


def test_tui_without_a_terminal_explains_the_headless_command():
    out = run()
    assert out.returncode == 2 and "rigcheck check" in out.stderr


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("rigcheck ")


def test_ctrl_c_exits_130_without_traceback(monkeypatch, capsys):
    import rigcheck.engine

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(rigcheck.engine, "collect", interrupted)
    assert cli.main(["check", "--profile", "generic-voice", *LOCAL]) == 130
    assert "interrupted" in capsys.readouterr().err


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_reports_leave_out_host_name_user_home_ip_and_mac_addresses():
    import getpass
    import os
    import re
    import socket

    import psutil

    out = run("check", "--profile", "generic-voice", "--skip", "network", "--format", "json")
    strings = list(_strings(json.loads(out.stdout)))
    addresses = {a.address.split("%")[0] for addrs in psutil.net_if_addrs().values() for a in addrs
                 if a.address and a.address not in ("127.0.0.1", "::1", "00:00:00:00:00:00")}
    for address in addresses:
        assert not [s for s in strings if address.lower() in s.lower()], address
    home = os.path.expanduser("~")
    assert not [s for s in strings if home != "/" and home in s]
    for word in {socket.gethostname(), getpass.getuser()} - {"root", "localhost", ""}:
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
        assert not [s for s in strings if pattern.search(s)], word


def test_the_progress_line_writes_the_rate_as_the_reports_do():
    from rigcheck.probes.base import ProbeProgress, ProbeStarted

    progress = cli.StderrProgress(2)
    progress.enabled = True  # as on a terminal
    drawn: list[str] = []
    progress._draw = drawn.append
    progress(ProbeStarted("network"))
    progress.last_draw = 0.0  # progress lines are drawn at most every 0.1 s
    progress(ProbeProgress("network", "download", 0.5, {"mbps": 94.3217}))
    assert drawn[-1] == "[0/2] network download 94.3 Mbit/s"
    progress.last_draw = 0.0
    progress(ProbeProgress("network", "upload", 0.5, {"mbps": True}))  # not a rate
    assert drawn[-1] == "[0/2] network upload"


# ---------------------------------------------------------------------------------------------
# One error style: every usage error is one line, `rigcheck: ...`, with "did you mean" where a name is close.

@pytest.mark.parametrize(("argv", "words"), [
    (["check", "--format", "jsn"], 'unknown format jsn (did you mean "json"?); formats: text, json'),
    (["check", "--only", "netwrok"], 'unknown test netwrok (did you mean "network"?); tests you can name: system'),
    (["check", "--server", "ftp://x"], '--server: "ftp://x" is not an http:// or https:// URL'),
    (["probe", "cpu", "memroy"], 'unknown test memroy (did you mean "memory"?)'),
    (["probe", "--format", "xml"], "unknown format xml; formats: text, json"),
    (["chek"], 'unknown command chek (did you mean "check"?); commands: check, probe, profiles, report'),
    (["profiles", "shwo", "generic-voice"], 'unknown command shwo (did you mean "show"?)'),
    (["check", "--formt", "json"], 'not an option here: --formt json (did you mean "--format"?)'),
    (["report", "summarize", "--format", "cvs", "."], 'unknown format cvs (did you mean "csv"?)'),
    (["profiles"], "missing ACTION (see rigcheck profiles --help)"),
    (["check", "--answer"], "--answer: needs a value"),
    (["check", "--profile", "generic-vioce", *LOCAL],
     '"generic-vioce" is neither a bundled profile id (did you mean "generic-voice"?) nor a file; bundled: '),
])
def test_every_usage_error_is_one_line_in_the_same_form(argv, words):
    out = run(*argv)
    assert_clean_error(out)
    assert words in out.stderr
    assert len(out.stderr.splitlines()) == 1 and "usage:" not in out.stderr, out.stderr


def test_format_takes_any_case(profile_file):
    out = run("check", "--profile", profile_file(), *LOCAL, "--format", "JSON")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["schema"] == "rigcheck.report/1"
    assert run("probe", "cpu", "--format", "Json").stdout.startswith("{")


def test_check_and_probe_help_list_their_exit_codes():
    check = run("check", "--help")
    assert check.returncode == 0
    codes = check.stdout.partition("Exit codes:")[2]
    for code, words in (("0", "ready"), ("1", "not ready"), ("2", "usage"), ("3", "incomplete"), ("130", "interrupted"),
                        ("143", "terminated")):
        assert re.search(rf"^\s+{code}  {words}", codes, re.MULTILINE), (code, codes)
    probe = run("probe", "--help").stdout.partition("Exit codes:")[2]
    assert re.search(r"^\s+0  every test ran", probe, re.MULTILINE)
    assert re.search(r"^\s+3  a test failed or ran out of time", probe, re.MULTILINE)


def test_probe_exits_0_when_every_probe_ran():
    out = run("probe", "cpu", "memory", "disk")
    assert out.returncode == 0, out.stderr


@pytest.mark.skipif(sys.platform != "linux" or not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="needs root and unshare(1) for a network namespace of its own")
def test_probe_exits_3_when_a_probe_failed():
    # A network namespace of its own with its loopback down: nothing can be reached, no packet leaves the machine.
    out = subprocess.run(["unshare", "--net", sys.executable, "-m", "rigcheck", "probe", "network", "--server",
                          "http://127.0.0.1:9/", "--stun", "127.0.0.1:9"], capture_output=True, text=True, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 3, (out.stdout, out.stderr)
    assert out.stdout.startswith("network: ") and "no speed-test server could be used" in out.stdout


def test_probe_mic_without_a_microphone_says_so_in_words(tmp_path):
    # PulseAudio pointed at a socket that does not exist: on a machine without a sound card PortAudio finds no input.
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path / 'no-pulseaudio-here'}")
    out = subprocess.run([sys.executable, "-m", "rigcheck", "probe", "mic"], capture_output=True, text=True, timeout=120,
                         env=env, stdin=subprocess.DEVNULL)
    if "no microphone" not in out.stdout and out.returncode == 0:
        pytest.skip("this machine has a sound card with a microphone")
    assert out.returncode == 0, out.stderr  # unsupported: what this computer cannot do is not a failed probe
    assert out.stdout.startswith("mic: ") and "no microphone to record from: none is connected or turned on" in out.stdout
    assert "Error querying device" not in out.stdout and "-1" not in out.stdout


LONG_OS_PROFILE = LOCAL_PROFILE + 'os = ["windows >= 10", "macos >= 12", "linux >= 5.4", "chromeos >= 120"]\n'


def os_line(text: str) -> str:
    """The table's line of the operating-system check."""
    return next(line for line in text.splitlines() if "Operating system" in line)


def test_text_keeps_every_word_in_a_file_and_a_pipe(tmp_path):
    profile = tmp_path / "long.toml"
    profile.write_text(LONG_OS_PROFILE.format(ram=0.5))
    report = tmp_path / "report.txt"
    run("check", "--profile", str(profile), *LOCAL, "--output", str(report))
    piped = run("check", "--profile", str(profile), *LOCAL)
    for text in (report.read_text(), piped.stdout):
        line = os_line(text)
        assert "…" not in line and "120" in line and "chromeos" in line.lower(), line  # the whole rule, last OS included


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal (pty, termios), which Windows lacks; "
                    "the width comes from shutil.get_terminal_size on every OS")
def test_text_is_cut_to_a_terminal_narrower_than_the_table(tmp_path):
    import pty

    profile = tmp_path / "long.toml"
    profile.write_text(LONG_OS_PROFILE.format(ram=0.5))

    def on_terminal(columns: int) -> str:
        leader, follower = pty.openpty()
        env = dict(os.environ, COLUMNS=str(columns), TERM="dumb")
        process = subprocess.Popen([sys.executable, "-m", "rigcheck", "check", "--profile", str(profile), *LOCAL],
                                   stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program ended and closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=90)
        os.close(leader)
        return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")

    whole = os_line(run("check", "--profile", str(profile), *LOCAL).stdout)  # a pipe: every word
    narrow = on_terminal(80)
    assert os_line(narrow).endswith("…") and len(os_line(narrow)) <= 80
    table = narrow.partition("STATUS")[2].partition("\n\n")[0].splitlines()
    assert max(len(line) for line in table) <= 80
    assert os_line(on_terminal(200)) == whole  # wide enough: nothing cut


def test_a_json_file_that_is_no_report_is_named_in_plain_words(tmp_path):
    no_schema = tmp_path / "notes.json"
    no_schema.write_text('{"name": "Ana"}')
    out = run("report", "show", str(no_schema))
    assert_clean_error(out)
    assert out.stderr == (f'rigcheck: {no_schema}: not a rigcheck JSON report (it has no "schema" field; '
                          'a rigcheck report has "schema": "rigcheck.report/1")\n')
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]")
    assert "(it holds a JSON list; a report is a JSON object)" in run("report", "show", str(listed)).stderr


def test_summary_counts_skipped_apart_so_every_requirement_adds_up(profile_file, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    profile = profile_file()
    run("check", "--profile", profile, "--only", "system,cpu,memory,disk", "--format", "json", "--output", str(folder / "a.json"))
    run("check", "--profile", profile, "--only", "system,cpu,disk", "--format", "json", "--output", str(folder / "b.json"))
    text = run("report", "summarize", str(folder)).stdout
    header = next(line for line in text.splitlines() if "SKIPPED" in line)
    assert header.split() == ["FAILED", "UNKNOWN", "SKIPPED", "WARNED", "PASSED", "REPORTS", "REQUIREMENT"]
    memory = next(line for line in text.splitlines() if line.endswith("Memory (RAM)"))
    assert memory.split()[:6] == ["0", "0", "1", "0", "1", "2"]
    rows = list(csv.DictReader(io.StringIO(run("report", "summarize", str(folder), "--format", "csv").stdout)))
    assert sorted(row["Skipped"] for row in rows) == ["", "Memory (RAM)"]
    data = json.loads(run("report", "summarize", str(folder), "--format", "json").stdout)
    for requirement in data["requirements"]:
        assert sum(requirement[k] for k in ("failed", "unknown", "skipped", "warned", "passed")) == requirement["reports"] == 2


def test_argparse_words_and_rigcheck_usage_errors_go_through_the_catalog(tmp_path, monkeypatch, capsys):
    """argparse's own words (its -h, its section titles, its error template) and rigcheck's help and errors are
    looked up in the catalog: a Filipino .po with a few of them (Babel writes it, gettext reads it) changes them."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from rigcheck import i18n

    catalog = Catalog(locale="fil", domain="rigcheck")
    for english, filipino in (("show this help and exit", "ipakita ang tulong na ito at lumabas"), ("options", "mga opsyon"),
                              ("%(argument_name)s: %(message)s", "%(argument_name)s — %(message)s"),
                              ("unknown format %(names)s", "hindi kilalang format na %(names)s"),
                              ("run every test without the app and judge the results against a profile", "patakbuhin ang lahat ng pagsusuri")):
        catalog.add(english, filipino, flags=("python-format",) if "%(" in english else ())
    po_path = tmp_path / "locale" / "fil" / "LC_MESSAGES" / "rigcheck.po"
    po_path.parent.mkdir(parents=True)
    with po_path.open("wb") as po_file:
        write_po(po_file, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.set_language("fil")
    try:
        parser = cli.build_parser()
        page = parser.format_help()
        with pytest.raises(SystemExit) as stopped:
            parser.parse_args(["check", "--format", "jsn"])
    finally:
        i18n.set_language("en")
    assert "ipakita ang tulong na ito at lumabas" in page and "mga opsyon:" in page
    assert "patakbuhin ang lahat ng pagsusuri" in page
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith('rigcheck: --format — hindi kilalang format na jsn (did you mean "json"?)') and error.count("\n") == 1
    assert "show this help and exit" in cli.build_parser().format_help()  # English again once the language is back


def test_the_fix_for_an_unanswered_question_names_the_exact_answer_option(profile_file):
    profile = profile_file(question=True)
    out = run("check", "--profile", profile, *LOCAL)
    assert out.returncode == 3
    fix = re.search(r"--answer (\S+)=yes or no", out.stdout)
    assert fix and fix.group(1) == "cordless-phone", out.stdout
    answered = run("check", "--profile", profile, *LOCAL, "--answer", f"{fix.group(1)}=no")
    assert answered.returncode == 0, answered.stdout  # the option as the fix wrote it settles the question
