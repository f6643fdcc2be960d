"""Every screen at 80x24 and 120x40. Regenerate with --snapshot-update, then look at the SVGs
(tests/tui/__snapshots__/) before committing them: each test says what a reviewer should see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_workshop import fake_probe
from textual.widgets import Input
from tui_helpers import MINI, build, finish, populate

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, so every path the app shows is short and the same on every machine."""
    monkeypatch.chdir(tmp_path)
    repo = tmp_path / "repo"
    for sub in ("deploy/staging", "deploy/production", ".github/workflows"):
        (repo / sub).mkdir(parents=True)
    (repo / "docker-compose.yml").write_text("services: {}\n")
    return tmp_path


@pytest.fixture
def audit(here: Path) -> Workspace:
    ws = Workspace.create(Path("acme-audit"), "Acme Payments", questionnaire_file=MINI)
    populate(ws)
    return ws


@pytest.fixture
def fresh(here: Path) -> Workspace:
    return Workspace.create(Path("acme-audit"), "Acme Payments", questionnaire_file=MINI)


def app_for(ws: Workspace | None, **kwargs: Any) -> Any:
    return build(ws, cwd=Path("repo") if ws is not None else Path("new-audit"), **kwargs)


async def workers(pilot: Any) -> None:
    await finish(pilot)


async def session_ready(pilot: Any) -> None:
    """Wait until the session shows its item with the answer focused and every editor the
    session builds in the background is built (their mounting restyles the screen)."""
    from stagegap.tui.screens.session import SessionScreen

    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    while not screen.editors_built:
        await pilot.pause(0.05)
    await finish(pilot)
    assert screen.focused is not None


# ------------------------------------------------------------------------------------- home


