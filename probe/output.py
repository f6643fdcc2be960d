"""The probe's three outputs: the JSON contract (probe/CONTRACT.md), SARIF 2.1.0 for
code-scanning tools, and a Rich summary for people. All three pass through the redactor's last
scrub before they leave, whatever the rules did: every free text (summaries, details, excerpts,
notes, warnings' messages), never repository structure (paths, line numbers, ids). Every string
of the summary is made inert (probe/textsafe.py): a file name can hold a terminal escape; the
JSON escapes them too."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from stagegap.probe.checks import Check, catalogue, check_of
from stagegap.probe.engine import DIMENSION_ORDER, ProbeResult
from stagegap.probe.jsontext import dumps
from stagegap.probe.rules import DIMENSIONS
from stagegap.probe.textsafe import inert, inert_data, inert_json
from stagegap.questionnaires.answers import Answer, Evidence
from stagegap.questionnaires.response import SEVERITY_ORDER, ProbeFinding, ProbeRecord
from stagegap.questionnaires.severity import SEVERITY_RICH

if TYPE_CHECKING:  # Rich is loaded by `render` only: `--json` and SARIF never draw
    from rich.console import Console
    from rich.text import Text

CONTRACT_VERSION = 3
SEVERITY_STYLE = SEVERITY_RICH  # the one palette (questionnaires/severity.py), as the reports
SARIF_LEVEL = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "info": "note",
}
M = TypeVar("M", bound=BaseModel)


def _place(ev: Evidence) -> dict[str, Any]:
    return {"path": ev.path, "line": ev.line}


def locations(finding: ProbeFinding) -> dict[str, Any]:
    """The staging and the production location of a divergence, where each exists."""
    out: dict[str, Any] = {}
    for env in ("staging", "production"):
        ev = next((e for e in finding.evidence if e.environment == env), None)
        if ev is not None:
            out[env] = _place(ev)
    return out


def finding_dict(result: ProbeResult, finding: ProbeFinding) -> dict[str, Any]:
    data = finding.model_dump(mode="json")
    data["evidence"] = [
        {"path": e.path, "line": e.line, "excerpt": e.excerpt, "environment": e.environment}
        for e in finding.evidence
    ]
    data["locations"] = locations(finding)
    declared = result.intentional.get(finding.id)
    data["intentional"] = (
        None
        if declared is None
        else {
            "pattern": declared.pattern,
            "reason": declared.reason,
            "owner": declared.owner,
            "expires": declared.expires.isoformat() if declared.expires else None,
        }
    )
    return data


def to_dict(result: ProbeResult) -> dict[str, Any]:
    counts: Counter[str] = Counter(f.severity for f in result.findings)
    return {
        "version": CONTRACT_VERSION,
        "root": str(result.root),
        "ran_at": result.ran_at.isoformat(),
        "environments": result.environments,
        "summary": {
            "files_read": result.files_read,
            "findings": len(result.findings),
            "by_severity": {
                s: counts.get(s, 0)
                for s in sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__, reverse=True)
            },
            "by_dimension": {
                d: sum(1 for f in result.findings if f.dimension == d) for d, _ in DIMENSIONS
            },
            "answered": len(result.answers),
        },
        "findings": [finding_dict(result, f) for f in result.findings],
        "answers": {
            k: a.model_dump(mode="json", exclude_none=True)
            for k, a in sorted(result.answers.items())
        },
        "env_vars": [row.model_dump(mode="json") for row in result.env_vars],
        "warnings": result.warnings,
    }


def to_json(result: ProbeResult) -> str:
    return inert_json(dumps(result.redactor.scrub_data(to_dict(result))))


def to_sarif(result: ProbeResult) -> str:
    """SARIF 2.1.0: one rule per catalogued check (probe/checks.yaml), one result per
    finding; the run's properties say which pair of environments was compared and why."""
    catalogued = catalogue()
    rules = [sarif_rule(check) for check in catalogued.values()]
    rule_index = {check_id: i for i, check_id in enumerate(catalogued)}
    results = []
    for finding in result.findings:
        rule_id = check_of(finding.id)
        if rule_id not in rule_index:  # a finding the catalogue misses still has a rule
            rule_index[rule_id] = len(rules)
            rules.append(
                {
                    "id": rule_id,
                    "name": rule_id.replace("/", "-"),
                    "shortDescription": {"text": f"{finding.dimension}: {rule_id}"},
                    "properties": {"dimension": finding.dimension},
                }
            )
        first, *rest = finding.evidence or [Evidence(path=".")]
        entry: dict[str, Any] = {
            "ruleId": rule_id,
            "ruleIndex": rule_index[rule_id],
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": finding.summary},
            "locations": [_sarif_location(first)],
            "partialFingerprints": {"stagegapFinding/v1": finding.id},
            "properties": {
                "severity": finding.severity,
                "dimension": finding.dimension,
                "item": finding.item,
                "service": finding.service,
                "details": finding.details,
                "intentional": finding.id in result.intentional,
            },
        }
        if rest:
            entry["relatedLocations"] = [
                {
                    **_sarif_location(ev),
                    "id": index,
                    "message": {"text": f"{ev.environment or 'shared'}: {ev.excerpt}"},
                }
                for index, ev in enumerate(rest, start=1)
            ]
        if finding.id in result.intentional:
            declared = result.intentional[finding.id]
            entry["suppressions"] = [{"kind": "external", "justification": declared.reason}]
        results.append(entry)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stagegap-probe",
                        "informationUri": "https://github.com/stagegap/stagegap",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": result.root.resolve().as_uri() + "/"}},
                "results": results,
                "properties": {
                    "compared": result.environments.get("compared", {}),
                    "otherEnvironments": result.environments.get("others", []),
                },
            }
        ],
    }
    return inert_json(dumps(result.redactor.scrub_data(sarif)))


