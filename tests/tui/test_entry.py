"""Nothing typed is dropped: half-answered per-environment items and text that is not a value
(issue 15, items 1 and 4), driven by the keyboard as a respondent would."""

from __future__ import annotations

from textual.widgets import Input
from tui_helpers import aio, build, notices, screen_text, settle

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.session_lock import load_state
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.seal import SealDialog
from stagegap.tui.screens.session import SessionScreen

REPLICAS = 3  # the per-environment number item of the mini questionnaire
VERIFIED_ON = 6  # the date item


async def open_session(pilot, key: str, index: int) -> SessionScreen:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await pilot.pause()
    session = pilot.app.screen
    assert isinstance(session, SessionScreen)
    await session.show_item(index)
    await pilot.pause()
    return session


@aio
async def test_enter_in_staging_moves_to_production_and_half_an_answer_is_kept(
    ws: Workspace,
) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_session(pilot, "e", REPLICAS)
        await pilot.press("2", "enter")
        await settle(pilot)
        editor = session.editor()
        production = editor.query_one("#field-production Input", Input)
        assert app.focused is production  # not the next item
        assert session.entries[session.index][0] == "traffic.replicas"
        # The half is saved as typed, and counted as in progress.
        assert load_state(ws.root, Role.ENGINEER).drafts == {"traffic.replicas": {"staging": "2"}}
        assert "1 in progress" in screen_text(app)
        await pilot.press("ctrl+n")  # leave it half answered: a warning, nothing lost
        await settle(pilot)
        assert session.entries[session.index][0] == "traffic.autoscaling"
        assert any(
            "production still to answer" in line for line in notices(app, "Kept in progress")
        )
    # A new run shows the half again; completing it makes it an answer and drops the draft.
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_session(pilot, "e", REPLICAS)
        editor = session.editor()
        assert editor.query_one("#field-staging Input", Input).value == "2"
        editor.query_one("#field-production Input", Input).focus()
        await pilot.press("6", "enter")
        await settle(pilot)
        answer = ws.response(Role.ENGINEER).answers["traffic.replicas"]
        assert answer.value == {"staging": 2.0, "production": 6.0}
        assert load_state(ws.root, Role.ENGINEER).drafts == {}


@aio
async def test_home_and_the_seal_dialog_count_half_answers_as_in_progress(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, "c", REPLICAS)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SealDialog)
        assert "In progress, not an answer yet (1)" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("enter")  # past the hand-over screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "1 in progress" in screen_text(app)


@aio
async def test_an_impossible_date_keeps_the_focus_and_says_why(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_session(pilot, "c", VERIFIED_ON)
        field = session.editor().query_one("#field-value Input", Input)
        assert app.focused is field
        await pilot.press(*"2026-13-45", "tab")
        await settle(pilot)
        assert app.focused is field  # validated on leaving: the focus stays
        assert "Expected a real date as YYYY-MM-DD, not '2026-13-45'" in screen_text(app)
        await pilot.press("ctrl+n")  # nor does the item move on
        await settle(pilot)
        assert session.entries[session.index][0] == "env-vars.map-verified-on"
        assert app.focused is field
        assert "env-vars.map-verified-on" not in ws.response(Role.CTO).answers
        await pilot.press(*["backspace"] * 5, *"12-01", "tab")
        await settle(pilot)
        assert app.focused is not field
        assert "Expected a real date" not in screen_text(app)
        assert str(ws.response(Role.CTO).answers["env-vars.map-verified-on"].value) == "2026-12-01"


@aio
async def test_none_in_a_number_field_is_not_a_number(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_session(pilot, "c", REPLICAS)
        await pilot.press(*"none", "enter")
        await settle(pilot)
        staging = session.editor().query_one("#field-staging Input", Input)
        assert app.focused is staging
        assert "Expected a number in replicas, not 'none'" in screen_text(app)
        # What was typed is kept as typed, though it is not an answer.
        assert load_state(ws.root, Role.CTO).drafts == {"traffic.replicas": {"staging": "none"}}
