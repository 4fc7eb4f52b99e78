"""Renderers: one module per format, each `render(report) -> str` reading the Report alone.

A new format is a new module plus one entry in RENDERERS.
"""

from __future__ import annotations

import importlib

from rigcheck.model import Report

RENDERERS: dict[str, str] = {
    "text": "rigcheck.render.text",
    "json": "rigcheck.render.json_format",
    "junit": "rigcheck.render.junit",
    "markdown": "rigcheck.render.markdown",
    "html": "rigcheck.render.html",
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
FILE_EXTENSIONS: dict[str, str] = {"text": ".txt", "json": ".json", "junit": ".xml", "markdown": ".md", "html": ".html"}


def render(report: Report, fmt: str) -> str:
    """The report in `fmt` (one of FORMATS), ending in a newline."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return importlib.import_module(RENDERERS[fmt]).render(report)
