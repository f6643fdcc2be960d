"""One role, one session; a respondent opens only their own answers (issue 15, items 2 and 3)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, SelectionList
from tui_helpers import aio, build, notices, screen_text, settle

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.session_lock import (
    SessionLock,
    acquire,
    holder_of,
    load_state,
    set_passphrase,
    take_over,
)
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.screens.handover import HandoverScreen
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.role_check import RoleCheckDialog
from stagegap.tui.screens.session import SessionScreen
from stagegap.tui.screens.session_busy import SessionBusyDialog


def elsewhere(root: Path, role: Role) -> SessionLock:
    """Another terminal holds the role (same process, another session token)."""
    lock = acquire(root, role, where="terminal /dev/pts/7")
    assert isinstance(lock, SessionLock)
    return lock


@aio
async def test_home_says_where_a_role_is_open(ws: Workspace) -> None:
    other = elsewhere(ws.root, Role.ENGINEER)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        engineer = next(line for line in lines if line.lstrip().startswith("Engineer"))
        cto = next(line for line in lines if line.lstrip().startswith("CTO"))
        assert "open in terminal /dev/pts/7" in engineer and "open in" not in cto
    other.release()


@aio
async def test_a_role_open_elsewhere_opens_read_only_and_follows_their_changes(
    ws: Workspace,
) -> None:
    other = elsewhere(ws.root, Role.CTO)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SessionBusyDialog)
        assert "open in terminal /dev/pts/7" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen) and session.read_only
        assert "READ-ONLY: open in terminal /dev/pts/7" in screen_text(app)
        await pilot.press("ctrl+d")  # nothing can be changed here
        await settle(pilot)
        assert "infrastructure.shared-layers" not in ws.response(Role.CTO).answers
        # The other terminal answers: this view follows.
        ws.set_answer(Role.CTO, "infrastructure.shared-layers", Answer(value=["ci-runners"]))
        await session.check_elsewhere()
        await pilot.pause()
        assert session.editor().query_one(SelectionList).selected == ["ci-runners"]
    assert holder_of(ws.root, Role.CTO) == other.holder  # the look never took the lock


@aio
async def test_taking_over_turns_the_other_session_read_only(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen) and not session.read_only
        holder = holder_of(ws.root, Role.ENGINEER)
        assert holder is not None and holder.pid > 0
        taker = take_over(ws.root, Role.ENGINEER, where="terminal /dev/pts/9")
        await pilot.press("space")  # typed before this session noticed: refused, not written
        await settle(pilot)
        assert ws.response(Role.ENGINEER).answers == {}
        assert any("taken over" in line for line in notices(app, "Could not save"))
        await session.check_elsewhere()  # the one-second look notices the loss
        await settle(pilot)
        assert session.read_only
        assert any("terminal /dev/pts/9" in line for line in notices(app, "Taken over"))
        assert "READ-ONLY: open in terminal /dev/pts/9" in screen_text(app)
        await pilot.press("escape")  # nothing answered here: straight back home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert holder_of(ws.root, Role.ENGINEER) == taker.holder  # not released by the loser


@aio
async def test_the_busy_dialog_can_take_over_and_the_lock_is_given_back(ws: Workspace) -> None:
    other = elsewhere(ws.root, Role.CTO)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen) and not session.read_only
        assert other.refresh() is not None  # the other one learns it lost the role
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
    assert holder_of(ws.root, Role.CTO) is None


@aio
async def test_opening_another_role_asks_who_you_are_and_records_it(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # hand-over screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, RoleCheckDialog)
        text = screen_text(app)
        assert "Are you the CTO?" in text
        assert "last answered as the engineer" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert notices(app, "Cancelled") == ["The CTO's answers were not opened."]
        assert load_state(ws.root, Role.CTO).switches == []
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # "I am the CTO"
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    switches = load_state(ws.root, Role.CTO).switches
    assert [s.from_role for s in switches] == [Role.ENGINEER]


@aio
async def test_a_role_with_a_passphrase_asks_for_it(ws: Workspace) -> None:
    set_passphrase(ws.root, Role.CTO, "heron")
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, RoleCheckDialog)
        await pilot.press(*"crane", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleCheckDialog)
        assert "That is not the passphrase." in screen_text(app)
        assert app.screen.query_one("#passphrase", Input).value == ""
        await pilot.press(*"heron", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


@aio
async def test_the_respondent_sets_a_passphrase_from_the_session(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"lark", "enter", *"lark", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    state = load_state(ws.root, Role.ENGINEER)
    assert state.passphrase is not None and state.passphrase.matches("lark")
