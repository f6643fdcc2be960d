"""Staging's database against production's: version, settings, extensions, schema drift,
migration drift and the size ratio, as findings and answers with `postgres:<env>/<object>`
evidence."""

from __future__ import annotations

from dataclasses import dataclass

from stagegap.probe.live.catalogue import load
from stagegap.probe.live.outcome import (
    LiveOutcome,
    LiveProposal,
    SourceRead,
    live_finding,
    one_in,
    propose_ratio,
    ratio_bucket,
    read_note,
)
from stagegap.probe.live.postgres import DatabaseState
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import Severity

DatabaseRead = SourceRead[DatabaseState]


def compare_databases(pre: DatabaseRead, prod: DatabaseRead) -> LiveOutcome:
    out = LiveOutcome()
    _server(pre, prod, out)
    _schema(pre, prod, out)
    migration_gap = _migrations(pre, prod, out)
    size = _sizes(pre, prod, out)
    _scale_verification(pre, prod, migration_gap, size, out)
    return out


def _server(pre: DatabaseRead, prod: DatabaseRead, out: LiveOutcome) -> None:
    a, b = pre.state, prod.state
    if a.version != b.version:
        major = a.version.split(".")[0] != b.version.split(".")[0]
        out.findings.append(
            live_finding(
                "data/live-version-differs",
                "server",
                f"Staging runs PostgreSQL {a.version}, production {b.version}",
                "A different major version changes planner behaviour, defaults and features; "
                "a minor one changes fixed bugs."
                if major
                else "Minor versions differ.",
                [
                    pre.evidence("server", f"version {a.version}"),
                    prod.evidence("server", f"version {b.version}"),
                ],
                severity=None if major else "low",
            )
        )
    for name in sorted(set(a.settings) & set(b.settings)):
        if a.settings[name] != b.settings[name]:
            out.findings.append(
                live_finding(
                    "data/live-setting-differs",
                    name,
                    f"PostgreSQL {name} is {a.settings[name]} in staging and "
                    f"{b.settings[name]} in production",
                    "Read from pg_settings in each environment.",
                    [
                        pre.evidence(f"setting/{name}", f"{name} = {a.settings[name]}"),
                        prod.evidence(f"setting/{name}", f"{name} = {b.settings[name]}"),
                    ],
                )
            )
    for name in sorted(set(a.extensions) | set(b.extensions)):
        sa, sb = a.extensions.get(name), b.extensions.get(name)
        if sa == sb:
            continue
        text = (
            f"Extension {name} is installed only in {'staging' if sb is None else 'production'}"
            if sa is None or sb is None
            else f"Extension {name} is {sa} in staging and {sb} in production"
        )
        out.findings.append(
            live_finding(
                "data/live-extension-differs",
                name,
                text,
                "Read from pg_extension in each environment.",
                [
                    r.evidence(f"extension/{name}", f"{name} {v}")
                    for r, v in ((pre, sa), (prod, sb))
                    if v is not None
                ],
            )
        )


def _differences(label: str, a: dict[str, str], b: dict[str, str], lines: list[str]) -> None:
    for name in sorted(set(a) | set(b)):
        if name not in b:
            lines.append(f"{label} {name} only in staging ({a[name]})")
        elif name not in a:
            lines.append(f"{label} {name} only in production ({b[name]})")
        elif a[name] != b[name]:
            lines.append(f"{label} {name} is {a[name]} in staging and {b[name]} in production")


def _schema(pre: DatabaseRead, prod: DatabaseRead, out: LiveOutcome) -> None:
    a, b = pre.state, prod.state
    for table in sorted(set(a.columns) | set(b.columns)):
        if table not in b.columns or table not in a.columns:
            side, read = ("staging", pre) if table in a.columns else ("production", prod)
            out.findings.append(
                live_finding(
                    "data/live-schema-drift",
                    table,
                    f"Table {table} exists only in {side}",
                    "The schemas differ: code tested against staging's schema meets another "
                    "in production.",
                    [read.evidence(table, "table present")],
                )
            )
            continue
        lines: list[str] = []
        _differences("column", a.columns[table], b.columns[table], lines)
        _differences("index", a.indexes.get(table, {}), b.indexes.get(table, {}), lines)
        _differences(
            "constraint", a.constraints.get(table, {}), b.constraints.get(table, {}), lines
        )
        if lines:
            out.findings.append(
                live_finding(
                    "data/live-schema-drift",
                    table,
                    f"Table {table} differs: {lines[0]}"
                    + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""),
                    "; ".join(lines),
                    [pre.evidence(table, lines[0]), prod.evidence(table, lines[0])],
                )
            )


