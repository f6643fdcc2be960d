"""Data tooling recognised by its path: a production copy must be a copy of a database, and a
cleaning step must be seen as anonymisation, or data/raw-production-copy cries wolf."""

from __future__ import annotations

import pytest

from probe.sources.data import kind_of


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
        "apps/api/service/sanitiseApplicationData/index.ts",
        "migrations/1670838102095_add_sanitised_at_columns/up.sql",
    ],
)
def test_look_alikes_are_not_data_tooling(path: str) -> None:
    assert kind_of(path) is None
