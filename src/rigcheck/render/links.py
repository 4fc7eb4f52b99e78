"""The main line and the backup side by side: the same figures for both links, read from the report's facts.

Shown by the text, Markdown and HTML reports when the backup probe found a backup link; the checks judge
the figures, this only puts them next to each other.
"""

from __future__ import annotations

from typing import Any, Mapping

from rigcheck.facts import Fact, backup, connection, network
from rigcheck.i18n import N_, _
from rigcheck.model import Report
from rigcheck.render.numbers import value_text

# (label, the main line's fact, the backup's fact), in the order shown.
ROWS: tuple[tuple[str, Fact, Fact], ...] = (
    (N_("Link"), connection.KIND, backup.KIND),
    (N_("Download"), network.DOWNLOAD_MBPS, backup.DOWNLOAD_MBPS),
    (N_("Upload"), network.UPLOAD_MBPS, backup.UPLOAD_MBPS),
    (N_("Latency"), network.LATENCY_MS, backup.LATENCY_MS),
    (N_("Jitter"), network.JITTER_MS, backup.JITTER_MS),
    (N_("Packet loss"), network.PACKET_LOSS_PERCENT, backup.PACKET_LOSS_PERCENT),
)
_LINK_KINDS = {"ethernet": N_("LAN cable"), "wifi": N_("Wi-Fi"), "cellular": N_("mobile data")}


def _values(report: Report, probe: str) -> Mapping[str, Any]:
    result = report.facts.get(probe)
    return result.values if result is not None else {}


def _text(value: Any, fact: Fact) -> str:
    if value is None:
        return _("not measured")
    if fact in (connection.KIND, backup.KIND):
        return _(_LINK_KINDS[value]) if value in _LINK_KINDS else str(value)
    return value_text(value, fact.unit)


def links_side_by_side(report: Report) -> list[tuple[str, str, str]]:
    """[(label, main line, backup)] with a header row first; [] when the report holds no backup link."""
    backup_values = _values(report, backup.BACKUP.id)
    if backup_values.get(backup.PRESENT.key) is not True:
        return []
    probes = {fact.probe: _values(report, fact.probe) for _label, main, _backup in ROWS for fact in (main,)}
    rows = [("", _("Main line"), _("Backup"))]
    for label, main_fact, backup_fact in ROWS:
        rows.append((_(label), _text(probes[main_fact.probe].get(main_fact.key), main_fact),
                     _text(backup_values.get(backup_fact.key), backup_fact)))
    return rows
