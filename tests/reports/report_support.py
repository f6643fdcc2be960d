"""Deterministic audits for the report tests: the demo on a fixed clock, and partial audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.audit import Audit, load_audit
from stagegap.reports.demo import load_answers, load_probe_record, run_demo, sample_repo

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


@contextmanager
def fixed_clock() -> Iterator[None]:
    """Seals and answer stamps use the workspace clock; the report shows seal dates."""
    with mock.patch("stagegap.questionnaires.workspace.now", return_value=NOW):
        yield


def demo_audit(out: Path) -> tuple[Path, Audit]:
    """The whole demo (recorded probe, so probe improvements do not move the snapshot)."""
    with fixed_clock():
        pdf = run_demo(out, today=TODAY, probe="recorded")
        audit = load_audit(Workspace.open(out / "workspace"), today=TODAY)
    return pdf, audit


def partial_audit(root: Path, roles: tuple[Role, ...], keep: int | None = None) -> Audit:
    """An audit where only `roles` answered; with `keep`, each answered only its first items."""
    with fixed_clock():
        ws = Workspace.create(root, "Partial Ltd")
        for role in roles:
            answers, name = load_answers(ws, role, TODAY)
            if keep is not None:
                answers = dict(list(answers.items())[:keep])
            if role is Role.PROBE:
                ws.record_probe(answers, load_probe_record(TODAY))
            else:
                ws.import_answers(role, answers, name)
        return load_audit(ws, today=TODAY)


def secret_values() -> list[str]:
    """Every value of a secret-looking variable in the sample repository's env files."""
    values = []
    for name in (".env.staging", ".env.production"):
        for line in (sample_repo() / name).read_text().splitlines():
            if "=" not in line or line.startswith("#"):
                continue
            key, _, value = line.partition("=")
            if any(word in key for word in ("KEY", "SECRET", "DSN", "DATABASE_URL")) and value:
                values.append(value)
                if "://" in value and "@" in value:
                    values.append(value.split("://", 1)[1].split("@", 1)[0])  # user:password
    return values


__all__ = ["Answer", "NOW", "TODAY", "demo_audit", "partial_audit", "secret_values"]
