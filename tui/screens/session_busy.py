"""The role is open elsewhere: open it read-only, take it over explicitly, or go back."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.session_lock import Holder


class BusyChoice(StrEnum):
    READ_ONLY = "read-only"
    TAKE_OVER = "take-over"


class SessionBusyDialog(ModalScreen[BusyChoice | None]):
    HELP_TITLE = "role open elsewhere"
    HELP_ORDER = 21
    BINDINGS = [
        Binding("r", "choose('read-only')", "Read-only", id="busy.read_only"),
        Binding("t", "choose('take-over')", "Take over", id="busy.take_over"),
        Binding("escape", "cancel", "Cancel", id="busy.cancel"),
    ]

    def __init__(self, role: Role, holder: Holder) -> None:
        super().__init__()
        self.role = role
        self.holder = holder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                f"The {self.role.label}'s answers are open elsewhere", classes="dialog-title"
            )
            yield Static(
                f"They are {self.holder.describe()}. Two sessions on one role would each "
                "overwrite the other's answers, so this one can only look, unless you take the "
                "role over (the other session then turns read-only).",
                id="busy-text",
            )
            with Horizontal(classes="buttons"):
                yield Button("Open read-only (r)", variant="primary", id="read-only")
                yield Button("Take over (t)", variant="warning", id="take-over")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#read-only", Button).focus()

    @on(Button.Pressed, "#read-only")
    def _read_only(self) -> None:
        self.dismiss(BusyChoice.READ_ONLY)

    @on(Button.Pressed, "#take-over")
    def _take_over(self) -> None:
        self.dismiss(BusyChoice.TAKE_OVER)

    def action_choose(self, choice: str) -> None:
        self.dismiss(BusyChoice(choice))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.notify(f"The {self.role.label}'s answers were not opened.", title="Cancelled")
        self.dismiss(None)
