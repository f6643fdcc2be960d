"""The generic differ and the classification catalogue: every key that differs between the
compared environments is reported, classified by data, and no value that could be a secret is
ever printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stagegap.probe.classification import CatalogueError, classification, parse
from stagegap.probe.differ import shown
from stagegap.probe.engine import run_probe
from stagegap.probe.output import to_json, to_sarif
from stagegap.probe.secrets import Redactor

STAGING = """\
WIDGET_FLAVOUR=vanilla
SHOP_HOST=shop.staging.example.com
PAYMENT_API_URL=https://api.sandbox.payments.example/v1
MYSTERY_TOKEN=Zq8vN3kP0wX7rT2mL5yB9cJ4
WEB_CONCURRENCY=2
"""
PRODUCTION = """\
WIDGET_FLAVOUR=chocolate
SHOP_HOST=shop.example.com
PAYMENT_API_URL=https://api.payments.example/v1
MYSTERY_TOKEN=Hf6sD1aQ9eR4tY7uI2oP5gK8
WEB_CONCURRENCY=8
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".env.staging").write_text(STAGING, encoding="utf-8")
    (tmp_path / ".env.production").write_text(PRODUCTION, encoding="utf-8")
    return tmp_path


def _by_id(repo: Path) -> dict[str, object]:
    return {f.id: f for f in run_probe(repo).findings}


def test_a_key_nothing_classifies_is_still_reported_at_info(repo: Path) -> None:
    found = run_probe(repo).findings
    other = [f for f in found if f.id == "env-vars/other-difference/-/env.WIDGET_FLAVOUR"]
    assert len(other) == 1
    assert other[0].severity == "info"
    assert [e.path for e in other[0].evidence] == [".env.staging", ".env.production"]


def test_other_differences_reach_json_and_sarif(repo: Path) -> None:
    result = run_probe(repo)
    document = json.loads(to_json(result))
    assert any(f["id"].endswith("/env.WIDGET_FLAVOUR") for f in document["findings"])
    sarif = json.loads(to_sarif(result))
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "env-vars/other-difference" in rules
    assert any(r["ruleId"] == "env-vars/other-difference" for r in sarif["runs"][0]["results"])


def test_the_catalogue_classifies_sizing_and_sandbox(repo: Path) -> None:
    found = _by_id(repo)
    sizing = found["traffic/sizing-differs/-/WEB_CONCURRENCY"]
    assert "2" in sizing.summary and "8" in sizing.summary  # type: ignore[attr-defined]
    assert any(i.startswith("integrations/") and "PAYMENT_API_URL" in i for i in found)


def test_a_host_that_only_carries_the_environment_name_differs_by_design(repo: Path) -> None:
    hit = _by_id(repo)["infrastructure/differs-by-design/-/SHOP_HOST"]
    assert hit.severity == "info"  # type: ignore[attr-defined]


def test_no_value_that_could_be_secret_is_printed(repo: Path) -> None:
    result = run_probe(repo)
    findings = json.loads(to_json(result))["findings"]
    text = json.dumps(findings) + to_sarif(result)
    for raw in ("Zq8vN3kP0wX7rT2mL5yB9cJ4", "Hf6sD1aQ9eR4tY7uI2oP5gK8", "vanilla", "chocolate"):
        assert raw not in text, raw


def test_only_values_that_cannot_be_secret_are_shown() -> None:
    redactor = Redactor(salt=b"x" * 16)
    assert shown(redactor.observe("REPLICAS", 3)) == "3"
    assert shown(redactor.observe("MEMORY", "512Mi")) == "512Mi"
    assert shown(redactor.observe("ENABLED", "true")) == "true"
    assert shown(redactor.observe("TAG", "v1.4.2")) == "v1.4.2"
    assert shown(redactor.observe("HOST", "db.internal.example")) == "db.internal.example"
    assert shown(redactor.observe("IMAGE", "ghcr.io/acme/api:1.2.3")) == "ghcr.io/acme/api:1.2.3"
    assert shown(redactor.observe("DEPLOY_ENV", "staging")) == "staging"
    assert shown(redactor.observe("FLAVOUR", "hunter2")) is None  # a word may be a password
    assert shown(redactor.observe("DB_PASSWORD", "12345678")) is None
    assert shown(redactor.observe("URL", "https://u:p4ss@db.example/x")) is None


def test_the_bundled_catalogue_loads_and_names_existing_checks() -> None:
    catalogue = classification()
    assert catalogue.classes
    assert len({c.id for c in catalogue.classes}) == len(catalogue.classes)


def test_a_bad_entry_is_one_line_naming_it() -> None:
    with pytest.raises(CatalogueError, match=r"classes\[0\] \(nope\): no check"):
        parse({"classes": [{"id": "nope", "check": "traffic/no-such-check"}]})
    with pytest.raises(CatalogueError, match=r"\(bad\): keys: bad regular expression"):
        parse({"classes": [{"id": "bad", "check": "traffic/sizing-differs", "keys": ["("]}]})


