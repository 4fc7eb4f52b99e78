"""Finding a profile: a bundled id, a .toml path, or an https:// URL (optionally #sha256= pinned)."""

from __future__ import annotations

import difflib
import hashlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TypeVar
from dataclasses import replace
from importlib import resources
from pathlib import Path

from rigcheck.i18n import _
from rigcheck.model import Profile
from rigcheck.profile.validate import MAX_PROFILE_BYTES, Problem, ProfileError, decode_profile_bytes, parse_profile_text

DEFAULT_PROFILE_ID = "generic-voice"
URL_TIMEOUT_S = 10.0  # for the whole download: connect, redirects, headers and body


def bundled_profiles_dir() -> Path:
    """Where the bundled profiles live: inside the wheel, or the repository's profiles/ in a checkout."""
    packaged = resources.files("rigcheck") / "_profiles"
    if packaged.is_dir():
        return Path(str(packaged))
    # Editable install / source checkout: src/rigcheck/profile/loader.py -> repository root.
    return Path(__file__).resolve().parents[3] / "profiles"


def bundled_profile_ids() -> list[str]:
    directory = bundled_profiles_dir()
    return sorted(path.stem for path in directory.glob("*.toml")) if directory.is_dir() else []


def bundled_profiles() -> list[Profile]:
    """Every bundled profile, the default first, then by id."""
    profiles = [load_profile(profile_id) for profile_id in bundled_profile_ids()]
    return sorted(profiles, key=lambda p: (p.id != DEFAULT_PROFILE_ID, p.id))


def _split_pin(ref: str) -> tuple[str, str | None]:
    if "#sha256=" in ref:
        base, _, digest = ref.partition("#sha256=")
        return base, digest.strip().lower()
    return ref, None


def _check_pin(raw: bytes, pin: str | None, where: str) -> str:
    digest = hashlib.sha256(raw).hexdigest()
    if pin is not None and digest != pin:
        raise ProfileError([Problem(where, 1, "", f"sha256 is {digest}, but the pin asks for {pin}: the profile changed or the link is wrong")])
    return digest


def load_profile(ref: str) -> Profile:
    """Load and validate a profile by bundled id, file path or URL. Raises ProfileError."""
    base, pin = _split_pin(ref.strip())
    if pin is not None and (len(pin) != 64 or any(c not in "0123456789abcdef" for c in pin)):
        raise ProfileError([Problem(ref, 1, "", "the #sha256= pin must be 64 hexadecimal characters")])
    if base.startswith(("https://", "http://")):
        return _load_url(base, pin)
    path = Path(base).expanduser()
    if base.endswith(".toml") or "/" in base or "\\" in base or path.exists():
        return _load_file(path, pin)
    bundled = bundled_profiles_dir() / f"{base}.toml"
    if not bundled.is_file():
        known = bundled_profile_ids()
        close = difflib.get_close_matches(base, known, n=1)
        suggestion = _(' (did you mean "%(suggestion)s"?)') % {"suggestion": close[0]} if close else ""
        # Line 0: about the reference itself, not a line of a file (the command line says it in one line).
        raise ProfileError([Problem(base, 0, "", _('"%(ref)s" is neither a bundled profile id%(suggestion)s nor a file; '
                                                   "bundled: %(bundled)s (a file needs a path ending in .toml, "
                                                   "an address starts with https://)")
                                    % {"ref": base, "suggestion": suggestion, "bundled": ", ".join(known)})])
    raw = bundled.read_bytes()
    digest = _check_pin(raw, pin, bundled.name)
    return parse_profile_text(decode_profile_bytes(raw, bundled.name), bundled.name, source=f"bundled:{base}", sha256=digest)


