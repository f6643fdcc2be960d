"""A .env file beside a front-end bundler's config is loaded when the bundle is built, so its
VITE_/NEXT_PUBLIC_ variables are build time, not the run-time-only mistake they would be in a
server's environment."""

from __future__ import annotations

from pathlib import Path

from probe.engine import run_probe


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