@pytest.mark.parametrize("size", SIZES)
def test_create_dialog(snap_compare: Any, here: Path, size: tuple[int, int]) -> None:
    """No workspace yet: the create dialog over an empty home, organisation focused."""
    (here / "new-audit").mkdir()
    assert snap_compare(app_for(None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_fresh(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """A new workspace: nobody started, the probe not run, next step says who answers."""
    assert snap_compare(app_for(fresh), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_complete(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """Both sealed (dated 2025-03-14), probe ran with 1 finding; next step: the workshop."""
    assert snap_compare(app_for(audit), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_light_theme(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """The same home in the light theme: every colour still reads."""
    assert snap_compare(app_for(audit, theme="textual-light"), terminal_size=size)


# ---------------------------------------------------------------------------------- session


@pytest.mark.parametrize("size", SIZES)
def test_session_first_item(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """The CTO's session: sidebar of dimensions with 0/n, the multiple choice focused."""

    async def run_before(pilot: Any) -> None:
        await pilot.press("c")
        await session_ready(pilot)

    assert snap_compare(app_for(fresh), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_session_per_environment(
    snap_compare: Any, fresh: Workspace, size: tuple[int, int]
) -> None:
    """A number per environment: staging answered, production missing, the hint says so."""
    fresh.set_position(Role.ENGINEER, "traffic.replicas")
    fresh.set_answer(Role.ENGINEER, "infrastructure.iac-parity", Answer(dont_know=True))

    async def run_before(pilot: Any) -> None:
        await pilot.press("e")
        await session_ready(pilot)
        await pilot.press("3")
        await workers(pilot)

    assert snap_compare(app_for(fresh), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_seal_dialog(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """Seal summary: 1 of 8 answered ("I don't know"), the unanswered listed, Keep focused."""
    fresh.set_answer(Role.CTO, "infrastructure.iac-parity", Answer(dont_know=True))

    async def run_before(pilot: Any) -> None:
        await pilot.press("c")
        await session_ready(pilot)
        await pilot.press("ctrl+s")

    assert snap_compare(app_for(fresh), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_handover(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """The neutral screen: no answers, only that the CTO's are saved."""
    assert snap_compare(app_for(fresh), press=["c", "escape"], terminal_size=size)


# ------------------------------------------------------------------------------------ probe


@pytest.mark.parametrize("size", SIZES)
def test_probe_setup(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """The path to read ('repo') and the folder tree below it."""

    async def run_before(pilot: Any) -> None:
        await pilot.press("p")
        await workers(pilot)

    assert snap_compare(app_for(fresh), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_probe_findings(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """Both sealed, after the run: full bar, all dimensions ticked, the log, one finding with
    evidence."""
    fresh.seal(Role.CTO)
    fresh.seal(Role.ENGINEER)

    async def run_before(pilot: Any) -> None:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await workers(pilot)
        await pilot.press("down", "down", "enter")

    app = app_for(fresh, probe_runner=fake_probe())
    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_probe_findings_withheld(
    snap_compare: Any, fresh: Workspace, size: tuple[int, int]
) -> None:
    """Nobody sealed yet: the run's progress and log, the counts, and the line saying findings
    are shown once both have sealed; no finding, no evidence."""

    async def run_before(pilot: Any) -> None:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await workers(pilot)

    app = app_for(fresh, probe_runner=fake_probe())
    assert snap_compare(app, run_before=run_before, terminal_size=size)


# --------------------------------------------------------------------------------- workshop


async def open_workshop(pilot: Any) -> None:
    await pilot.press("w")
    await workers(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_workshop_map(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """The map: shared blind spot (!!, red), leadership (C), team (E), unknown (?), aligned;
    the detail of the shared database below it."""

    async def run_before(pilot: Any) -> None:
        await open_workshop(pilot)
        await pilot.press("down")

    assert snap_compare(app_for(audit), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_item_detail(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """Side by side: the three answers, the CTO's note, the probe's evidence and finding."""

    async def run_before(pilot: Any) -> None:
        await open_workshop(pilot)
        await pilot.press("down", "enter")

    assert snap_compare(app_for(audit), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_decision_dialog(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """The decision form, prefilled with the suggestion; the kinds as a radio set."""

    async def run_before(pilot: Any) -> None:
        await open_workshop(pilot)
        await pilot.press("down", "d")

    assert snap_compare(app_for(audit), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_workshop_agenda(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """The agenda: every gap worst first, 'to decide' until a decision is recorded."""

    async def run_before(pilot: Any) -> None:
        await open_workshop(pilot)
        await pilot.press("a")

    assert snap_compare(app_for(audit), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_override_dialog(snap_compare: Any, here: Path, size: tuple[int, int]) -> None:
    """Opening the workshop early: who has not sealed, name and reason asked."""
    ws = Workspace.create(Path("acme-audit"), "Acme Payments", questionnaire_file=MINI)
    populate(ws, seal=False)
    assert snap_compare(app_for(ws), press=["w"], terminal_size=size)


# ----------------------------------------------------------------------------- export, help


@pytest.mark.parametrize("size", SIZES)
def test_export_done(snap_compare: Any, audit: Workspace, size: tuple[int, int]) -> None:
    """Formats chosen (PDF), the bar full, the written file named."""

    def exporter(audit_: Any, fmt: str, target: Path, **kwargs: Any) -> Path:
        kwargs["progress"]("Rendering")
        return target

    async def run_before(pilot: Any) -> None:
        await pilot.press("x")
        await pilot.pause()
        pilot.app.screen.query_one("#folder", Input).value = "exports"
        await pilot.press("ctrl+r")
        await workers(pilot)

    assert snap_compare(
        app_for(audit, exporter=exporter), run_before=run_before, terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, fresh: Workspace, size: tuple[int, int]) -> None:
    """The help: how an audit runs, then every key (read off the UI thread: waited for)."""

    async def run_before(pilot: Any) -> None:
        await pilot.press("f1")
        await workers(pilot)

    assert snap_compare(app_for(fresh), run_before=run_before, terminal_size=size)
