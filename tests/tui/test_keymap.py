"""Remapping keys: a keymap file of binding id -> key, applied with App.set_keymap."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import aio, build, finish, screen_text

from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.bindings import binding_ids
from stagegap.tui.keymap import keymap_path, load_keymap
from stagegap.tui.screens.help import HelpScreen, HelpText
from stagegap.tui.screens.session import SessionScreen


def test_every_binding_has_an_id() -> None:
    from textual.binding import Binding

    ids = binding_ids()
    assert {"session.next", "session.not_applicable", "home.cto", "app.help"} <= set(ids)
    from stagegap.tui.screens.session import SessionScreen as S

    assert all(isinstance(b, Binding) and b.id for b in S.BINDINGS)


def test_no_file_no_remapping(isolated_config: Path) -> None:
    keymap = load_keymap()
    assert keymap.bindings == {} and keymap.problems == []
    assert keymap.path == isolated_config / "keymap.yaml" == keymap_path()


def test_bad_entries_are_reported_and_skipped(isolated_config: Path) -> None:
    isolated_config.mkdir()
    (isolated_config / "keymap.yaml").write_text(
        "session.next: ctrl+j\nsession.nope: f5\nhome.cto: [1, 2]\n"
    )
    keymap = load_keymap()
    assert keymap.bindings == {"session.next": "ctrl+j"}
    assert len(keymap.problems) == 2
    assert "no binding 'session.nope'" in keymap.problems[0]


def test_not_yaml_keeps_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "keymap.yaml"
    path.write_text("session.next: [ctrl+j\n")
    keymap = load_keymap(path)
    assert keymap.bindings == {} and keymap.problems


@aio
async def test_a_remapped_key_moves_and_the_old_one_does_not(
    ws: Workspace, isolated_config: Path
) -> None:
    isolated_config.mkdir()
    (isolated_config / "keymap.yaml").write_text("session.next: ctrl+j\nhome.cto: f5\n")
    app = build(ws, keymap=load_keymap())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")  # was c
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert session.index == 1
        await pilot.press("ctrl+n")  # no longer bound to next
        await pilot.pause()
        assert session.index == 1
        assert "^j Next" in screen_text(app)  # the footer shows the new key
        await pilot.press("f1")
        await finish(pilot)  # the keys are read off the UI thread
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(HelpText).source
        assert "| `session.next` | `ctrl+j` |" in source


@aio
async def test_help_lists_every_screens_live_keys_scrolls_and_searches(ws: Workspace) -> None:
    from textual.containers import VerticalScroll
    from textual.widgets import Input

    from stagegap.tui.bindings import key_rows

    app = build(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await finish(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        source = help_screen.query_one(HelpText).source
        for row in key_rows():  # every binding of every screen, the workshop's included
            assert f"`{row.id}`" in source
        assert "| `m` | The divergence map tab | `workshop.map` |" in source
        scroll = help_screen.query_one("#help-scroll", VerticalScroll)
        assert app.focused is scroll and scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is help_screen.query_one("#help-search", Input)
        await pilot.press(*"seal", "enter")  # Enter searches at once and goes to the results
        await pilot.pause()
        assert app.focused is scroll
        source = help_screen.query_one(HelpText).source
        assert "`session.seal`" in source and "`seal.seal`" in source
        assert "`workshop.map`" not in source and "How an audit runs" not in source
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
