"""The workshop (map, detail, decisions, override), the probe walk and the export."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Input, Static, Tree
from tui_helpers import aio, build, finish, populate, screen_text, settle

from stagegap.questionnaires.answers import Answer, Evidence
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import DecisionKind, ProbeFinding, ProbeRecord
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.reconcile import Divergence
from stagegap.tui.screens.decision import DecisionDialog
from stagegap.tui.screens.export import ExportScreen
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.item_detail import ItemDetailScreen
from stagegap.tui.screens.override import OverrideDialog
from stagegap.tui.screens.probe_run import ProbeScreen
from stagegap.tui.screens.workshop import WorkshopScreen
from stagegap.tui.widgets.divergence_grid import DivergenceGrid


async def open_workshop(pilot: Any) -> WorkshopScreen:
    await pilot.press("w")
    await pilot.pause()
    await finish(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopScreen)
    return screen


@aio
async def test_the_map_shows_the_classes_reconciliation_found(ws: Workspace) -> None:
    populate(ws)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop(pilot)
        rec = screen.audit.reconciliation
        grid = screen.query_one(DivergenceGrid)
        assert grid.row_count == len(rec.dimensions) + len(rec.items)
        classes = {r.id: r.divergence for r in rec.items}
        assert classes["infrastructure.shared-layers"] is Divergence.SHARED_BLIND_SPOT
        assert classes["infrastructure.iac-parity"] is Divergence.LEADERSHIP_BLIND_SPOT
        assert classes["infrastructure.network-reachability"] is Divergence.TEAM_BLIND_SPOT
        assert classes["env-vars.single-environment-vars"] is Divergence.UNKNOWN
        assert classes["traffic.autoscaling"] is Divergence.ALIGNED
        shot = screen_text(app)
        assert "Shared blind spot" in shot and "Leadership blind spot" in shot
        await pilot.press("down")  # first item under the first dimension
        await pilot.pause()
        assert grid.current_result().id == "infrastructure.shared-layers"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemDetailScreen)
        shot = screen_text(app)
        assert "Separate accounts since 2023" in shot  # the CTO's note
        assert "deploy/staging/values.yaml:12" in shot  # the probe's evidence
        assert "one database server" in shot  # the finding


@aio
async def test_a_decision_is_recorded_at_once(ws: Workspace) -> None:
    populate(ws)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workshop(pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        await pilot.press("down", "down", "down", "enter")  # intentional difference
        dialog.query_one("#owner", Input).value = "Dana"
        dialog.query_one("#due", Input).value = "2025-06-30"
        dialog.query_one("#effort", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)  # an expiry is required
        dialog.query_one("#expires", Input).value = "2025-12-31"
        dialog.query_one("#reason", Input).value = "Staging shares the read replica on purpose"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await finish(pilot)
        await pilot.pause()
        assert app.screen is screen
        decision = Workspace.open(ws.root).decisions().decisions["infrastructure.shared-layers"]
        assert decision.kind is DecisionKind.INTENTIONAL
        assert decision.owner == "Dana" and str(decision.expires) == "2025-12-31"
        assert decision.effort_days == 2
        result = screen.audit.reconciliation.result("infrastructure.shared-layers")
        assert result.decision == decision and result.suppressed


@aio
@pytest.mark.parametrize("effort", ["inf", "nan", "-1", "1e9"])
async def test_an_effort_that_is_no_number_of_days_is_refused_in_place(
    ws: Workspace, effort: str
) -> None:
    populate(ws)
    app = build(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workshop(pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        dialog.query_one("#effort", Input).value = effort
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # still open, with the reason shown in it
        assert "Effort: a number of days" in str(dialog.query_one("#error", Static).render())
    assert "infrastructure.shared-layers" not in Workspace.open(ws.root).decisions().decisions


@aio
async def test_the_workshop_waits_for_both_seals_unless_overridden(ws: Workspace) -> None:
    populate(ws, seal=False)
    app = build(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert Workspace.open(ws.root).manifest.workshop_override is None
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"Dana", "enter", *"engineer on leave", "enter")
        await finish(pilot)
        await pilot.pause()
        await finish(pilot)
        assert isinstance(app.screen, WorkshopScreen)
    override = Workspace.open(ws.root).manifest.workshop_override
    assert override is not None and override.by == "Dana"


def fake_probe(
    result_answers: dict[str, Answer] | None = None, *, block: threading.Event | None = None
) -> Any:
    """A stand-in for probe.engine.run_probe with the same signature and result shape."""

    def run(
        root: Path, *, on_progress: Any = None, cancel: threading.Event | None = None, **_: Any
    ) -> Any:
        from stagegap.questionnaires.model import Role  # noqa: F401 - same imports as the real one

        for n, dim in enumerate(["infrastructure", "traffic", "env-vars"]):
            if on_progress:
                on_progress(dim, n / 3)
            if block is not None:
                block.wait(5)
            if cancel is not None and cancel.is_set():
                raise type("Cancelled", (Exception,), {})()
        where = Evidence(path="k8s/staging/db.yaml", line=3)
        record = ProbeRecord(
            root=str(root),
            ran_at=dt_now(),
            findings=[
                ProbeFinding(
                    id="x",
                    dimension="infrastructure",
                    severity="high",
                    summary="One database for both",
                    evidence=[where],
                    item="infrastructure.shared-layers",
                )
            ],
        )
        answers = result_answers or {
            "infrastructure.shared-layers": Answer(value=["database-server"], evidence=[where]),
            "not.an-item": Answer(value="ignored"),
        }
        return SimpleNamespace(answers=answers, record=lambda: record)

    return run


def dt_now() -> Any:
    from tui_helpers import NOW

    return NOW


async def run_probe_screen(app: Any, pilot: Any, root: Path) -> Any:
    await pilot.press("p")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ProbeScreen)
    screen.query_one("#path", Input).value = str(root)
    await pilot.press("ctrl+r")
    await finish(pilot)
    await pilot.pause()
    return screen


@aio
async def test_the_probe_walk_records_the_third_respondent(ws: Workspace) -> None:
    ws.seal(Role.CTO)
    ws.seal(Role.ENGINEER)
    app = build(ws, probe_runner=fake_probe())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_probe_screen(app, pilot, ws.root)
        tree = screen.query_one("#findings", Tree)
        assert tree.display
        assert "One database for both" in screen_text(app)
    probe = Workspace.open(ws.root).response(Role.PROBE)
    assert probe.answers["infrastructure.shared-layers"].value == ["database-server"]
    assert Workspace.open(ws.root).probe_record().findings[0].summary == "One database for both"


@aio
async def test_before_both_seals_the_probe_shows_only_counts(ws: Workspace) -> None:
    ws.seal(Role.CTO)  # the engineer has not sealed: they must not learn the configuration
    app = build(ws, probe_runner=fake_probe())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_probe_screen(app, pilot, ws.root)
        tree = screen.query_one("#findings", Tree)
        assert tree.display
        text = screen_text(app)
        assert "1 answer and 1 finding recorded" in text
        assert "Findings are shown once both" in text
        assert "One database for both" not in text and "db.yaml" not in text
        labels = " ".join(str(node.label) for node in tree.root.children)
        assert "One database" not in labels and "database-server" not in labels
    # it ran and was recorded all the same
    assert Workspace.open(ws.root).probe_record().findings[0].summary == "One database for both"


@aio
async def test_after_an_override_the_probe_shows_its_findings(ws: Workspace) -> None:
    ws.override_workshop("Dana", "the engineer left")
    app = build(ws, probe_runner=fake_probe())
    async with app.run_test(size=(100, 30)) as pilot:
        await run_probe_screen(app, pilot, ws.root)
        assert "One database for both" in screen_text(app)


@aio
async def test_export_before_both_seals_asks_for_the_override(ws: Workspace) -> None:
    app = build(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert "Export the report before both have sealed?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Workspace.open(ws.root).manifest.workshop_override is None


@aio
async def test_the_probe_can_be_cancelled(ws: Workspace) -> None:
    gate = threading.Event()
    app = build(ws, probe_runner=fake_probe(block=gate))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("escape")  # cancel
        gate.set()
        await finish(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ProbeScreen)
        assert "Cancelled" in screen_text(app)
    assert Workspace.open(ws.root).probe_record() is None


@aio
async def test_the_real_probe_runs_on_a_fixture_repository(tmp_path: Path) -> None:
    repos = Path(__file__).parents[1] / "fixtures" / "repos"
    repo = (
        next((p for p in sorted(repos.glob("*")) if p.is_dir()), None) if repos.exists() else None
    )
    if repo is None:
        import pytest

        pytest.skip("no fixture repository yet")
    ws = Workspace.create(tmp_path / "audit", "Acme Payments")  # the bundled questionnaire
    app = build(ws, cwd=repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await finish(pilot)
        await pilot.pause()
    assert Workspace.open(ws.root).probe_record() is not None
    assert Workspace.open(ws.root).response(Role.PROBE).answers


@aio
async def test_export_writes_each_chosen_format(ws: Workspace, tmp_path: Path) -> None:
    populate(ws)
    calls = []

    def exporter(audit: Any, fmt: str, target: Path, **kwargs: Any) -> Path:
        calls.append((fmt, kwargs["paper"]))
        kwargs["progress"]("rendering")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fmt)
        return target

    app = build(ws, exporter=exporter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.press("down", "down", "space")  # add Markdown to the PDF
        screen.query_one("#folder", Input).value = str(tmp_path / "out")
        await pilot.press("ctrl+r")
        await finish(pilot)
        await pilot.pause()
        assert [p.name for p in screen.paths] == [
            "stagegap-acme-payments.pdf",
            "stagegap-acme-payments.md",
        ]
        assert str(tmp_path / "out") in screen_text(app)
    assert calls == [("pdf", "a4"), ("md", "a4")]
