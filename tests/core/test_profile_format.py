"""Profile format v1: bundled profiles, every kind of malformed profile, loading by file and URL."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from rigcheck.profile import ProfileError, bundled_profile_ids, bundled_profiles, load_profile, profile_json_schema
from rigcheck.profile import loader

VALID = """\
schema = 1
id = "acme-voice"
name = "ACME voice"
version = "2026.11"

[network]
connection = "wired"
min_download_mbps = 25
max_loaded_latency_increase_ms = { value = 100, level = "recommended", hint = "Turn on SQM." }
stun = ["stun.acme.example:3478"]
server = "https://speed.acme.example/backend/"

[computer]
os = ["windows >= 10", "macos >= 13"]

[[question]]
id = "cordless-phone"
text = "Will you take work calls on a cordless phone?"
fail_if = "yes"
"""


def line_number(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_of(tmp_path: Path, text: str | bytes, name: str = "p.toml") -> list:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    return caught.value.problems


def only_problem(tmp_path: Path, text: str | bytes):
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_bundled_profiles_are_valid_and_each_asks_the_cordless_phone_question():
    ids = bundled_profile_ids()
    assert {"generic-voice", "generic-chat", "strict-voice"} <= set(ids)
    assert len(ids) >= 4
    profiles = bundled_profiles()
    assert profiles[0].id == "generic-voice"  # the default comes first
    for profile in profiles:
        assert "cordless-phone" in [q.id for q in profile.questions], profile.id
        assert profile.sha256 and profile.source == f"bundled:{profile.id}"


def test_strict_voice_asks_for_what_its_name_promises():
    profile = load_profile("strict-voice")
    assert profile.requirement("network", "connection").value == "wired"
    assert profile.requirement("audio", "headset").value == "usb"
    assert profile.requirement("display", "min_monitors").value == 2
    assert profile.requirement("computer", "allow_virtual_machine").value is False
    assert profile.requirement("computer", "allow_remote_desktop").value is False


def test_valid_profile_loads_with_levels_hints_and_settings(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_bytes(VALID.encode())  # the bytes hashed below (write_text would write CRLF on Windows)
    profile = load_profile(str(path))
    bufferbloat = profile.requirement("network", "max_loaded_latency_increase_ms")
    assert (bufferbloat.value, bufferbloat.level, bufferbloat.hint) == (100, "recommended", "Turn on SQM.")
    assert profile.requirement("network", "min_download_mbps").level == "required"
    assert profile.requirement("computer", "os").value == ("windows >= 10", "macos >= 13")
    assert profile.stun_servers == ("stun.acme.example:3478",)
    assert profile.network_server == "https://speed.acme.example/backend/"
    assert profile.sha256 == hashlib.sha256(VALID.encode()).hexdigest()


def test_misspelt_key_names_file_line_key_and_suggests(tmp_path):
    text = VALID.replace("min_download_mbps", "min_downlod_mbps")
    problem = only_problem(tmp_path, text)
    assert problem.file.endswith("p.toml") and problem.line == line_number(text, "min_downlod_mbps") == 8
    assert problem.key == "network.min_downlod_mbps"
    assert 'did you mean "min_download_mbps"' in problem.message
    assert str(problem).startswith(f"{problem.file}:8: network.min_downlod_mbps: ")


def test_key_in_the_wrong_section_says_where_it_belongs(tmp_path):
    text = VALID.replace("[network]\n", "[network]\nmin_ram_gb = 8\n")
    problem = only_problem(tmp_path, text)
    assert problem.line == line_number(text, "min_ram_gb") and "belongs in [computer]" in problem.message


def test_unknown_section_suggests_the_right_one(tmp_path):
    text = VALID + "\n[displays]\nmin_monitors = 2\n"
    problem = only_problem(tmp_path, text)
    assert problem.key == "displays" and problem.line == line_number(text, "[displays]")
    assert 'did you mean "display"' in problem.message


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("min_download_mbps = 25", 'min_download_mbps = "25"', "network.min_download_mbps", "must be a number"),
        ("min_download_mbps = 25", "min_download_mbps = -5", "network.min_download_mbps", "at least 0"),
        ('connection = "wired"', 'connection = "wireless"', "network.connection", 'one of "wired", "any"'),
        ('level = "recommended"', 'level = "mandatory"', "network.max_loaded_latency_increase_ms.level", "one of"),
        ('os = ["windows >= 10", "macos >= 13"]', 'os = ["windos >= 10"]', "computer.os[1]", 'did you mean "windows"'),
        ('os = ["windows >= 10", "macos >= 13"]', 'os = ["windows 10"]', "computer.os[1]", "not an OS rule"),
        ("schema = 1", "schema = 2", "schema", "unsupported profile schema 2"),
        ('fail_if = "yes"', 'fail_if = "maybe"', "question[1].fail_if", "one of"),
        ('server = "https://speed.acme.example/backend/"', 'server = "speed.acme.example"', "network.server", "not a URL"),
    ],
)
def test_each_wrong_value_is_named_with_its_key(tmp_path, old, new, key, words):
    assert old in VALID
    text = VALID.replace(old, new)
    problem = only_problem(tmp_path, text)
    assert problem.key == key
    assert words in problem.message
    assert problem.line == line_number(text, new.split(" = ")[0] if "[" not in key else new)


def test_loss_over_100_percent_is_refused(tmp_path):
    problem = only_problem(tmp_path, VALID.replace("[network]\n", "[network]\nmax_packet_loss_percent = 150\n"))
    assert problem.key == "network.max_packet_loss_percent" and "at most 100" in problem.message


def test_missing_id_and_name_are_both_reported(tmp_path):
    text = VALID.replace('id = "acme-voice"\n', "").replace('name = "ACME voice"\n', "")
    messages = {p.message for p in problems_of(tmp_path, text)}
    assert {'missing required key "id"', 'missing required key "name"'} <= messages


def test_question_without_text_and_duplicate_ids(tmp_path):
    text = VALID + '\n[[question]]\nid = "cordless-phone"\nfail_if = "no"\n'
    problems = problems_of(tmp_path, text)
    by_key = {p.key: p for p in problems}
    assert by_key["question[2]"].message == 'missing required key "text"'
    assert "duplicate question id" in by_key["question[2].id"].message
    assert by_key["question[2].id"].line == len(text.splitlines()) - 1


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = VALID.replace("min_download_mbps = 25", "min_download_mbps = -1").replace('connection = "wired"', "connection = 3")
    text = text.replace("schema = 1", "schema = 9")
    assert len(problems_of(tmp_path, text)) == 3


def test_toml_syntax_error_reports_its_line(tmp_path):
    text = VALID.replace("min_download_mbps = 25", "min_download_mbps = = 25")
    problem = only_problem(tmp_path, text)
    assert problem.line == line_number(text, "= = 25") and "not valid TOML" in problem.message


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"id = \"\xff\xfe\"\n", "not UTF-8")],
)
def test_empty_binary_and_non_utf8_files_get_a_clear_message(tmp_path, content, words):
    assert words in only_problem(tmp_path, content).message


def test_oversized_file_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert time.monotonic() - started < 0.5
    assert "at most 1024 KiB" in str(caught.value)


def test_missing_file_folder_and_unknown_bundled_id(tmp_path):
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(str(tmp_path / "nope.toml"))
    with pytest.raises(ProfileError, match="is a folder"):
        load_profile(str(tmp_path) + "/")
    with pytest.raises(ProfileError, match='did you mean "generic-voice"'):
        load_profile("generic-voise")


def test_the_published_schema_accepts_bundled_profiles_and_rejects_a_bad_one():
    import tomllib

    schema = profile_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in loader.bundled_profiles_dir().glob("*.toml"):
        assert not list(validator.iter_errors(tomllib.loads(path.read_text()))), path
    assert list(validator.iter_errors({"schema": 1, "id": "x", "name": "y", "network": {"min_download_mbps": -1}}))


# --- URLs ----------------------------------------------------------------------------------

class _ProfileHandler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}

    def do_GET(self):
        if self.path == "/stall":
            time.sleep(3)
        if self.path == "/downgrade":
            self.send_response(302)
            self.send_header("Location", "http://profiles.example.com/acme.toml")
            self.end_headers()
            return
        if self.path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):  # one byte every 0.1 s: each read is quick, the whole is too slow
                try:
                    self.wfile.write(b"#")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
            return
        status, body = self.routes.get(self.path, (404, b"not found"))
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first (oversize, timeout): that is what the test wanted

    def log_message(self, *args):
        pass


@pytest.fixture()
def profile_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProfileHandler)
    _ProfileHandler.routes = {
        "/acme.toml": (200, VALID.encode()),
        "/broken.toml": (200, b"schema = 1\nid = \"x\"\nname = \"y\"\n[network]\nmin_downlod_mbps = 3\n"),
        "/huge.toml": (200, b"#" * (1024 * 1024 + 10)),
        "/error.toml": (500, b"oops"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_profile_from_url_with_matching_pin(profile_server):
    digest = hashlib.sha256(VALID.encode()).hexdigest()
    profile = load_profile(f"{profile_server}/acme.toml#sha256={digest}")
    assert profile.id == "acme-voice" and profile.source == f"{profile_server}/acme.toml"


def test_url_pin_mismatch_is_refused(profile_server):
    with pytest.raises(ProfileError, match="the pin asks for"):
        load_profile(f"{profile_server}/acme.toml#sha256={'0' * 64}")


def test_url_errors_name_the_url(profile_server):
    with pytest.raises(ProfileError, match="HTTP 404"):
        load_profile(f"{profile_server}/missing.toml")
    with pytest.raises(ProfileError, match="HTTP 500"):
        load_profile(f"{profile_server}/error.toml")
    with pytest.raises(ProfileError, match="at most 1024 KiB"):
        load_profile(f"{profile_server}/huge.toml")
    with pytest.raises(ProfileError) as caught:
        load_profile(f"{profile_server}/broken.toml")
    assert caught.value.problems[0].file == f"{profile_server}/broken.toml" and caught.value.problems[0].line == 5


def test_url_that_stalls_ends_within_the_timeout(profile_server, monkeypatch):
    monkeypatch.setattr(loader, "URL_TIMEOUT_S", 0.5)
    started = time.monotonic()
    with pytest.raises(ProfileError, match="did not answer|could not download"):
        load_profile(f"{profile_server}/stall")
    assert time.monotonic() - started < 2.5


def test_plain_http_is_refused_except_on_loopback():
    with pytest.raises(ProfileError, match="plain http:// is refused"):
        load_profile("http://profiles.example.com/acme.toml")


def test_malformed_pin_is_refused():
    with pytest.raises(ProfileError, match="64 hexadecimal"):
        load_profile("https://profiles.example.com/a.toml#sha256=abc")


HEAD = 'schema = 1\nid = "x"\nname = "X"\n'


@pytest.mark.parametrize(
    ("body", "line", "key", "words"),
    [
        ("network = 5", 4, "network", "must be a table"),
        ("[[network]]\nmin_download_mbps = 5", 4, "network", "must be a table, not a list"),
        ('[question]\nid = "a"', 4, "question", "must be a list"),
        ('[network]\nmin_download_mbps = { level = "recommended" }', 5, "network.min_download_mbps", 'missing required key "value"'),
        ("[network]\nmin_download_mbps = nan", 5, "network.min_download_mbps", "not nan"),
        ("[network]\nmin_download_mbps = inf", 5, "network.min_download_mbps", "at most"),
        ("[computer]\nmin_ram_gb = true", 5, "computer.min_ram_gb", "must be a number, not true/false"),
        ("[computer]\nmin_cpu_cores = 2.5", 5, "computer.min_cpu_cores", "whole number"),
        ("[computer]\nos = []", 5, "computer.os", "at least one entry"),
        ('[network]\nstun = "stun.example.com:3478"', 5, "network.stun", "must be a list"),
        ('[display]\nmin_resolution = "1920*1080"', 5, "display.min_resolution", "WIDTHxHEIGHT"),
        ('[network]\nallowed_countries = ["usa"]', 5, "network.allowed_countries[1]", "ISO 3166"),
        ('[[question]]\nid = "x"\ntext = "t"\nfail_if = "yes"\nextra = 1', 8, "question[1].extra", 'unknown key "extra"'),
        ("[network]\nmin_download_mbps = 5\nmin_download_mbps = 6", 6, "", "Cannot overwrite a value"),
    ],
)
def test_more_malformed_profiles_each_name_line_and_key(tmp_path, body, line, key, words):
    problem = only_problem(tmp_path, HEAD + body + "\n")
    assert (problem.line, problem.key) == (line, key)
    assert words in problem.message


def test_a_single_os_string_is_accepted_as_a_list(tmp_path):
    path = tmp_path / "one.toml"
    path.write_text(HEAD + '[computer]\nos = "windows >= 10"\n')
    assert load_profile(str(path)).requirement("computer", "os").value == ("windows >= 10",)


def test_redirect_to_plain_http_is_refused(profile_server):
    with pytest.raises(ProfileError, match="plain http:// is refused"):
        load_profile(f"{profile_server}/downgrade")


def test_a_trickling_server_is_cut_off_by_the_overall_deadline(profile_server, monkeypatch):
    monkeypatch.setattr(loader, "URL_TIMEOUT_S", 1.0)
    started = time.monotonic()
    with pytest.raises(ProfileError, match="took longer than 1 s"):
        load_profile(f"{profile_server}/trickle")
    assert time.monotonic() - started < 3.5


@pytest.mark.parametrize("server", ["https://speed.example:abc/backend/", "ftp://speed.example/", "https://", "speed.example"])
def test_a_server_url_that_cannot_be_measured_against_is_a_profile_error(tmp_path, server):
    problem = only_problem(tmp_path, f'schema = 1\nid = "x"\nname = "X"\n[network]\nserver = "{server}"\n')
    assert "network.server" in str(problem)


def test_server_urls_with_ports_paths_and_ipv6_hosts_are_accepted(tmp_path):
    for server in ("https://speed.example/backend/", "http://127.0.0.1:8080/backend/", "https://[2001:db8::1]:8443/"):
        path = tmp_path / "ok.toml"
        path.write_text(f'schema = 1\nid = "x"\nname = "X"\n[network]\nserver = "{server}"\n')
        assert load_profile(str(path)).network_server == server
