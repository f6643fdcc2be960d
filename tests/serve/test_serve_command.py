"""`stagegap serve` before any browser: what it refuses, what it says to open, what it runs."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

from click.testing import CliRunner

from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.cli import main
from stagegap.tui.cli_serve import DEFAULT_HOST, DEFAULT_PORT
from stagegap.tui.serve import announcement, plan


def test_a_folder_without_a_workspace_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {tmp_path / 'nowhere'}: no such directory"
    ]

    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "not a stagegap workspace" in result.output


def test_a_port_already_taken_is_one_line_and_no_url(workspace: Workspace) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(workspace.root), "--port", str(port)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port}:")
    assert "Open http" not in result.output


def test_by_default_only_this_machine_can_connect_and_the_url_says_where(
    workspace: Workspace,
) -> None:
    served = plan(workspace.root, DEFAULT_HOST, DEFAULT_PORT)
    assert served.host == "127.0.0.1"
    assert served.loopback_only
    lines = announcement(served)
    assert f"Open http://127.0.0.1:{served.port} in a browser" in lines[1]
    assert "Only this machine can connect" in lines[2]


def test_listening_on_every_interface_names_this_machine_and_warns(workspace: Workspace) -> None:
    served = plan(workspace.root, host="0.0.0.0", port=8123)
    assert not served.loopback_only
    assert "0.0.0.0" not in served.url
    assert served.url == f"http://{socket.getfqdn()}:8123"
    assert any("no login" in line for line in announcement(served))


def test_each_tab_runs_this_interpreters_app_in_the_workspace_folder(tmp_path: Path) -> None:
    odd = tmp_path / "audit 'q'"
    odd.mkdir()
    command = shlex.split(plan(odd, DEFAULT_HOST, DEFAULT_PORT).command)
    assert command == ["cd", str(odd.resolve()), "&&", "exec", sys.executable, "-m", "stagegap"]


def test_the_command_line_does_not_load_the_web_server_until_serve_runs() -> None:
    """aiohttp takes longer to import than the whole app takes to start."""
    import subprocess

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, stagegap.tui.cli; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('aiohttp', 'textual_serve')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "[]"
