"""A whole audit through the app, by keyboard: two respondents answer and seal, the probe runs,
the map shows the classes, a decision is recorded and a PDF is exported."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_workshop import fake_probe
from tui_helpers import aio, build, finish, screen_text, settle

from stagegap.questionnaires.answers import Answer, Evidence
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.reconcile import Divergence
from stagegap.tui.screens.handover import HandoverScreen
from stagegap.tui.screens.home import HomeScreen
from stagegap.tui.screens.role_check import RoleCheckDialog
from stagegap.tui.screens.workshop import WorkshopScreen


def keys_for(
    layers: str, iac: str, reach: str, staging: str, names: str, date: str, story: str
) -> list[str]:
    """Answer the mini questionnaire in order, by keyboard only."""
    return [
        *layers,
        "ctrl+n",  # multiple choice: arrows and space
        *iac,
        "ctrl+n",  # ordinal scale
        *reach,
        "ctrl+n",  # yes / no
        *staging,
        "tab",
        "6",
        "enter",  # per environment: staging, then production; enter moves on
        "enter",
        "ctrl+n",  # single choice: the first option
        *names,
        "enter",
        *date,
        "enter",
        *story,
    ]


async def answer_and_seal(pilot, role_key: str, keys: list[str], *, switch: bool = False) -> None:
    await pilot.press(role_key)
    await pilot.pause()
    if switch:  # this terminal answered as the other role before: "Are you the engineer?"
        assert isinstance(pilot.app.screen, RoleCheckDialog)
        await pilot.press("enter")
        await settle(pilot)
    for key in keys:
        await pilot.press(key)
    await settle(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await finish(pilot)
    assert isinstance(pilot.app.screen, HandoverScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)


@aio
async def test_a_whole_audit_by_keyboard(ws: Workspace, tmp_path: Path) -> None:
    pytest.importorskip("stagegap.reports.export")
    where = Evidence(path="k8s/staging/db.yaml", line=3)
    probe = fake_probe(
        {
            "infrastructure.shared-layers": Answer(value=["database-server"], evidence=[where]),
            "infrastructure.iac-parity": Answer(value="little"),
            "infrastructure.network-reachability": Answer(value=True),
            "traffic.replicas": Answer(value={"staging": 1, "production": 6}),
            "traffic.autoscaling": Answer(value="fixed"),
            "env-vars.single-environment-vars": Answer(value=["SENTRY_DSN"]),
        }
    )
    app = build(ws, probe_runner=probe)
    async with app.run_test(size=(100, 32)) as pilot:
        # The CTO: nothing shared (the exclusive last option), all IaC, not reachable.
        await answer_and_seal(
            pilot,
            "c",
            keys_for(
                ["down", "down", "space"],
                ["enter"],
                ["down", "enter"],
                "2",
                "SENTRY_DSN",
                "2025-01-10",
                "A flag missing in production",
            ),
        )
        # The engineer: nothing shared, little IaC (third step), reachable, 1 staging replica.
        await answer_and_seal(
            pilot,
            "e",
            keys_for(
                ["down", "down", "space"],
                ["down", "down", "enter"],
                ["enter"],
                "1",
                "SENTRY_DSN, STRIPE_KEY",
                "2024-06-01",
                "Nothing I remember",
            ),
            switch=True,
        )
        manifest = Workspace.open(ws.root).manifest
        assert manifest.humans_sealed
        # The probe.
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await finish(pilot)
        assert "One database for both" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # The workshop.
        await pilot.press("w")
        await finish(pilot)
        workshop = app.screen
        assert isinstance(workshop, WorkshopScreen)
        classes = {r.id: r.divergence for r in workshop.audit.reconciliation.items}
        assert classes["infrastructure.shared-layers"] is Divergence.SHARED_BLIND_SPOT
        assert classes["infrastructure.iac-parity"] is Divergence.LEADERSHIP_BLIND_SPOT
        assert classes["traffic.replicas"] is Divergence.LEADERSHIP_BLIND_SPOT
        assert classes["env-vars.map-verified-on"] is Divergence.UNVERIFIED_DISAGREEMENT
        assert "!! Shared" in screen_text(app)  # glyph and class, coloured
        await pilot.press("down", "d")  # decide on the shared database
        await pilot.pause()
        await pilot.press("enter", "tab", *"Dana", "tab", *"2025-06-30", "ctrl+s")
        await finish(pilot)
        decision = Workspace.open(ws.root).decisions().decisions["infrastructure.shared-layers"]
        assert decision.owner == "Dana" and str(decision.due) == "2025-06-30"
        await pilot.press("escape")
        await pilot.pause()
        # The export: a real PDF.
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await finish(pilot)
        pdf = ws.exports_dir / "stagegap-acme-payments.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        assert "  stagegap-acme-payments.pdf" in screen_text(app)
    responses = Workspace.open(ws.root).responses()
    assert len(responses[Role.CTO].answers) == 8
    assert len(responses[Role.ENGINEER].answers) == 8
    assert responses[Role.ENGINEER].answers["env-vars.single-environment-vars"].value == [
        "SENTRY_DSN",
        "STRIPE_KEY",
    ]
