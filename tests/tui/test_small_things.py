"""The smaller defects of issue 15, item 10: keys that pick, a probe that remembers, a map that
says what is decided, a suggestion that follows the decision, wording."""

from __future__ import annotations

from pathlib import Path

from test_workshop import fake_probe, open_workshop
from textual.widgets import DirectoryTree, Input, RadioSet, Static
from tui_helpers import NOW, aio, build, finish, populate, screen_text, settle

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Decision, DecisionKind, ProbeRecord
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.screens.decision import DecisionDialog
from stagegap.tui.screens.probe_run import ProbeScreen
from stagegap.tui.screens.session import SessionScreen
from stagegap.tui.widgets.divergence_grid import DivergenceGrid
from stagegap.tui.widgets.item_detail import days


@aio
async def test_number_keys_pick_a_step_and_y_n_answer_yes_no(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("ctrl+n", "3")  # ordinal: the third step
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.iac-parity"].value == "little"
        await pilot.press("ctrl+n", "y")
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.network-reachability"].value is True
        await pilot.press("n")
        await settle(pilot)
        assert ws.response(Role.CTO).answers["infrastructure.network-reachability"].value is False


@aio
async def test_the_probe_screen_starts_at_the_last_repository_and_follows_a_typed_path(
    ws: Workspace, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    (repo / "deploy").mkdir(parents=True)
    ws.record_probe({}, ProbeRecord(root=str(repo), ran_at=NOW))
    app = build(ws, probe_runner=fake_probe())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProbeScreen)
        assert screen.query_one("#path", Input).value == str(repo)
        await pilot.press(*"/deploy")
        await pilot.pause()
        assert Path(screen.query_one(DirectoryTree).path) == repo / "deploy"


@aio
async def test_a_decided_item_is_marked_on_its_map_row(ws: Workspace) -> None:
    populate(ws)
    ws.set_decision(
        "infrastructure.shared-layers", Decision(kind=DecisionKind.ELIMINATE, effort_days=1)
    )
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop(pilot)
        lines = screen_text(app).splitlines()
        decided = [line for line in lines if "Which layers do" in line]
        undecided = [line for line in lines if "How much of staging" in line]
        assert decided and decided[0].lstrip().startswith("✓ ")
        assert undecided and not undecided[0].lstrip().startswith("✓")
        grid = screen.query_one(DivergenceGrid)
        grid.move_to("infrastructure.shared-layers")
        await pilot.pause()
        assert "1 day," in screen_text(app) and "1 days" not in screen_text(app)


@aio
async def test_the_suggestion_follows_the_decision_chosen(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "bundled", "Acme")  # the bundled items have remedies
    ws.set_answer(Role.CTO, "infrastructure.shared-layers", Answer(value=["none"]))
    ws.set_answer(Role.ENGINEER, "infrastructure.shared-layers", Answer(value=["ci-runners"]))
    ws.seal(Role.CTO)
    ws.seal(Role.ENGINEER)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop(pilot)
        screen.query_one(DivergenceGrid).move_to("infrastructure.shared-layers")
        await pilot.press("d")
        await finish(pilot)
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        remedies = ws.questionnaire.find("infrastructure.shared-layers")[1].remedies
        kinds = list(DecisionKind)
        for kind, remedy in ((kinds[0], remedies.eliminate), (kinds[1], remedies.accept)):
            dialog.query_one(RadioSet).query("RadioButton")[kinds.index(kind)].value = True
            await pilot.pause()
            shown = str(dialog.query_one("#suggested", Static).render())
            assert remedy is not None and remedy.action[:30] in shown
            assert days(remedy.effort_days) in shown


def test_days_are_counted_in_words() -> None:
    assert days(1) == "1 day" and days(0.5) == "0.5 days" and days(3) == "3 days"
