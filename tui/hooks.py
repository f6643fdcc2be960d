"""The app's typed hooks into the core: how it runs the probe and renders a report.

The defaults call stagegap.probe.engine.run_probe and stagegap.reports.export.export_audit
(imported late: the probe and WeasyPrint are slow to load); tests pass stand-ins with the same
shape, which mypy checks against these protocols.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Questionnaire
from stagegap.questionnaires.response import ProbeRecord

if TYPE_CHECKING:
    from stagegap.reports.audit import Audit

ProbeProgressHook = Callable[[str, float], None]  # (dimension id or stage, fraction done)
ExportProgressHook = Callable[[str], None]  # one line per rendering stage


class ProbeOutcome(Protocol):
    """What a probe run hands back: its answers and the record kept beside them."""

    @property
    def answers(self) -> Mapping[str, Answer]: ...

    def record(self) -> ProbeRecord: ...


class ProbeRunner(Protocol):
    def __call__(
        self,
        root: Path,
        *,
        on_progress: ProbeProgressHook | None = None,
        cancel: threading.Event | None = None,
        questionnaire: Questionnaire | None = None,
        today: dt.date | None = None,
    ) -> ProbeOutcome: ...


class Exporter(Protocol):
    def __call__(
        self,
        audit: Audit,
        fmt: str,
        target: Path,
        *,
        paper: str = "a4",
        progress: ExportProgressHook | None = None,
        generated_on: dt.date | None = None,
    ) -> Path: ...


class _Recorded:
    """A probe result as the workspace may keep it: answers and record after the redactor's
    last scrub, made inert (the command line records the same through probe.output)."""

    def __init__(self, answers: Mapping[str, Answer], record: ProbeRecord) -> None:
        self._answers = answers
        self._record = record

    @property
    def answers(self) -> Mapping[str, Answer]:
        return self._answers

    def record(self) -> ProbeRecord:
        return self._record


def run_probe(root: Path, **options: Any) -> ProbeOutcome:
    """The real probe (a ProbeRunner), imported on first use."""
    from stagegap.probe.engine import run_probe as engine_run
    from stagegap.probe.output import safe_answers, safe_record

    result = engine_run(root, **options)
    return _Recorded(safe_answers(result), safe_record(result))


def export_audit(audit: Audit, fmt: str, target: Path, **options: Any) -> Path:
    """The real renderer (an Exporter), imported on first use."""
    from stagegap.reports.export import export_audit as render

    return render(audit, fmt, target, **options)
