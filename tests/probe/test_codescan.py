"""The walk and code scan in a second process (probe/codescan.py) must not change a single
fact, warning, answer or file list: a repository probed with it, without it, and with a child
that dies or talks nonsense, gives the same result."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from stagegap.probe import codescan, engine
from stagegap.probe.engine import ProbeResult
from stagegap.probe.engine import run_probe as _run_probe
from stagegap.probe.secrets import Redactor

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the second process is forked on Linux only"
)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "repos"


def run_probe(root: Path) -> ProbeResult:
    """One salt for every run, so equal secrets have equal fingerprints across runs."""
    return _run_probe(root, redactor=Redactor(salt=b"one salt for the comparison"))


def _monorepo(root: Path, services: int = 6, modules: int = 40) -> None:
    """Application code reading variables, configuration per environment, and the awkward
    cases: a binary code file, a broken link, a link to a file read anyway, a laptop-only
    compose file and a .env.staging that serves preview environments."""
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
    web = root / "services" / "svc0" / "web"
    web.mkdir()
    (web / "app.ts").write_text(
        "export const api = process.env.API_URL ?? '/api';\n"
        "import { faker } from '@faker-js/faker';\n"
    )
    (web / "gone.env").symlink_to("nowhere.env")
    ci = root / "services" / "svc1" / "ci"
    ci.mkdir()
    (ci / "kustomization.yaml").symlink_to("../k8s/overlays/staging/kustomization.yaml")
    (root / "docker-compose.yml").write_text(
        "services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: laptop-only-password-1234\n"
    )
    (root / "services" / "svc2" / ".env.staging").write_text(
        "# Used in pull request (aka preview) environments\nAPI_URL=https://pr.example.com\n"
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
def forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each run used the child. The test run may have left a thread behind (the app's
    tests); the child only runs the probe's own lock-free code, so it is safe here."""
    monkeypatch.setenv("STAGEGAP_PROBE_PROCESSES", "2")
    if threading.active_count() != 1:
        monkeypatch.setattr(codescan.threading, "active_count", lambda: 1)
    if len(codescan.os.sched_getaffinity(0)) < 2:  # a one-core runner: fork all the same
        monkeypatch.setattr(codescan.os, "sched_getaffinity", lambda pid: {0, 1})
    used: list[bool] = []
    original = engine.read_in_two_processes

    def spy(*args: Any) -> Any:
        result = original(*args)
        used.append(result is not None)
        return result

    monkeypatch.setattr(engine, "read_in_two_processes", spy)
    return used


def _one_process(repo: Path, monkeypatch: pytest.MonkeyPatch) -> ProbeResult:
    with monkeypatch.context() as m:
        m.setenv("STAGEGAP_PROBE_PROCESSES", "1")
        return run_probe(repo)


def test_two_processes_give_what_one_gives(
    repo: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    both = run_probe(repo)
    one = _one_process(repo, monkeypatch)
    assert forks == [True, False]
    assert _essence(both) == _essence(one)
    # what the child found made it back: code reads, its warnings and the walk's
    reads = [r for r in both.env_vars if r.name == "PAYMENTS_URL"]
    assert reads and reads[0].read_by_code
    assert any("blob.py" in w and "binary" in w for w in both.warnings)
    assert any("gone.env" in w and "broken symlink" in w for w in both.warnings)
    # and what the parent decided once the walk was over
    assert set(both.environments["set_aside"]) == {
        "docker-compose.yml",
        "services/svc2/.env.staging",
    }
    assert not any(f.startswith("services/svc1/ci/") for f in both.environments["staging"]["files"])


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_repository_reads_alike(
    name: str, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    both = run_probe(FIXTURES / name)
    assert _essence(both) == _essence(_one_process(FIXTURES / name, monkeypatch))
    assert forks == [True, False]


def test_a_child_that_dies_changes_nothing(
    repo: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _essence(_one_process(repo, monkeypatch))

    def die(*args: object) -> None:
        raise MemoryError("the child ran out of memory")

    monkeypatch.setattr(codescan, "_child", die)
    result = run_probe(repo)
    assert forks[-1] is False  # it tried, failed, and read in one process
    assert _essence(result) == expected


def test_a_child_that_talks_nonsense_changes_nothing(
    repo: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _essence(_one_process(repo, monkeypatch))

    def babble(root: Path, ctx: object, read: object, out: Any) -> None:
        codescan._send(out, ("files", []))
        out.write(b"not a pickle at all")
        out.flush()

    monkeypatch.setattr(codescan, "_child", babble)
    result = run_probe(repo)
    assert _essence(result) == expected


def test_no_child_is_left_behind(
    repo: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    pids: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(codescan.os, "fork", recording_fork)
    run_probe(repo)
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # reaped already: no zombie left


def test_the_compared_pair_is_chosen_alike_in_both(
    tmp_path: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child chooses the pair from the whole walk and tells the parent; one process
    chooses it from the same list."""
    for env, level in (("uat", "debug"), ("staging", "info"), ("prod", "warn")):
        overlay = tmp_path / "k8s" / "overlays" / env
        overlay.mkdir(parents=True)
        (overlay / "kustomization.yaml").write_text(
            f"configMapGenerator:\n  - name: cfg\n    literals:\n      - LOG_LEVEL={level}\n"
        )
    (tmp_path / ".stagegap.yaml").write_text("compare: uat:prod\n")
    both = run_probe(tmp_path)
    one = _one_process(tmp_path, monkeypatch)
    assert forks == [True, False]
    assert _essence(both) == _essence(one)
    assert both.environments["compared"]["staging"] == "uat"
    assert both.environments["others"] == ["staging"]
