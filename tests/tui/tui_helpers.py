"""Helpers for the app's tests: build the app as the CLI does, wait on the writer thread."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.workspace import Workspace

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
TODAY = dt.date(2025, 3, 14)
NOW = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def build(workspace: Workspace | None, cwd: Path | None = None, **kwargs: Any) -> Any:
    from stagegap.tui.app import make_app

    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("cursor_blink", False)
    app = make_app(workspace, cwd=cwd or (workspace.root if workspace else Path.cwd()), **kwargs)
    app.animation_level = "none"  # no scroll or fade still running when a screenshot is taken
    app.NOTIFICATION_TIMEOUT = 120  # a toast in a screenshot must not expire on a slow machine
    return app


async def settle(pilot: Any) -> None:
    """Let the UI handle what was pressed, then wait for the writer thread to finish."""
    await pilot.pause()
    assert pilot.app.saver.flush(timeout=10)
    await pilot.pause()


def aio(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no asyncio plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def populate(ws: Workspace, *, seal: bool = True, probe: bool = True) -> None:
    """A complete small audit: both humans answer (and seal), the probe answers with evidence.

    Chosen so the map shows several classes: a shared blind spot (both humans say no database
    is shared, the configuration shows one), a leadership blind spot, a team blind spot, an
    unknown, aligned items and unverified ones."""
    from stagegap.questionnaires.answers import Confidence, Evidence
    from stagegap.questionnaires.model import Role
    from stagegap.questionnaires.response import ProbeFinding, ProbeRecord

    cto = {
        "infrastructure.shared-layers": Answer(
            value=["none"], confidence=Confidence.HIGH, note="Separate accounts since 2023"
        ),
        "infrastructure.iac-parity": Answer(value="all"),
        "infrastructure.network-reachability": Answer(value=False),
        "traffic.replicas": Answer(value={"staging": 2, "production": 6}),
        "traffic.autoscaling": Answer(value="hpa"),
        "env-vars.single-environment-vars": Answer(dont_know=True),
        "env-vars.map-verified-on": Answer(value="2025-01-10"),
        "env-vars.story": Answer(value="A missing flag in production."),
    }
    engineer = {
        "infrastructure.shared-layers": Answer(value=["none"], note="I think so"),
        "infrastructure.iac-parity": Answer(value="little", confidence=Confidence.HIGH),
        "infrastructure.network-reachability": Answer(value=True),
        "traffic.replicas": Answer(value={"staging": 1, "production": 6}),
        "traffic.autoscaling": Answer(value="hpa"),
        "env-vars.single-environment-vars": Answer(value=["SENTRY_DSN"]),
        "env-vars.map-verified-on": Answer(value="2024-06-01"),
        "env-vars.story": Answer(value="Nothing I remember."),
    }
    for item_id, answer in cto.items():
        ws.set_answer(Role.CTO, item_id, answer)
    for item_id, answer in engineer.items():
        ws.set_answer(Role.ENGINEER, item_id, answer)
    if seal:
        ws.seal(Role.CTO, by="Dana (CTO)")
        ws.seal(Role.ENGINEER, by="Sam")
    if probe:
        where = Evidence(
            path="deploy/staging/values.yaml", line=12, excerpt="DATABASE_HOST=db-main.internal"
        )
        answers = {
            "infrastructure.shared-layers": Answer(value=["database-server"], evidence=[where]),
            "infrastructure.iac-parity": Answer(value="little"),
            "infrastructure.network-reachability": Answer(value=False),
            "traffic.replicas": Answer(value={"staging": 1, "production": 6}),
            "traffic.autoscaling": Answer(value="hpa"),
            "env-vars.single-environment-vars": Answer(value=["SENTRY_DSN"]),
        }
        finding = ProbeFinding(
            id="infrastructure.shared-database",
            dimension="infrastructure",
            severity="critical",
            summary="Staging and production use one database server",
            item="infrastructure.shared-layers",
            evidence=[where],
        )
        ws.record_probe(answers, ProbeRecord(root="/srv/repo", ran_at=NOW, findings=[finding]))


def screen_text(app: Any) -> str:
    """What is on the screen, as plain text lines (read back from the SVG screenshot)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for m in re.finditer(pattern, svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            column = round(x / 12.2)
            line = line.ljust(column) + text
        lines.append(line.replace("\xa0", " ").rstrip())
    return "\n".join(lines)


async def finish(pilot: Any) -> None:
    """Wait for the app's own workers (not DirectoryTree's endless loader), then the writer."""
    app = pilot.app
    await pilot.pause()
    for _ in range(3):
        workers = [w for w in app.workers if w.group != "_loader"]
        if workers:
            await app.workers.wait_for_complete(workers)
        await pilot.pause()
    assert app.saver.flush(timeout=10)
    await pilot.pause()


def notices(app: Any, title: str | None = None) -> list[str]:
    """The notifications raised so far (run_test() does not draw toasts), optionally by title."""
    return [n.message for n in app._notifications if title is None or n.title == title]