def _migrations(pre: DatabaseRead, prod: DatabaseRead, out: LiveOutcome) -> int:
    """Findings for migrations one side has and the other lacks; how many production ran
    that staging never did. A framework that keeps only its current head (Alembic) says
    that the heads differ, not which side is ahead."""
    catalogue = {m.framework: m for m in load().migrations}
    unrehearsed = 0
    for framework in sorted(set(pre.state.migrations) | set(prod.state.migrations)):
        table_a, applied_a = pre.state.migrations.get(framework, ("", []))
        table_b, applied_b = prod.state.migrations.get(framework, ("", []))
        table = table_a or table_b
        if catalogue[framework].heads_only:
            if applied_a != applied_b:
                heads_a, heads_b = ", ".join(applied_a) or "none", ", ".join(applied_b) or "none"
                out.findings.append(
                    live_finding(
                        "data/live-migration-head-differs",
                        framework,
                        f"{framework} is at {heads_a} in staging and {heads_b} in production",
                        f"{framework} keeps only the current head, so which side is ahead is "
                        "not recorded: look the revisions up in the migration history.",
                        [
                            pre.evidence(table, f"head {heads_a}"),
                            prod.evidence(table, f"head {heads_b}"),
                        ],
                    )
                )
            continue
        for side, read, mine, theirs in (
            ("production", prod, applied_b, applied_a),
            ("staging", pre, applied_a, applied_b),
        ):
            extra = sorted(set(mine) - set(theirs))
            if not extra:
                continue
            if side == "production":
                unrehearsed += len(extra)
            what = f"{framework} migration" + ("s" if len(extra) > 1 else "")
            shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
            other = "staging" if side == "production" else "production"
            out.findings.append(
                live_finding(
                    f"data/live-migration-only-in-{side}",
                    framework,
                    f"{side.capitalize()} has {len(extra)} {what} {other} lacks: {shown}",
                    "Production ran migrations staging never ran: they met production's "
                    "data without a rehearsal."
                    if side == "production"
                    else "Staging ran migrations production has not: pending for the next "
                    "release, or abandoned.",
                    [read.evidence(table, f"{framework}: {m}") for m in extra[:6]],
                )
            )
    return unrehearsed


@dataclass(frozen=True)
class SizeRatio:
    option: str
    staging_rows: float
    production_rows: float


def _sizes(pre: DatabaseRead, prod: DatabaseRead, out: LiveOutcome) -> SizeRatio | None:
    """The ratio over the tables both have, by estimated rows (the largest tables dominate,
    as the item asks); per-table ratios in the evidence, largest production tables first."""
    a, b = pre.state.tables, prod.state.tables
    common = [t for t in set(a) & set(b) if b[t].rows > 0]
    if not common:
        return None
    rows_a = sum(a[t].rows for t in common)
    rows_b = sum(b[t].rows for t in common)
    bytes_a = sum(t.bytes for t in a.values())
    bytes_b = sum(t.bytes for t in b.values())
    option = ratio_bucket(rows_a, rows_b, load().ratios["data.size-ratio"])
    largest = sorted(common, key=lambda t: -b[t].rows)[:4]
    evidence = []
    for table in largest:
        evidence.append(pre.evidence(table, f"{a[table].rows:,.0f} rows, {_size(a[table].bytes)}"))
        evidence.append(
            prod.evidence(
                table,
                f"{b[table].rows:,.0f} rows, {_size(b[table].bytes)} "
                f"(staging {one_in(a[table].rows, b[table].rows)})",
            )
        )
    per_table = "; ".join(f"{t} {one_in(a[t].rows, b[t].rows)}" for t in largest)
    note = (
        f"{read_note(prod.read_at)}: staging holds {rows_a:,.0f} estimated rows in the "
        f"{len(common)} tables both have, production {rows_b:,.0f} "
        f"({one_in(rows_a, rows_b)}); on disk {_size(bytes_a)} against {_size(bytes_b)} "
        f"({one_in(bytes_a, bytes_b)}). Largest tables: {per_table}."
    )
    gap = (
        "data/live-size-gap",
        "total",
        f"Staging's data is {one_in(rows_a, rows_b)} of production's by rows "
        f"({rows_a:,.0f} against {rows_b:,.0f})",
    )
    severity: Severity | None = "high" if option.endswith("1000") else None
    propose_ratio(out, "data.size-ratio", option, note, evidence, gap, severity)
    return SizeRatio(option, rows_a, rows_b)


def _scale_verification(
    pre: DatabaseRead,
    prod: DatabaseRead,
    unrehearsed: int,
    size: SizeRatio | None,
    out: LiveOutcome,
) -> None:
    """Whether migrations met production-sized data before production: only the negative is
    observable (a migration production ran and staging never did, or a staging far smaller
    than production); a rehearsal on a snapshot elsewhere leaves no trace here."""
    if not pre.state.migrations and not prod.state.migrations:
        return
    small = size is not None and size.option not in ("about-equal", "1-to-10")
    if not unrehearsed and not small:
        return
    reasons = []
    if unrehearsed:
        reasons.append(f"production ran {unrehearsed} migration(s) staging never ran")
    if small and size is not None:
        reasons.append(
            "the migrations staging ran met "
            f"{one_in(size.staging_rows, size.production_rows)} of production's rows"
        )
    value = "never" if unrehearsed and small else "rarely"
    evidence = [
        f.evidence[0]
        for f in out.findings
        if f.id.startswith("data/live-migration-only-in-production") and f.evidence
    ]
    evidence += out.proposals["data.size-ratio"].evidence[:2] if small else []
    out.proposals["data.scale-verification"] = LiveProposal(
        value,
        Confidence.MEDIUM if unrehearsed else Confidence.LOW,
        f"{read_note(prod.read_at)}: " + "; ".join(reasons) + ". A rehearsal on a restored "
        "snapshot elsewhere would not show here.",
        evidence,
    )


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if count < 1024 or unit == "TB":
            return f"{count:,.0f} {unit}"
        count /= 1024
    return f"{count:,.0f} TB"
