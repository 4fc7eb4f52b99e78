"""The headset catalog is data with a source on every row, shipped inside the package."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from rigcheck.probes.audio.catalog import (
    KINDS,
    load_catalog,
    normalize_usb_id,
    parse_catalog,
)


def _raw_catalog() -> dict:
    return tomllib.loads(resources.files("rigcheck.probes.audio").joinpath("catalog.toml").read_text(encoding="utf-8"))


def test_every_row_names_a_listed_source():
    data = _raw_catalog()
    for row in data["usb"] + data["name"] + data["model"]:
        assert row["source"], row
        for code in row["source"].split(","):
            assert code.strip() in data["sources"], row


def test_rows_use_known_kinds_and_ranges_expand():
    catalog = load_catalog()
    assert {entry.kind for entry in catalog.usb.values()} <= set(KINDS)
    # "24b3-24bc" in the Evolve2 row expands to every id in between
    assert catalog.lookup_usb("0b0e:24b7").kind == "bluetooth"
    assert catalog.lookup_usb("0b0e:24bd") is None or catalog.lookup_usb("0b0e:24bd").kind == "bluetooth"


def test_speakerphones_and_webcams_are_not_headsets():
    catalog = load_catalog()
    for usb_id in ("0b0e:0412", "047f:ca01", "046d:082d"):
        entry = catalog.lookup_usb(usb_id)
        assert entry.headset is False and entry.kind == "other_usb"


def test_a_row_without_a_known_source_is_rejected():
    data = {"sources": {"U": "usb.ids"}, "usb": [{"vid": "0b0e", "pids": ["0001"], "product": "x", "kind": "usb_headset", "headset": True, "source": "nowhere"}]}
    with pytest.raises(ValueError, match="nowhere"):
        parse_catalog(data)


def test_an_id_listed_as_two_kinds_is_rejected():
    row = {"vid": "0b0e", "pids": ["0001"], "product": "x", "headset": True, "source": "U"}
    data = {"sources": {"U": "usb.ids"}, "usb": [dict(row, kind="usb_headset"), dict(row, kind="bluetooth")]}
    with pytest.raises(ValueError, match="0b0e:0001"):
        parse_catalog(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0B0E:245E", "0b0e:245e"), ("0x0b0e:0x245e", "0b0e:245e"), ("VID_0B0E&PID_245E", "0b0e:245e"), ("bluetooth:0002", None), ("", None)],
)
def test_usb_id_forms(text, expected):
    assert normalize_usb_id(text) == expected
