"""The `stagegap` command: the app by default, headless subcommands beside it.

Heavy imports (Textual, WeasyPrint, the probe, the pydantic models) happen inside the
subcommand that needs them, so `stagegap --version`, `--help` and CI's `stagegap probe` start
fast. Help is drawn by rich-click, so it looks like the rest of the output;
`tui/cli_output.py` holds --quiet, --verbose and NO_COLOR. Every user error ends as one line on
stderr and exit code 2 (an unreadable or unwritable file, a full disk included). Anything else
is a bug: one line and exit code 70, or the traceback with `--debug` or STAGEGAP_DEBUG=1 (the
test suite sets it, so a bug fails its test instead of passing as a neat error line).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rich_click as click
from click.exceptions import Exit as ClickExit

from stagegap.questionnaires.inert import inert
from stagegap.reports.formats import FORMATS
from stagegap.tui.cli_output import (
    Stopwatch,
    Verbosity,
    detail,
    help_colours,
    make_console,
    no_color,
    progress,
    verbosity,
    verbosity_options,
)

if TYPE_CHECKING:
    from stagegap.questionnaires.model import Questionnaire

EXIT_ERROR = 2
EXIT_BUG = 70  # sysexits' EX_SOFTWARE: told apart from a user error in scripts and tests
DEBUG_ENV = "STAGEGAP_DEBUG"
MAX_ERRORS_SHOWN = 20

WORKFLOW_ORDER = (
    "init",
    "template",
    "answer",
    "seal",
    "probe",
    "reconcile",
    "report",
    "demo",
    "validate",
    "schema",
)


class StagegapGroup(click.RichGroup):
    """Turns the project's own errors into one-line messages instead of tracebacks."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Help and usage errors are drawn by rich-click, which reads its settings when it
        draws: under NO_COLOR, no escape code at all (Rich alone would keep bold)."""
        help_colours(enabled=not no_color())
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order of an audit, not the alphabet."""
        names = super().list_commands(ctx)
        return sorted(
            names,
            key=lambda n: (
                WORKFLOW_ORDER.index(n) if n in WORKFLOW_ORDER else len(WORKFLOW_ORDER),
                n,
            ),
        )

    def invoke(self, ctx: click.Context) -> Any:
        from stagegap.questionnaires.atomic import LockBusy
        from stagegap.questionnaires.workspace import WorkspaceError
        from stagegap.questionnaires.yamlsource import SourceErrors

        try:
            return super().invoke(ctx)
        except SourceErrors as exc:
            for error in exc.errors[:MAX_ERRORS_SHOWN]:
                _error(str(error))
            if len(exc.errors) > MAX_ERRORS_SHOWN:
                _error(f"... and {len(exc.errors) - MAX_ERRORS_SHOWN} more")
            ctx.exit(EXIT_ERROR)
        except (WorkspaceError, LockBusy) as exc:
            _error(str(exc))
            ctx.exit(EXIT_ERROR)
        except OSError as exc:  # a read-only workspace, a full disk
            where = f"{exc.filename}: " if exc.filename else ""
            _error(f"{where}{exc.strerror or exc}")
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (ClickExit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get(DEBUG_ENV):
                raise
            _error(f"{type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
            ctx.exit(EXIT_BUG)


def _error(line: str) -> None:
    """One line on stderr, whatever the file it quotes holds."""
    click.echo(f"error: {inert(line)}", err=True)


class HumanRoleChoice(click.Choice):  # type: ignore[type-arg]
    """The roles a person answers as, looked up only when a command parses or shows them, so
    `stagegap --version` and `--help` never import the pydantic models."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=False)

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        from stagegap.questionnaires.model import HUMAN_ROLES

        return tuple(r.value for r in HUMAN_ROLES)

    @choices.setter
    def choices(self, _: Sequence[str]) -> None:
        """click sets the choices it was given (none); the property is the source."""


HUMAN_ROLE = HumanRoleChoice()
WORKSPACE = click.Path(file_okay=False, path_type=Path)


# rich-click joins an epilog's lines into one paragraph; paragraphs (blank-line separated)
# become one line each, so every step of the audit is its own paragraph.
EPILOG = "\n\n".join(
    [
        "A typical audit:",
        'stagegap init audit -O "Acme"',
        "stagegap template --role cto > cto.yaml       (and --role engineer)",
        "stagegap answer audit --role cto --file cto.yaml --seal",
        "stagegap probe ~/src/app --workspace audit",
        "stagegap reconcile audit",
        "stagegap report audit --format pdf -o audit.pdf",
    ]
)


@click.group(cls=StagegapGroup, invoke_without_command=True, epilog=EPILOG)
@click.version_option(package_name="stagegap", prog_name="stagegap")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Audit the gap between staging and production.

    Run with no command to open the workshop app on the workspace in this folder.
    """
    if ctx.invoked_subcommand is None:
        from stagegap.tui.launch import launch

        launch(Path.cwd())


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option("--organisation", "-O", prompt="Organisation", help="Whose systems are audited.")
@click.option("--staging", default="staging", show_default=True, help="Staging's display name.")
@click.option(
    "--production", default="production", show_default=True, help="Production's display name."
)
@click.option(
    "--questionnaire",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A custom questionnaire instead of the bundled one (copied into the workspace).",
)
def init(
    directory: Path, organisation: str, staging: str, production: str, questionnaire: Path | None
) -> None:
    """Create a new audit workspace in DIRECTORY."""
    from stagegap.questionnaires.workspace import Workspace

    if questionnaire is not None:
        _checked_questionnaire(questionnaire)
    ws = Workspace.create(
        directory,
        organisation,
        staging=staging,
        production=production,
        questionnaire_file=questionnaire,
    )
    q = ws.questionnaire
    click.echo(inert(f"Created workspace {directory} for {ws.manifest.organisation}"))
    click.echo(
        f"  questionnaire {q.id} {q.version}: {len(q.item_ids())} items in "
        f"{len(q.dimensions)} dimensions"
    )
    click.echo("Next: stagegap template --role cto > cto.yaml  (and --role engineer),")
    click.echo(
        inert(f"      fill them in, then: stagegap answer {directory} --role cto --file cto.yaml")
    )


@main.command()
@click.option("--role", type=HUMAN_ROLE, required=True, help="Who will fill it in.")
@click.option(
    "--workspace",
    "-w",
    type=WORKSPACE,
    help="Use this workspace's questionnaire (default: the bundled one).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def template(role: str, workspace: Path | None, output: Path | None) -> None:
    """Print a blank answer file to fill in offline."""
    from stagegap.questionnaires.answerfile import template as make_template
    from stagegap.questionnaires.loader import bundled
    from stagegap.questionnaires.model import Role
    from stagegap.questionnaires.workspace import Workspace

    questionnaire = Workspace.open(workspace).questionnaire if workspace else bundled()
    text = make_template(questionnaire, Role(role))
    if output:
        from stagegap.questionnaires.atomic import write_atomic

        write_atomic(output, text)
        click.echo(inert(f"Wrote {output}"), err=True)
    else:
        click.echo(inert(text, keep_newlines=True), nl=False)


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option("--role", type=HUMAN_ROLE, required=True)
@click.option(
    "--file",
    "answer_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="An answer file made from `stagegap template`.",
)
@click.option("--seal", is_flag=True, help="Seal the answers after importing them.")
@verbosity_options
def answer(directory: Path, role: str, answer_file: Path, seal: bool) -> None:
    """Import answers filled in offline. Nothing is written unless every answer is valid."""
    from stagegap.questionnaires.answerfile import read_answer_file
    from stagegap.questionnaires.model import Role
    from stagegap.questionnaires.workspace import Workspace

    ws = Workspace.open(directory)
    who = Role(role)
    answers, respondent = read_answer_file(answer_file, ws.questionnaire, who)
    detail(f"{answer_file}: {len(answers)} answers by {respondent or 'an unnamed respondent'}")
    sealed_before = ws.manifest.sealed(who)
    ws.import_answers(who, answers, respondent)
    total = len(ws.questionnaire.item_ids())
    dont_know = sum(1 for a in answers.values() if a.dont_know)
    verb = "amended (kept beside the sealed originals)" if sealed_before else "imported"
    progress(f'{who.label}: {len(answers)} of {total} answers {verb}; {dont_know} "I don\'t know".')
    if seal and not sealed_before:
        result = ws.seal(who)
        progress(f"{who.label}: sealed at {result.at.isoformat()} ({result.digest[:19]}...)")
        detail(f"{who.label}: seal digest {result.digest}")


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option("--role", type=HUMAN_ROLE, required=True)
def seal(directory: Path, role: str) -> None:
    """Seal a respondent's answers: later changes are kept as amendments."""
    from stagegap.questionnaires.model import Role
    from stagegap.questionnaires.workspace import Workspace

    ws = Workspace.open(directory)
    who = Role(role)
    response = ws.response(who)
    total = len(ws.questionnaire.item_ids())
    missing = total - len(response.answers)
    result = ws.seal(who)
    click.echo(
        f"{who.label}: sealed {len(response.answers)} of {total} answers "
        f"({missing} unanswered) at {result.at.isoformat()}"
    )


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option(
    "--open-early",
    metavar="REASON",
    help="Show the map before both humans have sealed; recorded in the workspace and report.",
)
@click.option("--flagged-only", is_flag=True, help="Hide aligned items.")
def reconcile(directory: Path, open_early: str | None, flagged_only: bool) -> None:
    """Show the three-way divergence map as a table."""
    from stagegap.questionnaires.model import HUMAN_ROLES, Role
    from stagegap.questionnaires.workspace import Workspace, WorkspaceError
    from stagegap.reports.audit import load_audit
    from stagegap.reports.terminal import divergence_table, summary

    ws = Workspace.open(directory)
    if not ws.can_see_others(Role.CTO):
        if not open_early:
            unsealed = [r.label for r in HUMAN_ROLES if not ws.manifest.sealed(r)]
            raise WorkspaceError(
                f"{' and '.join(unsealed)} not sealed yet: answers stay private until both "
                f"humans seal ('stagegap seal {directory} --role ...'), or pass "
                f"--open-early REASON"
            )
        ws.override_workshop(by="command line", reason=open_early)
    audit = load_audit(ws)
    console = make_console()
    console.print(divergence_table(audit.reconciliation, show_aligned=not flagged_only))
    console.print(summary(audit.reconciliation))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check a questionnaire file; errors name file, line and field."""
    q = _checked_questionnaire(file)
    click.echo(
        inert(
            f"{file}: valid questionnaire {q.id} {q.version}, {len(q.dimensions)} dimensions, "
            f"{len(q.item_ids())} items"
        )
    )


def _checked_questionnaire(file: Path) -> Questionnaire:
    """A custom questionnaire, its probe rules checked against the probe's (which the
    questionnaire package may not import: the command line is where both are known)."""
    from stagegap.probe.rules import RULE_IDS
    from stagegap.questionnaires.loader import load_questionnaire

    return load_questionnaire(file, known_rules=RULE_IDS)


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["questionnaire", "response", "manifest", "decisions"]),
    default="questionnaire",
    show_default=True,
)
def schema(kind: str) -> None:
    """Print the JSON Schema, so editors can validate custom files."""
    from pydantic import BaseModel

    from stagegap.questionnaires.model import Questionnaire
    from stagegap.questionnaires.response import Decisions, Manifest, Response

    models: dict[str, type[BaseModel]] = {
        "questionnaire": Questionnaire,
        "response": Response,
        "manifest": Manifest,
        "decisions": Decisions,
    }
    model = models[kind]
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, indent=2))


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="pdf",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--since",
    type=WORKSPACE,
    default=None,
    help="An earlier audit's workspace: adds a page on what changed since.",
)
@verbosity_options
def report(directory: Path, fmt: str, output: Path | None, paper: str, since: Path | None) -> None:
    """Export the audit as PDF, HTML, Markdown, JSON or the risk register as CSV.

    Prints the path written (the only line, even with --quiet)."""
    from stagegap.questionnaires.workspace import Workspace
    from stagegap.reports.export import export

    clock = Stopwatch()
    ws = Workspace.open(directory)
    target = output or ws.exports_dir / f"stagegap-report.{fmt}"
    detail(f"rendering {fmt} ({paper}) for {ws.manifest.organisation} into {target}")
    previous = Workspace.open(since) if since is not None else None
    path = export(ws, fmt, target, paper=paper, since=previous)
    detail(f"wrote {path.stat().st_size:,} bytes in {clock}")
    click.echo(inert(str(path)))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("stagegap-demo"),
    show_default=True,
    help="Where to write the demo workspace and its report.",
)
@verbosity_options
def demo(out: Path) -> None:
    """A complete audit on bundled sample data: probe, reconcile, report (PDF and HTML).

    Progress goes to stderr; the report's path to stdout."""
    from stagegap.reports.demo import run_demo

    clock = Stopwatch()
    stamped = verbosity() >= Verbosity.VERBOSE
    result = run_demo(out, progress=lambda line: progress(f"[{clock}] {line}" if stamped else line))
    detail(f"demo finished in {clock}")
    click.echo(str(result))


def _register_probe() -> None:
    """`stagegap probe` lives in its own module; its heavy imports stay inside the command."""
    from stagegap.tui.cli_probe import probe_command

    main.add_command(probe_command)


_register_probe()
main.add_command(__import__("stagegap.tui.cli_serve", fromlist=["serve_command"]).serve_command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
