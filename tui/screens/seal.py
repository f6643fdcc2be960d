"""Confirm sealing: what is unanswered, "I don't know" and "does not apply" (with the
reasons), before the seal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from stagegap.questionnaires.model import Questionnaire, Role
from stagegap.tui.progress import Progress
from stagegap.tui.screens.role_check import role_name


class SealDialog(ModalScreen[bool]):
    HELP_TITLE = "seal dialog"
    HELP_ORDER = 3
    BINDINGS = [
        Binding("escape", "keep", "Keep answering", id="seal.keep"),
        Binding("ctrl+s", "seal", "Seal", id="seal.seal", priority=True),
    ]

    def __init__(
        self,
        role: Role,
        questionnaire: Questionnaire,
        progress: Progress,
        reasons: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.role = role
        self.questionnaire = questionnaire
        self.progress = progress
        self.reasons = reasons or {}  # item id -> why it does not apply

    def _prompt(self, item_id: str) -> str:
        found = self.questionnaire.find(item_id)
        if found is None:
            return item_id
        dimension, item = found
        return f"{dimension.title}: {item.prompt_for(self.role.value)}"

    def compose(self) -> ComposeResult:
        p = self.progress
        summary = Text()
        summary.append(f"{p.answered} of {p.total} items answered", style="bold")
        kinds = []
        if p.dont_know:
            kinds.append(f'{p.dont_know} "I don\'t know"')
        if p.not_applicable:
            kinds.append(f'{p.not_applicable} "does not apply"')
        summary.append(f", of which {' and '.join(kinds)}.\n" if kinds else ".\n")
        summary.append(
            "Sealing records a digest of your answers: they become the independent first "
            "answer. Later changes are kept beside them as amendments, and the report shows both."
        )
        # What was answered "I don't know" or "does not apply" first: it is what the seal
        # fixes; the (often long) unanswered list after it. Bullets hang, so a wrapped prompt
        # stays indented under its own bullet.
        parts: list[RenderableType] = []

        def section(title: str, rows: list[tuple[str, str | None]]) -> None:
            parts.append(Text(title, style="bold"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=3, justify="right")
            grid.add_column(ratio=1)
            for prompt, reason in rows:
                line = Text(prompt)
                if reason:
                    line.append(f"\nbecause: {reason}", style="italic")
                grid.add_row("·", line)
            parts.append(grid)

        if p.dont_know_ids:
            section(
                f"I don't know ({len(p.dont_know_ids)})",
                [(self._prompt(i), None) for i in p.dont_know_ids],
            )
        if p.not_applicable_ids:
            section(
                f"Does not apply ({len(p.not_applicable_ids)}), never counted as safe",
                [(self._prompt(i), self.reasons.get(i)) for i in p.not_applicable_ids],
            )
        if p.in_progress_ids:
            section(
                f"In progress, not an answer yet ({len(p.in_progress_ids)}): sealed as unanswered",
                [(self._prompt(i), None) for i in p.in_progress_ids],
            )
        rest = [i for i in p.unanswered_ids if i not in p.in_progress_ids]
        if rest:
            section(f"Unanswered ({len(rest)})", [(self._prompt(i), None) for i in rest])
        if not parts:
            parts.append(Text("Every item has an answer.", style="italic"))
        details = Group(*parts)
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(f"Seal {role_name(self.role)}'s answers?", classes="dialog-title")
            yield Static(summary, id="seal-summary")
            with VerticalScroll(id="seal-details"):
                yield Static(details)
            with Horizontal(classes="buttons"):
                yield Button("Seal (enter)", variant="warning", id="seal")
                yield Button("Keep answering (esc)", id="keep")

    def on_mount(self) -> None:
        # ctrl+s asked for the seal: Enter confirms it, Esc keeps answering.
        self.query_one("#seal", Button).focus()

    @on(Button.Pressed, "#seal")
    def action_seal(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.notify("Not sealed: your answers stay open to change.", title="Cancelled")
        self.dismiss(False)
