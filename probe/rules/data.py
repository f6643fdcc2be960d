"""data: database class and storage per environment, where staging's data comes from, how fresh
it is, and whether migrations are linted."""

from __future__ import annotations

import math
import re

from stagegap.probe.facts import Attribute, Fact, Kind
from stagegap.probe.rules.common import Outcome, Proposal, finding, svc, where
from stagegap.probe.rules.deploys import cron_period_hours
from stagegap.probe.rules.semantics import DB_SCHEMES
from stagegap.probe.rules.view import View
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding

DIM = "data"
_SIZE = re.compile(r"(micro|small|medium|large|xlarge|(\d+)xlarge)$")
SIZE_ORDER = ["nano", "micro", "small", "medium", "large", "xlarge"]


def evaluate(view: View) -> Outcome:
    out = Outcome()
    out.findings += _database(view, out)
    out.findings += _source(view, out)
    _migration_lint(view, out)
    return out


def _database(view: View, out: Outcome) -> list[ProbeFinding]:
    findings: list[ProbeFinding] = []
    classes = [s for s in view.sides(view.concept("db_class")) if s.both]
    verdict: str | None = None
    facts: list[Fact] = []
    for side in classes:
        s, p = side.staging[-1].value.shown, side.production[-1].value.shown
        facts += [side.staging[-1], side.production[-1]]
        if s == p:
            verdict = verdict or "same-class"
            continue
        verdict = "smaller-class" if _rank(s) <= _rank(p) else verdict or "same-class"
        findings.append(
            finding(
                DIM,
                "db-class-differs",
                side.key,
                "medium",
                f"{svc(side.service)}Staging's database is {s}, production's is {p}",
                "A smaller instance has less memory and cache, so the planner picks other "
                "plans and slow queries stay hidden. Staging: "
                f"{where(side.staging)}; production: {where(side.production)}.",
                side.staging + side.production,
                item="data.database-parity",
                service=side.service,
            )
        )
    for side in view.sides(view.concept("db_storage")):
        if not side.both:
            continue
        sv, pv = side.staging[-1].value, side.production[-1].value
        if sv.shown != pv.shown:
            findings.append(
                finding(
                    DIM,
                    "db-storage-differs",
                    side.key,
                    "low",
                    f"{svc(side.service)}Database storage ({side.key}) is {sv.shown} in "
                    f"staging and {pv.shown} in production",
                    "Storage bounds the data volume staging can hold, so migrations and queries "
                    "run against far less data than production has.",
                    side.staging + side.production,
                    item="data.database-parity",
                    service=side.service,
                )
            )
    engines = _engines(view)
    if engines:
        kind, engine_facts, text = engines
        verdict = kind
        facts = engine_facts
        findings.append(
            finding(
                DIM,
                kind,
                "database",
                "high" if kind == "different-engine" else "medium",
                text,
                f"Staging: {where([f for f in engine_facts if f.env != 'production'])}; "
                f"production: {where([f for f in engine_facts if f.env != 'staging'])}.",
                engine_facts,
                item="data.database-parity",
            )
        )
    if verdict:
        out.proposals["data.database-parity"] = Proposal(
            verdict,
            Confidence.MEDIUM,
            f"compared database class, engine and hosting ({where(facts)}).",
            facts,
        )
    return findings


def _rank(instance: str) -> float:
    """db.t3.micro < db.r5.large < db.r5.2xlarge; unknown shapes rank in the middle."""
    tail = instance.lower().rsplit(".", 1)[-1]
    multiplier = re.match(r"(\d+)xlarge", tail)
    if multiplier:
        return len(SIZE_ORDER) + int(multiplier.group(1))
    return float(SIZE_ORDER.index(tail)) if tail in SIZE_ORDER else len(SIZE_ORDER) / 2