def sarif_rule(check: Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "name": check.id.replace("/", "-"),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.why},
        "help": {"text": f"{check.why} Remedy: {check.remedy}"},
        "defaultConfiguration": {"level": SARIF_LEVEL[check.severity]},
        "properties": {
            "dimension": check.dimension,
            "item": check.item,
            "severity": check.severity,
        },
    }


def checks_dict() -> list[dict[str, Any]]:
    """The catalogue for machines (`stagegap probe --list-checks --json`)."""
    return [
        {
            "id": c.id,
            "dimension": c.dimension,
            "item": c.item,
            "severity": c.severity,
            "title": c.title,
            "why": c.why,
            "remedy": c.remedy,
        }
        for c in catalogue().values()
    ]


def render_checks(console: Console) -> None:
    """The catalogue for people (`stagegap probe --list-checks`); why and remedy are in the
    JSON listing and the SARIF rules."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="stagegap probe checks", caption="--list-checks --json adds why and remedy")
    table.add_column("check", no_wrap=True, style="bold")
    table.add_column("severity", no_wrap=True)
    table.add_column("title")
    dimension = None
    for check in catalogue().values():
        if dimension is not None and check.dimension != dimension:
            table.add_section()
        dimension = check.dimension
        table.add_row(
            check.id, Text(check.severity, style=SEVERITY_STYLE[check.severity]), check.title
        )
    console.print(table)


def _sarif_location(ev: Evidence) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": ev.path, "uriBaseId": "SRCROOT"}}
    if ev.line:
        physical["region"] = {"startLine": ev.line}
    return {"physicalLocation": physical}


def render(result: ProbeResult, console: Console, *, details: bool = False) -> None:
    """Grouped by dimension, coloured by severity, with counts; the default terminal output."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    counts: Counter[str] = Counter(f.severity for f in result.findings)

    def scrub(text: str) -> str:  # free text only: paths are repository structure
        return inert(result.redactor.scrub(text))

    header = Text.assemble(
        ("stagegap probe ", "bold"),
        (inert(str(result.root)), "bold cyan"),
        f"\n  {result.files_read} files read, {len(result.findings)} findings: ",
    )
    for severity in sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__, reverse=True):
        if counts.get(severity):
            header.append(f"{counts[severity]} {severity}  ", style=SEVERITY_STYLE[severity])
    parts: list[Any] = [header, *_comparison_lines(result)]
    for path, why in result.environments.get("set_aside", {}).items():
        parts.append(Text(inert(f"  set aside: {path}, {why}"), style="dim"))
    for src in result.environments.get("live", []):  # probe/live: sources read, and when
        parts.append(
            Text(inert(f"  live: {src['source']} {src['status']} at {src['read_at']}"), "dim")
        )
    by_dim: dict[str, list[ProbeFinding]] = {}
    for finding in result.findings:
        by_dim.setdefault(finding.dimension, []).append(finding)
    for dimension in sorted(by_dim, key=lambda d: DIMENSION_ORDER.get(d, 99)):
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column("severity", width=9, no_wrap=True)
        table.add_column("finding", ratio=1)
        for finding in by_dim[dimension]:
            where = Text()
            for env, place in locations(finding).items():
                line = f":{place['line']}" if place["line"] else ""
                where.append(inert(f"{env}: {place['path']}{line}  "), style="dim")
            if not locations(finding) and finding.evidence:
                ev = finding.evidence[0]
                line = f":{ev.line}" if ev.line else ""
                where.append(inert(f"{ev.path}{line}"), style="dim")
            body = Text(scrub(finding.summary))
            if finding.id in result.intentional:
                body.append("  (declared intentional)", style="green")
            if where:  # "no load test exists" has no place to point at
                body.append("\n")
                body.append_text(where)
            if details and finding.details:
                body.append("\n" + scrub(finding.details), style="italic")
            table.add_row(Text(finding.severity, style=SEVERITY_STYLE[finding.severity]), body)
        parts.append(
            Panel(table, title=inert(f"{dimension} ({len(by_dim[dimension])})"), title_align="left")
        )
    live = sum(1 for a in result.answers.values() if a.note.startswith("read from live state"))
    said = f" ({live} from live state)" if live else ""  # probe/live
    parts.append(Text(f"{len(result.answers)} questionnaire items answered{said}", style="dim"))
    if result.warnings:
        parts.append(Text(f"{len(result.warnings)} warnings:", style="yellow"))
        for warning in result.redactor.scrub_data({"warnings": result.warnings[:50]})["warnings"]:
            parts.append(Text(f"  {inert(warning)}", style="yellow"))
    console.print(Group(*parts))


