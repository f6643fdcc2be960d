"""The three-way divergence map: dimensions and their items down, respondents across, each cell
coloured by the item's class where that respondent's picture is the one that differs."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from stagegap.questionnaires.answers import describe
from stagegap.questionnaires.model import Role
from stagegap.reports.palette import SEVERITY_RICH, SWATCHES
from stagegap.reports.reconcile import DimensionResult, ItemResult, Reconciliation
from stagegap.tui.widgets.item_detail import class_label

DIMENSION_PREFIX = "dim:"
DECIDED_MARK = "✓ "


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class DivergenceGrid(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.reconciliation: Reconciliation | None = None

    def show(self, reconciliation: Reconciliation, *, width: int) -> None:
        """Fill the grid for a screen `width` columns wide (80 and up)."""
        self.reconciliation = reconciliation
        keep = self.current_key()
        self.clear(columns=True)
        available = max(width, 80) - 2  # the scrollbar
        class_w = 26 if available >= 110 else 11
        rest = available - 2 * 6 - 5 - class_w  # six columns, one cell of padding each side
        cell_w = max(8, int(rest * 0.2))
        item_w = rest - 3 * cell_w
        self.add_column("Dimension / item", width=item_w, key="item")
        for role in Role:
            self.add_column(role.label, width=cell_w, key=role.value)
        self.add_column("Class", width=class_w, key="class")
        self.add_column("Score", width=5, key="score")
        for dim in reconciliation.dimensions:
            self.add_row(
                *self._dimension_cells(dim, item_w, cell_w), key=DIMENSION_PREFIX + dim.dimension.id
            )
            for result in dim.items:
                self.add_row(*self._item_cells(result, item_w, cell_w, class_w), key=result.id)
        if keep:
            self.move_to(keep)

    def _dimension_cells(self, dim: DimensionResult, item_w: int, cell_w: int) -> list[Text]:
        cells = [Text(_short(dim.dimension.title, item_w), style="bold")]
        for role in Role:
            cell = dim.cells[role]
            swatch = SWATCHES[cell.worst]
            if cell.implicated:
                cells.append(
                    Text(
                        _short(f"{swatch.glyph} {cell.implicated} of {cell.total}", cell_w),
                        style=f"bold {swatch.rich}",
                    )
                )
            else:
                cells.append(Text(f"{cell.answered}/{cell.total}", style="dim"))
        flagged = sum(1 for r in dim.items if r.flagged)
        worst = SWATCHES[dim.worst]
        cells.append(Text(f"{flagged} flagged", style=worst.rich if flagged else "dim"))
        cells.append(Text(f"{dim.score:.0f}" if flagged else "", style="bold"))
        return cells

    def _item_cells(self, result: ItemResult, item_w: int, cell_w: int, class_w: int) -> list[Text]:
        # A decided item says so on its row: a mark that reads without colour.
        mark = DECIDED_MARK if result.decision is not None else "  "
        cells = [Text(mark + _short(result.item.prompt, item_w - 2))]
        swatch = SWATCHES[result.divergence]
        for role in Role:
            answer = result.answers.get(role)
            if role is Role.PROBE and not result.item.observable:
                cells.append(Text("n/o", style="dim italic"))
                continue
            shown = _short(describe(result.item, answer), cell_w)
            implicated = result.flagged and result.divergence.implicates(
                role, result.classification.dont_know
            )
            if answer is None or answer.dont_know:
                style = f"italic {swatch.rich}" if implicated else "dim italic"
            else:
                style = f"bold {swatch.rich}" if implicated else ""
            cells.append(Text(shown, style=style))
        cells.append(class_label(result, class_w))
        score = Text(
            f"{result.score.value:.1f}" if result.flagged else "",
            style=SEVERITY_RICH.get(result.score.severity, ""),
        )
        cells.append(score)
        return cells

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or cleared table has no cursor row
            return None
        return key.value

    def move_to(self, key: str) -> None:
        try:
            self.move_cursor(row=self.get_row_index(key), animate=False)
        except Exception:  # noqa: BLE001 - the row may be gone after a reload
            pass

    def current_result(self) -> ItemResult | None:
        key = self.current_key()
        if self.reconciliation is None or key is None or key.startswith(DIMENSION_PREFIX):
            return None
        return self.reconciliation.result(key)
