"""One item full screen: the three answers side by side, evidence, score and decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stagegap.reports.reconcile import ItemResult
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.item_detail import ItemDetail

if TYPE_CHECKING:
    from stagegap.tui.screens.workshop import WorkshopScreen


class ItemDetailScreen(Screen[None]):
    HELP_TITLE = "side by side"
    HELP_ORDER = 7
    BINDINGS = [
        Binding("d", "decide", "Decide", id="detail.decide"),
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
    ]

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        yield Static(" Side by side", classes="bar", id="detail-bar")
        with VerticalScroll(id="detail-scroll"):
            yield ItemDetail(id="full-detail")
        yield StableFooter()

    def _result(self) -> ItemResult | None:
        workshop = self._workshop()
        if workshop is None or workshop.audit is None:
            return None
        return workshop.audit.reconciliation.result(self.item_id)

    def _workshop(self) -> WorkshopScreen | None:
        from stagegap.tui.screens.workshop import WorkshopScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, WorkshopScreen):
                return screen
        return None

    def on_mount(self) -> None:
        self.query_one(ItemDetail).show(self._result())
        self.query_one("#detail-scroll").focus()

    def action_decide(self) -> None:
        result = self._result()
        workshop = self._workshop()
        if result is None or workshop is None:
            return
        self.app.pop_screen()
        workshop.decide(result)
