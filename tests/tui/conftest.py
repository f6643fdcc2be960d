"""Fixtures for the app's tests: a small questionnaire's workspace and a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import MINI, NOW

from stagegap.questionnaires import workspace as workspace_module
from stagegap.questionnaires.workspace import Workspace


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace_module, "now", lambda: NOW)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the user's own keymap."""
    from stagegap.tui import keymap

    folder = tmp_path / "config"
    monkeypatch.setattr(keymap, "config_dir", lambda: folder)
    return folder


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "acme-audit", "Acme Payments", questionnaire_file=MINI)
