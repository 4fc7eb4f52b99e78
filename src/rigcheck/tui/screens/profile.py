"""Step 1: choose the employer's profile — bundled, a file, or the link the employer gave."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from rigcheck.i18n import N_, _
from rigcheck.model import Profile
from rigcheck.tui.messages import ProfileFailed, ProfileLoaded
from rigcheck.tui.present import describe_profile, profile_error_lines, unsupported_link
from rigcheck.tui.screens.base import StepScreen


class ProfileScreen(StepScreen):
    """Pick a bundled profile with the arrows and Enter, or type a path / https link and press Enter."""

    STEP = "Profile"
    HEADING = N_("Which employer's requirements?")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", N_("Start checks")),
        Binding("ctrl+o", "open_file", N_("Open file")),
        # The details pane is not in the Tab order (Tab goes from the list to the path box), so it
        # scrolls from wherever the focus is.
        Binding("pagedown", "scroll_details(1)", N_("Scroll details"), show=False, priority=True),
        Binding("pageup", "scroll_details(-1)", N_("Scroll details"), show=False, priority=True),
    ]

    def __init__(self, current: Profile | None = None) -> None:
        super().__init__()
        self.profiles: list[Profile] = []
        # The profile in use when the applicant comes back here (`p`): shown and kept chosen, also
        # when it came from a file or a link rather than the bundled list.
        self.chosen: Profile | None = current
        self._error: str | None = None
        self._loaded = False
        self._ref_text = current.source if current is not None and not self._is_bundled_source(current) else ""

    @staticmethod
    def _is_bundled_source(profile: Profile) -> bool:
        source = getattr(profile, "source", "") or ""
        return not source or source in ("bundled", "test") or source.startswith("bundled")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="profile-columns"):
            with Vertical(id="profile-list-box"):
                yield Static(_("Profiles that come with rigcheck"), classes="section-title", markup=False)
                yield OptionList(id="profile-list")
            details = VerticalScroll(id="profile-details-box")
            details.can_focus = False
            with details:
                yield Static("", id="profile-details", markup=False)
        yield Static(_("Tab: paste your employer's link or file path below, then Enter · Ctrl+O: look for the file"),
                     markup=False)
        with Horizontal(id="profile-ref-row"):
            yield Input(self._ref_text, placeholder=_("https://… or where the .toml file is"),
                        id="profile-ref")
            yield Button(_("Start checks"), id="start-button", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#profile-details", Static).update(_("Loading the profiles…"))
        self.query_one("#profile-list", OptionList).focus()
        # Reading and validating profiles imports the schema validator: off the UI thread, so the
        # first screen paints at once.
        self._load_bundled()

    def after_compose(self) -> None:
        super().after_compose()
        if not self._loaded:
            return
        # Drawn again (another language): the list, the details and the typed link as they were.
        self.query_one("#profile-ref", Input).value = self._ref_text
        self._fill_list()
        if self._error is not None:
            self._show_error(self._error)
        elif self.chosen is not None:
            self._choose(self.chosen)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "profile-ref":
            self._ref_text = event.value

    @work(thread=True, exit_on_error=False, group="profile-list", exclusive=True)
    def _load_bundled(self) -> None:
        try:
            profiles = self.rig.bundled_profiles()
        except Exception as exc:  # noqa: BLE001 - a broken bundle must not hide the link input
            self.app.call_from_thread(self._show_bundled, [], _("The profiles that come with rigcheck could not be "
                                                                  "read: %(error)s") % {"error": exc})
            return
        self.app.call_from_thread(self._show_bundled, profiles, None)

    def _fill_list(self) -> None:
        option_list = self.query_one("#profile-list", OptionList)
        option_list.clear_options()
        for profile in self.profiles:
            option_list.add_option(Option(profile.name or profile.id, id=profile.id))
        current = self.chosen.id if self.chosen is not None else None
        index = next((i for i, profile in enumerate(self.profiles) if profile.id == current), None)
        if index is not None and not self._ref_text:
            option_list.highlighted = index

    def _show_bundled(self, profiles: list[Profile], error: str | None) -> None:
        self.profiles = profiles
        self._loaded = True
        self._fill_list()
        option_list = self.query_one("#profile-list", OptionList)
        if error is not None:
            self._show_error(error)
        if self.chosen is not None and (self._ref_text or self._bundled(self.chosen.id) is None):
            # Came back with a profile from a file or a link: it stays chosen, shown with where it came from.
            self._choose(self.chosen)
            self.query_one("#start-button", Button).focus()
        elif profiles:
            if option_list.highlighted is None:
                option_list.highlighted = 0
        else:
            self.query_one("#profile-details", Static).update(
                error or _("No profiles come with rigcheck here: paste your employer's link below."))
            self.query_one("#profile-ref", Input).focus()

    def _choose(self, profile: Profile) -> None:
        self.chosen = profile
        self._error = None
        details = describe_profile(profile)
        if profile.notice:  # e.g. the employer's server is down: the last good copy, and how old it is
            details[:0] = [f"⚠ {profile.notice}", ""]
        if self._bundled(profile.id) is None and profile.source:
            details[1:1] = [_("From: %(source)s") % {"source": profile.source}]
        details.append("")
        details.append(_("Enter: start the checks with this profile."))
        self.query_one("#profile-details", Static).update("\n".join(details))
        self.query_one("#start-button", Button).disabled = False

    def _show_error(self, reason: str) -> None:
        self.chosen = None
        self._error = reason
        self.query_one("#profile-details", Static).update(_("✘ This profile could not be used:") + f"\n\n{reason}")
        self.query_one("#start-button", Button).disabled = True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        profile = self._bundled(event.option.id)
        if profile is not None:
            self._choose(profile)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        profile = self._bundled(event.option.id)
        if profile is not None:
            self._choose(profile)
            self.action_start()

    def _bundled(self, profile_id: str | None) -> Profile | None:
        return next((profile for profile in self.profiles if profile.id == profile_id), None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ref = event.value.strip()
        if not ref:
            return
        refused = unsupported_link(ref)
        if refused is not None:
            self._show_error(refused)
            return
        self.query_one("#profile-details", Static).update(_("Loading %(where)s …") % {"where": ref})
        self.query_one("#start-button", Button).disabled = True
        self._load(ref)

    @work(thread=True, exit_on_error=False, group="profile", exclusive=True)
    def _load(self, ref: str) -> None:
        # Loading may fetch a URL: never on the UI thread.
        try:
            profile = self.rig.load_profile(ref)
        except Exception as exc:  # noqa: BLE001 - worded for the applicant, whatever went wrong
            self.post_message(ProfileFailed("\n".join(profile_error_lines(exc, ref))))
            return
        self.post_message(ProfileLoaded(profile))

    def on_profile_loaded(self, message: ProfileLoaded) -> None:
        self._choose(message.profile)
        self.query_one("#start-button", Button).focus()

    def on_profile_failed(self, message: ProfileFailed) -> None:
        self._show_error(message.reason)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-button":
            self.action_start()

    def action_open_file(self) -> None:
        from rigcheck.tui.screens.open_file import OpenFileScreen

        self.app.push_screen(OpenFileScreen(Path.home()), self._file_chosen)

    def _file_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        field = self.query_one("#profile-ref", Input)
        field.value = str(path)
        self._ref_text = str(path)
        self.query_one("#profile-details", Static).update(_("Loading %(where)s …") % {"where": path})
        self._load(str(path))

    def action_scroll_details(self, pages: int) -> None:
        box = self.query_one("#profile-details-box", VerticalScroll)
        box.scroll_to(y=box.scroll_y + pages * max(1, box.size.height - 1), animate=False)

    def action_start(self) -> None:
        if self.chosen is not None:
            self.rig.start_checks(self.chosen)

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Start the checks"), _("Check this computer against the chosen profile"), self.action_start)
        yield SystemCommand(_("Open a profile file"), _("Look for the .toml file your employer sent"), self.action_open_file)
