"""The command line's manners: shell completion, --quiet and --verbose, NO_COLOR, help drawn by
rich-click for every command, and a --version that does not load the models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from stagegap.tui.cli import main

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "repos" / "compose-gitlab"
SCRIPT = Path(sys.executable).parent / "stagegap"
ESC = "\x1b["
COMMANDS = sorted(main.commands)
# What makes Rich and rich-click write escapes even into a pipe: the test's "terminal".
TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "120", "TERM": "xterm-256color"}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def workspace(tmp_path: Path) -> Path:
    target = tmp_path / "audit"
    assert run("init", str(target), "-O", "Acme").exit_code == 0
    return target


# Shell completion -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o"), ("zsh", "#compdef stagegap"), ("fish", "complete --no-files")],
)
def test_completion_script_is_printed_for_each_shell(shell: str, marker: str) -> None:
    env = dict(os.environ, _STAGEGAP_COMPLETE=f"{shell}_source")
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    assert "_STAGEGAP_COMPLETE" in done.stdout


def test_completion_offers_the_commands() -> None:
    env = dict(
        os.environ, _STAGEGAP_COMPLETE="bash_complete", COMP_WORDS="stagegap pro", COMP_CWORD="1"
    )
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "plain,probe" in done.stdout.splitlines()


# Help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_works_and_is_drawn_by_rich_click(command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "╭─ Options" in result.output  # rich-click's panels, like the probe's summary
    if command:
        first_line = (main.commands[command].help or "").splitlines()[0]
        assert first_line.split(":")[0][:30] in " ".join(result.output.split())


# NO_COLOR -------------------------------------------------------------------------------------


def _outputs(tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    """Every kind of output the command line writes: help, usage errors, the probe's Rich
    summary, the reconcile table and the plain lines."""
    ws = workspace(tmp_path)
    cases = {
        "help": ["--help"],
        "probe help": ["probe", "--help"],
        "usage error": ["probe", "--no-such-option"],
        "unknown command": ["no-such-command"],
        "probe summary": ["probe", str(FIXTURE), "--details"],
        "probe verbose": ["probe", str(FIXTURE), "--verbose"],
        "reconcile table": ["reconcile", str(ws), "--open-early", "test"],
        "template": ["template", "--role", "cto"],
        "report": ["report", str(ws), "--format", "md", "-o", str(tmp_path / "r.md"), "-v"],
    }
    return {name: run(*args, env=env).output for name, args in cases.items()}


def test_no_color_means_no_escape_anywhere_even_on_a_terminal(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, {**TERMINAL, "NO_COLOR": "1"})
    assert {name: ESC in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)
    assert "Findings" in outputs["probe summary"] or "finding" in outputs["probe summary"]


def test_without_no_color_the_terminal_gets_colour(tmp_path: Path) -> None:
    """The control: the same run in colour has escapes, so the test above can fail."""
    outputs = _outputs(tmp_path, TERMINAL)
    assert ESC in outputs["help"]
    assert ESC in outputs["probe summary"]
    assert ESC in outputs["reconcile table"]


# --quiet and --verbose ------------------------------------------------------------------------


def test_probe_quiet_prints_nothing_but_the_json_it_was_asked_for() -> None:
    normal = run("probe", str(FIXTURE))
    assert normal.exit_code == 0 and normal.stdout.strip()
    quiet = run("probe", str(FIXTURE), "--quiet")
    assert quiet.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    as_json = run("probe", str(FIXTURE), "-q", "--json")
    assert json.loads(as_json.stdout)["answers"]
    assert as_json.stderr == ""


def test_probe_verbose_says_what_it_read_and_shows_details() -> None:
    verbose = run("probe", str(FIXTURE), "--verbose")
    assert verbose.exit_code == 0
    assert "files under" in verbose.stderr and " s: " in verbose.stderr
    plain = run("probe", str(FIXTURE))
    assert len(verbose.stdout) > len(plain.stdout)  # every finding's details


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    result = run("probe", str(FIXTURE), "-q", "-v")
    assert result.exit_code == 2
    assert "--quiet and --verbose cannot be used together" in result.output


def test_answer_quiet_and_verbose(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    answers = tmp_path / "cto.yaml"
    answers.write_text(run("template", "--role", "cto").stdout)
    normal = run("answer", str(ws), "--role", "cto", "--file", str(answers))
    assert normal.exit_code == 0 and "answers imported" in normal.stderr
    quiet = run("answer", str(ws), "--role", "cto", "--file", str(answers), "--quiet", "--seal")
    assert quiet.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    broken = tmp_path / "broken.yaml"
    broken.write_text("role: cto\nanswers: [\n")
    failed = run("answer", str(ws), "--role", "cto", "--file", str(broken), "--quiet")
    assert failed.exit_code == 2 and "error:" in failed.stderr  # errors are never quiet
    verbose = run("answer", str(ws), "--role", "engineer", "--file", str(answers), "-v")
    assert f"{answers}:" in verbose.stderr


def test_report_prints_its_path_even_when_quiet_and_detail_when_verbose(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    target = tmp_path / "report.md"
    quiet = run("report", str(ws), "--format", "md", "-o", str(target), "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout.strip() == str(target) and quiet.stderr == ""
    verbose = run("report", str(ws), "--format", "md", "-o", str(target), "--verbose")
    assert verbose.stdout.strip() == str(target)
    assert "bytes in" in verbose.stderr


def test_demo_progress_follows_the_flags(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The demo itself takes a quarter of a minute (it renders a PDF); its progress callback
    is what the flags govern, so a stand-in that reports two steps is enough here."""
    import stagegap.reports.demo as demo_module

    def fake_demo(out: Path, progress: object) -> Path:
        progress("probing the sample repository")  # type: ignore[operator]
        progress("writing the report")  # type: ignore[operator]
        return out / "report.pdf"

    monkeypatch.setattr(demo_module, "run_demo", fake_demo)
    out = str(tmp_path / "demo")
    normal = run("demo", "--out", out)
    assert normal.stderr.splitlines() == ["probing the sample repository", "writing the report"]
    assert normal.stdout.strip() == f"{out}/report.pdf"
    quiet = run("demo", "--out", out, "-q")
    assert quiet.stderr == "" and quiet.stdout.strip() == f"{out}/report.pdf"
    verbose = run("demo", "--out", out, "-v")
    assert verbose.stderr.splitlines()[0].endswith("s] probing the sample repository")
    assert "demo finished in" in verbose.stderr


# Start-up -------------------------------------------------------------------------------------


def test_version_loads_neither_the_models_nor_rich() -> None:
    code = (
        "import sys\n"
        "from stagegap.tui.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('pydantic', 'rich.console', 'stagegap.questionnaires.model')"
        " if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    version, loaded = done.stdout.splitlines()
    assert version.startswith("stagegap, version ")
    assert loaded == "[]"
