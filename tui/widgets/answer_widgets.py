"""One widget per answer type. Each edits one value (one environment's, for per-environment
items) and exposes it as `value`: None while it is empty, incomplete or invalid, and as `draft`:
what is typed so far, as typed (kept for half-answered per-environment items)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static, TextArea

from stagegap.questionnaires.answers import Scalar
from stagegap.questionnaires.model import AnswerType, Item
from stagegap.tui.widgets.marks import MarkedRadioButton, MarkedSelectionList


class AnswerField(Vertical):
    """Base: posts AnswerField.Changed whenever the value may have changed."""

    DEFAULT_CSS = "AnswerField { height: auto; }"

    class Changed(Message):
        def __init__(self, field: AnswerField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> AnswerField:
            return self.field

    def __init__(
        self,
        item: Item,
        value: Any = None,
        *,
        draft: Any = None,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id, classes="answer-field")
        self.item = item
        self.initial = value if value is not None else self._from_draft(draft)
        self.initial_draft = draft
        self.error = ""

    def _from_draft(self, draft: Any) -> Any:
        """The initial value a saved draft stands for (input fields keep its text instead)."""
        return draft

    @property
    def value(self) -> Scalar | None:
        raise NotImplementedError

    @property
    def invalid(self) -> bool:
        """Something is typed that is not a value (reading `value` sets `error`)."""
        return self.value is None and bool(self.error)

    def show_error(self, text: str) -> None:
        """Only typed fields can hold what is not a value."""

    @property
    def draft(self) -> Any:
        """What is typed so far, JSON-able, or None when the field is empty."""
        value = self.value
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def focus_input(self) -> None:
        """Focus the first input now (not on the next idle), so a key typed right after
        moving to this item lands here. No scroll-into-view: the session scrolls its pane to
        the top itself, and an animated scroll queued for later made screenshots racy."""
        for widget in self.query("*"):
            if widget.focusable:
                self.screen.set_focus(widget, scroll_visible=False)
                return

    def _changed(self) -> None:
        self.post_message(self.Changed(self))


class ChoiceField(AnswerField):
    """Single choice, ordinal scale (numbered, in order) and yes/no: a radio set."""

    def _choices(self) -> list[tuple[Any, str]]:
        if self.item.type is AnswerType.YES_NO:
            return [(True, "Yes"), (False, "No")]
        if self.item.type is AnswerType.ORDINAL:
            return [(o.id, f"{n}. {o.label}") for n, o in enumerate(self.item.options, 1)]
        return [(o.id, o.label) for o in self.item.options]

    def compose(self) -> ComposeResult:
        self._values = [v for v, _ in self._choices()]
        classes = "ordinal" if self.item.type is AnswerType.ORDINAL else ""
        with RadioSet(classes=classes):
            for value, label in self._choices():
                yield MarkedRadioButton(
                    label, value=(value == self.initial and self.initial is not None)
                )

    @property
    def value(self) -> Scalar | None:
        index = self.query_one(RadioSet).pressed_index
        return None if index < 0 else self._values[index]

    def _index_for_key(self, character: str) -> int | None:
        """1-9 picks a numbered step of an ordinal scale; y and n answer a yes/no item."""
        if self.item.type is AnswerType.YES_NO:
            return {"y": 0, "n": 1}.get(character.lower())
        if self.item.type is AnswerType.ORDINAL and character.isdigit():
            index = int(character) - 1
            return index if 0 <= index < len(self._values) else None
        return None

    def on_key(self, event: Key) -> None:
        index = self._index_for_key(event.character or "")
        if index is None:
            return
        event.stop()
        event.prevent_default()
        radio_set = self.query_one(RadioSet)
        list(radio_set.query(RadioButton))[index].value = True
        radio_set._selected = index  # the keyboard cursor goes where the choice is

    @on(RadioSet.Changed)
    def _pressed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._changed()


class MultiField(AnswerField):
    """Multiple choice: a selection list; an exclusive option ("none of these") clears others."""

    def compose(self) -> ComposeResult:
        chosen = set(self.initial or [])
        self._previous = set(chosen)
        yield MarkedSelectionList(*[(o.label, o.id, o.id in chosen) for o in self.item.options])

    @property
    def value(self) -> Scalar | None:
        selected = sorted(self.query_one(SelectionList).selected)
        return selected or None

    @on(SelectionList.SelectionHighlighted)
    def _keep_in_view(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        """The list keeps its highlighted option within its own rows; the page around it must
        show those rows too, or on a short terminal the cursor moves off screen."""
        event.stop()
        self.call_after_refresh(self._reveal_list)

    def _reveal_list(self) -> None:
        if self.is_attached and self.display:
            self.query_one(SelectionList).scroll_visible(animate=False, immediate=True)

    @on(SelectionList.SelectedChanged)
    def _selected(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        selection = event.selection_list
        now = set(selection.selected)
        added = now - self._previous
        exclusive = {o.id for o in self.item.options if o.exclusive}
        if added & exclusive:
            keep = next(iter(added & exclusive))
            for option_id in now - {keep}:
                selection.deselect(option_id)
            now = {keep}
        elif added and now & exclusive:
            for option_id in now & exclusive:
                selection.deselect(option_id)
            now -= exclusive
        self._previous = now
        self._changed()


class _InputField(AnswerField):
    placeholder = ""

    def _from_draft(self, draft: Any) -> Any:
        return None  # the draft is text as typed, shown as it is

    def _initial_text(self) -> str:
        return "" if self.initial is None else str(self.initial)

    def compose(self) -> ComposeResult:
        text = self.initial_draft if isinstance(self.initial_draft, str) else None
        with Horizontal(classes="input-row"):
            # Typing adds to an answer given before; it never silently replaces it.
            yield Input(
                self._initial_text() if text is None else text,
                placeholder=self.placeholder,
                select_on_focus=False,
            )
            if self.item.unit:
                yield Label(self.item.unit, classes="unit")
        yield Static("", classes="field-error")

    @property
    def text(self) -> str:
        return self.query_one(Input).value.strip()

    @property
    def draft(self) -> Any:
        return self.text or None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.value is not None or not self.text:  # fixed: the message goes at once
            self.show_error("")
        self._changed()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        """Validate on leaving: say what is wrong under the field and keep the focus there."""
        event.stop()
        if self.value is not None or not self.error:
            return
        self.show_error(self.error)
        self.call_after_refresh(self._keep_focus)

    def _keep_focus(self) -> None:
        # Only within this item on the current screen: leaving the screen (help, hand over)
        # or the item (the session checks before it moves) is not stopped here.
        if self.is_attached and self.screen.is_current and self.display and self.error:
            self.query_one(Input).focus(scroll_visible=False)

    def show_error(self, text: str) -> None:
        label = self.query_one(".field-error", Static)
        label.update(f"Expected {text}." if text else "")
        label.display = bool(text)


class NumberField(_InputField):
    @property
    def placeholder(self) -> str:  # type: ignore[override]
        return f"a number, in {self.item.unit}"

    def _initial_text(self) -> str:
        if self.initial is None:
            return ""
        return f"{float(self.initial):g}"

    @property
    def value(self) -> Scalar | None:
        self.error = ""
        if not self.text:
            return None
        try:
            number = float(self.text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.error = f"a number in {self.item.unit}, not {self.text!r}"
            return None
        if number < 0:
            self.error = "a number of zero or more"
            return None
        return number


class DateField(_InputField):
    placeholder = "YYYY-MM-DD"

    @property
    def value(self) -> Scalar | None:
        self.error = ""
        if not self.text:
            return None
        try:
            return dt.date.fromisoformat(self.text)
        except ValueError:
            self.error = f"a real date as YYYY-MM-DD, not {self.text!r}"
            return None


class NamesField(_InputField):
    placeholder = "names, separated by commas ('none' if there are none)"

    def _initial_text(self) -> str:
        if self.initial is None:
            return ""
        return ", ".join(self.initial) if self.initial else "none"

    @property
    def value(self) -> Scalar | None:
        if not self.text:
            return None
        if self.text.lower() in ("none", "-"):
            return []
        return sorted({part.strip() for part in self.text.split(",") if part.strip()})


class TextField(AnswerField):
    def compose(self) -> ComposeResult:
        yield TextArea(self.initial or "", soft_wrap=True, show_line_numbers=False)

    @property
    def value(self) -> Scalar | None:
        text = self.query_one(TextArea).text.strip()
        return text or None

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed()


FIELDS: dict[AnswerType, type[AnswerField]] = {
    AnswerType.SINGLE: ChoiceField,
    AnswerType.ORDINAL: ChoiceField,
    AnswerType.YES_NO: ChoiceField,
    AnswerType.MULTI: MultiField,
    AnswerType.NUMBER: NumberField,
    AnswerType.DATE: DateField,
    AnswerType.NAMES: NamesField,
    AnswerType.TEXT: TextField,
}


def field_for(
    item: Item,
    value: Any = None,
    *,
    draft: Any = None,
    id: str | None = None,  # noqa: A002
) -> AnswerField:
    return FIELDS[item.type](item, value, draft=draft, id=id)
