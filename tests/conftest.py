"""Shared fixtures: a fresh workspace on the bundled questionnaire, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stagegap.questionnaires.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "audit", "Acme Payments")
