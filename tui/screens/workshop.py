"""The reconciliation workshop: the divergence map, the agenda and the plan; a decision for
every gap, saved to the workspace at once. Reconciliation runs off the UI thread."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stagegap.questionnaires.response import Decision
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.audit import Audit, load_audit
from stagegap.reports.palette import SEVERITY_RICH
from stagegap.reports.reconcile import ItemResult
from stagegap.tui.app import stagegap_app
from stagegap.tui.screens.decision import CLEAR, DecisionDialog
from stagegap.tui.widgets.divergence_grid import DivergenceGrid
from stagegap.tui.widgets.footer import StableFooter
from stagegap.tui.widgets.item_detail import ItemDetail, class_label, describe_decision

WIDE = 110


class WorkshopScreen(Screen[None]):
    HELP_TITLE = "workshop"
    HELP_ORDER = 6
    BINDINGS = [
        Binding("enter", "detail", "Side by side", id="workshop.detail", show=True),
        Binding(
            "d",
            "decide",
            "Decide",
            id="workshop.decide",
            tooltip="Record the decision for the selected item",
        ),
        Binding("m", "tab('map')", "Map", id="workshop.map", tooltip="The divergence map tab"),
        Binding("a", "tab('agenda')", "Agenda", id="workshop.agenda", tooltip="The agenda tab"),
        Binding("l", "tab('plan')", "Plan", id="workshop.plan", tooltip="The plan tab"),
        Binding("escape", "app.pop_screen", "Home", id="workshop.home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.audit: Audit | None = None

    @property
    def workspace(self) -> Workspace:
        return stagegap_app(self).ws

    def compose(self) -> ComposeResult:
        yield Static(id="workshop-bar", classes="bar")
        with TabbedContent(id="tabs", initial="map"):
            with TabPane("Map", id="map"):
                with Vertical(id="map-box"):
                    yield DivergenceGrid(id="grid")
                    with VerticalScroll(id="detail-box"):
                        yield ItemDetail(id="detail")
            with TabPane("Agenda", id="agenda"):
                yield DataTable(id="agenda-table", cursor_type="row")
            with TabPane("Plan", id="plan"):
                with Vertical():
                    yield Static(id="plan-summary")
                    yield DataTable(id="plan-table", cursor_type="row")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#workshop-bar", Static).update(" Reconciling…")
        self.reload()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="reconcile", exit_on_error=False)
    def reload(self) -> None:
        stagegap_app(self).saver.flush()
        audit = load_audit(self.workspace, today=stagegap_app(self).today)
        self.app.call_from_thread(self._show, audit)

    def _show(self, audit: Audit) -> None:
        self.audit = audit
        rec = audit.reconciliation
        grid = self.query_one(DivergenceGrid)
        first = grid.reconciliation is None
        grid.show(rec, width=self.size.width)
        if first:
            grid.focus()
        bar = Text.assemble(
            (" Workshop ", "bold reverse"),
            f"  {audit.manifest.organisation}   ",
            f"{len(rec.diverging_dimensions)} of {len(rec.dimensions)} dimensions diverge, "
            f"{len(rec.register)} flagged, "
            f"{sum(1 for r in rec.register if r.decision)} decided",
        )
        if audit.manifest.workshop_override is not None:
            bar.append("   opened before both sealed", style="italic")
        self.query_one("#workshop-bar", Static).update(bar)
        self._fill_agenda(rec.register)
        self._fill_plan(audit)
        self._show_detail()

    def _fill_agenda(self, register: list[ItemResult]) -> None:
        table = self.query_one("#agenda-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column("#", width=3)
        table.add_column("Gap", width=34 if self.size.width < WIDE else 54)
        table.add_column("Class", width=16 if self.size.width < WIDE else 26)
        table.add_column("Score", width=5)
        table.add_column("Decision", width=18 if self.size.width < WIDE else 30)
        for n, result in enumerate(register, 1):
            decided = (
                Text(result.decision.kind.label, style="green")
                if result.decision
                else Text("to decide", style="bold")
            )
            table.add_row(
                Text(str(n)),
                Text(
                    f"{result.dimension.title}: {result.item.prompt}",
                    overflow="ellipsis",
                    no_wrap=True,
                ),
                class_label(result, 16 if self.size.width < WIDE else 26),
                Text(
                    f"{result.score.value:.1f}", style=SEVERITY_RICH.get(result.score.severity, "")
                ),
                decided,
                key=result.id,
            )
        if register:
            table.move_cursor(row=min(keep, len(register) - 1), animate=False)

    def _fill_plan(self, audit: Audit) -> None:
        rec = audit.reconciliation
        costs = rec.costs
        table = self.query_one("#plan-table", DataTable)
        table.clear(columns=True)
        numbers = (("Days", 5), ("Cost", 9), ("Avoided/yr", 10), ("Payback", 8))
        # The action takes what the numbers leave (each column has a cell of padding a side).
        action_w = max(20, self.size.width - 2 - 3 - sum(w for _, w in numbers) - 2 * 6)
        for label, width in (("#", 3), ("Action", action_w), *numbers):
            table.add_column(label, width=width)
        for step in rec.plan:
            payback = step.payback_months
            table.add_row(
                Text(str(step.rank)),
                Text(f"{step.kind.label}: {step.action}", overflow="ellipsis", no_wrap=True),
                Text(f"{step.effort_days:g}"),
                Text(f"{step.cost:,.0f}"),
                Text(f"{step.annual_loss_avoided:,.0f}"),
                Text(f"{payback:.1f} mo" if payback is not None else "—"),
                key=step.result.id,
            )
        total_cost = sum(s.cost for s in rec.plan)
        avoided = sum(s.annual_loss_avoided for s in rec.plan)
        self.query_one("#plan-summary", Static).update(
            Text.assemble(
                ("Plan: ", "bold"),
                f"{len(rec.plan)} steps, {sum(s.effort_days for s in rec.plan):g} person-days, "
                f"{costs.currency} {total_cost:,.0f}; expected incident cost avoided "
                f"{costs.currency} {avoided:,.0f} a year.\n",
                (
                    f"From the workshop's parameters: {costs.day_rate:,.0f} {costs.currency}"
                    " a day, "
                    f"{costs.incidents_per_year:g} gap-caused incidents a year of "
                    f"{costs.hours_per_incident:g} h at {costs.incident_hour_cost:,.0f} "
                    f"{costs.currency}/h.",
                    "dim",
                ),
            )
        )

    # ------------------------------------------------------------------ selection

    def selected(self) -> ItemResult | None:
        if self.audit is None:
            return None
        active = self.query_one(TabbedContent).active
        if active == "map":
            return self.query_one(DivergenceGrid).current_result()
        table = self.query_one("#agenda-table" if active == "agenda" else "#plan-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.audit.reconciliation.result(key) if key else None

    @on(DataTable.RowHighlighted, "#grid")
    def _show_detail(self) -> None:
        self.query_one(ItemDetail).show(self.query_one(DivergenceGrid).current_result())

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_detail()

    def action_detail(self) -> None:
        result = self.selected()
        if result is None:
            return
        from stagegap.tui.screens.item_detail import ItemDetailScreen

        self.app.push_screen(ItemDetailScreen(result.id))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {"map": "#grid", "agenda": "#agenda-table", "plan": "#plan-table"}[tab]
        self.query_one(target).focus()

    def action_decide(self) -> None:
        result = self.selected()
        if result is None:
            self.notify("Select an item (not a dimension) first.")
            return
        self.decide(result)

    def decide(self, result: ItemResult) -> None:
        def record(decision: Decision | str | None) -> None:
            if decision is None:
                return
            ws, item_id = self.workspace, result.id
            value = None if decision == CLEAR else decision
            stagegap_app(self).save(
                f"decision:{item_id}",
                lambda: ws.set_decision(item_id, value),  # type: ignore[arg-type]
            )
            if isinstance(decision, Decision):
                self.notify(
                    describe_decision(decision).plain.splitlines()[0], title="Decision saved"
                )
            self.reload()

        self.app.push_screen(DecisionDialog(result), record)

    def on_resize(self) -> None:
        if self.audit is not None:
            self._show(self.audit)  # every table's widths follow the screen's

    def on_screen_resume(self) -> None:
        if self.audit is not None:
            self.reload()