def _engines(view: View) -> tuple[str, list[Fact], str] | None:
    urls = [s for s in view.sides(view.concept("db_url")) if s.both]
    for side in urls:
        s, p = side.staging[-1].value, side.production[-1].value
        if s.scheme and p.scheme and _family(s.scheme) != _family(p.scheme):
            return (
                "different-engine",
                [side.staging[-1], side.production[-1]],
                f"Staging's database engine is {s.scheme}, production's is {p.scheme}",
            )
    containers = [
        f
        for f in view.kind(Kind.IMAGE)
        if re.search(r"(^|/)(postgres|postgis|mysql|mariadb|mongo)(:|$)", f.value.shown)
    ]
    managed = [
        f
        for f in view.kind(Kind.SETTING)
        if re.match(
            r"(aws_db_instance|aws_rds_cluster|google_sql_database_instance|"
            r"azurerm_postgresql|azurerm_mysql)",
            f.key,
        )
    ]
    staging_container = [f for f in containers if f.env == "staging"]
    production_managed = [f for f in managed if f.env == "production"]
    staging_managed = [f for f in managed if f.env in ("staging", "shared")]
    if staging_container and production_managed and not staging_managed:
        return (
            "container-database",
            staging_container[:1] + production_managed[:1],
            "Staging runs its database in a container; production uses a managed service",
        )
    return None


def _family(scheme: str) -> str:
    scheme = scheme.split("+")[0]
    return (
        {
            "postgresql": "postgres",
            "postgis": "postgres",
            "mariadb": "mysql",
            "sqlite3": "sqlite",
        }.get(scheme, scheme)
        if scheme in DB_SCHEMES
        else scheme
    )


_STAGING_WORDS = re.compile(r"(^|[^a-z])(staging|stage|stg|preprod|uat)([^a-z]|$)", re.I)


def _aims_at_staging(fact: Fact) -> bool:
    """A snapshot step in staging's configuration, or one that names staging where it is kept
    (sync-staging-db.yml, refresh-staging-db.sh, a job called restore-to-staging)."""
    return (
        fact.env == "staging"
        or bool(_STAGING_WORDS.search(fact.where.path))
        or bool(_STAGING_WORDS.search(fact.key))
    )


def _source(view: View, out: Outcome) -> list[ProbeFinding]:
    kinds = {
        k: view.kind(Kind(k)) for k in ("anonymize", "snapshot", "seed", "fixtures", "synthetic")
    }
    jobs = view.kind(Kind.DATA_JOB)
    for job in jobs:
        key = job.key
        if key in ("anonymize", "anonymise", "pg_anonymizer", "snaplet", "greenmask", "replibyte"):
            kinds["anonymize"].append(job)
        elif key in ("pg_dump", "pg_restore", "mysqldump", "mongodump", "mongorestore"):
            kinds["snapshot"].append(job)
        elif key == "seed":
            kinds["seed"].append(job)
    # A dump defined in production's own configuration only (a backup, a table export to a
    # production bucket) copies nothing to another environment: a copy needs a staging or
    # shared step too.
    kinds["snapshot"] = [f for f in kinds["snapshot"] if f.env != "production"]
    present = {k for k, v in kinds.items() if v}
    findings: list[ProbeFinding] = []
    if not present:
        return findings
    if kinds["snapshot"] and not kinds["anonymize"]:
        value = "production-copy"
        into_staging = [f for f in kinds["snapshot"] if _aims_at_staging(f)]
        if into_staging:
            findings.append(
                finding(
                    DIM,
                    "raw-production-copy",
                    "snapshot",
                    "high",
                    "Production data is copied to another environment without anonymization",
                    f"A dump/restore pipeline exists ({where(into_staging)}) and no "
                    "anonymization step was found: customer data lands in a less protected "
                    "environment.",
                    kinds["snapshot"],
                    item="data.data-source",
                )
            )
        else:  # a dump whose destination the repository does not show
            findings.append(
                finding(
                    DIM,
                    "raw-production-copy",
                    "snapshot",
                    "medium",
                    "A database dump exists and nothing anonymizes it; where it is restored is "
                    "not in the configuration",
                    f"A dump or restore step exists ({where(kinds['snapshot'])}), no "
                    "anonymization step was found, and nothing in it names staging. If the dump "
                    "reaches staging, customer data lands in a less protected environment; if it "
                    "is a production backup, declare it intentional in .stagegap.yaml.",
                    kinds["snapshot"],
                    item="data.data-source",
                )
            )
    elif kinds["anonymize"]:
        value = (
            "anonymized-snapshot" if not (present & {"seed", "fixtures", "synthetic"}) else "mixed"
        )
    elif "synthetic" in present and present & {"seed", "fixtures"}:
        value = "mixed"
    elif "synthetic" in present:
        value = "synthetic"
    else:
        value = "seed-fixtures"
        findings.append(
            finding(
                DIM,
                "seed-data-only",
                "seed",
                "medium",
                "Staging data comes from seed scripts or fixtures only",
                f"Seeds and fixtures ({where(kinds['seed'] + kinds['fixtures'])}) are small and "
                "tidy; query plans, migrations and edge cases on production-shaped data go "
                "untested.",
                kinds["seed"] + kinds["fixtures"],
                item="data.data-source",
            )
        )
    facts = [f for k in present for f in kinds[k]]
    out.proposals["data.data-source"] = Proposal(
        value, Confidence.MEDIUM, f"data tooling found: {', '.join(sorted(present))}.", facts
    )
    age = _age(view, kinds["snapshot"] + kinds["anonymize"])
    if age:
        out.proposals["data.data-age"] = age
    elif value == "seed-fixtures":
        out.proposals["data.data-age"] = Proposal(
            "older-or-never",
            Confidence.LOW,
            "no refresh from production exists; staging data is whatever the seeds create.",
            facts[:2],
        )
    return findings


