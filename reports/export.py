"""Export an audit as PDF, HTML, Markdown, JSON or CSV: the one function the CLI and the app call.

The export is pure apart from writing the target file: the caller gathers the options (format,
paper, where to write), the export builds the report model once and hands it to the renderer.
The Textual app calls `export_audit` in a worker with an already-loaded Audit and a progress
callback; `stagegap report` calls `export` with a workspace.

The formats themselves are listed once, in formats.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from stagegap.questionnaires.atomic import write_atomic
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.audit import Audit, load_audit
from stagegap.reports.build import build_report
from stagegap.reports.formats import BY_ID, FORMATS
from stagegap.reports.model import Report

Progress = Callable[[str], None]


def export(
    ws: Workspace, fmt: str, target: Path, paper: str = "a4", since: Workspace | None = None
) -> Path:
    """Render the workspace's audit to `target` in format `fmt`; returns the path written."""
    previous = load_audit(since) if since is not None else None
    return export_audit(load_audit(ws), fmt, target, paper=paper, since=previous)


def export_audit(
    audit: Audit,
    fmt: str,
    target: Path,
    *,
    paper: str = "a4",
    progress: Progress | None = None,
    generated_on: dt.date | None = None,
    since: Audit | None = None,
) -> Path:
    """Like `export`, for an Audit already in memory; `progress` hears each stage."""
    if fmt not in BY_ID:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    say = progress or (lambda _line: None)
    say("Building the report")
    report = build_report(audit, generated_on=generated_on or dt.date.today(), since=since)
    return write_report(report, fmt, target, paper=paper, progress=say)


def render(report: Report, fmt: str, *, paper: str = "a4") -> str:
    """Text formats as a string (HTML, Markdown, JSON, CSV); the PDF needs `write_report`."""
    chosen = BY_ID.get(fmt)
    if chosen is None or not chosen.text:
        raise ValueError(f"{fmt!r} is not a text format")
    return chosen.render(report, paper)


def write_report(
    report: Report, fmt: str, target: Path, *, paper: str = "a4", progress: Progress | None = None
) -> Path:
    say = progress or (lambda _line: None)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        from stagegap.reports.render.html import render_html
        from stagegap.reports.render.pdf import write_pdf

        say("Rendering HTML")
        html = render_html(report, paper=paper, for_print=True)
        write_pdf(html, target, progress=say)
    else:
        say(f"Rendering {fmt.upper()}")
        write_atomic(target, render(report, fmt, paper=paper))
    say(f"Wrote {target}")
    return target
