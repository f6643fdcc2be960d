"""The probe walk: choose the repository, run the probe in a worker (progress over the seven
dimensions, a live log, cancel at any time), then its findings by dimension with evidence.
The result is recorded into the workspace as the third respondent.

Independence: the probe may run at any time, but until both humans have sealed (or the workshop
was opened early by an explicit override) whoever runs it sees only progress, counts and
warnings, never a finding's summary or evidence: a respondent who has not answered yet must
not learn the configuration first."""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DirectoryTree, Input, Label, Log, Static, Tree

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import ProbeRecord
from stagegap.questionnaires.workspace import Workspace, WorkspaceError
from stagegap.reports.palette import SEVERITY_RICH
from stagegap.tui.app import stagegap_app
from stagegap.tui.messages import ProbeDone, ProbeFailed, ProbeProgress
from stagegap.tui.progress import plural
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.progress import WorkProgress


class ProbeScreen(Screen[None]):
    HELP_TITLE = "probe"
    HELP_ORDER = 5
    BINDINGS = [
        Binding(
            "ctrl+r",
            "run",
            "Run",
            id="probe.run",
            priority=True,
            tooltip="Run the probe on the chosen folder",
        ),
        Binding("escape", "cancel_or_back", "Cancel / back", id="probe.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._cancel: threading.Event | None = None
        self._last: tuple[str, int] = ("", -1)
        self.record: ProbeRecord | None = None

    @property
    def workspace(self) -> Workspace:
        return stagegap_app(self).ws

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def compose(self) -> ComposeResult:
        cwd: Path = stagegap_app(self).cwd
        yield Static(
            Text.assemble(
                (" Probe ", "bold reverse"),
                "  reads the repository's configuration; no secret values leave it",
            ),
            classes="bar",
        )
        with Vertical(id="probe-setup"):
            yield Label("Repository to read (type a path, or pick a folder below; ctrl+r runs)")
            last = self._last_root(cwd)
            yield Input(str(last), id="path", select_on_focus=False)
            yield DirectoryTree(last, id="tree")
        with Vertical(id="probe-run"):
            yield WorkProgress(id="progress")
            yield Log(id="log", highlight=False)
        yield Tree("Findings", id="findings")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#probe-run").display = False
        self.query_one("#findings").display = False
        self.query_one("#path", Input).focus()

    # ------------------------------------------------------------------ choosing the folder

    def _last_root(self, cwd: Path) -> Path:
        """The repository the probe last read (its record says), else where stagegap started."""
        try:
            record = self.workspace.probe_record()
        except WorkspaceError:
            return cwd
        if record is not None and Path(record.root).is_dir():
            return Path(record.root)
        return cwd

    @on(Input.Changed, "#path")
    def _follow_typed_path(self, event: Input.Changed) -> None:
        """The tree shows the folder typed, once it is one."""
        folder = Path(event.value.strip()).expanduser()
        tree = self.query_one(DirectoryTree)
        if event.value.strip() and folder.is_dir() and folder != Path(tree.path):
            tree.path = folder

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        self.action_run()

    # ------------------------------------------------------------------ running

    def action_run(self) -> None:
        if self.running:
            return
        raw = self.query_one("#path", Input).value.strip()
        root = Path(raw).expanduser()  # relative: to where stagegap was started, as the tree
        if not root.is_dir():
            self.notify(f"{root}: not a folder", severity="error")
            return
        self.query_one("#probe-setup").display = False
        self.query_one("#findings").display = False
        self.query_one("#probe-run").display = True
        progress = self.query_one(WorkProgress)
        progress.steps = tuple(
            (d.id, d.title.split()[0]) for d in self.workspace.questionnaire.dimensions
        )
        progress.fraction, progress.stage = 0.0, "starting"
        log = self.query_one(Log)
        log.clear()
        log.write_line(f"Reading {root}")
        self._cancel = threading.Event()
        self._last = ("", -1)
        self.probe(root, self._cancel)

    @work(thread=True, exclusive=True, group="probe", exit_on_error=False)
    def probe(self, root: Path, cancel: threading.Event) -> None:
        ws = self.workspace
        runner = stagegap_app(self).probe_runner

        def progress(label: str, fraction: float) -> None:
            step = (label, int(fraction * 100))
            if step != self._last:  # coalesce repeats
                self._last = step
                self.post_message(ProbeProgress(label, fraction))

        try:
            result = runner(
                root,
                on_progress=progress,
                cancel=cancel,
                questionnaire=ws.questionnaire,
                today=stagegap_app(self).today,
            )
        except Exception as exc:  # noqa: BLE001 - shown on screen, the app stays up
            cancelled = type(exc).__name__ == "Cancelled" or cancel.is_set()
            self.post_message(ProbeFailed(str(exc) or type(exc).__name__, cancelled))
            return
        if cancel.is_set():
            self.post_message(ProbeFailed("cancelled", True))
            return
        record = result.record()
        known = set(ws.questionnaire.item_ids())
        answers = {k: v for k, v in result.answers.items() if k in known}
        try:  # through the one writer, in order with every other write
            stagegap_app(self).saver.run(
                "probe:record", lambda: ws.record_probe(answers, record)
            ).result()
        except Exception as exc:  # noqa: BLE001
            self.post_message(ProbeFailed(f"could not record the probe: {exc}"))
            return
        self.record = record
        self.post_message(ProbeDone(len(answers), len(record.findings)))

    def on_probe_progress(self, message: ProbeProgress) -> None:
        progress = self.query_one(WorkProgress)
        progress.fraction = message.fraction
        progress.stage = message.message
        dims = {d.id: d.title for d in self.workspace.questionnaire.dimensions}
        self.query_one(Log).write_line(
            f"{int(message.fraction * 100):3d}%  {dims.get(message.message, message.message)}"
        )

    def on_probe_failed(self, message: ProbeFailed) -> None:
        self._cancel = None
        log = self.query_one(Log)
        if message.cancelled:
            log.write_line("Cancelled: nothing was recorded.")
            self.notify("Probe cancelled; nothing was recorded.")
        else:
            log.write_line(f"Failed: {message.error}")
            self.notify(message.error, title="The probe could not run", severity="error")
        self.query_one("#probe-setup").display = True
        self.query_one("#path", Input).focus()

    def on_probe_done(self, message: ProbeDone) -> None:
        self._cancel = None
        progress = self.query_one(WorkProgress)
        progress.fraction, progress.stage = 1.0, "done"
        self.query_one(Log).write_line(
            f"Recorded {plural(message.answers, 'answer')} and "
            f"{plural(message.findings, 'finding')}."
        )
        self.notify(
            f"{plural(message.answers, 'answer')}, {plural(message.findings, 'finding')} recorded.",
            title="Probe done",
        )
        self._show_findings()

    def _show_findings(self) -> None:
        record = self.record
        tree: Tree[None] = self.query_one("#findings", Tree)
        tree.clear()
        if record is None:
            return
        tree.root.set_label(f"{plural(len(record.findings), 'finding')} in {record.root}")
        if not self.workspace.can_see_others(Role.CTO):
            self._withhold_findings(tree, record)
        else:
            self._add_findings(tree, record)
        for warning in record.warnings[:20]:
            tree.root.add_leaf(Text(f"warning: {warning}", style="yellow"))
        tree.root.expand()
        self.query_one("#probe-run").display = True
        tree.display = True
        tree.focus()

    def _withhold_findings(self, tree: Tree[None], record: ProbeRecord) -> None:
        answered = len(self.workspace.response(Role.PROBE).answers)
        tree.root.add_leaf(
            Text(
                f"{plural(answered, 'answer')} and {plural(len(record.findings), 'finding')} "
                "recorded."
            )
        )
        tree.root.add_leaf(
            Text(
                "Findings are shown once both the CTO and the engineer have sealed.",
                style="italic",
            )
        )

    def _add_findings(self, tree: Tree[None], record: ProbeRecord) -> None:
        for dimension in self.workspace.questionnaire.dimensions:
            found = [f for f in record.findings if f.dimension == dimension.id]
            node = tree.root.add(
                Text.assemble((dimension.title, "bold"), (f"  {len(found)}", "dim")),
                expand=bool(found),
            )
            for finding in found:
                label = Text.assemble(
                    (f"{finding.severity} ", SEVERITY_RICH.get(finding.severity, "")),
                    finding.summary,
                )
                leaf = node.add(label, expand=False)
                for ev in finding.evidence:
                    where = f"{ev.path}:{ev.line}" if ev.line else ev.path
                    text = Text(where, style="cyan")
                    if ev.excerpt:
                        text.append(f"  {ev.excerpt}", style="dim")
                    leaf.add_leaf(text)
                if not finding.evidence:
                    leaf.allow_expand = False

    def action_cancel_or_back(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.query_one(Log).write_line("Cancelling…")
            return
        self.app.pop_screen()
