"""The guided app's mic step records the room the way the mic probe does, so a profile's room-noise limit
is judged in the report the applicant saves (it read "no result" before)."""

from __future__ import annotations

import dataclasses

from tui_fakes import GOOD_FACTS, FakeMic, desk_profile, facts_probe, wait_until

from rigcheck.model import Requirement
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.mic import MicScreen
from rigcheck.tui.screens.run import RunScreen


async def test_the_mic_steps_recording_settles_the_room_noise_check():
    profile = desk_profile(questions=False, network=False)
    profile = dataclasses.replace(profile, requirements=(*profile.requirements, Requirement("audio", "max_room_noise_dbfs", -40)))
    headset = {"name": "Jabra Evolve 20", "kind": "usb_headset", "is_headset": True}  # a microphone to record from
    facts = {**GOOD_FACTS, "audio": {"usb_headset_present": True, "default_input": headset, "default_output": headset}}
    specs = [facts_probe(probe, values) for probe, values in facts.items()]
    app = make_app(profile=profile, probe_specs=specs, options={}, mic=FakeMic())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and not app.session.running)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MicScreen))
        await pilot.press("m")
        await wait_until(pilot, lambda: app.session.mic_result is not None)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.report is not None and any(
            c.id == "audio.max_room_noise_dbfs" and c.status == "pass" for c in app.session.report.checks))
        assert app.session.report.facts["mic"].values["room_noise"] == "quiet"
