"""Choices whose state reads without colour: a chosen radio button or checkbox shows its mark,
an unchosen one shows none (Textual draws the same glyph for both and tells them apart only by
colour, which NO_COLOR, a monochrome terminal or colour blindness erase)."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

RADIO_MARK = "●"
CHECK_MARK = "X"
EMPTY = " "


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return RADIO_MARK if self.value else EMPTY


class MarkedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return CHECK_MARK if self.value else EMPTY


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose unselected options show an empty box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != CHECK_MARK:
            return strip
        selected = getattr(option, "value", None) in self.selected
        if selected:
            return strip
        segments[1] = Segment(EMPTY, segments[1].style)
        return Strip(segments, strip.cell_length)
