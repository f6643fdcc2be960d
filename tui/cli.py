"""The `stagegap` command: the app by default, headless subcommands beside it.

Heavy imports (Textual, WeasyPrint, the probe) happen inside the subcommand that needs them, so
`stagegap --help` and CI's `stagegap probe` start fast. Every user error ends as one line on
stderr and exit code 2; a traceback is a bug.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from stagegap.questionnaires.atomic import LockBusy
from stagegap.questionnaires.model import HUMAN_ROLES, Role
from stagegap.questionnaires.workspace import WorkspaceError
from stagegap.questionnaires.yamlsource import SourceErrors
from stagegap.reports.formats import FORMATS

EXIT_ERROR = 2
MAX_ERRORS_SHOWN = 20


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stagegap")
    except PackageNotFoundError:
        return "0+unknown"


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


class StagegapGroup(click.Group):
    """Turns the project's own errors into one-line messages instead of tracebacks."""

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
        try:
            return super().invoke(ctx)
        except SourceErrors as exc:
            for error in exc.errors[:MAX_ERRORS_SHOWN]:
                click.echo(f"error: {error}", err=True)
            if len(exc.errors) > MAX_ERRORS_SHOWN:
                click.echo(f"error: ... and {len(exc.errors) - MAX_ERRORS_SHOWN} more", err=True)
            ctx.exit(EXIT_ERROR)
        except (WorkspaceError, LockBusy) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


ROLE = click.Choice([r.value for r in Role], case_sensitive=False)
HUMAN_ROLE = click.Choice([r.value for r in HUMAN_ROLES], case_sensitive=False)
WORKSPACE = click.Path(file_okay=False, path_type=Path)


EPILOG = """\b
A typical audit:
  stagegap init audit -O "Acme"
  stagegap template --role cto > cto.yaml       (and --role engineer)
  stagegap answer audit --role cto --file cto.yaml --seal
  stagegap probe ~/src/app --workspace audit
  stagegap reconcile audit
  stagegap report audit --format pdf -o audit.pdf
"""


@click.group(cls=StagegapGroup, invoke_without_command=True, epilog=EPILOG)
@click.version_option(_version(), prog_name="stagegap")
@click.pass_context
def main(ctx: click.Context) -> None:
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

    ws = Workspace.create(
        directory,
        organisation,
        staging=staging,
        production=production,
        questionnaire_file=questionnaire,
    )
    q = ws.questionnaire
    click.echo(f"Created workspace {directory} for {ws.manifest.organisation}")
    click.echo(
        f"  questionnaire {q.id} {q.version}: {len(q.item_ids())} items in "
        f"{len(q.dimensions)} dimensions"
    )
    click.echo("Next: stagegap template --role cto > cto.yaml  (and --role engineer),")
    click.echo(f"      fill them in, then: stagegap answer {directory} --role cto --file cto.yaml")


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
    from stagegap.questionnaires.workspace import Workspace

    questionnaire = Workspace.open(workspace).questionnaire if workspace else bundled()
    text = make_template(questionnaire, Role(role))
    if output:
        from stagegap.questionnaires.atomic import write_atomic

        write_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


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
def answer(directory: Path, role: str, answer_file: Path, seal: bool) -> None:
    """Import answers filled in offline. Nothing is written unless every answer is valid."""
    from stagegap.questionnaires.answerfile import read_answer_file
    from stagegap.questionnaires.workspace import Workspace

    ws = Workspace.open(directory)
    who = Role(role)
    answers, respondent = read_answer_file(answer_file, ws.questionnaire, who)
    sealed_before = ws.manifest.sealed(who)
    ws.import_answers(who, answers, respondent)
    total = len(ws.questionnaire.item_ids())
    dont_know = sum(1 for a in answers.values() if a.dont_know)
    verb = "amended (kept beside the sealed originals)" if sealed_before else "imported"
    click.echo(
        f'{who.label}: {len(answers)} of {total} answers {verb}; {dont_know} "I don\'t know".'
    )
    if seal and not sealed_before:
        result = ws.seal(who)
        click.echo(f"{who.label}: sealed at {result.at.isoformat()} ({result.digest[:19]}...)")


@main.command()
@click.argument("directory", type=WORKSPACE)
@click.option("--role", type=HUMAN_ROLE, required=True)
def seal(directory: Path, role: str) -> None:
    """Seal a respondent's answers: later changes are kept as amendments."""
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
    from stagegap.questionnaires.workspace import Workspace
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
    console = Console()
    console.print(divergence_table(audit.reconciliation, show_aligned=not flagged_only))
    console.print(summary(audit.reconciliation))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check a questionnaire file; errors name file, line and field."""
    from stagegap.questionnaires.loader import load_questionnaire

    q = load_questionnaire(file)
    click.echo(
        f"{file}: valid questionnaire {q.id} {q.version}, {len(q.dimensions)} dimensions, "
        f"{len(q.item_ids())} items"
    )


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
def report(directory: Path, fmt: str, output: Path | None, paper: str, since: Path | None) -> None:
    """Export the audit as PDF, HTML, Markdown, JSON or the risk register as CSV."""
    from stagegap.questionnaires.workspace import Workspace
    from stagegap.reports.export import export

    ws = Workspace.open(directory)
    target = output or ws.exports_dir / f"stagegap-report.{fmt}"
    previous = Workspace.open(since) if since is not None else None
    path = export(ws, fmt, target, paper=paper, since=previous)
    click.echo(str(path))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("stagegap-demo"),
    show_default=True,
    help="Where to write the demo workspace and its report.",
)
def demo(out: Path) -> None:
    """A complete audit on bundled sample data: probe, reconcile, report (PDF and HTML)."""
    from stagegap.reports.demo import run_demo

    result = run_demo(out, progress=lambda line: click.echo(line, err=True))
    click.echo(str(result))


def _register_probe() -> None:
    """`stagegap probe` lives in its own module; its heavy imports stay inside the command."""
    from stagegap.tui.cli_probe import probe_command

    main.add_command(probe_command)


_register_probe()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
