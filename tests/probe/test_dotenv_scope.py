""".env files: when their variables are set, and the line each one is on. A .env file beside a
front-end bundler's config is loaded when the bundle is built, so its VITE_/NEXT_PUBLIC_
variables are build time, not the run-time-only mistake they would be in a server's
environment."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.discovery import SourceFile, Warnings
from stagegap.probe.engine import run_probe
from stagegap.probe.environments import Environments
from stagegap.probe.secrets import Redactor
from stagegap.probe.sources import dotenv
from stagegap.probe.sources.base import Context


def _app(root: Path, bundler: str | None) -> list[str]:
    web = root / "web"
    web.mkdir(parents=True)
    if bundler:
        (web / bundler).write_text("export default {}\n")
    (web / ".env.staging").write_text("VITE_API_URL=https://api.staging.example.com\n")
    (web / ".env.production").write_text("VITE_API_URL=https://api.example.com\n")
    result = run_probe(root)
    return [f.id for f in result.findings if "runtime-only" in f.id]


def test_env_files_beside_vite_are_build_time(tmp_path: Path) -> None:
    assert _app(tmp_path, "vite.config.ts") == []


def test_env_files_without_a_bundler_are_run_time(tmp_path: Path) -> None:
    assert sorted(_app(tmp_path, None)) == [
        "env-vars/runtime-only-production/-/VITE_API_URL",
        "env-vars/runtime-only-staging/-/VITE_API_URL",
    ]


def test_evidence_lines_count_the_blank_lines_before_a_variable(tmp_path: Path) -> None:
    """python-dotenv starts a binding at the blank lines before it; the evidence must point at
    the variable's own line."""
    env = tmp_path / ".env.staging"
    env.write_text("A=1\n\nB=2\n# note\nC=3\n\n\nD=4\n  E=5\nnot a binding\n")
    file = SourceFile(tmp_path, ".env.staging", "staging", None)
    warnings = Warnings()
    facts = dotenv.read(file, Context(Redactor(), Environments(), warnings))
    assert [(f.key, f.where.line) for f in facts] == [
        ("A", 1),
        ("B", 3),
        ("C", 5),
        ("D", 8),
        ("E", 9),
    ]
    assert warnings.items == [".env.staging:10: line 10 is not KEY=VALUE, skipped"]
