"""A keyboard file picker for the profile step: folders and .toml files only, anywhere on the machine.

The tree starts in the home folder; a path box above it goes anywhere (another drive, a network
share), and Backspace in the tree goes up to the parent folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, Static

from rigcheck.i18n import N_, _
from rigcheck.tui.screens.base import WordedModal


class ProfileTree(DirectoryTree):
    """Shows folders and TOML files; hidden entries stay hidden."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            # Regular files only: choosing a FIFO named *.toml would wait for a writer for ever.
            if not path.name.startswith(".") and (path.is_dir() or (path.suffix.lower() == ".toml" and path.is_file()))
        ]


class OpenFileScreen(WordedModal):
    """Pick the employer's profile file; Enter opens a folder or chooses a file, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("backspace", "parent", N_("Folder above"), show=False),
    ]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="open-box"):
            yield Static(_("Choose the profile file (.toml). Folder or file (Tab to type, Enter to go):"), markup=False)
            yield Input(str(self.start), id="open-path")
            yield ProfileTree(self.start, id="open-tree")
            yield Static("", id="open-message", markup=False)
            yield Static(
                _("↑/↓ move · Enter opens a folder or chooses a file · Backspace: folder above · Esc cancels"),
                classes="dim",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#open-tree", ProfileTree).focus()

    async def relabel(self) -> None:
        self.start = self.folder  # drawn again in another language: the folder the applicant reached
        await super().relabel()
        self.query_one("#open-tree", ProfileTree).focus()

    @property
    def folder(self) -> Path:
        return Path(self.query_one("#open-tree", ProfileTree).path)

    def show_folder(self, folder: Path) -> None:
        tree = self.query_one("#open-tree", ProfileTree)
        tree.path = folder
        self.query_one("#open-path", Input).value = str(folder)
        self.query_one("#open-message", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # the profile step's own path box must not see this Enter
        text = event.value.strip()
        if not text:
            return
        target = Path(text).expanduser()
        if target.is_dir():
            self.show_folder(target)
            self.query_one("#open-tree", ProfileTree).focus()
        elif target.is_file():
            self.dismiss(target)
        else:
            self.query_one("#open-message", Static).update(_("There is no folder or file at %(where)s.") % {"where": target})

    def action_parent(self) -> None:
        if isinstance(self.focused, Input):
            return
        parent = self.folder.resolve().parent
        if parent != self.folder.resolve():
            self.show_folder(parent)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(Path(event.path))

    def action_cancel(self) -> None:
        self.dismiss(None)
