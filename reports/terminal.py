"""The divergence map as a Rich table, for `stagegap reconcile` and CI logs."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from questionnaires.answers import describe
from questionnaires.model import Role
from reports.palette import SEVERITY_RICH, SWATCHES
from reports.reconcile import Divergence, ItemResult, Reconciliation


def divergence_table(reconciliation: Reconciliation, *, show_aligned: bool = True) -> Table:
    table = Table(
        title="Three-way divergence map",
        title_justify="left",
        show_lines=False,
        header_style="bold",
        expand=False,
    )
    table.add_column("Item", overflow="fold", max_width=34)
    for role in Role:
        table.add_column(role.label, overflow="fold", max_width=24)
    table.add_column("Class", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    for dimension in reconciliation.dimensions:
        table.add_section()
        flagged = sum(1 for r in dimension.items if r.flagged)
        heading = Text(f"{dimension.dimension.title}", style="bold underline")
        heading.append(f"  {flagged} of {len(dimension.items)} flagged", style="dim")
        table.add_row(heading, *[""] * (len(Role) + 2))
        for result in dimension.items:
            if not show_aligned and result.divergence is Divergence.ALIGNED:
                continue
            swatch = SWATCHES[result.divergence]
            label = result.divergence.label
            if result.divergence is Divergence.UNKNOWN:
                label += " (" + ", ".join(r.label for r in result.classification.dont_know) + ")"
            if result.suppressed:
                label += " [declared]"
            cells = [_answer_cell(result, role) for role in Role]
            severity = result.score.severity if result.flagged else ""
            score = Text(
                f"{result.score.value:.1f}" if result.flagged else "",
                style=SEVERITY_RICH.get(severity, ""),
            )
            table.add_row(
                Text(result.item.prompt, overflow="fold"),
                *cells,
                Text(label, style=swatch.rich),
                score,
            )
    return table


def _answer_cell(result: ItemResult, role: Role) -> Text:
    answer = result.answers.get(role)
    if role is Role.PROBE and not result.item.observable:
        return Text("not observable", style="dim italic")
    text = Text(describe(result.item, answer))
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
