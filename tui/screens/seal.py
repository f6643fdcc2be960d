"""Confirm sealing: what is unanswered, "I don't know" and "does not apply" (with the
reasons), before the seal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from questionnaires.model import Questionnaire, Role
from tui.progress import Progress


class SealDialog(ModalScreen[bool]):
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
        details = Text()
        if p.unanswered_ids:
            details.append(f"Unanswered ({len(p.unanswered_ids)})\n", style="bold")
            for item_id in p.unanswered_ids:
                details.append(f"  · {self._prompt(item_id)}\n")
        if p.dont_know_ids:
            details.append(f"I don't know ({len(p.dont_know_ids)})\n", style="bold")
            for item_id in p.dont_know_ids:
                details.append(f"  · {self._prompt(item_id)}\n")
        if p.not_applicable_ids:
            details.append(
                f"Does not apply ({len(p.not_applicable_ids)}), never counted as safe\n",
                style="bold",
            )
            for item_id in p.not_applicable_ids:
                details.append(f"  · {self._prompt(item_id)}\n")
                reason = self.reasons.get(item_id)
                if reason:
                    details.append(f"      because: {reason}\n", style="italic")
        if not details:
            details.append("Every item has an answer.", style="italic")
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(f"Seal the {self.role.label}'s answers?", classes="dialog-title")
            yield Static(summary, id="seal-summary")
            with VerticalScroll(id="seal-details"):
                yield Static(details)
            with Horizontal(classes="buttons"):
                yield Button("Seal", variant="warning", id="seal")
                yield Button("Keep answering", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#seal")
    def action_seal(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
