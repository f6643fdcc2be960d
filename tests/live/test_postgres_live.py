"""A real PostgreSQL with two databases standing for staging and production (conftest.py):
the planted schema drift, migration drift, setting and size gap come back as findings, and
the data items get answers with `postgres:<env>/<object>` evidence."""

from __future__ import annotations

import psycopg
import pytest
import servers

from stagegap.probe.live import targets
from stagegap.probe.live.postgres import read_database, read_only_connection
from stagegap.probe.live.run import LiveRequest, read_live


def _request(pg: servers.Postgres) -> LiveRequest:
    environ = {"STG_DB": pg.url("staging"), "PRD_DB": pg.url("production")}
    return LiveRequest(
        databases=[
            targets.database("staging=env:STG_DB", environ),
            targets.database("production=env:PRD_DB", environ),
        ]
    )


@pytest.fixture(scope="module")
def outcome(postgres: servers.Postgres):  # type: ignore[no-untyped-def]
    return read_live(_request(postgres))


def _ids(outcome) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.id for f in outcome.findings}


def test_schema_drift_is_reported_per_table(outcome) -> None:  # type: ignore[no-untyped-def]
    by_id = {f.id: f for f in outcome.findings}
    assert "data/live-schema-drift/-/public.audit_log" in by_id  # a table production has
    orders = by_id["data/live-schema-drift/-/public.orders"]
    assert "column coupon only in staging" in orders.details
    assert "index orders_status only in production" in orders.details
    customers = by_id["data/live-schema-drift/-/public.customers"]
    assert "character varying(320)" in customers.details


def test_migration_drift_names_the_migrations_each_side_lacks(outcome) -> None:  # type: ignore[no-untyped-def]
    by_id = {f.id: f for f in outcome.findings}
    unrehearsed = by_id["data/live-migration-only-in-production/-/Django"]
    assert "billing/0001_hotfix" in unrehearsed.summary
    assert unrehearsed.severity == "high"
    pending = by_id["data/live-migration-only-in-staging/-/Django"]
    assert "orders/0003_coupon" in pending.summary
    heads = by_id["data/live-migration-head-differs/-/Alembic"]  # only the heads are kept
    assert heads.summary == "Alembic is at 3f2a9c1d7e00 in staging and 1b7e44c2a9f1 in production"
    assert "data/live-migration-only-in-production/-/Alembic" not in by_id


def test_settings_that_differ_are_findings(outcome) -> None:  # type: ignore[no-untyped-def]
    work_mem = next(f for f in outcome.findings if f.id == "data/live-setting-differs/-/work_mem")
    assert "4096kB" in work_mem.summary and "65536kB" in work_mem.summary
    assert not any(f.id.startswith("data/live-version-differs") for f in outcome.findings)


def test_size_ratio_is_measured_from_the_catalogue(outcome) -> None:  # type: ignore[no-untyped-def]
    size = outcome.proposals["data.size-ratio"]
    assert size.value == "1-to-100"  # 1,000 orders against 100,000
    paths = [e.path for e in size.evidence]
    assert "postgres:staging/public.orders" in paths
    assert "postgres:production/public.orders" in paths
    assert "read from live state at" in size.note
    assert "data/live-size-gap/-/total" in _ids(outcome)


def test_migration_verification_is_answered_from_the_drift(outcome) -> None:  # type: ignore[no-untyped-def]
    answer = outcome.proposals["data.scale-verification"]
    assert answer.value == "never"  # unrehearsed migrations and a 1:100 staging
    assert any("billing/0001_hotfix" in e.excerpt for e in answer.evidence)


def test_the_probe_connection_refuses_writes(postgres: servers.Postgres) -> None:
    """The connection read_database reads through cannot write, even when asked to."""
    with read_only_connection(postgres.url("staging")) as conn:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE intruder (id int)")
        conn.rollback()
        conn.autocommit = True  # outside any explicit transaction: the session default holds
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("INSERT INTO customers (email) VALUES ('x')")
    assert "public.intruder" not in read_database(postgres.url("staging")).columns


def test_an_unreachable_database_is_one_line_and_the_rest_goes_on(
    postgres: servers.Postgres,
) -> None:
    request = _request(postgres)
    dead = f"postgresql://auditor:{servers.DB_PASSWORD}@127.0.0.1:{servers.free_port()}/x"
    request.databases[0] = targets.database("staging=env:DEAD", {"DEAD": dead})
    outcome = read_live(request)
    assert len(outcome.warnings) == 1
    line = outcome.warnings[0]
    assert line.startswith("postgres:staging@127.0.0.1:") and "cannot read" in line
    assert servers.DB_PASSWORD not in line and "auditor" not in line
    assert [s["status"] for s in outcome.sources] == ["failed", "read"]
