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


@pytest.fixture(autouse=True)
def _unexpected_errors_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line turns an unexpected exception into one error line; in tests it must
    raise (and a subprocess print its traceback), so a bug fails its test instead of passing
    as a tidy message. tests/core/test_hostile_input.py unsets it to test the guard itself."""
    monkeypatch.setenv("STAGEGAP_DEBUG", "1")
