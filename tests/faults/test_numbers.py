"""Numbers no one can mean: integers of thousands of digits (past Python's int() limit) in answers files,
profiles (from a file or a link) and a speed server's answer. One message and exit 2, or no figure; never a
traceback.
"""

from __future__ import annotations

import pytest

from rigcheck.netmeasure.librespeed import parse_ip_info

from ._harness import QUICK, assert_usage_error, local_profile, run_cli
from ._servers import FaultHTTPServer

DIGITS = "9" * 5000  # Python's int() reads at most 4300 digits from text


@pytest.mark.parametrize(("name", "text"), [
    ("answers.json", f'{{"cordless-phone": {DIGITS}}}'),
    ("answers.toml", f"cordless-phone = {DIGITS}\n"),
])
def test_an_answers_file_with_a_number_of_thousands_of_digits_is_one_usage_error(tmp_path, name, text):
    answers = tmp_path / name
    answers.write_text(text)
    out = run_cli("check", "--profile", local_profile(tmp_path), *QUICK, "--answers", str(answers))
    assert_usage_error(out, "more digits than any answer can mean")


def test_a_profile_with_a_number_of_thousands_of_digits_is_one_profile_error(tmp_path):
    profile = tmp_path / "huge.toml"
    profile.write_text(f'schema = 1\nid = "huge"\nname = "Huge"\n\n[computer]\nmin_ram_gb = {DIGITS}\n')
    out = run_cli("check", "--profile", str(profile), *QUICK)
    assert_usage_error(out, "huge.toml:6", "more digits than any setting can mean")


def test_a_profile_link_serving_such_a_number_is_one_profile_error(tmp_path):
    with FaultHTTPServer() as employer:
        employer.bodies["huge"] = f'schema = 1\nid = "huge"\nname = "Huge"\nversion = "{DIGITS[:3]}"\n[computer]\nmin_cpu_cores = {DIGITS}\n'.encode()
        out = run_cli("check", "--profile", f"{employer.url}/huge/profile.toml", *QUICK)
    assert_usage_error(out, "more digits than any setting can mean")


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,  # nested past Python's recursion limit
    b'{"processedString": "203.0.113.7 - ISP, PH", "rawIspInfo": {"org": ' + DIGITS.encode() + b"}}",
    b'{"processedString": "203.0.113.7 - Globe',  # cut short
])
def test_a_speed_servers_broken_ip_answer_names_no_provider(body):
    # getIP.php's answer (LibreSpeed): broken JSON describes nothing, and must not end the measurement.
    assert parse_ip_info(body) == (None, None)
