"""The deploy-platform and CI-system sources: each reads its own format, places what it reads
on the compared side its file or its own environment names give, with build or run time, and
leaves environments an audit does not compare (previews, review apps) out."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.engine import ProbeResult, run_probe
from stagegap.questionnaires.response import EnvVarRow


def probe(root: Path, files: dict[str, str]) -> ProbeResult:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run_probe(root)


def ids(result: ProbeResult) -> set[str]:
    return {f.id for f in result.findings}


def row(result: ProbeResult, name: str) -> EnvVarRow:
    return next(r for r in result.env_vars if r.name == name)


def scopes(result: ProbeResult, name: str) -> dict[str, list[str]]:
    return {env: cell.scopes for env, cell in row(result, name).cells.items()}


def test_fly_env_is_run_time_build_args_build_time_and_plain_fly_toml_is_production(
    tmp_path: Path,
) -> None:
    result = probe(
        tmp_path,
        {
            "fly.toml": 'app = "shop"\n[env]\n  API_URL = "https://api.shop.example"\n'
            '[build.args]\n  NEXT_PUBLIC_SITE = "shop"\n'
            "[http_service]\n  min_machines_running = 2\n"
            '[[vm]]\n  memory = "2gb"\n',
            "fly.staging.toml": 'app = "shop-staging"\n[env]\n  API_URL = "https://api.stg.example"\n'
            '[http_service]\n  min_machines_running = 0\n  auto_stop_machines = "stop"\n'
            '[[vm]]\n  memory = "512mb"\n',
        },
    )
    assert scopes(result, "API_URL") == {"staging": ["run"], "production": ["run"]}
    assert scopes(result, "NEXT_PUBLIC_SITE") == {"production": ["build"]}
    found = ids(result)
    assert "traffic/replicas-differ/-/app" in found
    assert "traffic/sizing-differs/-/app.resources.limits.memory" in found
    assert "traffic/idle-scaling-only-in-staging/-/app" in found


def test_digitalocean_scopes_are_the_specs_own(tmp_path: Path) -> None:
    spec = (
        "name: atlas-{env}\nservices:\n  - name: web\n    instance_count: {count}\n"
        "    envs:\n      - key: NEXT_PUBLIC_KEY\n        value: pk\n        scope: {scope}\n"
        "      - key: BOTH\n        value: x\n"
    )
    result = probe(
        tmp_path,
        {
            ".do/app.staging.yaml": spec.format(env="staging", count=1, scope="RUN_TIME"),
            ".do/app.production.yaml": spec.format(env="production", count=3, scope="BUILD_TIME"),
        },
    )
    assert scopes(result, "NEXT_PUBLIC_KEY") == {"staging": ["run"], "production": ["build"]}
    assert scopes(result, "BOTH")["staging"] == ["build", "run"]
    assert "traffic/replicas-differ/-/web" in ids(result)


def test_netlify_contexts_and_previews(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "netlify.toml": '[build.environment]\n  NODE_VERSION = "20"\n'
            '[context.staging.environment]\n  VITE_MOCKS = "true"\n'
            '[context.production.environment]\n  VITE_MOCKS = "false"\n'
            '[context.deploy-preview.environment]\n  VITE_PREVIEW_ONLY = "1"\n',
        },
    )
    assert scopes(result, "VITE_MOCKS") == {"staging": ["build"], "production": ["build"]}
    assert scopes(result, "NODE_VERSION") == {"shared": ["build"]}
    assert not [r for r in result.env_vars if r.name == "VITE_PREVIEW_ONLY"]


def test_serverless_params_per_stage_and_a_disabled_schedule(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "serverless.yml": "service: s\nparams:\n"
            "  default: {memory: 512, runs: false, mode: test}\n"
            "  staging: {}\n  prod: {memory: 2048, runs: true, mode: live}\n"
            "provider:\n  name: aws\n  memorySize: ${param:memory}\n"
            "  environment:\n    MODE: ${param:mode}\n    TABLE: t-${sls:stage}\n"
            "functions:\n  nightly:\n    handler: h.main\n    events:\n"
            "      - schedule:\n          rate: cron(0 2 * * ? *)\n"
            "          enabled: ${param:runs}\n",
        },
    )
    found = ids(result)
    assert "traffic/sizing-differs/-/functions.resources.limits.memory" in found
    assert "deploys/cron-only-in-production/-/nightly" in found
    assert set(row(result, "MODE").cells) == {"staging", "production"}


def test_samconfig_environments_and_changeset_confirmation(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "samconfig.toml": "version = 0.1\n[staging.deploy.parameters]\n"
            'parameter_overrides = "MemorySize=256 LogRetentionDays=7"\n'
            "[prod.deploy.parameters]\nconfirm_changeset = true\n"
            'parameter_overrides = "MemorySize=1024 LogRetentionDays=90"\n',
        },
    )
    found = ids(result)
    assert "traffic/sizing-differs/-/functions.resources.limits.memory" in found
    assert "observability/log-retention-differs/-/LogRetentionDays" in found
    assert "deploys/trigger-differs/-/deploy" in found


def test_render_projects_groups_and_references(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "render.yaml": "projects:\n  - name: p\n    environments:\n"
            "      - name: staging\n        services:\n"
            "          - {type: web, name: api-staging, plan: starter, preDeployCommand: "
            "'npm run migrate && npm run seed', envVars: [{fromGroup: common}, "
            "{key: KEY, sync: false}]}\n"
            "      - name: production\n        services:\n"
            "          - {type: web, name: api, plan: pro, preDeployCommand: 'npm run migrate',"
            " envVars: [{fromGroup: common}, {key: KEY, sync: false}]}\n"
            "          - {type: cron, name: digest, schedule: '0 6 * * *'}\n"
            "envVarGroups:\n  - name: common\n    envVars: [{key: CURRENCY, value: EUR}]\n",
        },
    )
    found = ids(result)
    assert "data/seed-on-deploy-staging/-/api" in found
    assert "deploys/release-command-differs/-/api" not in found  # the seed is the difference
    assert "deploys/cron-only-in-production/-/digest" in found
    assert set(row(result, "CURRENCY").cells) == {"staging", "production"}
    assert not any("KEY" in i for i in found)


def test_circleci_approval_jobs_gate_what_requires_them(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            ".circleci/config.yml": "version: 2.1\njobs:\n  deploy:\n"
            "    docker: [{image: cimg/base:current}]\n"
            "    steps: [{run: 'flyctl deploy --app x'}]\nworkflows:\n  w:\n    jobs:\n"
            "      - deploy: {name: deploy-staging, context: staging,\n"
            "                 filters: {branches: {only: main}}}\n"
            "      - hold: {type: approval, requires: [deploy-staging]}\n"
            "      - deploy: {name: deploy-production, context: production, requires: [hold]}\n",
        },
    )
    trigger = next(f for f in result.findings if f.id == "deploys/trigger-differs/-/deploy")
    assert "manual step" in trigger.summary


def test_jenkins_input_step_and_heroku_scale(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "Jenkinsfile": "pipeline {\n  agent any\n  stages {\n"
            "    stage('Deploy staging') {\n      when { branch 'main' }\n"
            "      steps { sh 'heroku ps:scale web=1 --app crm-staging' }\n    }\n"
            "    stage('Deploy production') {\n      when { buildingTag() }\n"
            "      steps {\n        input message: 'Ship?'\n"
            "        sh 'heroku ps:scale web=4:standard-2x --app crm-production'\n      }\n"
            "    }\n  }\n}\n",
        },
    )
    found = ids(result)
    assert "deploys/trigger-differs/-/deploy" in found
    assert "traffic/replicas-differ/-/web" in found


def test_bitbucket_manual_step_and_azure_manual_validation(tmp_path: Path) -> None:
    bitbucket = probe(
        tmp_path / "bb",
        {
            "bitbucket-pipelines.yml": "pipelines:\n  branches:\n    main:\n"
            "      - step: {name: s, deployment: staging,\n"
            "               script: [serverless deploy --stage staging]}\n"
            "      - step: {name: p, deployment: production, trigger: manual, "
            "script: [serverless deploy --stage prod]}\n",
        },
    )
    assert "deploys/trigger-differs/-/deploy" in ids(bitbucket)
    azure = probe(
        tmp_path / "az",
        {
            "azure-pipelines.yml": "trigger: [main]\nstages:\n  - stage: S\n    jobs:\n"
            "      - deployment: ds\n        environment: staging\n        strategy:\n"
            "          runOnce:\n            deploy:\n              steps:\n"
            "                - task: AzureWebApp@1\n                  inputs:\n"
            "                    appSettings: '-FEATURE_X true'\n"
            "  - stage: P\n    jobs:\n      - job: gate\n        pool: server\n"
            "        steps: [{task: ManualValidation@0}]\n"
            "      - deployment: dp\n        environment: production\n        strategy:\n"
            "          runOnce:\n            deploy:\n              steps:\n"
            "                - task: AzureWebApp@1\n                  inputs:\n"
            "                    appSettings: '-FEATURE_X false'\n",
        },
    )
    assert {"deploys/trigger-differs/-/deploy", "env-vars/toggle-differs/-/FEATURE_X"} <= ids(azure)


def test_github_reusable_workflow_callers_deploy_their_literal_environment(
    tmp_path: Path,
) -> None:
    result = probe(
        tmp_path,
        {
            ".github/workflows/deploy.yml": "on:\n  workflow_call:\n    inputs:\n"
            "      environment: {type: string}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
            "    environment:\n      name: ${{ inputs.environment }}\n"
            "    steps: [{run: vercel deploy}]\n",
            ".github/workflows/release.yml": "on:\n  push: {branches: [main]}\n"
            "  workflow_dispatch:\n"
            "jobs:\n  staging:\n    if: github.event_name == 'push'\n"
            "    uses: ./.github/workflows/deploy.yml\n    with: {environment: staging, "
            "url: 'https://staging.example'}\n"
            "  production:\n    if: github.event_name == 'workflow_dispatch'\n"
            "    uses: ./.github/workflows/deploy.yml\n    with: {environment: production}\n",
        },
    )
    trigger = next(f for f in result.findings if f.id == "deploys/trigger-differs/-/deploy")
    assert {e.path for e in trigger.evidence} == {".github/workflows/release.yml"}


def test_railway_environments_and_vercel_crons(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "railway.json": '{"deploy": {"numReplicas": 1}, "environments": {'
            '"staging": {"deploy": {"sleepApplication": true}},'
            '"production": {"deploy": {"numReplicas": 3, "healthcheckPath": "/h"}},'
            '"pr": {"deploy": {"numReplicas": 9}}}}',
            "web/vercel.json": '{"crons": [{"path": "/api/cron/a", "schedule": "0 * * * *"}]}',
            ".env.staging": "X=1\n",
        },
    )
    found = ids(result)
    assert "traffic/idle-scaling-only-in-staging/-/app" in found
    assert "deploys/health-check-only-in-production/-/app" in found
    assert "deploys/cron-only-in-production/-/api-cron-a" in found
    replicas = next(f for f in result.findings if f.id == "traffic/replicas-differ/-/app")
    assert "1 replica in staging and 3 in production" in replicas.summary


def test_a_broken_platform_file_is_one_warning_without_its_text(tmp_path: Path) -> None:
    result = probe(
        tmp_path,
        {
            "fly.staging.toml": 'app = "x"\n[env\nSECRET = "sk_live_EXAMPLEEXAMPLE"\n',
            "vercel.json": '{"env": {"A": "sk_live_EXAMPLE"',
            ".env.production": "A=1\n",
        },
    )
    said = [w for w in result.warnings if "fly.staging.toml" in w or "vercel.json" in w]
    assert len(said) == 2 and not any("sk_live" in w for w in said), said


def test_an_environment_a_platform_file_names_inside_it_can_be_the_compared_one(
    tmp_path: Path,
) -> None:
    result = probe(
        tmp_path,
        {
            "netlify.toml": '[context.uat.environment]\n  VITE_X = "1"\n'
            '[context.production.environment]\n  VITE_X = "2"\n',
        },
    )
    assert result.environments["compared"]["staging"] == "uat"
    assert set(row(result, "VITE_X").cells) == {"staging", "production"}
