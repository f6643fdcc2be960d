"""The code scan in a second process (probe/codescan.py) must not change a single fact,
warning or answer: a monorepo probed with it, without it, and with a child that dies, gives
the same result."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from probe import codescan
from probe.engine import ProbeResult, run_probe

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the second process is forked on Linux only"
)


def _monorepo(root: Path, services: int = 9, modules: int = 50) -> None:
    """Enough application code for the child to be worth forking, reading variables in a few
    files, with one unreadable code file and one binary one to warn about."""
    for s in range(services):
        base = root / "services" / f"svc{s}"
        for env, level in (("staging", "debug"), ("production", "info")):
            overlay = base / "k8s" / "overlays" / env
            overlay.mkdir(parents=True)
            (overlay / "kustomization.yaml").write_text(
                f"namespace: svc{s}-{env}\nconfigMapGenerator:\n  - name: cfg\n    literals:\n"
                f"      - LOG_LEVEL={level}\n"
                + ("      - PAYMENTS_URL=https://pay.example.com\n" if env == "production" else "")
            )
        src = base / "src"
        src.mkdir(parents=True)
        for m in range(modules):
            body = "".join(f"def f{k}(x):\n    return x * {k}\n\n" for k in range(5))
            if m % 10 == 0:
                reads = f"URL = os.environ['PAYMENTS_URL']\nN{m} = os.getenv('N{m}', '1')\n"
                body = "import os\n\n" + reads + body
            (src / f"module_{m}.py").write_text(body)
        (src / "blob.py").write_bytes(b"\0binary\0" * 10)
    (root / "services" / "svc0" / "web").mkdir()
    (root / "services" / "svc0" / "web" / "app.ts").write_text(
        "export const api = process.env.API_URL ?? '/api';\n"
        "import { faker } from '@faker-js/faker';\n"
    )


def _essence(result: ProbeResult) -> dict[str, Any]:
    return {
        "findings": [f.model_dump() for f in result.findings],
        "answers": {k: a.model_dump() for k, a in result.answers.items()},
        "env_vars": [r.model_dump() for r in result.env_vars],
        "warnings": result.warnings,
        "environments": result.environments,
        "files_read": result.files_read,
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _monorepo(tmp_path)
    return tmp_path


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record whether a child was started. The test run may have left a thread behind (the
    app's tests); the child only runs the probe's own lock-free code, so it is safe here."""
    monkeypatch.delenv("STAGEGAP_PROBE_PROCESSES", raising=False)
    if threading.active_count() != 1:
        monkeypatch.setattr(codescan.threading, "active_count", lambda: 1)
    if len(codescan.os.sched_getaffinity(0)) < 2:  # a one-core runner: fork all the same
        monkeypatch.setattr(codescan.os, "sched_getaffinity", lambda pid: {0, 1})
    started: list[object] = []
    original = codescan.CodeScan.start.__func__  # type: ignore[attr-defined]

    def start(cls: type[codescan.CodeScan], *args: Any) -> codescan.CodeScan | None:
        scan = original(cls, *args)
        started.append(scan)
        return scan

    monkeypatch.setattr(codescan.CodeScan, "start", classmethod(start))
    return started


def _single(repo: Path, monkeypatch: pytest.MonkeyPatch) -> ProbeResult:
    with monkeypatch.context() as m:
        m.setenv("STAGEGAP_PROBE_PROCESSES", "1")
        return run_probe(repo, redactor=None)


def test_two_processes_give_what_one_gives(
    repo: Path, forks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    both = run_probe(repo)
    assert forks and forks[-1] is not None, "the code scan was not forked"
    one = _single(repo, monkeypatch)
    assert forks[-1] is None
    assert _essence(both) == _essence(one)
    # what the child found made it back: code reads and warnings from code files
    reads = [r for r in both.env_vars if r.name == "PAYMENTS_URL"]
    assert reads and reads[0].read_by_code
    assert any("blob.py" in w and "binary" in w for w in both.warnings)
    assert both.warnings == sorted(both.warnings, key=lambda w: w.split(":")[0])


def test_a_child_that_dies_changes_nothing(
    repo: Path, forks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*args: object) -> None:
        raise MemoryError("the child ran out of memory")

    expected = _essence(_single(repo, monkeypatch))
    monkeypatch.setattr(codescan, "_scan", die)
    result = run_probe(repo)
    assert forks and forks[-1] is not None
    assert _essence(result) == expected


def test_small_repositories_stay_in_one_process(forks: list[object]) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "repos" / "kustomize-gha"
    run_probe(fixtures)
    assert forks == [None]
