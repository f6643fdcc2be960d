"""A bare .env or docker-compose.yml is a base of staging and production only when something
combines it with them; a repository deployed another way keeps them for laptops, and their
values must neither fill in for what an environment lacks nor count as a shared secret."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.engine import run_probe


def _tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


KUBERNETES = {
    "k8s/overlays/staging/kustomization.yaml": (
        "namespace: app-staging\nconfigMapGenerator:\n  - name: cfg\n    literals:\n"
        "      - LOG_LEVEL=debug\n"
    ),
    "k8s/overlays/production/kustomization.yaml": (
        "namespace: app-production\nconfigMapGenerator:\n  - name: cfg\n    literals:\n"
        "      - LOG_LEVEL=info\n      - API_KEY_VALIDATION_ENDPOINT=https://keys.example.com\n"
    ),
    "docker-compose.yml": (
        "services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: local-only-password-1234\n"
    ),
    ".env": "API_KEY_VALIDATION_ENDPOINT=http://localhost:9000\n",
}


def test_a_laptop_setup_is_set_aside(tmp_path: Path) -> None:
    _tree(tmp_path, KUBERNETES)
    result = run_probe(tmp_path)
    ids = {f.id for f in result.findings}
    assert list(result.environments["set_aside"]) == [".env", "docker-compose.yml"]
    # the local .env no longer hides that production alone sets the variable
    assert "env-vars/only-in-production/-/API_KEY_VALIDATION_ENDPOINT" in ids
    # and the laptop's database password is no secret shared by staging and production
    assert not any("same-secret" in i for i in ids)


def test_a_compose_file_with_production_overrides_is_their_base(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "docker-compose.yml": KUBERNETES["docker-compose.yml"],
            "docker-compose.staging.yml": "services:\n  db:\n    image: postgres:16\n",
            "docker-compose.prod.yml": "services:\n  db:\n    image: postgres:15\n",
        },
    )
    result = run_probe(tmp_path)
    assert "set_aside" not in result.environments
    assert "docker-compose.yml" in result.environments["shared"]["files"]


def test_a_compose_file_with_one_env_file_per_environment_is_their_base(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "docker-compose.yml": KUBERNETES["docker-compose.yml"],
            ".env.staging": "LOG_LEVEL=debug\n",
            ".env.production": "LOG_LEVEL=info\n",
            ".env": "TZ=UTC\n",
        },
    )
    result = run_probe(tmp_path)
    assert "set_aside" not in result.environments


def test_a_compose_file_ci_runs_is_kept(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            **{k: v for k, v in KUBERNETES.items() if k != ".env"},
            ".gitlab-ci.yml": (
                "deploy_production:\n  stage: deploy\n  environment: production\n"
                "  script:\n    - docker compose -f docker-compose.yml up -d\n"
            ),
        },
    )
    result = run_probe(tmp_path)
    assert "set_aside" not in result.environments


def _reads(root: Path, count: int) -> list[str]:
    overlays = {k: v for k, v in KUBERNETES.items() if k.startswith("k8s/")}
    code = "import os\n" + "".join(f"V{i} = os.environ['SETTING_{i}']\n" for i in range(count))
    _tree(root, {**overlays, "app/settings.py": code})
    result = run_probe(root)
    return [f.id for f in result.findings if "required-unset" in f.id]


def test_a_few_variables_set_nowhere_are_named_one_by_one(tmp_path: Path) -> None:
    assert _reads(tmp_path, 2) == [
        "env-vars/required-unset/-/SETTING_0",
        "env-vars/required-unset/-/SETTING_1",
    ]


def test_many_variables_set_nowhere_are_one_finding(tmp_path: Path) -> None:
    """Forty mediums that all say 'set somewhere the probe cannot read' drown the real gaps."""
    assert _reads(tmp_path, 9) == ["env-vars/required-unset/-/many"]
    result = run_probe(tmp_path)
    many = next(f for f in result.findings if f.id.endswith("/many"))
    assert "9 variables" in many.summary
    assert all(f"SETTING_{i}" in many.details for i in range(9))


def test_an_env_file_for_pull_request_environments_is_not_staging(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            **{k: v for k, v in KUBERNETES.items() if k.startswith("k8s/")},
            ".env.staging": "# Used in pull request (aka pizza) environments\nAPI_URL_EXT=x\n",
        },
    )
    result = run_probe(tmp_path)
    assert "pull-request" in result.environments["set_aside"][".env.staging"]
    assert not any("API_URL_EXT" in f.id for f in result.findings)
