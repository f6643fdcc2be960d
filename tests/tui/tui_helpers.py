"""Helpers for the app's tests: build the app as the CLI does, wait on the writer thread."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from questionnaires.workspace import Workspace

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
TODAY = dt.date(2025, 3, 14)
NOW = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def build(workspace: Workspace | None, cwd: Path | None = None, **kwargs: Any) -> Any:
    from tui.app import make_app

    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("cursor_blink", False)
    return make_app(workspace, cwd=cwd or (workspace.root if workspace else Path.cwd()), **kwargs)


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
