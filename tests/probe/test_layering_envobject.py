"""Environment files that export one object per environment (environment.<env>.ts) replace
each other whole: each is its environment's settings, the bare one is no shared base."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, values, write

PROD = """export const environment = {
  production: true,
  // left on after a demo
  useMockApi: true,
  featureFlags: { bulkReassign: false, },
};
"""


def test_each_environment_file_is_its_environment(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/environments/environment.ts": PROD.replace("true", "false"),
            "src/environments/environment.staging.ts": PROD.replace(
                "useMockApi: true", "useMockApi: false"
            ),
            "src/environments/environment.prod.ts": PROD,
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    staging = values(facts, source="settings", env="staging")
    production = values(facts, source="settings", env="production")
    assert staging["useMockApi"] == "false" and production["useMockApi"] == "true"
    assert production["featureFlags.bulkReassign"] == "false"
    assert values(facts, source="settings", env="shared") == {}  # environment.ts is no base
    line = next(f.where.line for f in facts if f.key == "useMockApi" and f.env == "production")
    assert line == 4


def test_an_object_that_is_not_a_literal_is_one_warning_without_its_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "config/environment.production.js": (
                "module.exports = {\n  ...base,\n  token: process.env.SECRET_TOKEN_VALUE,\n};\n"
            ),
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert [f for f in facts if f.source == "settings"] == []
    assert warnings == [
        "config/environment.production.js:1: exports an object that is not a plain literal"
    ]