def _comparison_lines(result: ProbeResult) -> list[Text]:
    """Which pair was compared and why, each side's files, and the environments left out."""
    from rich.text import Text

    compared = result.environments.get("compared", {})
    lines = []
    if compared:
        lines.append(
            Text(
                inert(
                    f"  compared {compared.get('staging')} with {compared.get('production')}: "
                    f"{compared.get('reason')}"
                ),
                style="dim",
            )
        )
    for side in ("staging", "production"):
        files = result.environments.get(side, {}).get("files", [])
        named = compared.get(side)
        label = side if named in (None, side) else f"{side} ({named})"
        lines.append(
            Text(
                inert(
                    f"  {label}: {len(files)} files "
                    f"({', '.join(result.environments.get(side, {}).get('sources', []))})"
                ),
                style="dim",
            )
        )
    others = [e for e in result.environments.get("discovered", []) if not e.get("compared_as")]
    if others:
        listed = ", ".join(f"{e['name']} ({len(e['files'])} files)" for e in others)
        lines.append(Text(inert(f"  not compared: {listed}"), style="dim"))
    return lines


def safe_model(model: M, result: ProbeResult) -> M:
    """The model after the redactor's scrub, made inert, for anything written to a workspace
    (reports and the app print it later)."""
    data = inert_data(result.redactor.scrub_data(model.model_dump(mode="json")))
    return type(model).model_validate(data)


def safe_answers(result: ProbeResult) -> dict[str, Answer]:
    return {k: safe_model(a, result) for k, a in result.answers.items()}


def safe_record(result: ProbeResult) -> ProbeRecord:
    return safe_model(result.record(), result)
