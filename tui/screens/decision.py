"""Record the workshop's decision on one gap: what, who, by when, how much effort."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from stagegap.questionnaires.response import Decision, DecisionKind
from stagegap.reports.reconcile import ItemResult
from stagegap.tui.widgets.item_detail import days
from stagegap.tui.widgets.marks import MarkedRadioButton

KINDS = list(DecisionKind)
CLEAR = "clear"


class DecisionDialog(ModalScreen[Decision | str | None]):
    """Dismisses a Decision, CLEAR to remove the recorded one, or None to cancel."""

    HELP_TITLE = "decision dialog"
    HELP_ORDER = 8
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="decision.cancel"),
        Binding("ctrl+s", "save", "Save", id="decision.save", priority=True),
    ]

    def __init__(self, result: ItemResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        result = self.result
        current = result.decision
        suggestion = result.suggestion
        kind = current.kind if current else suggestion.kind
        effort = current.effort_days if current else suggestion.effort_days
        controls = (
            current.controls
            if current
            else (suggestion.remedy.controls if suggestion.remedy else [])
        )
        with Vertical(id="dialog", classes="dialog wide tall"):
            yield Static("Decision", classes="dialog-title")
            yield Static(f"{result.dimension.title}: {result.item.prompt}", classes="dim")
            with VerticalScroll(id="decision-form"):
                with RadioSet(id="kind"):
                    for k in KINDS:
                        yield MarkedRadioButton(k.label, value=k is kind)
                yield Static("", classes="dim", id="suggested")
                with Horizontal(classes="pair"):
                    with Vertical():
                        yield Label("Owner")
                        yield Input(current.owner if current else "", id="owner")
                    with Vertical():
                        yield Label("Due (YYYY-MM-DD)")
                        yield Input(
                            current.due.isoformat() if current and current.due else "",
                            placeholder="YYYY-MM-DD",
                            id="due",
                        )
                    with Vertical():
                        yield Label("Effort (days)")
                        yield Input(
                            "" if effort is None else f"{effort:g}", type="number", id="effort"
                        )
                yield Label("Compensating controls (separated by ;)")
                yield Input("; ".join(controls), id="controls")
                with Horizontal(classes="pair", id="intentional"):
                    with Vertical():
                        yield Label("Why the difference is intentional")
                        yield Input(current.reason if current else "", id="reason")
                    with Vertical():
                        yield Label("Expires (YYYY-MM-DD)")
                        yield Input(
                            current.expires.isoformat() if current and current.expires else "",
                            placeholder="YYYY-MM-DD",
                            id="expires",
                        )
                yield Label("Note")
                yield Input(current.note if current else "", id="note")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                if current:
                    yield Button("Remove", variant="error", id="remove")
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):  # typing adds to what is there; it never replaces it
            field.select_on_focus = False
        self._toggle_intentional()
        self.query_one("#kind", RadioSet).focus()

    def _kind(self) -> DecisionKind:
        index = self.query_one("#kind", RadioSet).pressed_index
        return KINDS[index] if index >= 0 else KINDS[0]

    @on(RadioSet.Changed, "#kind")
    def _toggle_intentional(self) -> None:
        kind = self._kind()
        self.query_one("#intentional").display = kind is DecisionKind.INTENTIONAL
        self._suggest(kind)

    def _suggest(self, kind: DecisionKind) -> None:
        """What the questionnaire suggests for the decision chosen now, not for the first one."""
        remedy = getattr(self.result.item.remedies, kind.value, None)
        suggested = self.query_one("#suggested", Static)
        suggested.display = remedy is not None
        if remedy is not None:
            suggested.update(
                f"Suggested for this decision: {remedy.action} ({days(remedy.effort_days)})"
            )

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _date(self, widget_id: str, label: str) -> dt.date | None:
        raw = self._value(widget_id)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{label}: a date as YYYY-MM-DD, not {raw!r}") from None

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#error", Static)
        kind = self._kind()
        try:
            due = self._date("due", "Due")
            expires = self._date("expires", "Expires")
            effort_raw = self._value("effort")
            effort = float(effort_raw) if effort_raw else None
            if effort is not None and not (0 <= effort < 10_000):  # refuses inf and nan too
                raise ValueError("Effort: a number of days from 0 to 9,999")
        except ValueError as exc:
            error.update(str(exc))
            return
        owner = self._value("owner")
        if kind is DecisionKind.INTENTIONAL and (not owner or expires is None):
            error.update("An intentional difference needs an owner and an expiry date.")
            return
        controls = [c.strip() for c in self._value("controls").split(";") if c.strip()]
        previous = self.result.decision
        self.dismiss(
            Decision(
                kind=kind,
                owner=owner,
                due=due,
                effort_days=effort,
                controls=controls,
                reason=self._value("reason") if kind is DecisionKind.INTENTIONAL else "",
                expires=expires if kind is DecisionKind.INTENTIONAL else None,
                note=self._value("note"),
                status=previous.status if previous else Decision.model_fields["status"].default,
            )
        )

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        self.dismiss(CLEAR)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        what = "kept as it was" if self.result.decision else "not recorded"
        self.notify(f"The decision on this item was {what}.", title="Cancelled")
        self.dismiss(None)
