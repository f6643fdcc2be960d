"""The divergence map as a Rich table, for `stagegap reconcile` and CI logs.

Every text that comes from a file (titles, item ids, answers, names) goes through `inert`:
a terminal obeys escape sequences, and a questionnaire or an answer can carry them.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stagegap.questionnaires.answers import describe
from stagegap.questionnaires.inert import inert
from stagegap.questionnaires.model import Role
from stagegap.reports.palette import SEVERITY_RICH, SWATCHES
from stagegap.reports.reconcile import Divergence, ItemResult, Reconciliation


def divergence_table(reconciliation: Reconciliation, *, show_aligned: bool = True) -> Group:
    """One compact table per dimension, so a dimension's heading reads as a heading."""
    tables: list[RenderableType] = [Text("Three-way divergence map", style="bold")]
    for dimension in reconciliation.dimensions:
        rows = [
            r for r in dimension.items if show_aligned or r.divergence is not Divergence.ALIGNED
        ]
        flagged = sum(1 for r in dimension.items if r.flagged)
        title = Text(inert(dimension.dimension.title), style="bold")
        title.append(f"  {flagged} of {len(dimension.items)} flagged", style="dim")
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            header_style="bold dim",
            expand=True,
            padding=(0, 1),
        )
        table.add_column("Item", ratio=3, overflow="fold")
        for role in Role:
            table.add_column(role.label, ratio=3, overflow="fold")
        table.add_column("Class", ratio=3, overflow="fold")
        table.add_column("Score", justify="right", no_wrap=True, width=5)
        for result in rows:
            table.add_row(
                Text(_short_label(result.item.id)),
                *[_answer_cell(result, role) for role in Role],
                _class_cell(result),
                _score_cell(result),
            )
        if rows:
            tables.append(table)
    return Group(*tables)


def _short_label(item_id: str) -> str:
    return inert(item_id.replace("-", " ").capitalize())


def _class_cell(result: ItemResult) -> Text:
    label = result.divergence.label
    if result.divergence is Divergence.UNKNOWN:
        label += " (" + ", ".join(r.label for r in sorted(result.classification.dont_know)) + ")"
    if result.suppressed:
        label += " (declared)"
    return Text(label, style=SWATCHES[result.divergence].rich)


def _score_cell(result: ItemResult) -> Text:
    if not result.flagged:
        return Text("")
    return Text(f"{result.score.value:.1f}", style=SEVERITY_RICH.get(result.score.severity, ""))


def _answer_cell(result: ItemResult, role: Role) -> Text:
    answer = result.answers.get(role)
    if role is Role.PROBE and not result.item.observable:
        return Text("not observable", style="dim italic")
    text = Text(inert(describe(result.item, answer)))
    if answer is None or answer.dont_know:
        text.stylize("dim italic")
    elif result.divergence.implicates(role, result.classification.dont_know) and result.flagged:
        text.stylize("bold")
    return text


def class_counts(reconciliation: Reconciliation) -> Text:
    counts = reconciliation.counts
    line = Text()
    for divergence, count in counts.items():
        if count:
            line.append(f" {divergence.label}: {count} ", style=SWATCHES[divergence].rich)
    return line


def summary(reconciliation: Reconciliation) -> RenderableType:
    diverging = len(reconciliation.diverging_dimensions)
    total = len(reconciliation.dimensions)
    head = Text(
        f"{diverging} of {total} dimensions diverge; "
        f"{len(reconciliation.register)} items in the risk register.",
        style="bold",
    )
    return Group(head, class_counts(reconciliation))
