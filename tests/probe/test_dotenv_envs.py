"""dotenv files only: `.env` is the shared base; `.env.example` (documentation) and
`.env.dev`/`.env.test`/`.env.local` (other environments) must never act as one."""

from __future__ import annotations

import pytest
from probe_support import probed

from stagegap.probe.environments import Environments

REPO = "dotenv-envs"


@pytest.mark.parametrize(
    ("path", "env"),
    [
        (".env", "shared"),
        (".env.staging", "staging"),
        (".env.production", "production"),
        (".env.example", "other"),
        (".env.sample", "other"),
        (".env.template", "other"),
        (".env.dist", "other"),
        (".env.dev", "other"),
        (".env.test", "other"),
        (".env.local", "other"),
        (".env.staging.example", "other"),
    ],
)
def test_which_dotenv_files_count(path: str, env: str) -> None:
    assert Environments().classify_path(path) == env


def test_templates_and_other_environments_are_not_a_shared_base() -> None:
    result = probed(REPO)
    shared = result.environments["shared"]["files"]
    assert [f for f in shared if f.startswith(".env")] == [".env"], shared
    for finding in result.findings:
        for ev in finding.evidence:
            assert ev.path not in (".env.example", ".env.dev", ".env.test", ".env.local"), (
                finding.id,
                ev.path,
            )


def test_variables_set_only_in_staging_are_reported() -> None:
    found = {f.id: f for f in probed(REPO).findings}
    for name in (
        "SAML_ENABLED",
        "SAML_IDP_SSO_URL",
        "SAML_PRIVATE_CERT",
        "FLUSH_STORAGE",
        "LOG_LEVEL",
    ):
        hit = found.get(f"env-vars/only-in-staging/-/{name}")
        assert hit is not None, (name, sorted(found))
        assert (".env.staging", hit.evidence[0].line) in {(e.path, e.line) for e in hit.evidence}
    assert not any(i.startswith("env-vars/only-in-production/") for i in found)
    assert "env-vars/only-in-staging/-/NODE_ENV" not in found  # set in both


def test_an_empty_value_on_one_side_is_low_and_worded_as_such() -> None:
    hit = {f.id: f for f in probed(REPO).findings}["env-vars/only-in-staging/-/HASH_ROUTING"]
    assert hit.severity == "low" and "set empty in staging" in hit.summary


def test_a_condition_on_an_env_read_is_not_a_required_read() -> None:
    """parseBool(process.env.X) and process.env.X === '1' cope with an unset variable."""
    found = {f.id: f for f in probed(REPO).findings}
    assert found["env-vars/only-in-staging/-/SAML_ENABLED"].severity == "medium"
    assert not any(f.severity in ("high", "critical") for f in found.values()), [
        (f.id, f.severity) for f in found.values()
    ]


def test_a_switch_on_in_staging_and_off_in_production_is_reported() -> None:
    hit = {f.id: f for f in probed(REPO).findings}["env-vars/toggle-differs/-/WS_ENABLED"]
    assert "on in staging and off in production" in hit.summary
    assert {(e.path, e.line) for e in hit.evidence} == {(".env.staging", 9), (".env.production", 3)}


def test_a_tool_judged_from_one_variable_is_not_high() -> None:
    hit = {f.id: f for f in probed(REPO).findings}[
        "observability/metrics-only-in-staging/-/metrics"
    ]
    assert hit.severity == "medium"
    assert "STATSD_HOST alone" in hit.summary


def test_a_job_needing_a_manual_only_job_is_manual_too() -> None:
    """deploy-production has no `if:` of its own but needs a job that runs on
    workflow_dispatch only: production does not deploy on merge."""
    answer = probed(REPO).answers["deploys.deploy-trigger"]
    assert answer.value == {"staging": "on-merge", "production": "pipeline-approval"}
