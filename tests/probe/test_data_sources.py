"""Data tooling recognised by its path: a production copy must be a copy of a database, and a
cleaning step must be seen as anonymisation, or data/raw-production-copy cries wolf."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagegap.probe.engine import run_probe
from stagegap.probe.sources.data import kind_of


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("scripts/copy-prod-db.sh", "snapshot"),
        ("scripts/clone_database.sh", "snapshot"),
        ("ci/db-restore.sh", "snapshot"),
        ("scripts/prod_to_staging.sh", "snapshot"),
        ("scripts/clean-db-dump.sql", "anonymize"),
        ("scripts/sanitise.sql", "anonymize"),
        ("scripts/sanitize_database.sql", "anonymize"),
        (".github/workflows/sync-staging-db.yml", "snapshot"),
        ("scripts/refresh_stage_db.sh", "snapshot"),
        ("scripts/restore_prod_dump.py", "snapshot"),
        ("db/tasks/dump_production.rb", "snapshot"),
        ("db/seeds/users.sql", "seed"),
        ("fixtures/users.json", "fixtures"),
    ],
)
def test_data_tooling_by_path(path: str, kind: str) -> None:
    assert kind_of(path) == kind


@pytest.mark.parametrize(
    "path",
    [
        "hasura/migrations/1700_copy_flow/up.sql",  # an application's own copy feature
        "spec/services/envelope_dump_spec.rb",  # tests of a dump, not a dump
        "spec/vcr_cassettes/dump.yml",
        "tests/fixtures/users.json",  # unit-test data, not an environment's data
        "apps/api/modules/ai/middleware/sanitiseInput.ts",  # an app's input sanitiser
        "app/services/restore_envelope_dumps.rb",  # a product feature, not a pipeline
        "apps/api/service/sanitiseApplicationData/index.ts",
        "migrations/1670838102095_add_sanitised_at_columns/up.sql",
    ],
)
def test_look_alikes_are_not_data_tooling(path: str) -> None:
    assert kind_of(path) is None


def _probe_with(tmp_path: Path, extra: dict[str, str]) -> list[tuple[str, str]]:
    files = {
        "k8s/overlays/staging/kustomization.yaml": "namespace: app-staging\n",
        "k8s/overlays/production/kustomization.yaml": "namespace: app-production\n",
        **extra,
    }
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = run_probe(tmp_path)
    return [(f.id, f.severity) for f in result.findings if f.dimension == "data"]


def test_a_dump_restored_into_staging_is_high(tmp_path: Path) -> None:
    found = _probe_with(tmp_path, {"scripts/refresh-staging-db.sh": "pg_dump $PROD | psql\n"})
    assert ("data/raw-production-copy/-/snapshot", "high") in found


def test_a_dump_that_names_no_destination_is_medium(tmp_path: Path) -> None:
    """A production table export or a backup: the repository does not show it reaching
    staging, so the finding says what is known, not that customer data lands there."""
    found = _probe_with(tmp_path, {".github/workflows/db-table-dump.yaml": "name: dump\n"})
    assert ("data/raw-production-copy/-/snapshot", "medium") in found
