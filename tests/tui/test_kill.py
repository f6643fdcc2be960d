"""SIGKILL mid-session loses nothing that the app had shown as saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace

HERE = Path(__file__).parent


def test_killing_the_app_mid_session_keeps_every_saved_answer(ws: Workspace) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parents[1]), str(HERE)])}
    process = subprocess.Popen(
        [sys.executable, str(HERE / "killed_session.py"), str(ws.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    saved: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("SAVED "):
                saved.append(line.split()[1])
            if len(saved) == 6:  # mid-session: two items still to come
                break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert len(saved) == 6, process.stderr.read() if process.stderr else ""
    response = Workspace.open(ws.root).response(Role.CTO)
    for item_id in saved:
        assert response.current(item_id) is not None, f"{item_id} lost"
    assert response.answers["traffic.replicas"].value == {"staging": 3.0, "production": 9.0}
    assert response.answers["traffic.autoscaling"].dont_know
    assert response.answers["env-vars.single-environment-vars"].value == ["API_KEY", "FLAG"]
    assert response.position in ws.questionnaire.item_ids()
