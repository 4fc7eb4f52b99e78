"""Every key a profile may hold, in one table, and the JSON Schema built from it.

The same table drives validation (profile/validate.py), the schema employers load into their editor
(`rigcheck profiles schema`) and scoring (which comparison each requirement uses, which fact it reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

SCHEMA_VERSION = 1
LEVELS = ("required", "recommended")
OS_FAMILIES = ("windows", "macos", "linux", "chromeos")
OS_ENTRY_PATTERN = r"^\s*[A-Za-z]+\s*((>=|<=|==|>|<)\s*[0-9]+(\.[0-9]+)*)?\s*$"
RESOLUTION_PATTERN = r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
# http(s), a host name or [IPv6], a numeric port if any, then the path: a port like ":abc" is refused here
# instead of failing the network test later.
SERVER_URL_PATTERN = r"^https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?#]\S*)?$"
HOST_PORT_PATTERN = r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$"

# How scoring compares the observed fact with the profile's value.
Comparison = Literal["at_least", "at_most", "connection", "allow", "os", "resolution", "countries", "headset"]


@dataclass(frozen=True)
class RequirementField:
    section: str
    key: str
    comparison: Comparison
    probe: str
    fact: str  # the fact key scoring reads (for composite checks, the main one)
    title: str
    unit: str
    value_schema: dict[str, Any]
    description: str


def _number(minimum: float, maximum: float, *, integer: bool = False, exclusive_min: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if integer else "number", "maximum": maximum}
    schema["exclusiveMinimum" if exclusive_min else "minimum"] = minimum
    return schema


_BOOL = {"type": "boolean"}

REQUIREMENT_FIELDS: tuple[RequirementField, ...] = (
    # --- network ---
    RequirementField("network", "connection", "connection", "connection", "kind", "Wired internet connection", "",
                     {"enum": ["wired", "any"]},
                     '"wired": the computer must reach the internet over an Ethernet cable (Wi-Fi, cellular and satellite fail); "any": no rule.'),
    RequirementField("network", "min_download_mbps", "at_least", "network", "download_mbps", "Download speed", "Mbit/s",
                     _number(0, 100_000), "Minimum download throughput in megabits per second."),
    RequirementField("network", "min_upload_mbps", "at_least", "network", "upload_mbps", "Upload speed", "Mbit/s",
                     _number(0, 100_000), "Minimum upload throughput in megabits per second."),
    RequirementField("network", "max_latency_ms", "at_most", "network", "latency_ms", "Latency (round trip)", "ms",
                     _number(0, 10_000), "Maximum round-trip time in milliseconds (median)."),
    RequirementField("network", "max_jitter_ms", "at_most", "network", "jitter_ms", "Jitter", "ms",
                     _number(0, 10_000), "Maximum RFC 3550 interarrival jitter in milliseconds."),
    RequirementField("network", "max_packet_loss_percent", "at_most", "network", "packet_loss_percent", "Packet loss", "%",
                     _number(0, 100), "Maximum packet loss on the voice path, in percent (0-100)."),
    RequirementField("network", "max_loaded_latency_increase_ms", "at_most", "network", "loaded_latency_increase_ms",
                     "Latency under load (bufferbloat)", "ms", _number(0, 10_000),
                     "Maximum rise of latency while the connection is busy downloading, in milliseconds."),
    RequirementField("network", "min_mos", "at_least", "network", "mos", "Call quality (MOS)", "",
                     _number(1, 4.5), "Minimum mean opinion score (ITU-T G.107 E-model), 1 (bad) to 4.5 (excellent)."),
    RequirementField("network", "allow_vpn", "allow", "connection", "vpn_active", "VPN while testing", "",
                     _BOOL, "false: a VPN or tunnel carrying the traffic fails the check."),
    RequirementField("network", "allowed_countries", "countries", "network", "country", "Connection country", "",
                     {"type": "array", "items": {"type": "string", "pattern": COUNTRY_PATTERN}, "minItems": 1},
                     "ISO 3166 alpha-2 codes (e.g. \"US\") of countries the connection may come from, as the speed-test server sees it."),
    # --- audio ---
    RequirementField("audio", "headset", "headset", "audio", "wired_headset_present", "Corded headset", "",
                     {"enum": ["usb", "wired", "any"]},
                     '"usb": a corded USB headset; "wired": USB or analog jack; "any": any headset.'),
    RequirementField("audio", "allow_bluetooth", "allow", "audio", "bluetooth_audio_present", "Bluetooth headset", "",
                     _BOOL, "false: a Bluetooth headset fails when it is the default microphone and warns when merely connected."),
    RequirementField("audio", "allow_wireless", "allow", "audio", "wireless_audio_present", "DECT or RF wireless headset", "",
                     _BOOL, "false: DECT bases and 2.4 GHz dongles fail when default, warn when merely connected."),
    # --- computer ---
    RequirementField("computer", "os", "os", "system", "os_family", "Operating system", "",
                     {"anyOf": [{"type": "string", "pattern": OS_ENTRY_PATTERN},
                                {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": OS_ENTRY_PATTERN}}]},
                     'Allowed systems, e.g. ["windows >= 10", "macos >= 13"]. Names: windows, macos, linux, chromeos.'),
    RequirementField("computer", "min_cpu_cores", "at_least", "cpu", "physical_cores", "Processor cores", "cores",
                     _number(1, 1024, integer=True), "Minimum physical CPU cores."),
    RequirementField("computer", "min_cpu_ghz", "at_least", "cpu", "max_ghz", "Processor speed", "GHz",
                     _number(0, 10, exclusive_min=True), "Minimum maximum clock speed in GHz."),
    RequirementField("computer", "min_ram_gb", "at_least", "memory", "installed_gb", "Memory (RAM)", "GB",
                     _number(0, 4096, exclusive_min=True), "Minimum installed memory in GB."),
    RequirementField("computer", "min_disk_free_gb", "at_least", "disk", "free_gb", "Free disk space", "GB",
                     _number(0, 100_000), "Minimum free space on the drive holding the user's home, in GB."),
    RequirementField("computer", "allow_virtual_machine", "allow", "system", "virtual_machine", "Virtual machine", "",
                     _BOOL, "false: running inside a virtual machine fails."),
    RequirementField("computer", "allow_remote_desktop", "allow", "system", "remote_session", "Remote session (RDP, SSH…)", "",
                     _BOOL, "false: running over RDP, SSH, Chrome Remote Desktop or similar fails."),
    # --- display ---
    RequirementField("display", "min_monitors", "at_least", "display", "monitor_count", "Monitors", "monitors",
                     _number(0, 16, integer=True), "Minimum number of connected monitors."),
    RequirementField("display", "min_resolution", "resolution", "display", "monitors", "Screen resolution", "pixels",
                     {"type": "string", "pattern": RESOLUTION_PATTERN},
                     'Minimum resolution "WIDTHxHEIGHT" of each required monitor, e.g. "1920x1080".'),
)

# Keys that configure the measurement rather than set a threshold.
SETTING_SCHEMAS: dict[str, dict[str, dict[str, Any]]] = {
    "audio": {
        "headset_evidence": {"enum": ["applicant", "measured"], "default": "applicant",
                             "description": ('What may settle the headset check when a USB headset is known by a generic name only: '
                                             '"applicant" (default): the applicant\'s answer to "is it plugged in with a cable?", recorded as theirs; '
                                             '"measured": only measured facts, so such a headset leaves the check unknown.')},
    },
    "network": {
        "server": {"type": "string", "pattern": SERVER_URL_PATTERN, "description": "LibreSpeed server base URL used for the throughput test (optional)."},
        "stun": {"type": "array", "items": {"type": "string", "pattern": HOST_PORT_PATTERN},
                 "description": 'STUN servers "host:port" for the voice-path test (optional).'},
    }
}

TOP_LEVEL_SCHEMAS: dict[str, dict[str, Any]] = {
    "schema": {"const": SCHEMA_VERSION, "description": "Profile format version; this rigcheck reads 1."},
    "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]{0,63}$", "description": "Short id: lowercase letters, digits, '-', '_', '.'."},
    "name": {"type": "string", "minLength": 1, "description": "Name shown to applicants."},
    "version": {"type": "string", "description": "Profile version, e.g. \"2026.11\"."},
    "publisher": {"type": "string", "description": "Who publishes this profile."},
    "contact": {"type": "string", "description": "Where applicants ask questions."},
    "description": {"type": "string", "description": "A sentence or two on what the profile is for."},
}
REQUIRED_TOP_LEVEL = ("schema", "id", "name")

QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "text", "fail_if"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]{0,63}$"},
        "text": {"type": "string", "minLength": 1},
        "fail_if": {"enum": ["yes", "no"]},
        "level": {"enum": list(LEVELS)},
        "hint": {"type": "string"},
    },
}

SECTIONS = ("network", "audio", "computer", "display")


# Units that count things: one of them is singular ("1 monitor", not "1 monitors").
_SINGULAR_UNITS = {"monitors": "monitor", "cores": "core"}


def unit_for_count(unit: str, value: object) -> str:
    """`unit` as it reads after `value`: "monitors" after 2, "monitor" after 1."""
    if not isinstance(value, bool) and isinstance(value, (int, float)) and value == 1:
        return _SINGULAR_UNITS.get(unit, unit)
    return unit


def fields_of(section: str) -> list[RequirementField]:
    return [field for field in REQUIREMENT_FIELDS if field.section == section]


def field_for(section: str, key: str) -> RequirementField | None:
    for field in REQUIREMENT_FIELDS:
        if field.section == section and field.key == key:
            return field
    return None


def _requirement_schema(field: RequirementField) -> dict[str, Any]:
    """A requirement is a bare value (required) or { value, level, hint }."""
    table = {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {
            "value": field.value_schema,
            "level": {"enum": list(LEVELS)},
            "hint": {"type": "string"},
        },
    }
    title = f"{field.title} ({field.unit})" if field.unit else field.title
    return {"title": title, "description": field.description, "anyOf": [field.value_schema, table]}


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of profile format v1."""
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        properties = {field.key: _requirement_schema(field) for field in fields_of(section)}
        properties.update(SETTING_SCHEMAS.get(section, {}))
        sections[section] = {"type": "object", "additionalProperties": False, "properties": properties}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rigcheck.invalid/schema/profile-1.json",
        "title": "rigcheck employer spec profile",
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED_TOP_LEVEL),
        "properties": {
            **TOP_LEVEL_SCHEMAS,
            **sections,
            "question": {"type": "array", "items": QUESTION_SCHEMA,
                         "description": "Questions no probe can answer; fail_if is the answer that fails."},
        },
    }
