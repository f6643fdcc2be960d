"""Run by test_kill.py in a subprocess: start the app headless on a workspace, answer items as
the CTO by keyboard, and print each item id once the app shows it as saved. Then keep going
until the test kills this process with SIGKILL."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.app import make_app


async def main(root: Path) -> None:
    app = make_app(Workspace.open(root), cwd=root, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        steps = [
            ["space"],  # shared layers: database server
            ["enter"],  # IaC parity: all
            ["down", "enter"],  # reachable: no
            ["3", "tab", "9"],  # replicas, per environment
            ["ctrl+d"],  # autoscaling: I don't know
            [*"API_KEY, FLAG"],
            [*"2025-02-01"],
            [*"typed before the kill"],
        ]
        for keys in steps:
            item_id = screen.entries[screen.index][0]
            await pilot.press(*keys)
            await pilot.pause()
            while not app.saver.idle:  # what the user sees as "all changes saved"
                await asyncio.sleep(0.005)
            print(f"SAVED {item_id}", flush=True)
            await pilot.press("ctrl+n")
            await pilot.pause()
        print("ALL", flush=True)
        await asyncio.sleep(60)  # killed here, mid-session, never quitting cleanly


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
