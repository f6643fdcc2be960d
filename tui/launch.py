"""What `stagegap` with no subcommand runs: the app on the workspace in a folder."""

from __future__ import annotations

from pathlib import Path

from stagegap.questionnaires.workspace import Workspace


def launch(cwd: Path) -> None:
    """Open the workspace in `cwd` if there is one (errors propagate as WorkspaceError for the
    CLI to print as one line); otherwise the app starts with the create-workspace dialog."""
    from stagegap.tui.app import make_app
    from stagegap.tui.keymap import load_keymap

    workspace = Workspace.open(cwd) if Workspace.exists(cwd) else None
    make_app(workspace, cwd=cwd, keymap=load_keymap()).run()