def _age(view: View, refresh: list[Fact]) -> Proposal | None:
    """How often a refresh pipeline runs, from the schedule of the job that runs it."""
    jobs = {job for f in refresh if (job := f.attribute(Attribute.JOB))}
    crons = [
        c
        for c in view.kind(Kind.CRON)
        if c.key in jobs or any(c.where.path == f.where.path for f in refresh)
    ]
    for cron in crons:
        expression = cron.value.shown
        days = _period_days(expression)
        if days is None:
            continue  # not a schedule croniter reads, or one that never fires (manual runs)
        value = (
            "under-a-week"
            if days <= 7
            else "under-a-month"
            if days <= 31
            else "under-a-quarter"
            if days <= 92
            else "under-a-year"
        )
        return Proposal(
            value,
            Confidence.MEDIUM,
            f"the refresh job runs on '{expression}' (about every {days:g} days).",
            [cron, *refresh[:1]],
        )
    return None


def _period_days(expression: str) -> float | None:
    """Days between two runs; None when the expression is unreadable or never fires ("0 0 31 2 *",
    a job kept for manual runs: how old its last run left the data is unknowable)."""
    hours = cron_period_hours(expression)
    if hours is None or hours == math.inf:
        return None
    return max(hours / 24, 1 / 24)


def _migration_lint(view: View, out: Outcome) -> None:
    lint = view.kind(Kind.MIGRATION_LINT)
    migrations = view.kind(Kind.MIGRATIONS)
    if lint:
        out.proposals["data.migration-lint"] = Proposal(
            True, Confidence.HIGH, f"a migration linter is configured ({where(lint)}).", lint
        )
    elif migrations:
        out.proposals["data.migration-lint"] = Proposal(
            False,
            Confidence.MEDIUM,
            "migrations exist but no migration linter (squawk, strong_migrations, "
            "django-migration-linter, atlas lint) is configured.",
            migrations[:2],
        )
        out.findings.append(
            finding(
                DIM,
                "migrations-unlinted",
                "migrations",
                "low",
                "Database migrations are not checked for locking or unsafe operations",
                f"Migrations at {where(migrations[:3])}; no linter in CI or dependencies.",
                migrations[:2],
                item="data.migration-lint",
            )
        )
