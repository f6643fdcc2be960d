"""Compose's own layering: an override adds to the base; a standalone production file (its own
images and builds, never run with the base by -f) is no override, so the bare file is the
development setup, not a shared base; what a service does at start (flush, seed, migrate) is
seen in its command or its image's entrypoint script."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, values, write

from stagegap.probe.engine import run_probe
from stagegap.probe.facts import Kind

DEV = """services:
  web:
    build: ./app
    command: python manage.py runserver 0.0.0.0:8000
  db:
    image: postgres:16
"""
PROD = """services:
  web:
    build:
      context: ./app
      dockerfile: Dockerfile.prod
    command: gunicorn site.wsgi --workers 3
  db:
    image: postgres:15.6-alpine
    volumes:
      - pgdata:/var/lib/postgresql/data/
"""
OVERRIDE = """services:
  web:
    command: gunicorn site.wsgi --workers 3
"""
APP = {
    "app/Dockerfile": 'FROM python:3.12\nCOPY . .\nENTRYPOINT ["/usr/src/app/entrypoint.sh"]\n',
    "app/entrypoint.sh": (
        "#!/bin/sh\npython manage.py flush --no-input\npython manage.py migrate\n"
        'python manage.py loaddata fixtures/sample.json\nexec "$@"\n'
    ),
    "app/Dockerfile.prod": 'FROM python:3.12\nENTRYPOINT ["/home/app/entrypoint.prod.sh"]\n',
    "app/entrypoint.prod.sh": '#!/bin/sh\nexec "$@"\n',
}


def test_a_standalone_production_file_makes_the_bare_file_development(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "docker-compose.yml": DEV,
            "docker-compose.prod.yml": PROD,
            ".env.dev": "DEBUG=1\n",
            ".env.prod": "DEBUG=0\n",
            **APP,
        },
    )
    result = run_probe(tmp_path)
    assert result.environments["compared"]["staging"] == "dev"
    assert "docker-compose.yml" in result.environments["staging"]["files"]
    assert "docker-compose.yml" not in result.environments["shared"]["files"]
    assert "development setup" in result.environments["set_aside"]["docker-compose.yml"]


def test_an_override_keeps_the_bare_file_a_shared_base(tmp_path: Path) -> None:
    write(tmp_path, {"docker-compose.yml": DEV, "docker-compose.prod.yml": OVERRIDE, **APP})
    facts, _ = read_facts(tmp_path)
    shared = values(facts, source="compose", env="shared", kind=Kind.SETTING)
    assert shared["services.db.image"] == "postgres:16"
    production = values(facts, source="compose", env="production", kind=Kind.SETTING)
    assert production["services.web.command"] == "gunicorn site.wsgi --workers 3"


def test_a_standalone_file_run_with_the_base_by_f_is_an_override(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "docker-compose.yml": DEV,
            "docker-compose.prod.yml": PROD,
            ".github/workflows/deploy.yml": (
                "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: docker compose -f docker-compose.yml"
                " -f docker-compose.prod.yml up -d\n"
            ),
        },
    )
    facts, _ = read_facts(tmp_path)
    assert values(facts, source="compose", env="shared", kind=Kind.SETTING) != {}


def test_what_a_service_runs_at_start_is_seen_in_its_entrypoint_script(tmp_path: Path) -> None:
    write(tmp_path, {"docker-compose.yml": DEV, "docker-compose.prod.yml": OVERRIDE, **APP})
    facts, _ = read_facts(tmp_path)
    steps = {f.key: (f.where.path, f.where.line) for f in facts if ".on_start." in f.key}
    assert steps == {
        "services.web.on_start.flush": ("app/entrypoint.sh", 2),
        "services.web.on_start.migrate": ("app/entrypoint.sh", 3),
        "services.web.on_start.seed": ("app/entrypoint.sh", 4),
    }
    assert [(f.key, f.value.shown) for f in facts if f.kind == Kind.DATA_JOB] == [("seed", "web")]
