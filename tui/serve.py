"""The workshop app in a browser: textual-serve runs one app process per browser tab.

Imported only by `stagegap serve` itself: aiohttp alone takes longer to import than the app
takes to start.

Each respondent opens the URL on their own machine; every tab starts its own `python -m
stagegap` in the workspace folder, so the browsers share the workspace exactly as two terminals
do (locked atomic writes, the per-role session lock) and never each other's screen.
"""

from __future__ import annotations

import ipaddress
import logging
import shlex
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True)
class ServePlan:
    """What `stagegap serve` will do, decided before anything listens (so it can be tested)."""

    workspace: Path
    host: str
    port: int
    url: str
    command: str

    @property
    def loopback_only(self) -> bool:
        """True when only this machine can connect (the default)."""
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    """localhost and 127.0.0.0/8 or ::1: reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address a browser should open. A wildcard host listens on every interface, which a
    browser cannot open, so the URL names this machine instead."""
    name = socket.getfqdn() if host in WILDCARD_HOSTS else host
    if ":" in name:  # an IPv6 literal
        name = f"[{name}]"
    return f"http://{name}:{port}"


def app_command(workspace: Path) -> str:
    """The shell command textual-serve runs per tab: this interpreter's stagegap, in the
    workspace folder (the app opens the workspace in its working directory)."""
    folder = shlex.quote(str(workspace.resolve()))
    python = shlex.quote(sys.executable)
    return f"cd {folder} && exec {python} -m stagegap"


def plan(workspace: Path, host: str, port: int) -> ServePlan:
    return ServePlan(
        workspace=workspace.resolve(),
        host=host,
        port=port,
        url=public_url(host, port),
        command=app_command(workspace),
    )


class WorkshopServer(Server):
    """textual-serve's server with stagegap's own start-up lines and quiet request logging
    (errors still show)."""

    def __init__(self, serve_plan: ServePlan, announce: Callable[[str], None]) -> None:
        super().__init__(
            serve_plan.command,
            host=serve_plan.host,
            port=serve_plan.port,
            title=f"stagegap: {serve_plan.workspace.name}",
            public_url=serve_plan.url,
        )
        self.plan = serve_plan
        self._announce = announce

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        for line in announcement(self.plan):
            self._announce(line)


def announcement(serve_plan: ServePlan) -> list[str]:
    """What the person starting the server is told: where, what to open, who can reach it."""
    lines = [
        f"stagegap: serving the workspace {serve_plan.workspace}",
        f"Open {serve_plan.url} in a browser: each tab is its own app (choose CTO or engineer).",
    ]
    if serve_plan.loopback_only:
        lines.append(
            "Only this machine can connect; a remote respondent can forward the port "
            f"(ssh -L {serve_plan.port}:localhost:{serve_plan.port} THIS-HOST) or you can "
            "serve with --host 0.0.0.0 on a trusted network."
        )
    else:
        lines.append(
            "Anyone who can reach this address can open the audit: there is no login. "
            "Use it on a trusted network only."
        )
    lines.append("Press Ctrl+C to stop.")
    return lines


def check_can_listen(host: str, port: int) -> None:
    """Raise OSError now if the address is taken, so nobody is told to open a URL that is
    someone else's server (textual-serve announces before it binds)."""
    with socket.create_server((host, port)):
        pass


def serve(serve_plan: ServePlan, announce: Callable[[str], None]) -> None:
    """Run until Ctrl+C or SIGTERM; each open tab's app is told to quit on the way out."""
    check_can_listen(serve_plan.host, serve_plan.port)
    WorkshopServer(serve_plan, announce).serve()
