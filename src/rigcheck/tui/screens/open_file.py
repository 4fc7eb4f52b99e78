"""A keyboard file picker for the profile step: folders and .toml files only."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static


class ProfileTree(DirectoryTree):
    """Shows folders and TOML files; hidden entries stay hidden."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".") and (path.is_dir() or path.suffix.lower() == ".toml")
        ]


class OpenFileScreen(ModalScreen[Path | None]):
    """Pick the employer's profile file; Enter opens a folder or chooses a file, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="open-box"):
            yield Static(f"Choose the profile file (.toml) — starting in {self.start}", markup=False)
            yield ProfileTree(self.start, id="open-tree")
            yield Static("↑/↓ move · Enter opens a folder or chooses a file · Esc cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#open-tree", ProfileTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(Path(event.path))

    def action_cancel(self) -> None:
        self.dismiss(None)
