"""Fixtures for the app's tests: a small questionnaire's workspace and a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import MINI, NOW

from questionnaires import workspace as workspace_module
from questionnaires.workspace import Workspace


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace_module, "now", lambda: NOW)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "acme-audit", "Acme Payments", questionnaire_file=MINI)
