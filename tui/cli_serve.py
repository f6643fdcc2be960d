"""`stagegap serve [WORKSPACE]`: the workshop app in each respondent's browser."""

from __future__ import annotations

from pathlib import Path

import rich_click as click

EXIT_ERROR = 2
DEFAULT_HOST = "127.0.0.1"  # loopback: only this machine, unless the user says otherwise
DEFAULT_PORT = 8000


@click.command("serve")
@click.argument(
    "workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    required=False,
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets other machines connect (no login: trusted "
    "networks only).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
def serve_command(workspace: Path, host: str, port: int) -> None:
    """Open the app in browsers: each respondent on their own machine, one shared workspace."""
    from stagegap.questionnaires.workspace import Workspace
    from stagegap.tui.serve import plan, serve

    Workspace.open(workspace)  # a missing or broken workspace is one line, before listening
    try:
        serve(plan(workspace, host, port), announce=click.echo)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
