"""Environments, not two names: every environment a repository names is discovered, one
pre-production environment is compared with production by a stated rule (or as asked), and
the others are listed, never folded into staging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagegap.probe.engine import ProbeError, run_probe
from stagegap.probe.environments import Environments, Role, words
from stagegap.tui.cli_probe import probe_command

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: {replicas}
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.0
"""


def _deployments(root: Path, replicas: dict[str, int]) -> None:
    for env, count in replicas.items():
        folder = root / "deploy" / env
        folder.mkdir(parents=True)
        (folder / "deployment.yaml").write_text(DEPLOYMENT.format(replicas=count))


def _replicas_finding(root: Path, **kwargs: str) -> str:
    result = run_probe(root, **kwargs)  # type: ignore[arg-type]
    return next(f.summary for f in result.findings if f.id.startswith("traffic/replicas-differ"))


def test_uat_and_preprod_are_never_folded_into_staging(tmp_path: Path) -> None:
    _deployments(tmp_path, {"uat": 2, "staging": 4, "preprod": 3, "production": 6})
    result = run_probe(tmp_path)
    replicas = next(f for f in result.findings if f.id.startswith("traffic/replicas-differ"))
    assert "4 replicas in staging and 6 in production" in replicas.summary
    assert {e.path for e in replicas.evidence} == {
        "deploy/staging/deployment.yaml",
        "deploy/production/deployment.yaml",
    }
    compared = result.environments["compared"]
    assert (compared["staging"], compared["production"]) == ("staging", "production")
    assert compared["chosen_by"] == "default"
    assert result.environments["others"] == ["preprod", "uat"]
    assert result.environments["staging"]["files"] == ["deploy/staging/deployment.yaml"]
    discovered = {e["name"]: e for e in result.environments["discovered"]}
    assert discovered["uat"] == {
        "name": "uat",
        "role": "pre-production",
        "compared_as": None,
        "files": ["deploy/uat/deployment.yaml"],
    }


def test_without_staging_the_next_pre_production_environment_is_compared(
    tmp_path: Path,
) -> None:
    _deployments(tmp_path, {"uat": 2, "prod": 5})
    result = run_probe(tmp_path)
    compared = result.environments["compared"]
    assert compared["staging"] == "uat" and "no staging" in compared["reason"]
    assert "2 replicas in staging and 5 in production" in _replicas_finding(tmp_path)


def test_compare_option_chooses_the_pair(tmp_path: Path) -> None:
    _deployments(tmp_path, {"uat": 2, "staging": 4, "production": 6})
    result = run_probe(tmp_path, compare="uat:prod")
    assert result.environments["compared"]["staging"] == "uat"
    assert result.environments["compared"]["chosen_by"] == "--compare"
    assert result.environments["others"] == ["staging"]
    assert "2 replicas in staging" in _replicas_finding(tmp_path, compare="uat:prod")


def test_stagegap_yaml_chooses_the_pair_and_the_option_wins(tmp_path: Path) -> None:
    _deployments(tmp_path, {"uat": 2, "staging": 4, "production": 6})
    (tmp_path / ".stagegap.yaml").write_text("# settings\ncompare: uat:production\n")
    result = run_probe(tmp_path)
    assert result.environments["compared"]["staging"] == "uat"
    assert result.environments["compared"]["chosen_by"] == ".stagegap.yaml:2"
    assert run_probe(tmp_path, compare="staging:prod").environments["compared"]["staging"] == (
        "staging"
    )


def test_a_bad_compare_is_one_clear_line(tmp_path: Path) -> None:
    _deployments(tmp_path, {"staging": 1, "production": 2})
    with pytest.raises(ProbeError, match="expected PRE:PROD"):
        run_probe(tmp_path, compare="uat")
    (tmp_path / ".stagegap.yaml").write_text("compare: [uat, prod]\n")
    result = run_probe(tmp_path)
    assert ".stagegap.yaml:1: compare should read PRE:PROD, e.g. uat:prod" in result.warnings
    assert result.environments["compared"]["staging"] == "staging"


def test_a_compared_name_no_file_uses_is_said(tmp_path: Path) -> None:
    _deployments(tmp_path, {"staging": 1, "production": 2})
    result = run_probe(tmp_path, compare="qa:production")
    assert any("no configuration file names 'qa'" in w for w in result.warnings)


def test_a_dev_file_stands_in_when_no_pre_production_environment_exists(
    tmp_path: Path,
) -> None:
    (tmp_path / "docker-compose.dev.yml").write_text(
        "services:\n  api:\n    image: example/api:1\n    environment:\n      DEBUG: 'true'\n"
    )
    (tmp_path / "docker-compose.prod.yml").write_text(
        "services:\n  api:\n    image: example/api:1\n    environment:\n      DEBUG: 'false'\n"
    )
    (tmp_path / ".env.test").write_text("DEBUG=true\n")
    result = run_probe(tmp_path)
    compared = result.environments["compared"]
    assert (compared["staging"], compared["production"]) == ("dev", "production")
    assert "only other deployable one" in compared["reason"]
    assert result.environments["staging"]["files"] == ["docker-compose.dev.yml"]


def test_no_environment_at_all_still_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / ".env.test").write_text("DEBUG=true\n")
    with pytest.raises(ProbeError, match="no staging or production configuration"):
        run_probe(tmp_path)


