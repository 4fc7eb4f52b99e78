"""Renderers: one module per format, each reading what it shows and nothing else.

The registry below is the one list of output formats. The CLI's --format choices, the file extensions,
the TUI's save options and the formats `report show` offers all derive from it: a new format is a new
module plus one entry here (see CONTRIBUTING.md, "Adding an output format").
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rigcheck.i18n import N_
from rigcheck.model import ProbeResult, Report

if TYPE_CHECKING:
    from rigcheck.summary import Summary


@dataclass(frozen=True)
class OutputFormat:
    """One output format: the module whose `render()` writes it, and how the front ends offer it."""

    name: str  # what --format takes
    module: str  # defines render(...) -> str, ending in a newline
    extension: str = ""  # of a file saved in this format
    description: str = ""  # said after the name in --help, when the name alone does not say it
    save_label: str | None = None  # the TUI's save step offers it under this label, translated there (None: not offered)
    renders_received: bool = True  # `report show` can turn a received JSON report into it
    ascii_variant: bool = False  # render(report, ascii_only=True) exists, for consoles without ✔ · — …
    fits_width: bool = False  # render(report, width=N) cuts long cells to fit a terminal N columns wide
    links_reports: bool = False  # a summary format whose render(summary, links=...) links each row to its report


# A report (`rigcheck check`, `report show`, the TUI's save step): render(report: Report) -> str.
REPORT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "rigcheck.render.text", ".txt", ascii_variant=True, fits_width=True),
    # `report show` reads JSON: writing it out again as JSON would show nothing new.
    OutputFormat("json", "rigcheck.render.json_format", ".json", save_label=N_("JSON (for the employer's systems)"),
                 renders_received=False),
    OutputFormat("html", "rigcheck.render.html", ".html", save_label=N_("HTML (opens in a browser)")),
    OutputFormat("markdown", "rigcheck.render.markdown", ".md", save_label=N_("Markdown (plain text)")),
    OutputFormat("junit", "rigcheck.render.junit", ".xml"),
)
# Many received reports (`report summarize`): render(summary: Summary) -> str.
SUMMARY_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "rigcheck.render.summary_text"),
    OutputFormat("csv", "rigcheck.render.summary_csv", description="one row per report"),
    OutputFormat("json", "rigcheck.render.summary_json", description="with the aggregates"),
    OutputFormat("html", "rigcheck.render.summary_html", description="a dashboard page", links_reports=True),
)
# Raw facts, no scoring (`rigcheck probe`): render(results: Mapping[str, ProbeResult]) -> str.
FACTS_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "rigcheck.render.facts_text"),
    OutputFormat("json", "rigcheck.render.facts_json"),
)

FORMATS: tuple[str, ...] = tuple(f.name for f in REPORT_FORMATS)
FILE_EXTENSIONS: dict[str, str] = {f.name: f.extension for f in REPORT_FORMATS}
SAVE_FORMATS: tuple[OutputFormat, ...] = tuple(f for f in REPORT_FORMATS if f.save_label is not None)
RECEIVED_FORMATS: tuple[str, ...] = tuple(f.name for f in REPORT_FORMATS if f.renders_received)


def names(formats: tuple[OutputFormat, ...]) -> tuple[str, ...]:
    """The --format choices of a family of formats, in registry order."""
    return tuple(f.name for f in formats)


def described(formats: tuple[OutputFormat, ...]) -> str:
    """'text, csv (one row per report), …' for --help."""
    return ", ".join(f"{f.name} ({f.description})" if f.description else f.name for f in formats)


def _format(formats: tuple[OutputFormat, ...], name: str) -> OutputFormat:
    for output_format in formats:
        if output_format.name == name:
            return output_format
    raise ValueError(f"unknown format {name!r}; choose from {', '.join(names(formats))}")


def render(report: Report, fmt: str, *, encoding: str | None = None, width: int | None = None) -> str:
    """The report in `fmt` (one of FORMATS), ending in a newline.

    `encoding`: of the console it goes to; a format with an ASCII variant uses it when the console
    cannot show every glyph (the words carry the meaning, columns stay aligned). `width`: of the terminal
    it goes to (None for a file or a pipe: nothing is cut); a format that fits_width cuts cells to fit.
    """
    output_format = _format(REPORT_FORMATS, fmt)
    module = importlib.import_module(output_format.module)
    sized = {"width": width} if output_format.fits_width and width is not None else {}
    text: str = module.render(report, **sized)
    if encoding is not None and output_format.ascii_variant:
        from rigcheck.render.common import fit_to_encoding

        if fit_to_encoding(text, encoding) != text:
            text = module.render(report, ascii_only=True, **sized)
    return text


def render_received(report: Report, fmt: str, *, encoding: str | None = None) -> str:
    """A report someone sent, in `fmt`: their text carries no control characters to the terminal or file."""
    from rigcheck.render.summary_common import safe_text

    text = render(report, fmt, encoding=encoding)
    return "\n".join("\t".join(safe_text(cell) for cell in line.split("\t")) for line in text.split("\n"))


def render_summary(summary: Summary, fmt: str, *, links: Mapping[str, str] | None = None) -> str:
    """A summary of received reports in `fmt` (one of SUMMARY_FORMATS).

    `links`: report file (as the summary names it) -> its address from where the output is saved, for a
    format that links each row to its report."""
    output_format = _format(SUMMARY_FORMATS, fmt)
    linked = {"links": links} if output_format.links_reports and links else {}
    text: str = importlib.import_module(output_format.module).render(summary, **linked)
    return text


def render_facts(results: Mapping[str, ProbeResult], fmt: str) -> str:
    """Raw probe results in `fmt` (one of FACTS_FORMATS)."""
    text: str = importlib.import_module(_format(FACTS_FORMATS, fmt).module).render(results)
    return text
