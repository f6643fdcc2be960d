"""`stagegap probe PATH [PATH...]`: the probe from the command line (several paths: one system
spread over several repositories, evidence prefixed by repository). Exit 0 when it ran, 1 with
--fail-on and an undeclared finding at or above it, 2 when it could not run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import rich_click as click

from stagegap.tui.cli_output import (
    Stopwatch,
    Verbosity,
    detail,
    make_console,
    progress,
    verbosity,
    verbosity_options,
)

if TYPE_CHECKING:
    from stagegap.probe.live.run import LiveRequest
    from stagegap.probe.live.targets import LiveTarget

FAIL_LEVELS = ("critical", "high", "medium", "low")


def _fail(message: str, code: int = 2) -> None:
    from stagegap.probe.textsafe import inert  # a path given or found can hold an escape

    click.echo(f"stagegap probe: {inert(message)}", err=True)
    raise SystemExit(code)


@click.command("probe")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON contract (probe/CONTRACT.md)."
)
@click.option(
    "--sarif",
    "sarif",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write SARIF 2.1.0 to this file.",
)
@click.option(
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    help="Record the answers and inventory into this audit workspace.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    help="Exit 1 when an undeclared finding is at or above this severity.",
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="ENV=NAME",
    help="Another name for an environment, e.g. --alias staging=qa (repeatable).",
)
@click.option(
    "--compare",
    metavar="PRE:PROD",
    help="The pair of environments to compare, e.g. --compare uat:prod "
    "(default: staging, else preprod or uat, else the only other deployable one).",
)
@click.option(
    "--db",
    "databases",
    multiple=True,
    metavar="ENV=env:VAR",
    help="Read this environment's PostgreSQL, read-only; the URL is read from the named "
    "environment variable, e.g. --db staging=env:STAGING_DATABASE_URL (repeatable).",
)
@click.option(
    "--prom",
    "metrics",
    multiple=True,
    metavar="ENV=env:VAR|URL",
    help="Read this environment's Prometheus (HTTP API): a URL without credentials, or "
    "env:VAR naming a variable that holds one with them (repeatable).",
)
@click.option(
    "--kube",
    "clusters",
    multiple=True,
    metavar="ENV=file:PATH|context:NAME",
    help="Read this environment's cluster: a saved `kubectl get deploy,sts,cronjob,hpa,ns,nodes "
    "-A -o json`, or run it against a kubectl context (repeatable).",
)
@click.option(
    "--prom-query",
    metavar="PROMQL",
    help="The request-rate query, with {window}, {env} and {metric} filled in "
    "(default: the peak 5-minute rate of the first common request counter found).",
)
@click.option(
    "--prom-window",
    metavar="DURATION",
    help="The window the peak request rate is taken over (default 1d).",
)
@click.option("--details", is_flag=True, help="Show each finding's details in the summary.")
@click.option(
    "--list-checks",
    is_flag=True,
    help="List every check the probe can report (with --json, as JSON) and exit.",
)
@verbosity_options
def probe_command(
    paths: tuple[Path, ...],
    as_json: bool,
    sarif: Path | None,
    workspace: Path | None,
    fail_on: str | None,
    aliases: tuple[str, ...],
    compare: str | None,
    databases: tuple[str, ...],
    metrics: tuple[str, ...],
    clusters: tuple[str, ...],
    prom_query: str | None,
    prom_window: str | None,
    details: bool,
    list_checks: bool,
) -> None:
    """Read a repository's configuration and answer the questionnaire from it; with several
    paths (APP INFRA CHARTS), read them as one system, each evidence path prefixed by its
    repository's folder name.

    --quiet prints no summary (the JSON still, with --json); --verbose shows every finding's
    details and what was read, with timings, on stderr."""
    if list_checks:
        _list_checks(as_json)
        return
    if not paths:
        _fail("missing PATH: the repository to probe (or --list-checks)")
        return
    from stagegap.probe.discovery import Cancelled
    from stagegap.probe.engine import ProbeError, run_probe_many
    from stagegap.probe.environments import parse_alias

    live = _live_request(databases, metrics, clusters, prom_query, prom_window)
    table: dict[str, list[str]] = {}
    for text in aliases:
        try:
            env, name = parse_alias(text)
        except ValueError as exc:
            _fail(str(exc))
        table.setdefault(env, []).append(name)
    ws = None
    if workspace is not None:
        try:
            from stagegap.questionnaires.workspace import Workspace

            ws = Workspace.open(workspace)
        except Exception as exc:  # the workspace explains itself in one line
            _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    clock = Stopwatch()
    try:
        result = run_probe_many(
            paths,
            aliases=table,
            compare=compare,
            questionnaire=ws.questionnaire if ws is not None else None,
        )
    except ProbeError as exc:
        _fail(str(exc))
    except Cancelled:
        _fail("cancelled", 130)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # never a traceback on the command line
        _fail(f"internal error ({type(exc).__name__}): {exc}".splitlines()[0], 3)
    if live:
        from stagegap.probe.live.merge import apply_live

        apply_live(result, live, ws.questionnaire if ws is not None else None)
    detail(
        f"read {result.files_read} files under {result.root} in {clock}: "
        f"{len(result.findings)} findings, {len(result.answers)} answers, "
        f"{len(result.warnings)} warnings"
    )
    from stagegap.probe import output

    if as_json:
        click.echo(output.to_json(result))
    elif verbosity() >= Verbosity.NORMAL:
        output.render(
            result,
            make_console(file=sys.stdout, soft_wrap=False),
            details=details or verbosity() >= Verbosity.VERBOSE,
        )
    if sarif is not None:
        try:
            sarif.write_text(output.to_sarif(result), encoding="utf-8")
        except OSError as exc:
            _fail(f"{sarif}: cannot write SARIF: {exc.strerror or exc}")
    from stagegap.probe.textsafe import inert

    if ws is not None:
        try:
            ws.record_probe(output.safe_answers(result), output.safe_record(result))
        except Exception as exc:
            _fail(f"{workspace}: cannot record the probe: {exc}".splitlines()[0])
        if not as_json:
            progress(
                inert(f"recorded {len(result.answers)} answers and the inventory in {workspace}")
            )
    if sarif is not None:
        detail(inert(f"SARIF written to {sarif}"))
    if fail_on is not None:
        failing = result.failing(fail_on)
        if failing:
            click.echo(
                f"stagegap probe: {len(failing)} finding(s) at or above {fail_on} "
                "not declared intentional in .stagegap.yaml",
                err=True,
            )
            raise SystemExit(1)


def _live_request(
    databases: tuple[str, ...],
    metrics: tuple[str, ...],
    clusters: tuple[str, ...],
    query: str | None,
    window: str | None,
) -> LiveRequest:
    """The live sources, checked before the probe runs: a bad one is one line, exit 2."""
    from stagegap.probe.live import targets
    from stagegap.probe.live.run import LiveRequest

    request = LiveRequest(query=query, window=window)
    try:
        request.databases = _one_per_env("--db", [targets.database(t) for t in databases])
        request.metrics = _one_per_env("--prom", [targets.prometheus(t) for t in metrics])
        request.clusters = _one_per_env("--kube", [targets.kubernetes(t) for t in clusters])
        if query is not None:
            request.query = targets.check_query(query)
    except targets.TargetError as exc:
        _fail(str(exc))
    return request


def _one_per_env(flag: str, given: list[LiveTarget]) -> list[LiveTarget]:
    envs = [t.env for t in given]
    for env in set(envs):
        if envs.count(env) > 1:
            from stagegap.probe.live.targets import TargetError

            raise TargetError(f"{flag}: {env} is given twice")
    return given


def _list_checks(as_json: bool) -> None:
    from stagegap.probe import output

    if as_json:
        import json

        click.echo(json.dumps(output.checks_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        output.render_checks(Console(file=sys.stdout, soft_wrap=False))
