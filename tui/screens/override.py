"""Opening the workshop (or exporting the report) before both humans sealed: an explicit,
recorded override."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from stagegap.questionnaires.model import HUMAN_ROLES
from stagegap.questionnaires.workspace import Workspace


class OverrideDialog(ModalScreen[tuple[str, str] | None]):
    HELP_TITLE = "opening the workshop early"
    HELP_ORDER = 24
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="override.cancel")]

    def __init__(self, workspace: Workspace, *, export: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.export = export

    def compose(self) -> ComposeResult:
        manifest = self.workspace.manifest
        states = ", ".join(
            f"{r.label} {'sealed' if manifest.sealed(r) else 'has not sealed'}" for r in HUMAN_ROLES
        )
        with Vertical(id="dialog", classes="dialog"):
            what = "Export the report" if self.export else "Open the workshop"
            yield Static(f"{what} before both have sealed?", classes="dialog-title")
            yield Static(
                f"{states}. The {'report' if self.export else 'workshop'} shows everyone's "
                "answers, so whoever has not sealed "
                "would no longer answer independently. The report will say the workshop was "
                "opened early, by whom and why."
            )
            yield Label("Your name")
            yield Input(id="by")
            yield Label("Why now")
            yield Input(placeholder="e.g. the engineer left the company", id="reason")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(
                    "Export anyway" if self.export else "Open anyway", variant="error", id="open"
                )
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#by", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        """Enter submits from either field; a missing one is said and focused."""
        by = self.query_one("#by", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        if not by or not reason:
            self.query_one("#error", Static).update("Give your name and a reason.")
            self.query_one("#by" if not by else "#reason", Input).focus()
            return
        self.dismiss((by, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        what = "Nothing was exported" if self.export else "The workshop stays closed"
        self.notify(f"{what}; answers stay independent.", title="Cancelled")
        self.dismiss(None)
