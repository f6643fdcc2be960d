"""The dialog that creates a workspace in the current folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


@dataclass(frozen=True)
class CreateRequest:
    organisation: str
    staging: str
    production: str
    questionnaire_file: Path | None = None


class CreateWorkspaceDialog(ModalScreen[CreateRequest | None]):
    """Organisation and the names of the two environments; dismisses a CreateRequest."""

    HELP_TITLE = "new workspace"
    HELP_ORDER = 20
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="create.cancel"),
        Binding("ctrl+s", "create", "Create", id="create.create"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static("New audit workspace", classes="dialog-title")
            yield Static(f"In {self.folder}", classes="dim", id="folder")
            yield Label("Organisation")
            yield Input(placeholder="e.g. Acme Payments", id="organisation")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Label("Staging is called")
                    yield Input("staging", id="staging", select_on_focus=False)
                with Vertical():
                    yield Label("Production is called")
                    yield Input("production", id="production", select_on_focus=False)
            yield Label("Own questionnaire (optional YAML file)")
            yield Input(placeholder="leave empty for the bundled seven dimensions", id="qfile")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#organisation", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        """Enter creates, from any field; what is missing is said and focused."""
        self.action_create()

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        organisation = self.query_one("#organisation", Input).value.strip()
        staging = self.query_one("#staging", Input).value.strip() or "staging"
        production = self.query_one("#production", Input).value.strip() or "production"
        qfile_raw = self.query_one("#qfile", Input).value.strip()
        error = self.query_one("#error", Static)
        if not organisation:
            error.update("Name the organisation whose environments are audited.")
            self.query_one("#organisation", Input).focus()
            return
        qfile = None
        if qfile_raw:
            qfile = Path(qfile_raw).expanduser()
            if not qfile.is_absolute():
                qfile = self.folder / qfile
            if not qfile.is_file():
                error.update(f"No such file: {qfile}")
                self.query_one("#qfile", Input).focus()
                return
        self.dismiss(CreateRequest(organisation, staging, production, qfile))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
