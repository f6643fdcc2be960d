"""Export: choose the formats and the folder; rendering runs in a worker with progress, and the
paths are shown when done. The screen only gathers options; reports.export renders."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Log, RadioSet, SelectionList, Static

from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.audit import load_audit
from stagegap.reports.formats import REGISTRY
from stagegap.tui.app import stagegap_app
from stagegap.tui.messages import ExportDone, ExportFailed, ExportProgress
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.marks import MarkedRadioButton, MarkedSelectionList
from stagegap.tui.widgets.progress import WorkProgress

FORMATS = [(f.label, f.id) for f in REGISTRY]
PAPERS = ["a4", "letter"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "audit"


class ExportScreen(Screen[None]):
    HELP_TITLE = "export"
    HELP_ORDER = 9
    BINDINGS = [
        Binding(
            "ctrl+r",
            "export",
            "Export",
            id="export.run",
            priority=True,
            tooltip="Render the chosen formats",
        ),
        Binding("escape", "app.pop_screen", "Back", id="export.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[Path] = []
        self.busy = False

    @property
    def workspace(self) -> Workspace:
        return stagegap_app(self).ws

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(
                (" Export ", "bold reverse"), "  the divergence map, risk register and plan"
            ),
            classes="bar",
        )
        with Vertical(id="export-form"):
            with Horizontal(id="export-options"):
                with Vertical(id="formats-box"):
                    yield Label("Formats (space toggles)")
                    yield MarkedSelectionList(
                        *[(label, fmt, fmt == "pdf") for label, fmt in FORMATS], id="formats"
                    )
                with Vertical(id="paper-box"):
                    yield Label("Paper")
                    with RadioSet(id="paper"):
                        for paper in PAPERS:
                            yield MarkedRadioButton(
                                paper.upper() if paper == "a4" else "Letter", value=paper == "a4"
                            )
            yield Label(
                f"Folder, relative to the workspace {self.workspace.root.name}/ (ctrl+r exports)"
            )
            yield Input(
                self.workspace.exports_dir.relative_to(self.workspace.root).as_posix(), id="folder"
            )
        with Vertical(id="export-run"):
            yield WorkProgress(id="export-progress")
            yield Log(id="export-log", highlight=False)
            yield Static(id="export-result")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#folder", Input).select_on_focus = False  # typing never replaces it
        self.query_one("#formats").focus()

    @on(Input.Submitted, "#folder")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.busy:
            return
        formats = list(self.query_one("#formats", SelectionList).selected)
        if not formats:
            self.notify("Choose at least one format.", severity="warning")
            return
        folder = Path(self.query_one("#folder", Input).value.strip()).expanduser()
        if not folder.is_absolute():
            folder = self.workspace.root / folder
        index = self.query_one("#paper", RadioSet).pressed_index
        paper = PAPERS[max(index, 0)]
        self.busy = True
        progress = self.query_one(WorkProgress)
        progress.steps = tuple((fmt, fmt.upper()) for fmt in formats)
        progress.fraction, progress.stage = 0.0, formats[0]
        self.query_one("#export-log", Log).clear()
        self.query_one("#export-result", Static).update("")
        self.render_reports(formats, folder, paper)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def render_reports(self, formats: list[str], folder: Path, paper: str) -> None:
        ws = self.workspace
        app = stagegap_app(self)
        app.saver.flush()
        try:
            audit = load_audit(ws, today=app.today)
            base = f"stagegap-{slug(ws.manifest.organisation)}"
            paths = []
            for n, fmt in enumerate(formats):
                self.post_message(ExportProgress(fmt, n / len(formats)))

                def say(line: str, n: int = n, fmt: str = fmt) -> None:
                    self.post_message(ExportProgress(f"{fmt}: {line}", n / len(formats)))

                target = folder / f"{base}.{fmt}"
                paths.append(
                    app.exporter(
                        audit,
                        fmt,
                        target,
                        paper=paper,
                        progress=say,
                        generated_on=app.today,
                    )
                )
        except Exception as exc:  # noqa: BLE001 - shown on screen
            self.post_message(ExportFailed(str(exc) or type(exc).__name__))
            return
        self.post_message(ExportDone(paths))

    def on_export_progress(self, message: ExportProgress) -> None:
        progress = self.query_one(WorkProgress)
        progress.fraction = message.fraction
        if ":" not in message.message:
            progress.stage = message.message
        else:
            self.query_one("#export-log", Log).write_line(message.message)

    def on_export_failed(self, message: ExportFailed) -> None:
        self.busy = False
        self.query_one("#export-log", Log).write_line(f"Failed: {message.error}")
        self.notify(message.error, title="Export failed", severity="error")

    def on_export_done(self, message: ExportDone) -> None:
        self.busy = False
        self.paths = message.paths
        progress = self.query_one(WorkProgress)
        progress.fraction, progress.stage = 1.0, "done"
        folder = message.paths[0].parent if message.paths else None
        text = Text(f"Written to {folder}:\n", style="bold")
        for path in message.paths:
            shown = path.name if path.parent == folder else str(path)
            text.append(f"  {shown}\n", style="green")
        self.query_one("#export-result", Static).update(text)
        self.notify(f"{len(message.paths)} file(s) in {message.paths[0].parent}", title="Exported")
