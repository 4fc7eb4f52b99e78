"""Every key a profile may hold, in one table, and the JSON Schema built from it.

The same table drives validation (profile/validate.py), the schema employers load into their editor
(`rigcheck profiles schema`) and scoring (which comparison each requirement uses, which fact it reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rigcheck.i18n import LANGUAGES, N_
from rigcheck.facts import (antivirus, audio, backup, browser, connection, cpu, disk, display, firewall, memory, mic, network, power,
                            shift, system, webcam)
from rigcheck.facts import Fact

SCHEMA_VERSION = 1
LEVELS = ("required", "recommended")
OS_FAMILIES = ("windows", "macos", "linux", "chromeos")
OS_ENTRY_PATTERN = r"^\s*[A-Za-z]+\s*((>=|<=|==|>|<)\s*[0-9]+(\.[0-9]+)*)?\s*$"
RESOLUTION_PATTERN = r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
# http(s), a host name or [IPv6], a numeric port if any, then the path: a port like ":abc" is refused here
# instead of failing the network test later.
SERVER_URL_PATTERN = r"^https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?#]\S*)?$"
BROWSER_RULE_PATTERN = r"^\s*(chrome|edge|firefox|safari|chromium)\s*((>=|<=|==|>|<)\s*[0-9]+(\.[0-9]+)*)?\s*$"
HOST_PORT_PATTERN = r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$"

# How scoring compares the observed fact with the profile's value.
Comparison = Literal["at_least", "at_most", "connection", "allow", "require", "os", "resolution", "countries", "headset",
                     "browsers", "backup_power", "shift_share"]


@dataclass(frozen=True)
class RequirementField:
    """One profile key: how scoring compares it, which declared fact it reads, how it is worded.

    `unit` is the unit of the profile's value; for a threshold (at_least, at_most) it is the fact's unit
    (tests/core/test_fact_declarations.py checks both agree). `hint` is the plain-language fix a failed
    check shows when the profile gives none. `example` is the value `rigcheck profiles new` shows, commented
    out, when the bundled default profile does not set the key (None: the default profile sets it).
    """

    section: str
    key: str
    comparison: Comparison
    fact: Fact  # the fact scoring reads (for composite checks, the main one)
    title: str
    unit: str
    value_schema: dict[str, Any]
    description: str
    hint: str
    example: Any = None

    @property
    def probe(self) -> str:
        """The probe whose facts this requirement reads."""
        return self.fact.probe

    @property
    def id(self) -> str:
        """The check id in reports, e.g. "network.min_download_mbps"."""
        return f"{self.section}.{self.key}"


def _number(minimum: float, maximum: float, *, integer: bool = False, exclusive_min: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if integer else "number", "maximum": maximum}
    schema["exclusiveMinimum" if exclusive_min else "minimum"] = minimum
    return schema


_BOOL = {"type": "boolean"}

REQUIREMENT_FIELDS: tuple[RequirementField, ...] = (
    # --- network ---
    RequirementField("network", "connection", "connection", connection.KIND, N_("Wired internet connection"), "",
                     {"enum": ["wired", "any"]},
                     '"wired": the computer must reach the internet over an Ethernet cable (Wi-Fi, cellular and satellite fail); "any": no rule.',
                     N_("Connect the computer to the router with a LAN (Ethernet) cable, then run the check again; this employer does not accept Wi-Fi, mobile data or satellite.")),
    RequirementField("network", "min_download_mbps", "at_least", network.DOWNLOAD_MBPS, N_("Download speed"), "Mbit/s",
                     _number(0, 100_000), "Minimum download throughput in megabits per second.",
                     N_("Stop streaming and downloads on every device at home, connect with the LAN cable and run the check again; if it stays low, ask your internet provider for a faster plan.")),
    RequirementField("network", "min_upload_mbps", "at_least", network.UPLOAD_MBPS, N_("Upload speed"), "Mbit/s",
                     _number(0, 100_000), "Minimum upload throughput in megabits per second.",
                     N_("Stop cloud backups and uploads, connect with the LAN cable and run the check again; if it stays low, ask your internet provider for a plan with more upload.")),
    RequirementField("network", "max_latency_ms", "at_most", network.LATENCY_MS, N_("Latency (round trip)"), "ms",
                     _number(0, 10_000), "Maximum round-trip time in milliseconds (median).",
                     N_("Use the LAN cable, stop other use of the internet and run the check again; if the delay stays high, call your internet provider.")),
    RequirementField("network", "max_jitter_ms", "at_most", network.JITTER_MS, N_("Jitter"), "ms",
                     _number(0, 10_000), "Maximum RFC 3550 interarrival jitter in milliseconds.",
                     N_("The delay changes too much, which makes voices choppy: use the LAN cable and stop streaming, gaming and uploads during calls.")),
    RequirementField("network", "max_packet_loss_percent", "at_most", network.PACKET_LOSS_PERCENT, N_("Packet loss"), "%",
                     _number(0, 100), "Maximum packet loss on the voice path, in percent (0-100).",
                     N_("Parts of the call get lost on the way, which makes voices break up: use the LAN cable, restart the router, and if it continues call your internet provider.")),
    RequirementField("network", "max_loaded_latency_increase_ms", "at_most", network.LOADED_LATENCY_INCREASE_MS,
                     N_("Delay when the line is busy"), "ms", _number(0, 10_000),
                     "Maximum rise of latency while the connection is busy downloading, in milliseconds.",
                     N_("When the line is busy, your calls wait behind downloads in the router. Keep downloads and streaming off during calls, or turn on the router's QoS (or SQM) setting if it has one.")),
    RequirementField("network", "min_mos", "at_least", network.MOS, N_("Call quality (MOS)"), "",
                     _number(1, 4.5), "Minimum mean opinion score (ITU-T G.107 E-model), 1 (bad) to 4.5 (excellent).",
                     N_("Calls on this line would sound poor: use the LAN cable and keep other use of the internet off during calls; if it stays poor, call your internet provider.")),
    RequirementField("network", "allow_vpn", "allow", connection.VPN_ACTIVE, N_("VPN while testing"), "",
                     _BOOL, "false: a VPN or tunnel carrying the traffic fails the check.",
                     N_("Turn off the VPN and test again; use only the VPN your employer provides, when they tell you to.")),
    RequirementField("network", "allowed_countries", "countries", network.COUNTRY, N_("Connection country"), "",
                     {"type": "array", "items": {"type": "string", "pattern": COUNTRY_PATTERN}, "minItems": 1},
                     "ISO 3166 alpha-2 codes (e.g. \"US\") of countries the connection may come from, as the speed-test server sees it.",
                     N_("This employer only hires agents connecting from the listed countries; turn off any VPN or proxy."),
                     example=["US", "CA"]),
    # --- audio ---
    RequirementField("audio", "headset", "headset", audio.WIRED_HEADSET_PRESENT, N_("Corded headset"), "",
                     {"enum": ["usb", "wired", "any"]},
                     '"usb": a corded USB headset; "wired": USB or analog jack; "any": any headset.',
                     N_("Plug a corded headset into the computer (USB where asked) and make it the default microphone and speaker.")),
    RequirementField("audio", "allow_bluetooth", "allow", audio.BLUETOOTH_AUDIO_PRESENT, N_("Bluetooth headset"), "",
                     _BOOL, "false: a Bluetooth headset fails when it is the default microphone and warns when merely connected.",
                     N_("Bluetooth headsets are not allowed: use a corded headset and set it as the default microphone; switch the Bluetooth headset off.")),
    RequirementField("audio", "allow_wireless", "allow", audio.WIRELESS_AUDIO_PRESENT, N_("DECT or RF wireless headset"), "",
                     _BOOL, "false: DECT bases and 2.4 GHz dongles fail when default, warn when merely connected.",
                     N_("DECT and wireless headsets are not allowed: use a corded headset and set it as the default microphone.")),
    RequirementField("audio", "max_room_noise_dbfs", "at_most", mic.NOISE_FLOOR_DBFS, N_("Room noise"), "dBFS",
                     _number(-120, 0),
                     "Loudest background noise the microphone test may hear in the room, in dBFS (the quietest tenth of the "
                     "recording: fans, traffic, people). About -60 is a quiet room with the door closed; -40 is a busy one. "
                     "Only the microphone test (rigcheck probe mic, or the microphone step of the app) measures it.",
                     N_("Customers hear the noise around you: work in a room with the door closed, away from the street, fans "
                        "and the television, and speak close to a noise-cancelling headset microphone."),
                     example=-50),
    # --- computer ---
    RequirementField("computer", "os", "os", system.OS_FAMILY, N_("Operating system"), "",
                     {"anyOf": [{"type": "string", "pattern": OS_ENTRY_PATTERN},
                                {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": OS_ENTRY_PATTERN}}]},
                     'Allowed systems, e.g. ["windows >= 10", "macos >= 13"]. Names: windows, macos, linux, chromeos.',
                     N_("Use a computer with a supported operating system, updated to a supported version.")),
    RequirementField("computer", "min_cpu_cores", "at_least", cpu.PHYSICAL_CORES, N_("Processor cores"), "cores",
                     _number(1, 1024, integer=True), "Minimum physical CPU cores.",
                     N_("This computer's processor is too small for the employer's software, and a new check will not change that: use a more powerful computer, or ask the employer whether they accept this one.")),
    RequirementField("computer", "min_cpu_ghz", "at_least", cpu.MAX_GHZ, N_("Processor speed"), "GHz",
                     _number(0, 10, exclusive_min=True), "Minimum maximum clock speed in GHz.",
                     N_("This computer's processor is too slow for the employer's software, and a new check will not change that: use a faster computer, or ask the employer whether they accept this one.")),
    # The key names say "gb" (kept: profiles use them); the unit is GiB, what the probes measure and RAM is sold in.
    RequirementField("computer", "min_ram_gb", "at_least", memory.INSTALLED_GB, N_("Memory (RAM)"), "GiB",
                     _number(0, 4096, exclusive_min=True),
                     'Minimum installed memory in GiB (1024³ bytes; a computer sold with "8 GB" of RAM has 8 GiB). '
                     "Usable memory counts when the OS cannot tell what is installed.",
                     N_("Add memory (RAM) or use a computer with more of it.")),
    RequirementField("computer", "min_disk_free_gb", "at_least", disk.FREE_GB, N_("Free disk space"), "GiB",
                     _number(0, 100_000),
                     "Minimum free space on the drive holding the user's home, in GiB (1024³ bytes, as the OS counts; 1 GiB = 1.074 GB).",
                     N_("Free up disk space: empty the recycle bin, remove unused programs and large downloads.")),
    RequirementField("computer", "allow_virtual_machine", "allow", system.VIRTUAL_MACHINE, N_("Virtual machine"), "",
                     _BOOL, "false: running inside a virtual machine fails.",
                     N_("Run rigcheck and the employer's software directly on the computer, not inside a virtual machine.")),
    RequirementField("computer", "allow_remote_desktop", "allow", system.REMOTE_SESSION, N_("Remote session (RDP, SSH…)"), "",
                     _BOOL, "false: running over RDP, SSH, Chrome Remote Desktop or similar fails.",
                     N_("Run rigcheck on the computer you will work on, sitting at it, not over remote desktop or SSH.")),
    RequirementField("computer", "require_firewall", "require", firewall.ACTIVE, N_("Firewall on"), "",
                     _BOOL, "true: a host firewall must be on (on Windows, Windows Defender Firewall for every network "
                     "profile: Domain, Private, Public); false or absent: no rule.",
                     N_("Turn the firewall on: on Windows, Windows Security > Firewall & network protection, for every network; "
                     "on a Mac, System Settings > Network > Firewall; on Linux, e.g. sudo ufw enable."),
                     example=True),
    RequirementField("computer", "require_webcam", "require", webcam.USABLE, N_("Webcam"), "",
                     _BOOL, "true: a working webcam (built in or USB) must be connected; false or absent: no rule.",
                     N_("Connect a webcam (a USB one works) or turn on the built-in camera, and close other apps that use it."),
                     example=True),
    RequirementField("computer", "browsers", "browsers", browser.BROWSERS, N_("Web browser"), "",
                     {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": BROWSER_RULE_PATTERN}},
                     'Browsers the employer\'s web tools support, e.g. ["chrome >= 120", "edge >= 120", "firefox >= 121"]; '
                     "one installed browser meeting one entry passes. Names: chrome, edge, firefox, safari, chromium.",
                     N_("Install or update Google Chrome (or another browser this employer lists): open it, go to "
                        "Settings > About, let it update, then restart it."),
                     example=["chrome >= 120", "edge >= 120"]),
    RequirementField("computer", "require_antivirus", "require", antivirus.PROTECTED, N_("Antivirus on"), "",
                     _BOOL, "true: an antivirus must be protecting the computer now (real-time protection on); "
                     "false or absent: no rule.",
                     N_("Turn on your antivirus: on Windows, Windows Security > Virus & threat protection > turn on Real-time "
                        "protection, then Check for updates."),
                     example=True),
    # --- power ---
    RequirementField("power", "require_backup", "backup_power", power.UPS_PRESENT, N_("Backup power"), "",
                     {"enum": ["ups", "ups_or_battery"]},
                     '"ups": the computer and the modem/router must be on a UPS (uninterruptible power supply); '
                     '"ups_or_battery": a laptop battery also counts. A UPS without a data cable cannot be seen: '
                     "the applicant is then asked.",
                     N_("Plug the computer and the modem/router into a UPS, so a brownout does not end your calls."),
                     example="ups"),
    RequirementField("power", "min_backup_minutes", "at_least", power.UPS_RUNTIME_MINUTES, N_("Backup power runtime"), "min",
                     _number(0, 1440),
                     "Minutes the backup must keep the computer running: the UPS's own estimate, else the laptop "
                     "battery's (known only while it runs on battery).",
                     N_("Use a larger UPS, or replace its battery; keep only the computer and the modem/router on it."),
                     example=15),
    # --- backup ---
    RequirementField("backup", "require_connection", "require", backup.PRESENT, N_("Backup internet connection"), "",
                     _BOOL, "true: a second internet connection (pocket Wi-Fi, a phone's hotspot or USB tethering, a "
                     "second provider) must be connected beside the main one; false or absent: no rule.",
                     N_("Get a backup internet connection, such as a pocket Wi-Fi or a second provider, and keep it "
                        "connected to the computer (Wi-Fi or USB) beside your main line."),
                     example=True),
    RequirementField("backup", "min_download_mbps", "at_least", backup.DOWNLOAD_MBPS, N_("Backup download speed"), "Mbit/s",
                     _number(0, 100_000), "Minimum download throughput of the backup connection, in megabits per second.",
                     N_("Your backup is too slow: move the pocket Wi-Fi near a window, or ask your provider for a faster plan."),
                     example=5),
    RequirementField("backup", "min_upload_mbps", "at_least", backup.UPLOAD_MBPS, N_("Backup upload speed"), "Mbit/s",
                     _number(0, 100_000), "Minimum upload throughput of the backup connection, in megabits per second.",
                     N_("Your backup's upload is too slow: move the pocket Wi-Fi near a window, or ask your provider for a "
                        "faster plan."),
                     example=2),
    RequirementField("backup", "max_latency_ms", "at_most", backup.LATENCY_MS, N_("Backup latency"), "ms",
                     _number(0, 10_000), "Maximum round-trip time of the backup connection, in milliseconds (median).",
                     N_("Calls over your backup would lag: move the pocket Wi-Fi where its signal is strongest, or try another "
                        "provider."),
                     example=150),
    # --- display ---
    RequirementField("display", "min_monitors", "at_least", display.MONITOR_COUNT, N_("Monitors"), "monitors",
                     _number(0, 16, integer=True), "Minimum number of connected monitors.",
                     N_("Connect another monitor to the computer (and extend the desktop onto it).")),
    RequirementField("display", "min_resolution", "resolution", display.MONITORS, N_("Screen resolution"), "pixels",
                     {"type": "string", "pattern": RESOLUTION_PATTERN},
                     'Minimum resolution "WIDTHxHEIGHT" of each required monitor, e.g. "1920x1080".',
                     N_("Choose the highest resolution the screen offers (Windows: Settings > System > Display), or use a larger screen.")),
    # --- shift (judged by `rigcheck watch` only; a one-off check leaves them out) ---
    RequirementField("shift", "max_outages", "at_most", shift.OUTAGE_COUNT, N_("Outages during the shift"), "outages",
                     _number(0, 10_000, integer=True), "Most times the line may stop answering for 2 s or more during a watched shift.",
                     N_("Find what cuts the line: the router's power, a loose cable, the provider's service; a small UPS keeps the router up through brownouts."),
                     example=3),
    RequirementField("shift", "max_outage_minutes", "at_most", shift.OUTAGE_TOTAL_MINUTES, N_("Outage time during the shift"), "min",
                     _number(0, 1440), "Most minutes in total the line may be down during a watched shift.",
                     N_("Find what cuts the line: the router's power, a loose cable, the provider's service; a small UPS keeps the router up through brownouts."),
                     example=10),
    RequirementField("shift", "min_samples_within_limits_percent", "shift_share", shift.VOICE_SAMPLES,
                     N_("Call quality through the shift"), "%", _number(0, 100),
                     "Least share of the watch's call-path samples whose latency, jitter, loss and MOS are all within this profile's [network] limits.",
                     N_("Calls suffered at some hours: look at the worst hour in the report; other people's use of the connection then, "
                        "or the provider's evening congestion, are the usual causes."),
                     example=95),
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

# An employer's words in several languages: a table of language code -> words (`text.fil = "..."`); where
# the applicant's language is missing, the profile's default words are shown (English, else the first).
LANGUAGE_TEXTS_SCHEMA: dict[str, Any] = {
    "type": "object", "minProperties": 1, "propertyNames": {"enum": list(LANGUAGES)},
    "additionalProperties": {"type": "string", "minLength": 1},
}

TOP_LEVEL_SCHEMAS: dict[str, dict[str, Any]] = {
    "schema": {"const": SCHEMA_VERSION, "description": "Profile format version; this rigcheck reads 1."},
    "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]{0,63}$", "description": "Short id: lowercase letters, digits, '-', '_', '.'."},
    "name": {"type": "string", "minLength": 1, "description": "Name shown to applicants."},
    "version": {"type": "string", "description": "Profile version, e.g. \"2026.11\"."},
    "publisher": {"type": "string", "description": "Who publishes this profile."},
    "contact": {"type": "string", "description": "Where applicants ask questions."},
    "description": {"anyOf": [{"type": "string"}, LANGUAGE_TEXTS_SCHEMA],
                    "description": "A sentence or two on what the profile is for (or one per language)."},
}
REQUIRED_TOP_LEVEL = ("schema", "id", "name")

QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "text", "fail_if"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]{0,63}$"},
        "text": {"anyOf": [{"type": "string", "minLength": 1}, LANGUAGE_TEXTS_SCHEMA],
                 "description": 'The question; or one per language: text.en = "...", text.fil = "..."'},
        "fail_if": {"enum": ["yes", "no"]},
        "level": {"enum": list(LEVELS)},
        "hint": {"anyOf": [{"type": "string"}, LANGUAGE_TEXTS_SCHEMA]},
    },
}

SECTIONS = ("network", "audio", "computer", "display", "power", "backup", "shift")


def fields_of(section: str) -> list[RequirementField]:
    return [field for field in REQUIREMENT_FIELDS if field.section == section]


def field_for(section: str, key: str) -> RequirementField | None:
    for field in REQUIREMENT_FIELDS:
        if field.section == section and field.key == key:
            return field
    return None


def _requirement_schema(field: RequirementField) -> dict[str, Any]:
    """A requirement is a bare value (required) or { value, level, hint } (hint: words, or one per language)."""
    table = {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {
            "value": field.value_schema,
            "level": {"enum": list(LEVELS)},
            "hint": {"anyOf": [{"type": "string"}, LANGUAGE_TEXTS_SCHEMA]},
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
