"""Step 6: write the report where the applicant can see and change it, then say where it went."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from rigcheck.i18n import N_, _
from rigcheck.model import Report
from rigcheck.render import FILE_EXTENSIONS, SAVE_FORMATS, render
from rigcheck.tui.screens.base import StepScreen
from rigcheck.writing import SaveError, reason_words, write_file


def available_formats() -> list[str]:
    """The formats the save step offers, in the order rigcheck.render registers them."""
    return [output_format.name for output_format in SAVE_FORMATS]


def report_paths(base: Path, formats: Iterable[str]) -> dict[str, Path]:
    """The file each format goes to: `base` plus the format's extension (a typed extension is dropped)."""
    formats = list(formats)
    base = base.expanduser()
    if base.suffix.lower() in {FILE_EXTENSIONS[fmt] for fmt in formats}:
        base = base.with_suffix("")
    return {fmt: base.with_name(base.name + FILE_EXTENSIONS[fmt]) for fmt in formats}


def free_base(base: Path, formats: Iterable[str]) -> Path:
    """`base`, or `base-2`, `base-3`… : the first name under which no report file exists yet."""
    formats = list(formats)
    candidate, number = base, 1
    while any(path.exists() for path in report_paths(candidate, formats).values()):
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def save_report(report: Report, base: Path, formats: Iterable[str]) -> list[Path]:
    """Write the report once per format next to `base` (extension added); returns the paths written.

    Each file is written whole by rigcheck.writing (the one writer): a failed save raises SaveError in plain
    words and leaves an earlier file of that name as it was, with no temporary file behind.
    """
    paths = report_paths(base, formats)
    written = []
    for fmt, path in paths.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError(str(path.parent), reason_words(exc)) from None
        write_file(path, render(report, fmt))
        written.append(path.resolve())
    return written


def saved_text(written: list[Path]) -> str:
    """Where the files went: each folder once, then the file names (short lines fit 80 columns)."""
    lines = []
    for folder in dict.fromkeys(path.parent for path in written):
        lines.append(_("Saved in %(folder)s:") % {"folder": folder})
        lines += [f"  {path.name}" for path in written if path.parent == folder]
    return "\n".join(lines + [_("Send these files to your employer. Esc: back, q: quit.")])


class SaveResult(Static):
    """What the save did; whenever its words take more or fewer rows, the box scrolls them into view whole.

    Scrolling once right after the update can run before the new height is laid out (a loaded machine),
    which left the last wrapped line of a failure's reason below the box's edge.
    """

    def on_resize(self) -> None:
        if str(self.content).strip() and isinstance(self.parent, VerticalScroll):
            self.parent.scroll_end(animate=False)


