"""Hostile and broken input as a user meets it: one line naming the file, never a traceback.

Each test runs `python -m stagegap` in a subprocess (what a user sees is the point), with a
generous timeout that catches a hang or an alias bomb; STAGEGAP_DEBUG stays set from
conftest, so an unexpected exception prints its traceback and fails the test.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from stagegap.probe.yamlload import YamlError, load_all
from stagegap.questionnaires.limits import (
    MAX_ALIAS_NODES,
    MAX_AMENDMENTS_PER_ITEM,
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    describe_size,
)
from stagegap.questionnaires.loader import BUNDLED_PATH
from stagegap.tui.cli import EXIT_BUG, main

TIMEOUT = 120
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


WRITING_COMMANDS = (
    ("answer", "ws", "--role", "cto", "--file", "cto.yaml"),
    ("seal", "ws", "--role", "cto"),
    ("reconcile", "ws", "--open-early", "x"),
    ("report", "ws", "--format", "md"),
)
"""Every command that writes to the workspace (reconcile --open-early records the override)."""


def stagegap(*args: str, cwd: Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagegap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "COLUMNS": str(columns)},
    )


def one_error(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit code 2 and exactly one line on stderr holding every expected fragment."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert result.returncode == 2, result.stderr
    for fragment in expected:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    result = stagegap("init", "ws", "-O", "Check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "ws"


def answer_file(tmp_path: Path, text: str, name: str = "cto.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def answer(tmp_path: Path, name: str = "cto.yaml") -> subprocess.CompletedProcess[str]:
    return stagegap("answer", "ws", "--role", "cto", "--file", name, cwd=tmp_path)


# ------------------------------------------------------------------------ alias bombs, size


def test_an_alias_bomb_in_an_answer_file_is_refused_at_its_line(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, BOMB + "role: cto\nanswers:\n  x: *i\n")
    line = one_error(answer(tmp_path), "cto.yaml:", "too many aliases")
    assert f"(YAML alias expansion limit {MAX_ALIAS_NODES})" in line


def test_an_alias_bomb_in_a_questionnaire_is_refused(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(BOMB)
    one_error(stagegap("validate", "q.yaml", cwd=tmp_path), "q.yaml:", "too many aliases")


def test_an_alias_bomb_in_the_manifest_is_refused(ws: Path, tmp_path: Path) -> None:
    manifest = ws / "stagegap.yaml"
    manifest.write_text(BOMB + manifest.read_text())
    result = stagegap("reconcile", "ws", "--open-early", "x", cwd=tmp_path)
    one_error(result, "stagegap.yaml:", "too many aliases")


@pytest.mark.parametrize(
    "use",
    [
        "    runs-on: *i\n    env: *i\n",
        # merge keys: each level merges the one below twice over
        None,
    ],
)
def test_the_probe_skips_a_workflow_alias_bomb_with_a_warning(use: str | None) -> None:
    if use is not None:
        text = BOMB + "on: push\njobs:\n  build:\n" + use + "    steps: [{run: echo}]\n"
    else:
        levels = ["m0: &m0 {" + ", ".join(f"k{n}: v" for n in range(10)) + "}\n"]
        for n in range(1, 30):
            keys = ", ".join(f"x{k}: {{<<: *m{n - 1}}}" for k in range(10))
            levels.append(f"m{n}: &m{n} {{{keys}}}\n")
        text = "".join(levels)
    with pytest.raises(YamlError, match="too many aliases") as caught:
        load_all(text)
    assert caught.value.line is not None


def test_a_file_over_the_size_limit_is_refused(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n" + "  # padding\n" * 120_000)
    one_error(
        answer(tmp_path), f"cto.yaml: file too large (limit {describe_size(MAX_INPUT_BYTES)})"
    )


def test_many_unknown_items_are_one_line_not_a_quadratic_wait(ws: Path, tmp_path: Path) -> None:
    """300,000 unknown items never finished before: each error looked its line up by a scan."""
    answer_file(tmp_path, "role: cto\nanswers:\n" + "".join(f"  x{n}: 1\n" for n in range(1001)))
    one_error(answer(tmp_path), "cto.yaml:2: 1001 entries under 'answers' (limit 1000)")


def test_a_note_over_the_length_limit_names_its_line(ws: Path, tmp_path: Path) -> None:
    note = "n" * 10_001
    answer_file(
        tmp_path,
        f"role: cto\nanswers:\n  traffic.replicas:\n    dont_know: true\n    note: {note}\n",
    )
    one_error(answer(tmp_path), "cto.yaml:5: answers.traffic.replicas.note:", "10000 characters")


# --------------------------------------------------------------- bytes Python cannot take in


def test_a_nul_byte_names_its_line(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nrespondent: a\x00b\nanswers: {}\n")
    one_error(answer(tmp_path), "cto.yaml:2: not valid YAML: character 0x00 is not allowed")


def test_a_5000_digit_integer_names_its_line(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n  traffic.replicas: " + "9" * 5000 + "\n")
    one_error(answer(tmp_path), "cto.yaml:3: not a valid value")


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_deep_flow_nesting_is_one_line(ws: Path, tmp_path: Path, depth: int) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n  x: " + "[" * depth + "\n")
    one_error(answer(tmp_path), "cto.yaml:3: not valid YAML:", "nesting depth")


def test_nesting_past_the_depth_limit_is_one_line(ws: Path, tmp_path: Path) -> None:
    depth = MAX_DEPTH + 20
    answer_file(tmp_path, "role: cto\nanswers:\n  x: " + "[" * depth + "]" * depth + "\n")
    one_error(answer(tmp_path), "cto.yaml:3: nested too deeply", f"limit {MAX_DEPTH}")


def test_a_broken_manifest_is_one_line_for_every_command(ws: Path, tmp_path: Path) -> None:
    manifest = ws / "stagegap.yaml"
    manifest.write_text(manifest.read_text().replace("organisation: Check", "organisation: C\0"))
    answer_file(tmp_path, "role: cto\nanswers: {}\n")
    for args in (*WRITING_COMMANDS, ("template", "--role", "cto", "-w", "ws")):
        one_error(stagegap(*args, cwd=tmp_path), "stagegap.yaml:3: not valid YAML")


# -------------------------------------------------------------- read-only and full workspaces


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture
def read_only(ws: Path) -> Iterator[Path]:
    """The workspace made read-only. Root ignores file modes, so as root (here and in CI) the
    folder is bind-mounted read-only over itself, or else made immutable (chattr +i); as
    anyone else its modes are cleared of write permission."""
    every = [ws, *ws.rglob("*")]
    if os.geteuid() != 0:
        for path in every:
            path.chmod(path.stat().st_mode & ~0o222)
        yield ws
        for path in every:
            path.chmod(path.stat().st_mode | 0o200)
    elif _run("mount", "--bind", str(ws), str(ws)):
        if not _run("mount", "-o", "remount,bind,ro", str(ws)):
            _run("umount", str(ws))
            pytest.skip("cannot remount a bind mount read-only here")
        yield ws
        _run("umount", str(ws))
    elif _run("chattr", "-R", "+i", str(ws)):
        yield ws
        _run("chattr", "-R", "-i", str(ws))
    else:
        pytest.skip("running as root without mount rights or chattr: cannot make it read-only")


def test_a_read_only_workspace_is_one_line_per_command(read_only: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n  traffic.replicas: {dont_know: true}\n")
    for args in WRITING_COMMANDS:
        line = one_error(stagegap(*args, cwd=tmp_path), "error: ws/")
        assert line.endswith(
            (": Read-only file system", ": Permission denied", ": Operation not permitted")
        ), line


def _can_mount_tmpfs(target: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(target)], capture_output=True
    )
    return done.returncode == 0


def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    """A real 64 KiB tmpfs, filled up; where the machine may not mount, see the next test."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _can_mount_tmpfs(disk):
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        assert stagegap("init", "ws", "-O", "Check", cwd=disk).returncode == 0
        answer_file(disk, "role: cto\nanswers:\n  traffic.replicas: {dont_know: true}\n")
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        with pytest.raises(OSError, match="No space left"):
            while True:
                os.write(filler, b"\0" * 4096)
        os.close(filler)
        for args in WRITING_COMMANDS:
            one_error(stagegap(*args, cwd=disk), "ws/", "No space left on device")
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_failed_write_names_the_file_not_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "ws"), "-O", "Check"]).exit_code == 0
    answer_file(tmp_path, "role: cto\nanswers:\n  traffic.replicas: {dont_know: true}\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("stagegap.questionnaires.atomic.os.fsync", full)
    args = ["answer", str(tmp_path / "ws"), "--role", "cto", "--file", str(tmp_path / "cto.yaml")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/ws/responses/cto.yaml: No space left on device\n"
    assert not list((tmp_path / "ws" / "responses").glob(".*.tmp"))


# ------------------------------------------------------------------------- the last resort


def test_an_unexpected_error_is_one_line_unless_debugging(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("stagegap.questionnaires.workspace.Workspace.open", broken)
    monkeypatch.delenv("STAGEGAP_DEBUG")
    result = CliRunner().invoke(main, ["seal", str(ws), "--role", "cto"])
    assert result.exit_code == EXIT_BUG
    assert result.stderr == ("error: RuntimeError: a bug (rerun with --debug for the traceback)\n")
    with pytest.raises(RuntimeError, match="a bug"):
        CliRunner().invoke(
            main, ["--debug", "seal", str(ws), "--role", "cto"], catch_exceptions=False
        )


# ---------------------------------------------------------------------------- escapes


def test_escape_sequences_are_printed_inert(tmp_path: Path) -> None:
    evil = "Acme\x1b]0;pwned\x07\x1b[2J"
    created = stagegap("init", "ws", "-O", evil, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "\x1b" not in created.stdout and "\\x1b]0;pwned\\x07" in created.stdout
    for role in ("cto", "engineer"):
        answer_file(
            tmp_path,
            f'role: {role}\nrespondent: "R\\e[31m"\nanswers:\n'
            '  env-vars.single-environment-vars: ["API\\e]0;x\\a_KEY"]\n',
            f"{role}.yaml",
        )
        done = stagegap("answer", "ws", "--role", role, "--file", f"{role}.yaml", "--seal",
                        cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
    shown = stagegap("reconcile", "ws", cwd=tmp_path, columns=400)
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "API\\x1b]0;x\\x07_KEY" in shown.stdout


# -------------------------------------------------------------------------- validation gaps


def _custom_questionnaire(tmp_path: Path, old: str, new: str) -> Path:
    text = BUNDLED_PATH.read_text()
    assert old in text
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "probe: {rule: traffic.replicas}",
            "probe: {rule: traffic.replicaz}",
            "probe rule 'traffic.replicaz' does not exist",
        ),
        ("effort_days: ", "effort_days: .inf #", "Input should be a finite number"),
        ("{below: 2, risk: 0.5}", "{below: .nan, risk: 0.5}", "Input should be a finite number"),
    ],
)
def test_a_questionnaire_that_cannot_work_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _custom_questionnaire(tmp_path, old, new)
    line = _line_of(path, new)
    one_error(stagegap("validate", "q.yaml", cwd=tmp_path), f"q.yaml:{line}:", message)
    one_error(
        stagegap("init", "ws", "-O", "x", "--questionnaire", "q.yaml", cwd=tmp_path),
        f"q.yaml:{line}:",
        message,
    )
    assert not (tmp_path / "ws").exists()


def test_a_key_given_twice_names_both_lines(ws: Path, tmp_path: Path) -> None:
    answer_file(
        tmp_path,
        "role: cto\nanswers:\n  traffic.replicas: {dont_know: true}\n"
        "  traffic.autoscaling: {dont_know: true}\n  traffic.replicas: {dont_know: true}\n",
    )
    one_error(
        answer(tmp_path), "cto.yaml:5: duplicate key 'traffic.replicas', first given on line 3"
    )


def test_an_absurd_date_is_refused(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n  env-vars.map-verified-on: 9999-12-31\n")
    one_error(answer(tmp_path), "cto.yaml:3: env-vars.map-verified-on:", "not a plausible date")


def test_an_unknown_top_level_key_is_refused(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswer:\n  traffic.replicas: {dont_know: true}\n")
    one_error(answer(tmp_path), "cto.yaml:2: answer: unknown key")


def _edit_manifest(ws: Path, change: Callable[[dict[str, object]], None]) -> None:
    manifest = ws / "stagegap.yaml"
    data = yaml.safe_load(manifest.read_text())
    change(data)
    manifest.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_manifest_whose_digest_does_not_match_is_refused(ws: Path, tmp_path: Path) -> None:
    def tamper(data: dict[str, object]) -> None:
        data["questionnaire"]["digest"] = "sha256:" + "0" * 64  # type: ignore[index]

    _edit_manifest(ws, tamper)
    result = stagegap("reconcile", "ws", "--open-early", "x", cwd=tmp_path)
    line = _line_of(ws / "stagegap.yaml", "digest:")
    one_error(result, f"stagegap.yaml:{line}: questionnaire.digest does not match")


@pytest.mark.parametrize("where", ["/etc/passwd", "../q.yaml", "sub/../../q.yaml"])
def test_a_questionnaire_path_outside_the_workspace_is_refused(
    ws: Path, tmp_path: Path, where: str
) -> None:
    shutil.copy(BUNDLED_PATH, tmp_path / "q.yaml")

    def point(data: dict[str, object]) -> None:
        data["questionnaire"]["path"] = where  # type: ignore[index]

    _edit_manifest(ws, point)
    result = stagegap("reconcile", "ws", "--open-early", "x", cwd=tmp_path)
    line = _line_of(ws / "stagegap.yaml", "path:")
    one_error(result, f"stagegap.yaml:{line}: questionnaire.path must be a file inside")


# --------------------------------------------------------------- history and leftovers


def test_re_imports_after_a_seal_keep_a_bounded_history(ws: Path, tmp_path: Path) -> None:
    answer_file(tmp_path, "role: cto\nanswers:\n  traffic.replicas: {dont_know: true}\n", "a.yaml")
    answer_file(
        tmp_path,
        "role: cto\nanswers:\n  traffic.replicas: {value: {staging: 1, production: 2}}\n",
        "b.yaml",
    )
    assert answer(tmp_path, "a.yaml").returncode == 0
    assert stagegap("seal", "ws", "--role", "cto", cwd=tmp_path).returncode == 0
    for _ in range(3):  # unchanged: no amendment
        assert answer(tmp_path, "a.yaml").returncode == 0
    assert yaml.safe_load((ws / "responses" / "cto.yaml").read_text())["amendments"] == {}
    for n in range(MAX_AMENDMENTS_PER_ITEM + 5):
        assert answer(tmp_path, "ab"[n % 2] + ".yaml").returncode == 0
    response = yaml.safe_load((ws / "responses" / "cto.yaml").read_text())
    history = response["amendments"]["traffic.replicas"]
    assert len(history) == MAX_AMENDMENTS_PER_ITEM
    assert history[-1]["answer"]["value"] is None  # the newest kept: the 25th import, a.yaml
    assert response["answers"]["traffic.replicas"]["dont_know"] is True  # the sealed original


def test_stale_temporary_files_are_removed_when_no_writer_is_live(ws: Path, tmp_path: Path) -> None:
    stale = [ws / ".stagegap.yaml.k3j_9x0a.tmp", ws / "responses" / ".cto.yaml.abcdefgh.tmp"]
    (ws / "responses").mkdir(exist_ok=True)
    kept = [ws / "notes.tmp", ws / ".cto.yaml.tmp", ws / "responses" / "cto.yaml.abcdefgh.tmp"]
    for path in stale + kept:
        path.write_text("half a file")
    with (ws / ".stagegap.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a live writer: nothing is touched
        assert stagegap("template", "--role", "cto", "-w", "ws", cwd=tmp_path).returncode == 0
        assert all(path.exists() for path in stale + kept)
    assert stagegap("template", "--role", "cto", "-w", "ws", cwd=tmp_path).returncode == 0
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


def test_the_probe_rule_registry_names_every_rule_the_probe_answers() -> None:
    """`validate` trusts RULE_IDS; a rule added without registering it would be refused."""
    import re

    from stagegap.probe.rules import RULE_IDS
    from stagegap.questionnaires.loader import bundled

    rules_dir = Path(__file__).resolve().parents[2] / "probe" / "rules"
    proposed = {
        match
        for path in rules_dir.glob("*.py")
        for match in re.findall(r'proposals\["([^"]+)"\]', path.read_text())
    }
    assert proposed == RULE_IDS
    assert {i.probe.rule for _, i in bundled().items() if i.probe.rule} <= RULE_IDS


def test_an_alias_bomb_in_a_repositorys_intentional_file_is_a_warning(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".env.staging").write_text("A=1\n")
    (repo / ".env.production").write_text("A=1\n")
    (repo / ".stagegap.yaml").write_text(BOMB + "intentional: *i\n")
    result = stagegap("probe", "repo", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = yaml.safe_load(result.stdout)["warnings"]
    said = [w for w in warnings if w.startswith(".stagegap.yaml:4: ") and "too many aliases" in w]
    assert len(said) == 1, warnings
