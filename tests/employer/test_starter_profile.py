"""`rigcheck profiles new [PATH]`: a commented starter profile that validates as written."""

from __future__ import annotations

import re
import subprocess
import sys

from rigcheck.profile import load_profile, parse_profile_text
from rigcheck.profile.fields import REQUIREMENT_FIELDS, SETTING_SCHEMAS


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_the_starter_profile_validates_and_has_the_default_profiles_values(tmp_path):
    target = tmp_path / "acme.toml"
    out = run("profiles", "new", str(target))
    assert out.returncode == 0 and out.stdout == "" and "profiles validate" in out.stderr
    starter, default = load_profile(str(target)), load_profile("generic-voice")
    assert [(r.section, r.key, r.value, r.level, r.hint) for r in starter.requirements] == \
           [(r.section, r.key, r.value, r.level, r.hint) for r in default.requirements]
    assert starter.questions == default.questions
    assert run("profiles", "validate", str(target)).returncode == 0


def test_every_key_is_there_with_its_meaning_and_unit():
    text = run("profiles", "new").stdout
    for field in REQUIREMENT_FIELDS:
        assert f"\n{field.key} = " in text or f"\n# {field.key} = " in text, field.key
        assert field.description in text, field.key
        if field.unit:
            assert f"{field.description} Unit: {field.unit}." in text, field.key
    for section, settings in SETTING_SCHEMAS.items():
        for key, schema in settings.items():
            assert f"\n# {key} = " in text and schema["description"] in text, key
    # The commented examples are valid once uncommented: the whole profile still validates.
    uncommented = re.sub(r"^# ([a-z_]+ = )", r"\1", text, flags=re.MULTILINE)
    profile = parse_profile_text(uncommented, "uncommented.toml")
    assert profile.network_server and profile.stun_servers and profile.requirement("network", "allowed_countries")


def test_an_existing_file_is_never_replaced(tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("keep me")
    out = run("profiles", "new", str(target))
    assert out.returncode == 2 and out.stderr.startswith("rigcheck: ") and "already exists" in out.stderr
    assert target.read_text() == "keep me"


def test_a_missing_folder_is_one_line_and_exit_2(tmp_path):
    out = run("profiles", "new", str(tmp_path / "no" / "such" / "p.toml"))
    assert out.returncode == 2 and "does not exist" in out.stderr and "Traceback" not in out.stderr