def test_a_switch_the_catalogue_files_elsewhere_is_reported_there(tmp_path: Path) -> None:
    (tmp_path / ".env.staging").write_text("INVOICE_EMAILS_ENABLED=false\n", encoding="utf-8")
    (tmp_path / ".env.production").write_text("INVOICE_EMAILS_ENABLED=true\n", encoding="utf-8")
    found = _by_id(tmp_path)
    assert "integrations/switch-differs/-/INVOICE_EMAILS_ENABLED" in found
    assert "env-vars/toggle-differs/-/INVOICE_EMAILS_ENABLED" not in found


def test_a_platform_namespace_in_each_cluster_is_not_one_shared_namespace(
    tmp_path: Path,
) -> None:
    sync = (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
        "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n"
        "  ref:\n    branch: main\n  url: ssh://git@github.com/acme/fleet-{env}\n"
    )
    for env in ("staging", "production"):
        folder = tmp_path / "clusters" / env / "flux-system"
        folder.mkdir(parents=True)
        (folder / "gotk-sync.yaml").write_text(sync.format(env=env), encoding="utf-8")
    ids = set(_by_id(tmp_path))
    assert not [i for i in ids if "same-namespace" in i and "flux-system" in i], ids


def test_a_shared_workflow_naming_each_sides_context_shares_no_cluster(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "deploy.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: kubectl --context shop-staging apply -f k8s/\n"
        "      - run: kubectl --context shop-prod apply -f k8s/\n",
        encoding="utf-8",
    )
    (tmp_path / ".env.staging").write_text("A=1\n", encoding="utf-8")
    (tmp_path / ".env.production").write_text("A=2\n", encoding="utf-8")
    ids = set(_by_id(tmp_path))
    assert not [i for i in ids if "shared-kubernetes-cluster" in i], ids


def test_a_count_or_version_set_in_one_environment_only_is_still_classified(
    tmp_path: Path,
) -> None:
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "staging.tfvars").write_text('region = "eu-west-1"\n', encoding="utf-8")
    (tmp_path / "envs" / "production.tfvars").write_text(
        'region = "eu-west-1"\napi_min_replicas = 4\nchart_version = "3.4.1"\n',
        encoding="utf-8",
    )
    found = _by_id(tmp_path)
    replicas = found["traffic/replicas-differ/-/api_min_replicas"]
    assert replicas.summary.startswith("Instance count:")  # type: ignore[attr-defined]
    assert "production only (4)" in replicas.summary  # type: ignore[attr-defined]
    assert "deploys/version-differs/-/chart_version" in found


def test_a_variable_a_task_definition_names_is_not_required_and_unset(tmp_path: Path) -> None:
    task = (
        '{{"family": "api-{env}", "containerDefinitions": [{{"name": "api", '
        '"environment": [{{"name": "PARTNER_API_URL", "value": "https://{host}/v1"}}], '
        '"secrets": [{{"name": "PARTNER_API_KEY", "valueFrom": "arn:aws:ssm:eu-west-1:1:p/{env}"}}]'
        "}}]}}"
    )
    (tmp_path / "deploy" / "ecs").mkdir(parents=True)
    for env, host in (("staging", "sandbox.partner.example"), ("production", "partner.example")):
        (tmp_path / "deploy" / "ecs" / f"{env}.json").write_text(
            task.format(env=env, host=host), encoding="utf-8"
        )
    (tmp_path / ".env.staging").write_text("LOG_LEVEL=debug\n", encoding="utf-8")
    (tmp_path / ".env.production").write_text("LOG_LEVEL=info\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(
        'import os\nURL = os.environ["PARTNER_API_URL"]\nKEY = os.environ["PARTNER_API_KEY"]\n'
        'OTHER = os.environ["NOWHERE_SET_VALUE"]\n',
        encoding="utf-8",
    )
    ids = set(_by_id(tmp_path))
    assert not [i for i in ids if "required-unset" in i and "PARTNER_API" in i], ids
    assert "env-vars/required-unset/-/NOWHERE_SET_VALUE" in ids


def test_error_tracking_in_one_environment_is_one_finding_not_three(tmp_path: Path) -> None:
    (tmp_path / ".env.staging").write_text("LOG_LEVEL=debug\n", encoding="utf-8")
    (tmp_path / ".env.production").write_text(
        "LOG_LEVEL=info\nSENTRY_DSN=https://EXAMPLEkey0123456789@o1.ingest.sentry.io/2\n",
        encoding="utf-8",
    )
    gaps = {i for i, f in _by_id(tmp_path).items() if f.severity != "info"}  # type: ignore[attr-defined]
    assert "observability/error-tracking-only-in-production/-/error-tracking" in gaps
    assert not [i for i in gaps if "SENTRY" in i.upper() and "error-tracking-only" not in i], gaps
    assert not [i for i in gaps if "error-sampling" in i], gaps