def _load_file(path: Path, pin: str | None) -> Profile:
    where = str(path)
    try:
        if path.is_dir():
            raise ProfileError([Problem(where, 1, "", "is a folder, not a profile file")])
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise ProfileError([Problem(where, 1, "", f"file is {size // 1024} KiB; a profile is at most {MAX_PROFILE_BYTES // 1024} KiB")])
        with path.open("rb") as stream:  # capped: a device or pipe has no size and may never end
            raw = stream.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise ProfileError([Problem(where, 1, "", "no such file")]) from None
    except PermissionError:
        raise ProfileError([Problem(where, 1, "", "permission denied")]) from None
    except OSError as exc:
        raise ProfileError([Problem(where, 1, "", f"cannot read: {exc.strerror or exc}")]) from None
    digest = _check_pin(raw, pin, where)
    return parse_profile_text(decode_profile_bytes(raw, where), where, source=where, sha256=digest)


def _is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_plain_http(url: str, where: str) -> None:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "http" and not _is_loopback_host(parsed.hostname):
        raise ProfileError([Problem(where, 1, "", "plain http:// is refused (a profile could be altered on the way); use https://")])
    if parsed.scheme not in ("http", "https"):
        raise ProfileError([Problem(where, 1, "", f"unsupported URL scheme {parsed.scheme!r}; use https://")])
    if not parsed.hostname:
        raise ProfileError([Problem(where, 1, "", "the URL has no host")])
    _refuse_unencodable(parsed, where)