class SaveScreen(StepScreen):
    """Choose a file name and formats; Enter saves, Esc goes back to the results."""

    STEP = "Save"
    HEADING = N_("Save your report")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back to results")),
                                             Binding("ctrl+s", "save", N_("Save"))]

    def __init__(self) -> None:
        super().__init__()
        # (path text, formats) the applicant was warned would replace existing files.
        self._replace_asked: tuple[str, tuple[str, ...]] | None = None
        self._suggested_path = ""  # the file name rigcheck proposed, until the applicant types their own
        # What the applicant typed, ticked and was told: kept when the screen is drawn in another language.
        self._kept: dict[str, object] = {}

    def compose_body(self) -> ComposeResult:
        # Scrolls at 80x24: the list of saved files must never fall below the screen's edge.
        with VerticalScroll(id="save-box"):
            # Opt-in: the one personal item a report may carry, and only if the employer asked for it.
            yield Static(_("Your name, e-mail or applicant number, if the employer asked for one (or leave it empty):"),
                         markup=False)
            yield Input("", id="save-applicant", placeholder=_("optional"))
            yield Static(_("Save to (folder and file name; the ending such as .html is added for you):"), markup=False)
            # A name no earlier report uses: saving twice never silently replaces the first files.
            yield Input(str(free_base(self.rig.default_report_base(), available_formats())), id="save-path")
            with Vertical(id="save-formats"):
                for output_format in SAVE_FORMATS:
                    yield Checkbox(_(output_format.save_label) if output_format.save_label else output_format.name, value=True, id=f"format-{output_format.name}")
            yield Button(_("Save (Enter)"), id="save-button", variant="primary")
            yield SaveResult("", id="save-result", markup=False)

    def on_mount(self) -> None:
        self.query_one("#save-applicant", Input).focus()  # asked first; Enter there saves, as on the path
        self._suggested_path = self.query_one("#save-path", Input).value

    async def relabel(self) -> None:
        self._kept = {
            "applicant": self.query_one("#save-applicant", Input).value,
            "path": self.query_one("#save-path", Input).value,
            "formats": {name: self.query_one(f"#format-{name}", Checkbox).value for name in available_formats()},
        }
        await super().relabel()

    def after_compose(self) -> None:
        super().after_compose()
        if not self._kept:
            return
        with self.prevent(Input.Changed):
            self.query_one("#save-applicant", Input).value = str(self._kept["applicant"])
            self.query_one("#save-path", Input).value = str(self._kept["path"])
        formats = self._kept["formats"]
        assert isinstance(formats, dict)
        for name, ticked in formats.items():
            self.query_one(f"#format-{name}", Checkbox).value = bool(ticked)

    def on_input_changed(self, event: Input.Changed) -> None:
        """The reference goes into the suggested file name, unless the applicant has typed a name of their own."""
        if event.input.id != "save-applicant":
            return
        from rigcheck.applicant import applicant_file_part

        path_input = self.query_one("#save-path", Input)
        if path_input.value != self._suggested_path:
            return
        part = applicant_file_part(" ".join(event.value.split()))
        base = self.rig.default_report_base()
        base = base.with_name(f"{base.name.replace('rigcheck-', f'rigcheck-{part}-', 1)}") if part else base
        self._suggested_path = path_input.value = str(free_base(base, available_formats()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-button":
            self.action_save()

    def action_save(self) -> None:
        report = self.rig.session.report
        result = self.query_one("#save-result", Static)
        if report is None:
            result.update(_("There is no report to save yet."))
            return
        formats = [name for name in available_formats() if self.query_one(f"#format-{name}", Checkbox).value]
        if not formats:
            result.update(_("Tick at least one kind of file."))
            return
        text = self.query_one("#save-path", Input).value.strip()
        if not text:
            result.update(_("Type where to save the report."))
            return
        existing = [path for path in report_paths(Path(text), formats).values() if path.exists()]
        request = (text, tuple(formats))
        if existing and self._replace_asked != request:
            self._replace_asked = request
            result.update(
                _("These files already exist:") + "\n" + "\n".join(f"  {path}" for path in existing)
                + "\n" + _("Press Enter again to replace them, or type another name.")
            )
            return
        from dataclasses import replace

        from rigcheck.applicant import normalise_applicant

        try:
            applicant = normalise_applicant(self.query_one("#save-applicant", Input).value)
        except ValueError as exc:
            result.update(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        self._replace_asked = None
        try:
            written = save_report(replace(report, applicant=applicant), Path(text), formats)
        except SaveError as exc:  # a full disk or a bad folder is shown in words; an earlier file stays whole
            result.update(_("Could not save %(path)s: %(reason)s. Choose another folder or name.")
                          % {"path": exc.path, "reason": exc.reason})
            self._show_result()  # the reason in view whole, not cut at the box's edge
            return
        except Exception as exc:  # noqa: BLE001 - a renderer bug must not close the session
            result.update(_("Could not save: %(error)s") % {"error": exc})
            return
        self.rig.session.saved_report = report
        result.update(saved_text(written))
        self.query_one("#save-button", Button).focus()
        self._show_result()

    def _show_result(self) -> None:
        box = self.query_one("#save-box", VerticalScroll)
        self.call_after_refresh(lambda: box.scroll_end(animate=False))

    def action_back(self) -> None:
        self.app.pop_screen()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Save now"), _("Write the report files"), self.action_save)
