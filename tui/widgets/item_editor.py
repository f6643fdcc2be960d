"""One questionnaire item as a form: prompt, the fitting answer widget(s), "I don't know",
"Does not apply" (with its required reason), confidence and a note. Posts AnswerChanged when
the answer it describes changes. The three kinds exclude each other: a value, I don't know, or
does not apply."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from stagegap.questionnaires.answers import Answer, AnswerError, Confidence, Value, coerce_value
from stagegap.questionnaires.model import ENVIRONMENTS, Item
from stagegap.questionnaires.session_lock import Draft
from stagegap.tui.messages import AnswerChanged, DraftChanged
from stagegap.tui.widgets.answer_widgets import AnswerField, field_for
from stagegap.tui.widgets.marks import MarkedCheckbox

CONFIDENCES = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
_INCOMPLETE = object()


def signature(answer: Answer | None) -> tuple[object, ...] | None:
    """What makes two answers the same, ignoring when they were given."""
    if answer is None:
        return None
    return (answer.value, answer.dont_know, answer.not_applicable, answer.confidence, answer.note)


class ItemEditor(Vertical):
    def __init__(
        self,
        item_id: str,
        item: Item,
        *,
        prompt: str,
        answer: Answer | None,
        environments: dict[str, str],
        position: str = "",
        draft: Draft | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(classes="item-editor")
        self.item_id = item_id
        self.item = item
        self.prompt = prompt
        self.answer = answer
        self.environments = environments
        self.position = position
        self.initial_draft = draft or {}
        self.read_only = read_only
        self._last = signature(answer)
        self._last_draft = draft or None

    def compose(self) -> ComposeResult:
        item, answer = self.item, self.answer
        yield Static(
            f"[dim]{self.position}[/]  {escape(self.prompt)}"
            if self.position
            else escape(self.prompt),
            classes="prompt",
            markup=True,
            id="prompt",
        )
        if item.help:
            yield Static(item.help, classes="help", markup=False)
        value = answer.value if answer is not None else None
        drafts = self.initial_draft
        if item.per_environment:
            values = value if isinstance(value, dict) else {}
            for env in ENVIRONMENTS:
                with Vertical(classes="env-block"):
                    yield Label(f"In {self.environments.get(env, env)}", classes="env-label")
                    yield field_for(item, values.get(env), draft=drafts.get(env), id=f"field-{env}")
        else:
            yield field_for(item, value, draft=drafts.get("value"), id="field-value")
        with Horizontal(classes="meta"):
            yield MarkedCheckbox(
                "I don't know",
                value=bool(answer and answer.dont_know),
                id="dont-know",
                compact=True,
            )
            yield MarkedCheckbox(
                "Does not apply",
                value=bool(answer and answer.not_applicable is not None),
                id="not-applicable",
                compact=True,
            )
            yield Select[str](
                [(f"{level.value} confidence", level.value) for level in CONFIDENCES],
                prompt="confidence?",
                value=answer.confidence.value if answer and answer.confidence else Select.NULL,
                compact=True,
                id="confidence",
            )
        yield Input(
            (answer.not_applicable or "") if answer else "",
            placeholder="Why does it not apply? (required)",
            id="na-reason",
        )
        yield Input(
            answer.note if answer else "", placeholder="Note (optional): why, who knows", id="note"
        )
        yield Static("", id="item-status", classes="item-status")

    def on_mount(self) -> None:
        self.disabled = self.read_only
        self.set_class(bool(self.answer and self.answer.dont_know), "-dont-know")
        self._show_not_applicable(bool(self.answer and self.answer.not_applicable is not None))
        self._show_status(self._status_for(self.answer))

    # ------------------------------------------------------------------ reading the form

    def fields(self) -> list[AnswerField]:
        return list(self.query(AnswerField))

    def _value(self) -> Value | object | None:
        fields = {f.id: f for f in self.fields()}
        if self.item.per_environment:
            values = {env: fields[f"field-{env}"].value for env in ENVIRONMENTS}
            errors = [f.error for f in fields.values() if f.error]
            if errors:
                return _INCOMPLETE
            if all(v is None for v in values.values()):
                return None
            if any(v is None for v in values.values()):
                return _INCOMPLETE
            return values
        field = fields["field-value"]
        value = field.value
        if field.error:
            return _INCOMPLETE
        return value

    def build(self) -> Answer | None | object:
        """The answer the form shows: an Answer, None (blank) or _INCOMPLETE."""
        dont_know = self.query_one("#dont-know", Checkbox).value
        chosen = self.query_one("#confidence", Select).value
        confidence = Confidence(chosen) if isinstance(chosen, str) else None
        note = self.query_one("#note", Input).value.strip()
        if dont_know:
            return Answer(dont_know=True, confidence=confidence, note=note)
        if self.query_one("#not-applicable", Checkbox).value:
            reason = self.query_one("#na-reason", Input).value.strip()
            if not reason:
                return _INCOMPLETE
            return Answer(not_applicable=reason, confidence=confidence, note=note)
        value = self._value()
        if value is None or value is _INCOMPLETE:
            return value
        try:
            coerced = coerce_value(self.item, value)
        except AnswerError:
            return _INCOMPLETE
        return Answer(value=coerced, confidence=confidence, note=note)

    # ------------------------------------------------------------------ reacting

    def _status_for(self, built: Answer | None | object) -> str:
        if built is _INCOMPLETE:
            if self.query_one("#not-applicable", Checkbox).value:
                return "Say why it does not apply, to save."
            errors = [f.error for f in self.fields() if f.error]
            if errors:
                return f"Expected {errors[0]}: kept as typed, not yet an answer."
            missing = self._missing_environments()
            if missing:
                return (
                    f"In progress: {', '.join(missing)} still to answer (kept as typed; "
                    "or: I don't know)."
                )
            return "Not an answer yet."
        if built is None:
            if self.query_one("#note", Input).value.strip():
                return "A note is kept with an answer: choose one, or I don't know."
            return "Not answered yet."
        return ""

    def _show_status(self, text: str) -> None:
        self.query_one("#item-status", Static).update(text)

    def _missing_environments(self) -> list[str]:
        if not self.item.per_environment:
            return []
        fields = {f.id: f for f in self.fields()}
        return [
            self.environments.get(env, env)
            for env in ENVIRONMENTS
            if fields[f"field-{env}"].draft is None
        ]

    def draft(self) -> Draft | None:
        """What is typed but is not an answer: a half-answered per-environment item, or text
        that is not a number or a date. None when the form is an answer, or blank."""
        if self.build() is not _INCOMPLETE:
            return None
        typed = {
            (f.id or "").removeprefix("field-"): f.draft
            for f in self.fields()
            if f.draft is not None
        }
        return typed or None

    def commit_draft(self) -> tuple[bool, Draft | None]:
        """(True, draft) when the draft differs from what was last reported."""
        draft = self.draft()
        if draft == self._last_draft:
            return False, None
        self._last_draft = draft
        return True, draft

    @property
    def incomplete(self) -> str:
        """Why leaving now leaves this item unfinished ("" when it is an answer or blank)."""
        built = self.build()
        return self._status_for(built) if built is _INCOMPLETE else ""

    def invalid_field(self) -> AnswerField | None:
        return next((f for f in self.fields() if f.invalid), None)

    def commit(self) -> tuple[bool, Answer | None]:
        """Read the form now. (True, answer) when it differs from what was last reported.

        The session calls this before it leaves an item, so a keystroke whose Changed message
        is still in flight is never lost."""
        built = self.build()
        if self.is_mounted:
            self._show_status(self._status_for(built))
        if built is _INCOMPLETE:
            return False, None
        answer: Answer | None = built  # type: ignore[assignment]
        sig = signature(answer)
        if sig == self._last:
            return False, None
        self._last = sig
        self.answer = answer
        return True, answer

    def _emit(self) -> None:
        changed, answer = self.commit()
        if changed:
            self.post_message(AnswerChanged(self.item_id, answer))
        draft_changed, draft = self.commit_draft()
        if draft_changed:
            self.post_message(DraftChanged(self.item_id, draft))

    @on(AnswerField.Changed)
    def _value_changed(self, event: AnswerField.Changed) -> None:
        event.stop()
        if self._value() not in (None, _INCOMPLETE):
            # Choosing a value means they know and it applies; Checkbox.Changed re-emits.
            boxes = [self.query_one(f"#{b}", Checkbox) for b in ("dont-know", "not-applicable")]
            if any(box.value for box in boxes):
                for box in boxes:
                    box.value = False
                return
        self._emit()

    @on(Checkbox.Changed, "#dont-know")
    def _dont_know(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.set_class(event.value, "-dont-know")
        if event.value:
            self.query_one("#not-applicable", Checkbox).value = False
        self._emit()

    @on(Checkbox.Changed, "#not-applicable")
    def _not_applicable(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._show_not_applicable(event.value)
        if event.value:
            self.query_one("#dont-know", Checkbox).value = False
            reason = self.query_one("#na-reason", Input)
            if not reason.value.strip() and self.has_focus_within:
                # The reason is required: ask for it at once, and scroll it into view once it
                # has been laid out (on a small terminal it is below the fold).
                reason.focus(scroll_visible=False)
                self.call_after_refresh(self._reveal_reason)
        self._emit()

    def _reveal_reason(self) -> None:
        status = self.query_one("#item-status", Static)
        status.scroll_visible(animate=False)  # the reason and the hint below it
        self.query_one("#na-reason", Input).scroll_visible(animate=False)

    def _show_not_applicable(self, on: bool) -> None:
        self.set_class(on, "-not-applicable")
        self.query_one("#na-reason", Input).display = on

    @on(Input.Changed, "#na-reason")
    def _reason(self, event: Input.Changed) -> None:
        event.stop()
        self._emit()

    @on(Select.Changed, "#confidence")
    def _confidence(self, event: Select.Changed) -> None:
        event.stop()
        self._emit()

    @on(Input.Changed, "#note")
    def _note(self, event: Input.Changed) -> None:
        event.stop()
        self._emit()

    # ------------------------------------------------------------------ commands

    def toggle_dont_know(self) -> None:
        box = self.query_one("#dont-know", Checkbox)
        box.value = not box.value

    def toggle_not_applicable(self) -> None:
        box = self.query_one("#not-applicable", Checkbox)
        box.value = not box.value

    def focus_answer(self) -> None:
        fields = self.fields()
        if fields:
            fields[0].focus_input()
