"""`rigcheck profiles ...` as an HR or IT person meets it, through the real command: what each action does
(--help), the full hash and the ready pinned link, the built-in questions beside the profile's own, the
built-in ids reserved, the starter's placeholders warned about, and plain wording of a wrong number."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .test_profile_cache import _ProfileServer

ROOT = Path(__file__).resolve().parents[2]
GENERIC_VOICE = ROOT / "profiles" / "generic-voice.toml"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=90,
                          stdin=subprocess.DEVNULL)


MINIMAL = 'schema = 1\nid = "acme-voice"\nname = "ACME Care: voice"\npublisher = "ACME Care"\ncontact = "it@acme-care.ph"\n'


@pytest.mark.parametrize(("action", "words"), [
    ("list", "list the bundled profiles"),
    ("show", "Print what a profile asks for"),
    ("validate", "Check profile files: every problem"),
    ("schema", "Print the JSON Schema"),
    ("new", "write a commented starter profile"),
    ("pin", "print the address to give applicants"),
])
def test_every_profiles_action_says_what_it_does_in_its_help(action, words):
    out = run("profiles", action, "--help")
    assert out.returncode == 0 and out.stderr == ""
    usage, _blank, description = out.stdout.partition("\n\n")
    assert usage.startswith(f"usage: rigcheck profiles {action}")
    assert words.lower() in " ".join(description.split()).lower()


def test_show_gives_the_full_sha256_and_the_builtin_questions_beside_the_profiles_own():
    out = run("profiles", "show", "generic-voice")
    assert out.returncode == 0, out.stderr
    digest = hashlib.sha256(GENERIC_VOICE.read_bytes()).hexdigest()
    assert f"sha256 {digest}\n" in out.stdout  # all 64 characters, nothing cut
    questions = out.stdout.partition("[questions]")[2]
    assert "--answer ID=yes|no" in questions
    for question_id in ("cordless-phone", "quiet-room", "headset-cable", "monitors-connected"):
        assert re.search(rf"^  {question_id}: ", questions, re.MULTILINE), question_id
    assert "rigcheck's own" in questions


def test_show_of_a_downloaded_profile_gives_the_pinned_link_to_paste():
    server = _ProfileServer(GENERIC_VOICE.read_bytes())
    try:
        out = run("profiles", "show", server.url)
        assert out.returncode == 0, out.stderr
        link = f"{server.url}#sha256={hashlib.sha256(GENERIC_VOICE.read_bytes()).hexdigest()}"
        assert f"link to give applicants: {link}\n" in out.stdout
        assert run("profiles", "show", link).returncode == 0  # the link works as pasted
        server.body = GENERIC_VOICE.read_bytes() + b"\n# edited after publishing\n"
        changed = run("profiles", "show", link)
        assert changed.returncode == 2 and "the pin asks for" in changed.stderr
    finally:
        server.stop()


def test_pin_prints_the_address_pinned_to_the_file(tmp_path):
    profile = tmp_path / "acme.toml"
    profile.write_text(MINIMAL)
    out = run("profiles", "pin", str(profile), "--url", "https://acme-care.ph/rigcheck/acme.toml")
    assert out.returncode == 0 and out.stderr == ""
    assert out.stdout == f"https://acme-care.ph/rigcheck/acme.toml#sha256={hashlib.sha256(profile.read_bytes()).hexdigest()}\n"
    plain = run("profiles", "pin", str(profile), "--url", "http://acme-care.ph/acme.toml")
    assert plain.returncode == 2 and "does not start with https://" in plain.stderr and len(plain.stderr.splitlines()) == 1
    broken = tmp_path / "broken.toml"
    broken.write_text(MINIMAL + "[network]\nmin_download_mbps = -1\n")
    refused = run("profiles", "pin", str(broken), "--url", "https://acme-care.ph/acme.toml")
    assert refused.returncode == 2 and refused.stdout == "" and "network.min_download_mbps" in refused.stderr


@pytest.mark.parametrize("question_id", ["monitors-connected", "headset-cable"])
def test_a_profile_question_cannot_take_a_builtin_id(tmp_path, question_id):
    profile = tmp_path / "reuse.toml"
    profile.write_text(MINIMAL + f'\n[[question]]\nid = "{question_id}"\ntext = "Is your chair comfortable?"\nfail_if = "no"\n')
    out = run("profiles", "validate", str(profile))
    assert out.returncode == 2 and out.stdout == ""
    assert f'{profile}:8: question[1].id: "{question_id}" is the id of a question rigcheck asks itself' in out.stderr
    assert run("check", "--profile", str(profile), "--only", "cpu").returncode == 2


def test_the_starters_placeholders_are_warned_about_until_replaced(tmp_path):
    starter = tmp_path / "starter.toml"
    assert run("profiles", "new", str(starter)).returncode == 0
    out = run("profiles", "validate", str(starter))
    assert out.returncode == 0 and f"{starter}: ok" in out.stdout  # usable: warnings, not errors
    warnings = out.stderr.splitlines()
    line_of = {line.split(" =", 1)[0]: number for number, line in enumerate(starter.read_text().splitlines(), 1)}
    assert f'{starter}:{line_of["contact"]}: contact: warning: still the starter\'s placeholder "it-help@example.com"' in out.stderr
    assert any(f':{line_of["publisher"]}: publisher: warning:' in line and '"My company"' in line for line in warnings)
    assert all(": warning: " in line for line in warnings) and len(warnings) == 5
    text = starter.read_text()
    for placeholder, own in (("my-company-voice", "acme-voice"), ("My company", "ACME Care"), ("it-help@example.com", "it@acme-care.ph")):
        text = text.replace(placeholder, own)
    starter.write_text(text)
    clean = run("profiles", "validate", str(starter))
    assert clean.returncode == 0 and clean.stderr == "", clean.stderr


def test_an_example_address_in_a_profile_is_warned_about(tmp_path):
    profile = tmp_path / "acme.toml"
    profile.write_text(MINIMAL.replace("it@acme-care.ph", "help@acme.example") + '[network]\nstun = ["stun.example.com:3478"]\n')
    out = run("profiles", "validate", str(profile))
    assert out.returncode == 0
    assert f'{profile}:5: contact: warning: "help@acme.example" is an example address' in out.stderr
    assert f'{profile}:7: network.stun[1]: warning: "stun.example.com:3478"' in out.stderr


def test_a_fraction_where_a_whole_number_belongs_is_named_plainly(tmp_path):
    profile = tmp_path / "acme.toml"
    profile.write_text(MINIMAL + "[computer]\nmin_cpu_cores = 2.5\n")
    out = run("profiles", "validate", str(profile))
    assert out.returncode == 2
    assert f"{profile}:7: computer.min_cpu_cores: must be a whole number, not a number with a fraction (2.5)" in out.stderr
