"""The neutral screen between respondents: nothing of the last person's answers is on it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from stagegap.questionnaires.model import Role
from stagegap.tui.widgets.footer import StableFooter


class HandoverScreen(Screen[None]):
    HELP_TITLE = "hand-over"
    HELP_ORDER = 4
    BINDINGS = [
        Binding("enter", "continue", "Continue", id="handover.continue"),
        Binding("escape", "continue", "Continue", id="handover.escape", show=False),
    ]

    def __init__(self, role: Role, *, sealed: bool) -> None:
        super().__init__()
        self.role = role
        self.sealed = sealed

    def compose(self) -> ComposeResult:
        done = "saved and sealed" if self.sealed else "saved"
        with Middle(), Center():
            yield Static(
                f"[b]The {self.role.label}'s answers are {done}.[/b]\n\n"
                "You can hand the terminal to the next person:\n"
                "nothing of these answers is on screen.\n\n"
                "[dim]Press Enter to continue.[/]",
                id="handover-text",
            )
        yield StableFooter()

    def action_continue(self) -> None:
        self.dismiss()
