"""Session-scoped real servers with planted drift (see servers.py): two PostgreSQL databases
standing for staging and production, two Prometheus servers (one per environment) backfilled
with request counters and loaded with alert rules of different thresholds."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import servers  # noqa: E402

COMMON_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  total numeric(12, 2) NOT NULL,
  status text NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE TABLE django_migrations (id serial PRIMARY KEY, app text, name text, applied timestamptz);
INSERT INTO django_migrations (app, name, applied) VALUES
  ('orders', '0001_initial', now()), ('orders', '0002_status', now());
"""

# Staging: a migration production lacks (pending), a column production lacks, 1k orders.
STAGING = (
    COMMON_SCHEMA
    + """
ALTER TABLE orders ADD COLUMN coupon text;
CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
INSERT INTO alembic_version VALUES ('3f2a9c1d7e00');
INSERT INTO django_migrations (app, name, applied) VALUES ('orders', '0003_coupon', now());
INSERT INTO customers (email) SELECT 'c' || g || '@example.test' FROM generate_series(1, 200) g;
INSERT INTO orders (customer_id, total, status)
  SELECT 1 + g % 200, g % 97, 'paid' FROM generate_series(1, 1000) g;
ANALYZE;
"""
)

# Production: a migration staging never ran, an index and a table staging lacks, a different
# type, 100k orders; work_mem differs at the database level.
PRODUCTION = (
    COMMON_SCHEMA
    + """
CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
INSERT INTO alembic_version VALUES ('1b7e44c2a9f1');
CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry jsonb);
CREATE INDEX orders_status ON orders (status);
ALTER TABLE customers ALTER COLUMN email TYPE varchar(320);
INSERT INTO django_migrations (app, name, applied) VALUES ('billing', '0001_hotfix', now());
INSERT INTO customers (email) SELECT 'c' || g || '@example.test' FROM generate_series(1, 20000) g;
INSERT INTO orders (customer_id, total, status)
  SELECT 1 + g % 20000, g % 97, 'paid' FROM generate_series(1, 100000) g;
ANALYZE;
"""
)


@pytest.fixture(scope="session")
def postgres() -> Iterator[servers.Postgres]:
    if servers.postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)")
    with servers.running_postgres() as pg:
        if pg is None:
            pytest.skip("PostgreSQL is installed but its `postgres` system user is missing")
        pg.psql("postgres", "CREATE DATABASE staging;")
        pg.psql("postgres", "CREATE DATABASE production;")
        pg.psql("staging", STAGING)
        pg.psql("production", PRODUCTION)
        pg.psql("production", "ALTER DATABASE production SET work_mem = '64MB';")
        yield pg


STAGING_RULES = """
groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.2
        for: 10m
"""

PRODUCTION_RULES = """
groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 5m
      - alert: SlowCheckout
        expr: histogram_quantile(0.99, sum(rate(checkout_seconds_bucket[5m])) by (le)) > 2
        for: 5m
"""


def counter_series(env: str, per_second: float, minutes: int = 180) -> str:
    """OpenMetrics text of a request counter rising `per_second` over the last `minutes`."""
    now = int(time.time())
    start = now - minutes * 60
    lines = ["# TYPE http_requests counter"]
    for step in range(minutes + 1):
        at = start + step * 60
        lines.append(f'http_requests_total{{env="{env}",job="api"}} {per_second * step * 60} {at}')
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def prometheus_pair() -> Iterator[dict[str, servers.Prometheus]]:
    bins = servers.prometheus_bins()
    if bins is None:
        pytest.skip("Prometheus is not installed (apt-get install prometheus; .ci/run does)")
    server, promtool = bins
    home = Path(tempfile.mkdtemp(prefix="stagegap-prom-"))
    started: dict[str, servers.Prometheus] = {}
    try:
        for env, rate, rules, retention in (
            ("staging", 0.5, STAGING_RULES, "15d"),
            ("production", 60.0, PRODUCTION_RULES, "30d"),
        ):
            (home / env).mkdir()
            data = home / env / "data"
            servers.backfill(promtool, data, counter_series(env, rate))
            started[env] = servers.start_prometheus(server, home / env, rules, data, retention)
        yield started
    finally:
        for prom in started.values():
            prom.process.terminate()
            prom.process.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
