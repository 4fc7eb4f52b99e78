"""The applicant's terminal UI. The only package allowed to import Textual (lazily, from `run`)."""

from __future__ import annotations

import os

from rigcheck.model import Profile

# Comma-separated probe ids, e.g. "system,cpu": limits the TUI's run (tests, slow or offline machines).
PROBES_ENV = "RIGCHECK_TUI_PROBES"


def probe_ids_from_env(environ: dict[str, str] | None = None) -> list[str] | None:
    """The probe ids named in RIGCHECK_TUI_PROBES (unknown names raise ValueError), or None for all."""
    from rigcheck.probes import PROBE_IDS

    raw = (environ if environ is not None else os.environ).get(PROBES_ENV, "").strip()
    if not raw:
        return None
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [probe for probe in ids if probe not in PROBE_IDS]
    if unknown:
        raise ValueError(f"{PROBES_ENV} names unknown probes: {', '.join(unknown)} (known: {', '.join(PROBE_IDS)})")
    return [probe for probe in PROBE_IDS if probe in ids]


def run(profile_ref: str | Profile | None = None, server: str | None = None, backup_interface: str | None = None) -> int:
    """Run the TUI in this terminal and return the process exit code (0 after `q`, 130 after Ctrl+C).

    `profile_ref` is a bundled id, a path or a URL — or an already loaded Profile, so a caller that
    validated it does not fetch a URL twice. A reference that cannot be loaded is reported on stderr
    with exit code 2 before any screen is drawn (the CLI's usage-error code).
    """
    import sys

    from rigcheck.exit_codes import ExitCode
    from rigcheck.probes import load_probes

    try:
        probe_ids = probe_ids_from_env()
    except ValueError as exc:
        print(f"rigcheck: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    profile = profile_ref if isinstance(profile_ref, Profile) else None
    if isinstance(profile_ref, str) and profile_ref:
        from rigcheck.profile import load_profile

        try:
            profile = load_profile(profile_ref)
        except Exception as exc:  # noqa: BLE001 - ProfileError explains itself; anything else too
            print(f"rigcheck: {exc}", file=sys.stderr)
            return int(ExitCode.USAGE)

    from rigcheck.tui.app import make_app

    app = make_app(profile=profile, probe_specs=load_probes(probe_ids), server=server, backup_interface=backup_interface)
    result = app.run()  # SIGINT and SIGTERM end it with 130 and 143 (RigcheckApp.run)
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result) if result is not None else 0
