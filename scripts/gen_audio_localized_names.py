#!/usr/bin/env python3
"""Build src/rigcheck/probes/audio/localized_names.json from the sound systems' own translation files.

    python3 scripts/gen_audio_localized_names.py --pulseaudio PATH --pipewire PATH [--wine PATH]

Each PATH is a checkout (or bare git directory) of pulseaudio, PipeWire or Wine; their `po/*.po` files
hold the translations of the device descriptions the rules look for ("Built-in Audio", "HDMI /
DisplayPort", "Headset Head Unit (HSP/HFP)", "Primary Sound Driver", ...). Only msgid -> msgstr facts
are taken, with the source commit noted in the output; no code is copied. Reading stops at the first
plural or context form: the device descriptions are plain strings.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

# msgid -> the class a device described this way belongs to (classify.py reads the classes).
WANTED: dict[str, dict[str, str]] = {
    "pulseaudio": {
        "Built-in Audio": "builtin",
        "Internal Audio": "builtin",
        "HDMI / DisplayPort": "display_audio",
        "Digital Stereo (HDMI)": "display_audio",
        "Headset Head Unit (HSP/HFP)": "bluetooth",
        "Handsfree": "bluetooth",
        "Handsfree Head Unit (HFP)": "bluetooth",
        "High Fidelity Playback (A2DP Sink)": "bluetooth",
        "Dummy Output": "virtual",
        "Null Output": "virtual",
        "Monitor of %s": "virtual",
        "Virtual Surround Sink": "virtual",
    },
    "pipewire": {
        "Built-in Audio": "builtin",
        "HDMI / DisplayPort": "display_audio",
        "Headset Head Unit (HSP/HFP)": "bluetooth",
        "Handsfree": "bluetooth",
        "Handsfree (HFP)": "bluetooth",
        "Audio Gateway (A2DP Source & HSP/HFP AG)": "bluetooth",
        "High Fidelity Playback (A2DP Sink)": "bluetooth",
        "Dummy Output": "virtual",
        "Monitor of %s": "virtual",
    },
    # Wine 8.0's po files have no "Primary Sound Driver" or "Stereo Mix" (checked): its "Wine Sound
    # Mapper" gives the local word for Windows' "Sound Mapper", kept without the "Wine" part.
    "wine": {
        "Wine Sound Mapper": "virtual",
    },
}
_WINE_WORD = re.compile(r"\bWine\b[-\s]?|[-\s]?\b(d[eiou]l?|von)?\s*\bWine\b", re.IGNORECASE)


def _clean(project: str, text: str) -> str:
    return _WINE_WORD.sub("", text).strip() if project == "wine" else text


def _git_files(repo: Path) -> tuple[str, dict[str, str]]:
    """(commit, {po file name: text}) from a checkout or a bare git directory."""
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    names = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD", "po/"], capture_output=True, text=True, check=True, timeout=60).stdout.split()
    files = {}
    for name in names:
        if name.endswith(".po"):
            files[Path(name).name] = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{name}"], capture_output=True, check=True, timeout=60).stdout.decode("utf-8", "replace")
    return commit, files


def _dir_files(path: Path) -> tuple[str, dict[str, str]]:
    return path.name, {p.name: p.read_text(encoding="utf-8", errors="replace") for p in sorted((path / "po").glob("*.po"))}


_ENTRY = re.compile(r'^msgid\s+"(?P<id>(?:[^"\\]|\\.)*)"\s*\n(?P<idcont>(?:"(?:[^"\\]|\\.)*"\s*\n)*)msgstr\s+"(?P<str>(?:[^"\\]|\\.)*)"\s*\n(?P<strcont>(?:"(?:[^"\\]|\\.)*"\s*\n)*)', re.MULTILINE)


def _unquote(first: str, rest: str) -> str:
    parts = [first] + re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
    return "".join(parts).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def translations(text: str, wanted: set[str]) -> dict[str, str]:
    found = {}
    for match in _ENTRY.finditer(text):
        msgid = _unquote(match.group("id"), match.group("idcont"))
        msgstr = _unquote(match.group("str"), match.group("strcont")).strip()
        if msgid in wanted and msgstr and msgstr != msgid:
            # A fuzzy entry is a guess by the tools, not a translator's word.
            comments = text[: match.start()].rstrip("\n").rsplit("\n\n", 1)[-1]
            if "fuzzy" not in comments:
                found[msgid] = msgstr
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pulseaudio", type=Path)
    parser.add_argument("--pipewire", type=Path)
    parser.add_argument("--wine", type=Path, help="a Wine source tree (a directory with po/)")
    parser.add_argument("--wine-label", default="", help="how to name the Wine source in the output (package and version)")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent.parent / "src/rigcheck/probes/audio/localized_names.json")
    args = parser.parse_args()

    classes: dict[str, set[str]] = {}
    sources: list[str] = []
    for project, path in (("pulseaudio", args.pulseaudio), ("pipewire", args.pipewire), ("wine", args.wine)):
        if path is None:
            continue
        commit, files = _git_files(path) if (path / "HEAD").exists() or (path / ".git").exists() else _dir_files(path)
        label = args.wine_label if project == "wine" and args.wine_label else f"{project} @ {commit}"
        sources.append(f"{label}: po/*.po ({len(files)} languages)")
        wanted = WANTED[project]
        for text in files.values():
            for msgid, msgstr in translations(text, set(wanted)).items():
                classes.setdefault(wanted[msgid], set()).add(_clean(project, msgstr))
        for msgid, kind in wanted.items():
            classes.setdefault(kind, set()).add(_clean(project, msgid))
    data = {
        "about": "Localized device descriptions, generated by scripts/gen_audio_localized_names.py; do not edit by hand.",
        "sources": sources,
        "names": {kind: sorted(names) for kind, names in sorted(classes.items())},
    }
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: " + ", ".join(f"{kind} {len(names)}" for kind, names in data["names"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
