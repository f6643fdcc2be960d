"""`stagegap demo`: a complete audit of a bundled sample configuration, PDF included.

The sample is a fictional shop whose CTO and engineer disagree the way real teams do (the CTO
believes staging is fully isolated; the engineer knows about the shared CI runners but not the
shared database server; both believe background jobs are off in staging). The answers are
chosen so that every divergence class of the design appears at least once, and the workshop's
decisions include an intentional difference with an expiry, so the demo exercises every part
of the report.

Dates in the bundled data are written relative to the day the demo runs ("today-160d"), so the
sample stays coherent whenever it is run: seals, due dates and expiries never drift into the past.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from stagegap.questionnaires.answers import Answer, AnswerError, checked
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Costs, Decision, ProbeRecord
from stagegap.questionnaires.workspace import Workspace, WorkspaceError

ORGANISATION = "Larkspur Commerce"
MARKER = ".stagegap-demo"
WORKSPACE_DIR = "workspace"
REPORT_PDF = "report.pdf"
REPORT_HTML = "report.html"
DEMO_COSTS = Costs(
    currency="EUR",
    day_rate=750.0,
    incident_hour_cost=6000.0,
    incidents_per_year=5.0,
    hours_per_incident=3.0,
)
_RELATIVE = re.compile(r"^today([+-]\d+)d$")

ProbeSource = Literal["live", "recorded"]


def data_dir() -> Path:
    """The bundled answers and decisions; a real directory both in a checkout and a wheel."""
    return Path(str(resources.files(__package__ or "stagegap.reports.demo") / "data"))


def sample_repo() -> Path:
    return Path(str(resources.files(__package__ or "stagegap.reports.demo") / "sample-repo"))


def run_demo(
    out: Path,
    progress: Callable[[str], None] = lambda _line: None,
    *,
    today: dt.date | None = None,
    paper: str = "a4",
    probe: Literal["auto", "recorded"] = "auto",
) -> Path:
    """Build the demo workspace in OUT/workspace, render OUT/report.pdf and OUT/report.html.

    A previous demo in OUT is replaced; anything else there is left alone, and a workspace or
    report this function did not write is never overwritten. `probe="recorded"` skips the live
    probe, for tests that must not change when the probe's rules improve.
    """
    from stagegap.reports.audit import load_audit
    from stagegap.reports.export import export_audit

    today = today or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    root = out / WORKSPACE_DIR
    _clear_previous_demo(out, root)

    progress(f"Creating the demo workspace in {root}")
    workspace = Workspace.create(root, ORGANISATION)
    (root / MARKER).write_text("Created by `stagegap demo`; rerunning the demo replaces it.\n")
    workspace.set_costs(DEMO_COSTS)

    for role in (Role.CTO, Role.ENGINEER):
        answers, name = load_answers(workspace, role, today)
        workspace.import_answers(role, answers, name)
        workspace.seal(role)
        progress(f"{role.label} ({name}): {len(answers)} answers imported and sealed")
    # After the seal the CTO corrects one answer; the report shows the sealed original too.
    workspace.set_answer(
        Role.CTO,
        "infrastructure.inventory-confidence",
        Answer(
            value="documented-unverified",
            confidence=_confidence("medium"),
            note="On reflection the wiki list was not checked since the 2023 migration.",
        ),
        reason="corrected after the seal",
    )

    source = _probe(sample_repo(), workspace, today, live=probe == "auto")
    progress(f"Probe ({source}): read the sample configuration repository")

    decisions = load_decisions(today)
    for item_id, decision in decisions.items():
        workspace.set_decision(item_id, decision)
    progress(f"Workshop: {len(decisions)} decisions recorded")

    audit = load_audit(workspace, today=today)
    reconciliation = audit.reconciliation
    progress(
        f"Reconciled: {len(reconciliation.diverging_dimensions)} of "
        f"{len(reconciliation.dimensions)} dimensions diverge, "
        f"{len(reconciliation.register)} items in the risk register"
    )
    html = export_audit(audit, "html", out / REPORT_HTML, paper=paper, generated_on=today)
    progress(f"Wrote {html}")
    pdf = export_audit(
        audit, "pdf", out / REPORT_PDF, paper=paper, generated_on=today, progress=progress
    )
    return pdf


def _clear_previous_demo(out: Path, root: Path) -> None:
    """Only a directory carrying the demo's marker is ever removed."""
    ours = (root / MARKER).is_file()
    if root.exists() and not ours:
        raise WorkspaceError(
            f"{root} exists and was not created by `stagegap demo`; choose another --out"
        )
    for name in (REPORT_PDF, REPORT_HTML):
        if (out / name).exists() and not ours:
            raise WorkspaceError(
                f"{out / name} exists and was not written by `stagegap demo`; choose another --out"
            )
    if ours:
        shutil.rmtree(root)


def _probe(repo: Path, workspace: Workspace, today: dt.date, live: bool = True) -> ProbeSource:
    """The live probe when it is installed and works on the sample; else the recorded run."""
    try:
        from stagegap.probe.engine import run_probe
    except ImportError:
        live = False
    if live:
        try:
            result = run_probe(repo, questionnaire=workspace.questionnaire, today=today)
            workspace.record_probe(result.answers, result.record())
            return "live"
        except Exception:  # noqa: BLE001 - the recorded run is the documented fallback
            pass
    answers, _name = load_answers(workspace, Role.PROBE, today)
    record = load_probe_record(today)
    workspace.record_probe(answers, record)
    return "recorded"


def load_answers(workspace: Workspace, role: Role, today: dt.date) -> tuple[dict[str, Answer], str]:
    raw = _read_yaml(f"{role.value}.yaml")
    answers: dict[str, Answer] = {}
    for item_id, entry in (raw.get("answers") or {}).items():
        found = workspace.questionnaire.find(item_id)
        if found is None:
            raise WorkspaceError(f"demo data: {item_id!r} is not in the bundled questionnaire")
        answer = Answer.model_validate(_resolve_dates(entry, today))
        try:
            answers[item_id] = checked(found[1], answer)
        except AnswerError as exc:
            raise WorkspaceError(f"demo data: {item_id}: {exc}") from None
    return answers, str(raw.get("respondent", ""))


def load_probe_record(today: dt.date) -> ProbeRecord:
    raw = _read_yaml("probe-record.yaml")
    raw["ran_at"] = dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC)
    return ProbeRecord.model_validate(raw)


def load_decisions(today: dt.date) -> dict[str, Decision]:
    raw = _read_yaml("decisions.yaml")
    return {
        item_id: Decision.model_validate(_resolve_dates(entry, today))
        for item_id, entry in (raw.get("decisions") or {}).items()
    }


def _read_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load((data_dir() / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise WorkspaceError(f"demo data {name}: expected a mapping")
    return data


def _resolve_dates(value: Any, today: dt.date) -> Any:
    if isinstance(value, str) and (match := _RELATIVE.match(value)):
        return today + dt.timedelta(days=int(match.group(1)))
    if isinstance(value, Mapping):
        return {k: _resolve_dates(v, today) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_dates(v, today) for v in value]
    return value


def _confidence(level: str) -> Any:
    from stagegap.questionnaires.answers import Confidence

    return Confidence(level)