def _refuse_unencodable(parsed: urllib.parse.SplitResult, where: str) -> None:
    """A link HTTP cannot carry as written is a profile error, not a UnicodeError from deep in the fetch."""
    try:
        (parsed.hostname or "").encode("idna")  # what the connection will do; 'ex..ample' or a 64+ letter label fail
    except UnicodeError:
        raise ProfileError([Problem(where, 1, "", _("the server name in the link is not a valid internet name"))]) from None
    rest = urllib.parse.urlunsplit(("", "", parsed.path, parsed.query, ""))
    if not rest.isascii():
        raise ProfileError([Problem(where, 1, "", _("the link has letters outside plain ASCII after the server name; "
                                                    "copy the link from the browser's address bar instead"))])


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to https (or loopback http): a redirect must not downgrade to clear text."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _refuse_plain_http(newurl, f"{req.full_url} -> {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_capped(response, url: str, deadline: float) -> bytes:
    """Read the body in chunks under the fetch's deadline and the size cap (a trickling server is cut off)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _too_slow(url)
        chunk = response.read1(64 * 1024) if hasattr(response, "read1") else response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_PROFILE_BYTES:
            raise ProfileError([Problem(url, 1, "", f"the profile is larger than {MAX_PROFILE_BYTES // 1024} KiB; a profile is at most {MAX_PROFILE_BYTES // 1024} KiB")])
        chunks.append(chunk)


_ConnectionT = TypeVar("_ConnectionT", bound=http.client.HTTPConnection)


def _tracked(connection_class: type[_ConnectionT], sockets: list[socket.socket]) -> type[_ConnectionT]:
    """`connection_class` that records each connected socket, so the deadline can shut it down."""

    class Tracked(connection_class):  # type: ignore[misc, valid-type]  # mypy takes no base class chosen at run time
        def connect(self) -> None:
            super().connect()
            sockets.append(self.sock)

    return Tracked


class _TrackedHTTP(urllib.request.HTTPHandler):
    def __init__(self, sockets: list[socket.socket]):
        super().__init__()
        self._connection = _tracked(http.client.HTTPConnection, sockets)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _TrackedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, sockets: list[socket.socket]):
        super().__init__()
        self._connection = _tracked(http.client.HTTPSConnection, sockets)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)  # no context: HTTPSConnection's default, certificates checked


def _too_slow(url: str) -> ProfileError:
    return ProfileError([Problem(url, 1, "", f"the download took longer than {URL_TIMEOUT_S:g} s")])


def _download(url: str) -> bytes:
    """The body at `url` under one deadline for the whole fetch.

    A socket timeout bounds each read only: a server sending its headers a byte at a time would hold
    a plain urlopen for minutes. The fetch runs in a worker; at the deadline its sockets are shut
    down (which ends any blocked read at once) and the caller gets the error without waiting.
    """
    deadline = time.monotonic() + URL_TIMEOUT_S
    sockets: list[socket.socket] = []
    fetched: list[bytes] = []  # the worker's result or its error, one of the two
    failed: list[BaseException] = []

    def fetch() -> None:
        try:
            fetched.append(_fetch(url, sockets, deadline))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it is
            failed.append(exc)

    worker = threading.Thread(target=fetch, daemon=True, name="rigcheck-profile-download")
    worker.start()
    worker.join(URL_TIMEOUT_S + 0.25)  # a little grace, so the worker's own, more precise error wins
    if worker.is_alive():
        for sock in list(sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        raise _too_slow(url)
    if failed:
        raise failed[0]
    return fetched[0]


def _fetch(url: str, sockets: list[socket.socket], deadline: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "rigcheck-profile-loader", "Accept": "application/toml, text/plain, */*"})
    opener = urllib.request.build_opener(_SafeRedirects, _TrackedHTTP(sockets), _TrackedHTTPS(sockets))
    try:
        with opener.open(request, timeout=URL_TIMEOUT_S) as response:
            declared = _declared_length(response.headers.get("Content-Length"))
            if declared is not None and declared > MAX_PROFILE_BYTES:
                raise ProfileError([Problem(url, 1, "", _("the server offers more than %(limit)d KiB; a profile is at most %(limit)d KiB")
                                            % {"limit": MAX_PROFILE_BYTES // 1024})])
            return _read_capped(response, url, deadline)
    except ProfileError:
        raise
    except urllib.error.HTTPError as exc:
        raise ProfileError([Problem(url, 1, "", f"the server answered HTTP {exc.code} {exc.reason}")]) from None
    except urllib.error.URLError as exc:
        raise ProfileError([Problem(url, 1, "", f"could not download the profile: {exc.reason}")]) from None
    except TimeoutError:
        raise ProfileError([Problem(url, 1, "", f"the server did not answer within {URL_TIMEOUT_S:g} s")]) from None
    except OSError as exc:
        raise ProfileError([Problem(url, 1, "", f"could not download the profile: {exc}")]) from None
    except http.client.HTTPException as exc:  # a malformed status line or headers
        raise ProfileError([Problem(url, 1, "", f"the server sent a broken HTTP answer ({type(exc).__name__})")]) from None
    except UnicodeError:  # a redirect to a name or path HTTP cannot carry
        raise ProfileError([Problem(url, 1, "", _("the server sent the download to a link that cannot be opened"))]) from None


MAX_LENGTH_DIGITS = 18  # a Content-Length beyond this is absurd; int() of thousands of digits is an error


def _declared_length(header: str | None) -> int | None:
    """The size a server states, in bytes; None when it states none or nonsense (then the read cap decides)."""
    text = (header or "").strip()
    if not text or not text.isascii() or not text.isdigit():  # str.isdigit also takes '²' and Arabic-Indic digits
        return None
    return int(text) if len(text) <= MAX_LENGTH_DIGITS else MAX_PROFILE_BYTES + 1  # too many digits: too big


def _load_url(url: str, pin: str | None) -> Profile:
    from rigcheck.profile import cache

    _refuse_plain_http(url, url)
    try:
        raw = _download(url)
    except ProfileError as failure:
        try:
            saved = cache.last_good(url)
        except cache.DamagedCopy:  # never trusted, never fatal: the download's own error, and a note
            note = Problem(url, 1, "", _("the copy of this profile saved earlier is damaged and was not used"))
            raise ProfileError([*failure.problems, note]) from None
        if saved is None:
            raise
        raw, age_s = saved  # offline: the last copy that downloaded and validated, said so
        digest = _check_pin(raw, pin, url)
        profile = parse_profile_text(decode_profile_bytes(raw, url), url, source=url, sha256=digest)
        why = failure.problems[0].message if failure.problems else "it could not be downloaded"
        return replace(profile, notice=f"{url} could not be downloaded ({why}); using the copy saved "
                                       f"{cache.age_words(age_s)} ago")
    digest = _check_pin(raw, pin, url)
    profile = parse_profile_text(decode_profile_bytes(raw, url), url, source=url, sha256=digest)
    cache.remember(url, raw)  # only a copy that matched its pin and validated
    return profile
