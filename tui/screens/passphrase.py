"""Set or remove the passphrase that opening a role asks for (optional, per role)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from stagegap.questionnaires.model import Role
from stagegap.tui.screens.role_check import role_name


class PassphraseDialog(ModalScreen[str | None]):
    """Dismisses the new passphrase ("" removes it), or None when cancelled."""

    HELP_TITLE = "passphrase"
    HELP_ORDER = 23
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="passphrase.cancel")]

    def __init__(self, role: Role, *, has_one: bool) -> None:
        super().__init__()
        self.role = role
        self.has_one = has_one

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(f"Passphrase for {role_name(self.role)}", classes="dialog-title")
            yield Static(
                "Opening these answers will ask for it, in every terminal and browser. "
                "Only a salted hash is kept in the workspace."
                + (" Leave it empty to remove the one set now." if self.has_one else "")
            )
            yield Label("New passphrase")
            yield Input(password=True, id="new")
            yield Label("Again")
            yield Input(password=True, id="again")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#new", Input).focus()

    @on(Input.Submitted, "#new")
    def _next(self) -> None:
        self.query_one("#again", Input).focus()

    @on(Input.Submitted, "#again")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        new = self.query_one("#new", Input).value
        if new != self.query_one("#again", Input).value:
            self.query_one("#error", Static).update("The two do not match.")
            return
        if not new and not self.has_one:
            self.query_one("#error", Static).update("Type a passphrase, or Cancel.")
            return
        self.dismiss(new)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.notify("The passphrase was not changed.", title="Cancelled")
        self.dismiss(None)
