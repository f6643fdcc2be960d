"""Every key discoverable and every state readable (issue 15, items 6-9): workshop tabs by key,
focus only on what is shown, help and quit in every footer, the cursor of a long list in view,
forms that submit on Enter and never replace what is typed, marks that read without colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, SelectionList, TabbedContent
from tui_helpers import aio, build, finish, notices, populate, screen_text, settle

from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.screens.create_workspace import CreateWorkspaceDialog
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.session import SessionScreen
from stagegap.tui.screens.workshop import WorkshopScreen


def footer_line(app: object) -> str:
    return screen_text(app).splitlines()[-1]


@aio
async def test_each_workshop_tab_has_a_key_in_the_footer_and_tab_visits_only_shown_widgets(
    ws: Workspace,
) -> None:
    populate(ws)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await finish(pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        footer = footer_line(app)
        assert "m Map" in footer and "a Agenda" in footer and "l Plan" in footer
        await pilot.press("a")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "agenda"
        assert app.focused is screen.query_one("#agenda-table", DataTable)
        await pilot.press("m")
        await pilot.pause()
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None
            seen.append(focused.id)
            assert focused.region.area > 0, f"{focused} has focus but is not shown"
            assert all(
                node.display for node in focused.ancestors_with_self if hasattr(node, "display")
            )
        assert "detail-box" in seen
        detail = screen.query_one("#detail-box", VerticalScroll)
        detail.focus()
        await pilot.pause()
        assert detail.styles.border_top[0] == "double"  # the focus shows in its shape


@aio
async def test_help_and_quit_stay_in_every_footer_at_80_columns(ws: Workspace) -> None:
    populate(ws)
    app = build(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screens = []
        for key, back in (("c", "escape"), ("w", "escape"), ("p", "escape"), ("x", "escape")):
            await pilot.press(key)
            await finish(pilot)
            if not isinstance(app.screen, (HomeScreen, SessionScreen)) and key == "c":
                await pilot.press("enter")
                await finish(pilot)
            screens.append(type(app.screen).__name__)
            footer = footer_line(app)
            assert "f1 Help" in footer and "^q Quit" in footer, (type(app.screen), footer)
            await pilot.press(back)
            await finish(pilot)
            if not isinstance(app.screen, HomeScreen):  # the hand-over screen
                footer = footer_line(app)
                assert "f1 Help" in footer and "^q Quit" in footer
                await pilot.press("enter")
                await finish(pilot)
        assert "f1 Help" in footer_line(app)
        assert screens == ["SessionScreen", "WorkshopScreen", "ProbeScreen", "ExportScreen"]


@aio
async def test_the_highlighted_option_of_a_long_list_stays_in_view_at_80x24(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "bundled", "Acme")  # 13 shared layers to choose from
    app = build(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        selection = session.editor().query_one(SelectionList)
        pane = session.query_one("#pane", VerticalScroll)
        for _ in range(11):
            await pilot.press("down")
        await pilot.pause()
        await pilot.pause()
        index = selection.highlighted
        assert index == 11
        row = selection.content_region.y + index - int(selection.scroll_y)
        assert pane.region.y <= row < pane.region.bottom, "the cursor is off screen"
        label = str(selection.get_option_at_index(index).prompt)
        assert label in screen_text(app)


@aio
async def test_enter_creates_the_workspace_and_typing_adds_to_prefilled_text(
    tmp_path: Path,
) -> None:
    app = build(None, cwd=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateWorkspaceDialog)
        await pilot.press(*"Acme", "tab")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#staging", Input)
        await pilot.press(*"-eu")
        await pilot.pause()
        assert app.screen.query_one("#staging", Input).value == "staging-eu"
        await pilot.press("enter")  # from the staging field: creates
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    ws = Workspace.open(tmp_path)
    assert ws.manifest.organisation == "Acme"
    assert ws.manifest.environments["staging"] == "staging-eu"


@aio
async def test_cancel_says_what_it_cancelled(tmp_path: Path) -> None:
    app = build(None, cwd=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Acme", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert notices(app, "Cancelled") == ["No workspace was created."]
        assert not Workspace.exists(tmp_path)


@aio
async def test_chosen_and_unchosen_options_read_without_colour(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("space")  # the first of three layers
        await settle(pilot)
        text = screen_text(app)
        assert "▐X▌ Database server" in text
        assert "▐ ▌ CI runners" in text
        assert "▐ ▌ I don't know" in text
        assert "╔" in text  # the focused list has a double border, the others none
        await pilot.press("ctrl+n", "enter")  # ordinal: the first step
        await settle(pilot)
        text = screen_text(app)
        assert "▐●▌ 1. All of it" in text and "▐ ▌ 2. Most of it" in text