@pytest.mark.parametrize(
    ("path", "environment"),
    [
        ("non-prod/us-east-1/api/terragrunt.hcl", "non-prod"),
        ("live/prod/us-east-1/api/terragrunt.hcl", "production"),
        ("helm/values-pre-prod.yaml", "preprod"),
        ("helm/values-preprod.yaml", "preprod"),
        ("overlays/uat/kustomization.yaml", "uat"),
        ("envs/qa.tfvars", "qa"),
        ("deploy/review-app/values.yaml", "preview"),
        ("deploy/pr-12/values.yaml", "preview"),
        ("services/live-chat/values.yaml", None),
        ("k8s/base/deployment.yaml", None),
    ],
)
def test_which_environment_a_path_names(path: str, environment: str | None) -> None:
    assert Environments().place(path) == environment


def test_dashed_words_are_one_environment_not_production() -> None:
    envs = Environments()
    envs.choose(["non-prod/app/terragrunt.hcl", "prod/app/terragrunt.hcl"])
    assert envs.classify_path("non-prod/app/terragrunt.hcl") == "staging"
    assert envs.classify_path("prod/app/terragrunt.hcl") == "production"


def test_ci_job_names_follow_the_compared_pair() -> None:
    envs = Environments()
    envs.choose(["deploy/uat/a.yaml", "deploy/prod/a.yaml"])
    assert envs.classify_name("deploy-uat") == "staging"
    assert envs.classify_name("deploy-staging") == "other"
    assert envs.classify_name("deploy-production") == "production"


def test_the_word_lists_are_data_with_a_role_each() -> None:
    vocabulary = words()
    assert vocabulary.environments["uat"].role is Role.PRE_PRODUCTION
    assert vocabulary.environments["dev"].role is Role.OTHER
    assert vocabulary.by_word["prd"] == "production"
    ranked = sorted(
        (e for e in vocabulary.environments.values() if e.role is Role.PRE_PRODUCTION),
        key=lambda e: e.rank,
    )
    assert ranked[0].name == "staging"


def test_every_output_says_which_pair_was_compared(tmp_path: Path) -> None:
    _deployments(tmp_path, {"uat": 2, "staging": 4, "production": 6})
    sarif = tmp_path / "out.sarif"
    run = CliRunner().invoke(
        probe_command, [str(tmp_path), "--json", "--compare", "uat:prod", "--sarif", str(sarif)]
    )
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert data["version"] == 3
    assert data["environments"]["compared"]["staging"] == "uat"
    properties = json.loads(sarif.read_text())["runs"][0]["properties"]
    assert properties["compared"]["staging"] == "uat"
    assert properties["otherEnvironments"] == ["staging"]
    text = CliRunner().invoke(probe_command, [str(tmp_path)]).output
    assert "compared staging with production: the pre-production environment named" in text
    assert "not compared: uat (1 files)" in text


def test_hosts_are_placed_with_the_runs_own_aliases(tmp_path: Path) -> None:
    (tmp_path / ".env.staging").write_text("API_URL=https://api.blue.example.com/v1\n")
    (tmp_path / ".env.production").write_text("API_URL=https://api.example.com/v1\n")
    crossing = "infrastructure/staging-points-at-production/-/API_URL"
    assert crossing not in {f.id for f in run_probe(tmp_path).findings}
    aliased = run_probe(tmp_path, aliases={"production": ["blue"]})
    assert crossing in {f.id for f in aliased.findings}


def test_a_folder_holding_other_environments_is_a_container_not_one() -> None:
    envs = Environments()
    envs.choose(
        [
            "live/terragrunt.hcl",
            "live/_envcommon/api.hcl",
            "live/non-prod/us-east-1/api/terragrunt.hcl",
            "live/dev/us-east-1/api/terragrunt.hcl",
            "live/prod/us-east-1/api/terragrunt.hcl",
        ]
    )
    assert envs.classify_path("live/_envcommon/api.hcl") == "shared"
    assert envs.classify_path("live/terragrunt.hcl") == "shared"
    assert envs.classify_path("live/non-prod/us-east-1/api/terragrunt.hcl") == "staging"
    assert envs.classify_path("live/dev/us-east-1/api/terragrunt.hcl") == "other"
    assert envs.classify_path("live/prod/us-east-1/api/terragrunt.hcl") == "production"
    assert envs.comparison is not None and envs.comparison.pre_production is not None
    assert envs.comparison.pre_production.name == "non-prod"


def test_a_staging_deployed_by_ci_alone_is_still_staging(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "deploy.yml").write_text(
        "on: push\njobs:\n  deploy-staging:\n    runs-on: ubuntu-latest\n"
        "    environment: staging\n    steps:\n      - run: ./deploy.sh staging\n"
    )
    (tmp_path / ".env.development").write_text("DEBUG=true\n")
    (tmp_path / ".env.production").write_text("DEBUG=false\n")
    result = run_probe(tmp_path)
    compared = result.environments["compared"]
    assert compared["staging"] == "staging" and "named by CI jobs only" in compared["reason"]
    assert result.environments["others"] == ["dev"]


def test_gitlab_stage_keywords_name_no_environment(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("stages: [build]\nbuild:\n  stage: build\n")
    (tmp_path / "docker-compose.dev.yml").write_text("services:\n  api:\n    image: a:1\n")
    (tmp_path / "docker-compose.prod.yml").write_text("services:\n  api:\n    image: a:1\n")
    assert run_probe(tmp_path).environments["compared"]["staging"] == "dev"
