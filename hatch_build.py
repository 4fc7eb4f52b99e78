"""Hatch build hook: compile the message catalogs (locale/*/LC_MESSAGES/rigcheck.po) into the .mo files gettext reads.

The .po files are the source (kept in the repository, edited by translators); the .mo files are built, never
committed. A wheel gets them beside the .po in the package; an editable install gets them written into the
source tree (git ignores them), where the installed package reads them, so `pip install -e .` from a clean
checkout speaks Filipino too. Babel comes from the build requirements (pyproject's [build-system]).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src") / "rigcheck" / "locale"


def compile_catalogs(locale_dir: Path, out_dir: Path) -> list[Path]:
    """Every `<lang>/LC_MESSAGES/*.po` under `locale_dir` compiled to the same place under `out_dir`; the .mo paths.

    Fuzzy entries are left out (as `pybabel compile` does): a guess is never shown to an applicant.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = out_dir / po_path.relative_to(locale_dir).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if version == "editable":
            compile_catalogs(root / LOCALE, root / LOCALE)  # read in place by the editable install
            return
        self._out = tempfile.TemporaryDirectory(prefix="rigcheck-mo-")
        out = Path(self._out.name)
        for mo_path in compile_catalogs(root / LOCALE, out):
            build_data["force_include"][str(mo_path)] = f"rigcheck/locale/{mo_path.relative_to(out).as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            out.cleanup()
