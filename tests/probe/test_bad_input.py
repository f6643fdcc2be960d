"""Unreadable, malformed, binary or huge files and symlink loops give warnings, not crashes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagegap.probe.engine import ProbeError, run_probe
from stagegap.tui.cli_probe import probe_command


def _base(root: Path) -> None:
    (root / ".env.staging").write_text("LOG_LEVEL=debug\n")
    (root / ".env.production").write_text("LOG_LEVEL=warn\n")


def _warned(warnings: list[str], path: str) -> str:
    hits = [w for w in warnings if w.startswith(path)]
    assert hits, (path, warnings)
    return hits[0]


def test_malformed_files_warn_and_the_run_goes_on(tmp_path: Path) -> None:
    _base(tmp_path)
    (tmp_path / "k8s" / "overlays" / "production").mkdir(parents=True)
    (tmp_path / "k8s/overlays/production/broken.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  A: [unclosed\n  B: 2\n"
    )
    (tmp_path / "envs" / "staging").mkdir(parents=True)
    (tmp_path / "envs/staging/main.tf").write_text('resource "aws_db_instance" "db" {\n  x = \n')
    (tmp_path / "config").mkdir()
    (tmp_path / "config/production.json").write_text('{"log": {"level": "info",}}')
    (tmp_path / ".env.staging").write_text("LOG_LEVEL=debug\nthis is not a binding\n")
    result = run_probe(tmp_path)
    assert re.match(
        r"k8s/overlays/production/broken\.yaml:\d+: not valid YAML",
        _warned(result.warnings, "k8s/overlays/production/broken.yaml"),
    )
    assert "not valid HCL" in _warned(result.warnings, "envs/staging/main.tf")
    assert "not valid JSON" in _warned(result.warnings, "config/production.json")
    assert _warned(result.warnings, ".env.staging:2")
    assert any(f.id == "observability/log-level-differs/-/LOG_LEVEL" for f in result.findings)


def test_binary_and_huge_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    _base(tmp_path)
    (tmp_path / ".env.prod").write_bytes(b"A=1\x00\x01\x02binary")
    (tmp_path / "values-production.yaml").write_text("a: 1\n" + "b: " + "x" * (5 * 2**20))
    result = run_probe(tmp_path)
    assert "binary" in _warned(result.warnings, ".env.prod")
    assert "too large" in _warned(result.warnings, "values-production.yaml")


def test_symlink_loops_are_named_and_not_followed(tmp_path: Path) -> None:
    _base(tmp_path)
    (tmp_path / "deploy").mkdir()
    os.symlink(tmp_path / "deploy", tmp_path / "deploy" / "loop")
    os.symlink(tmp_path / "a.env", tmp_path / "b.env")
    os.symlink(tmp_path / "b.env", tmp_path / "a.env")
    result = run_probe(tmp_path)
    assert "symlink loop" in _warned(result.warnings, "deploy/loop")
    assert _warned(result.warnings, "a.env")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_warns(tmp_path: Path) -> None:
    _base(tmp_path)
    secret = tmp_path / ".env.prod"
    secret.write_text("A=1\n")
    secret.chmod(0)
    try:
        result = run_probe(tmp_path)
    finally:
        secret.chmod(0o600)
    assert "permission denied" in _warned(result.warnings, ".env.prod")


def test_missing_path_and_no_environments_exit_2(tmp_path: Path) -> None:
    with pytest.raises(ProbeError, match="no such directory"):
        run_probe(tmp_path / "missing")
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    with pytest.raises(ProbeError, match="no staging or production configuration"):
        run_probe(tmp_path)
    for args in ([str(tmp_path / "missing")], [str(tmp_path)]):
        run = CliRunner().invoke(probe_command, args)
        assert run.exit_code == 2
        assert run.output.count("\n") == 1 and "Traceback" not in run.output
