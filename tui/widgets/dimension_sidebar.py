"""The seven dimensions with the respondent's progress in each."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stagegap.questionnaires.model import Questionnaire
from stagegap.tui.progress import Progress


class DimensionSidebar(OptionList):
    def __init__(self, questionnaire: Questionnaire, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.questionnaire = questionnaire
        self.border_title = "Dimensions"

    _progress: dict[str, Progress] | None = None
    _current = ""

    def show(self, progress: dict[str, Progress], current: str) -> None:
        self._progress, self._current = progress, current
        self._render_options()

    def on_resize(self) -> None:
        if self._progress is not None:
            self._render_options()

    def _render_options(self) -> None:
        progress, current = self._progress or {}, self._current
        width = max(self.scrollable_content_region.width - 2, 16)
        highlighted = None
        options = []
        for n, dimension in enumerate(self.questionnaire.dimensions):
            p = progress[dimension.id]
            mark = "✓" if p.complete else ("•" if p.answered else "·")
            count = f"{p.answered}/{p.total}"
            room = width - len(count) - 3
            title = dimension.title
            if len(title) > room:
                title = title[: room - 1].rstrip() + "…"
            line = Text(f"{mark} ", style="green" if p.complete else "")
            line.append(title.ljust(room), style="bold" if dimension.id == current else "")
            line.append(" " + count, style="dim")
            options.append(Option(line, id=dimension.id))
            if dimension.id == current:
                highlighted = n
        self.clear_options()
        self.add_options(options)
        if highlighted is not None:
            self.highlighted = highlighted
