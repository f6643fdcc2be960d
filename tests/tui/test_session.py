"""Home, the create dialog and a respondent's session: autosave, resume, independence, seal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, SelectionList
from tui_helpers import MINI, aio, build, finish, screen_text, settle

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.screens.create_workspace import CreateWorkspaceDialog
from stagegap.tui.screens.handover import HandoverScreen
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.seal import SealDialog
from stagegap.tui.screens.session import SessionScreen


@aio
async def test_no_workspace_starts_with_the_create_dialog(tmp_path: Path) -> None:
    app = build(None, cwd=tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateWorkspaceDialog)
        await pilot.press(*"Acme", "tab")
        app.screen.query_one("#staging", Input).value = "stage"
        app.screen.query_one("#qfile", Input).value = str(MINI)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    ws = Workspace.open(tmp_path)
    assert ws.manifest.organisation == "Acme"
    assert ws.manifest.environments["staging"] == "stage"
    assert ws.questionnaire.id == "mini-gap"


@aio
async def test_create_dialog_insists_on_an_organisation(tmp_path: Path) -> None:
    app = build(None, cwd=tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CreateWorkspaceDialog)
        assert not Workspace.exists(tmp_path)


@aio
async def test_answers_are_saved_at_once_and_the_session_resumes(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("space")  # first option of the multiple choice
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.shared-layers"].value == [
            "database-server"
        ]
        await pilot.press("ctrl+n", "down", "enter")  # ordinal: second step
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.iac-parity"].value == "most"
        await pilot.press("ctrl+n", "ctrl+d")  # I don't know
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.network-reachability"].dont_know
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert session.entries[session.index][0] == "infrastructure.network-reachability"


@aio
async def test_every_answer_type_is_saved(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await session.show_item(3)  # replicas, per environment
        editor = session.editor()
        editor.query_one("#field-staging Input", Input).value = "1"
        await settle(pilot)
        assert "traffic.replicas" not in ws.response(Role.ENGINEER).answers  # half an answer
        editor.query_one("#field-production Input", Input).value = "6"
        await settle(pilot)
        assert ws.response(Role.ENGINEER).answers["traffic.replicas"].value == {
            "staging": 1.0,
            "production": 6.0,
        }
        await session.show_item(5)
        session.editor().query_one("#field-value Input", Input).value = "A, B, A"
        await session.show_item(6)
        session.editor().query_one("#field-value Input", Input).value = "2024-13-01"
        await settle(pilot)
        assert "env-vars.map-verified-on" not in ws.response(Role.ENGINEER).answers
        assert "Expected" in str(session.editor().query_one("#item-status").render())
        session.editor().query_one("#field-value Input", Input).value = "2024-12-01"
        session.editor().query_one("#note", Input).value = "checked by Sam"
        await settle(pilot)
        answers = ws.response(Role.ENGINEER).answers
        assert answers["env-vars.single-environment-vars"].value == ["A", "B"]
        assert str(answers["env-vars.map-verified-on"].value) == "2024-12-01"
        assert answers["env-vars.map-verified-on"].note == "checked by Sam"


@aio
async def test_exclusive_option_clears_the_others(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("space", "down", "space", "down", "space")
        await settle(pilot)
        selection = app.screen.editor().query_one(SelectionList)
        assert selection.selected == ["none"]
        assert ws.response(Role.CTO).answers["infrastructure.shared-layers"].value == ["none"]


@aio
async def test_a_respondent_never_sees_another_before_both_sealed(ws: Workspace) -> None:
    ws.set_answer(
        Role.CTO, "infrastructure.iac-parity", Answer(value="little", note="SECRET-CTO-NOTE")
    )
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "SECRET" not in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await session.show_item(1)
        assert session.editor().answer is None
        assert "SECRET" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "SECRET" not in screen_text(app)


@aio
async def test_sealing_shows_what_is_missing_then_hands_over(ws: Workspace) -> None:
    ws.set_answer(Role.CTO, "infrastructure.iac-parity", Answer(dont_know=True))
    app = build(ws)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SealDialog)
        assert dialog.progress.dont_know_ids == ["infrastructure.iac-parity"]
        assert len(dialog.progress.unanswered_ids) == 7
        await pilot.press("escape")  # keep answering
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")  # confirm
        await finish(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)
        assert "sealed" in str(app.screen.query_one("#handover-text").render())
    assert Workspace.open(ws.root).manifest.sealed(Role.CTO)


@aio
async def test_after_the_seal_changes_are_amendments(ws: Workspace) -> None:
    ws.set_answer(Role.CTO, "infrastructure.network-reachability", Answer(value=True))
    ws.seal(Role.CTO)
    app = build(ws)
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await session.show_item(2)
        await pilot.press("down", "enter")  # No
        await settle(pilot)
    response = Workspace.open(ws.root).response(Role.CTO)
    assert response.original("infrastructure.network-reachability").value is True
    assert response.current("infrastructure.network-reachability").value is False


@aio
async def test_dont_know_is_toggled_by_key_and_by_choosing_a_value(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test() as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.shared-layers"].dont_know
        assert app.screen.editor().query_one("#dont-know", Checkbox).value
        await pilot.press("space")
        await settle(pilot)
        answer = ws.response(Role.CTO).answers["infrastructure.shared-layers"]
        assert not answer.dont_know and answer.value == ["database-server"]


@aio
async def test_does_not_apply_needs_a_reason_and_excludes_the_other_kinds(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("space")  # a value first
        await settle(pilot)
        editor = session.editor()
        reason = editor.query_one("#na-reason", Input)
        assert not reason.display
        await pilot.press("ctrl+o")  # does not apply: the reason shows and is focused
        await settle(pilot)
        assert reason.display and reason.has_focus
        assert "why it does not apply" in str(editor.query_one("#item-status").render())
        # no reason yet: the value stays the saved answer
        assert ws.response(Role.CTO).answers["infrastructure.shared-layers"].value == [
            "database-server"
        ]
        await pilot.press(*"single host")
        await settle(pilot)
        answer = ws.response(Role.CTO).answers["infrastructure.shared-layers"]
        assert answer.not_applicable == "single host" and answer.value is None
        await pilot.press("ctrl+d")  # I don't know replaces it
        await settle(pilot)
        assert not editor.query_one("#not-applicable", Checkbox).value
        assert not reason.display
        assert ws.response(Role.CTO).answers["infrastructure.shared-layers"].dont_know
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert not editor.query_one("#dont-know", Checkbox).value
        answer = ws.response(Role.CTO).answers["infrastructure.shared-layers"]
        assert answer.not_applicable == "single host"  # the reason was kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SealDialog)
        assert dialog.progress.not_applicable_ids == ["infrastructure.shared-layers"]
        text = screen_text(app)
        assert "Does not apply (1)" in text and "because: single host" in text


@aio
async def test_does_not_apply_is_shown_again_on_resume(ws: Workspace) -> None:
    ws.set_answer(Role.CTO, "infrastructure.shared-layers", Answer(not_applicable="no staging"))
    app = build(ws)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        editor = app.screen.editor()
        assert editor.query_one("#not-applicable", Checkbox).value
        assert editor.query_one("#na-reason", Input).value == "no staging"
        assert editor.query_one("#na-reason", Input).display
        assert "1 n/a" in screen_text(app)


@aio
async def test_prompts_with_brackets_are_shown_as_written(tmp_path: Path) -> None:
    """A custom questionnaire's text is data, never Rich markup."""
    custom = tmp_path / "q.yaml"
    custom.write_text(
        MINI.read_text().replace(
            "Which layers do staging and production share?",
            "Which layers [bold]really[/bold] are shared? [optional]",
        )
    )
    ws = Workspace.create(tmp_path / "ws", "Acme", questionnaire_file=custom)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Which layers [bold]really[/bold] are shared? [optional]" in screen_text(app)
        await finish(pilot)
