"""Before a role's answers open: confirm that whoever opens them is that respondent, when this
terminal last answered as someone else, and ask for the role's passphrase when it has one.

Independence is the point of the audit: the engineer must not read the CTO's unsealed answers
by pressing `c` during their own turn. The confirmation is recorded in the role's session state.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.session_lock import Passphrase


def role_name(role: Role) -> str:
    """'the CTO', 'the engineer': a role as a sentence names it."""
    return f"the {role.label}" if role is Role.CTO else f"the {role.label.lower()}"


def capital(text: str) -> str:
    """The first letter upper-cased, the rest as written ('the CTO' -> 'The CTO')."""
    return text[:1].upper() + text[1:]


class RoleCheckDialog(ModalScreen[bool]):
    """Dismisses True when the person confirmed (and gave the passphrase, if there is one)."""

    HELP_TITLE = "opening another role"
    HELP_ORDER = 22
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="role_check.cancel")]

    def __init__(self, role: Role, *, last: Role | None, passphrase: Passphrase | None) -> None:
        super().__init__()
        self.role = role
        self.last = last
        self.passphrase = passphrase

    def compose(self) -> ComposeResult:
        name = role_name(self.role)
        with Vertical(id="dialog", classes="dialog"):
            if self.last is not None and self.last is not self.role:
                yield Static(f"Are you {name}?", classes="dialog-title")
                yield Static(
                    f"This terminal last answered as {role_name(self.last)}. Nobody sees "
                    "another's answers until both have sealed, so only "
                    f"{name} should open these. Opening them is recorded in the workspace."
                )
            else:
                yield Static(f"{capital(name)}'s answers", classes="dialog-title")
            if self.passphrase is not None:
                yield Label(f"Passphrase of {name}")
                yield Input(password=True, id="passphrase")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(f"I am {name}", variant="primary", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        target = "#passphrase" if self.passphrase is not None else "#confirm"
        self.query_one(target).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if self.passphrase is not None:
            typed = self.query_one("#passphrase", Input).value
            if not self.passphrase.matches(typed):
                self.query_one("#error", Static).update("That is not the passphrase.")
                self.query_one("#passphrase", Input).value = ""
                return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.notify(
            f"{capital(role_name(self.role))}'s answers were not opened.", title="Cancelled"
        )
        self.dismiss(False)
