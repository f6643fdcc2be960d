"""One item after reconciliation: the three answers side by side, notes, evidence, findings,
the score's derivation and the decision. Everything shown comes from reports.reconcile."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from stagegap.questionnaires.answers import Answer, describe
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Decision
from stagegap.reports.palette import SEVERITY_RICH, SWATCHES
from stagegap.reports.reconcile import ItemResult


def class_label(result: ItemResult, width: int | None = None) -> Text:
    """The class's glyph and name; cut to `width` with an ellipsis (a table cell cuts bare)."""
    swatch = SWATCHES[result.divergence]
    label = result.divergence.label
    if result.classification.dont_know:
        label += " (" + ", ".join(r.label for r in sorted(result.classification.dont_know)) + ")"
    if result.suppressed:
        label += " [declared]"
    text = Text(f"{swatch.glyph} {label}", style=swatch.rich)
    if width is not None:
        text.truncate(width, overflow="ellipsis")
    return text


def days(count: float) -> str:
    """'1 day', '0.5 days', '3 days'."""
    return f"{count:g} day" if count == 1 else f"{count:g} days"


def describe_decision(decision: Decision) -> Text:
    text = Text(decision.kind.label, style="bold")
    parts = []
    if decision.owner:
        parts.append(f"owner {decision.owner}")
    if decision.due:
        parts.append(f"due {decision.due.isoformat()}")
    if decision.effort_days is not None:
        parts.append(days(decision.effort_days))
    if decision.expires:
        parts.append(f"expires {decision.expires.isoformat()}")
    parts.append(decision.status.value.replace("_", " "))
    text.append("  " + ", ".join(parts), style="dim")
    if decision.controls:
        text.append("\ncontrols: " + "; ".join(decision.controls))
    if decision.reason:
        text.append(f"\nwhy: {decision.reason}")
    if decision.note:
        text.append(f"\nnote: {decision.note}")
    return text


def _answer_column(result: ItemResult, role: Role) -> Text:
    answer: Answer | None = result.answers.get(role)
    text = Text()
    if role is Role.PROBE and not result.item.observable:
        text.append("not observable from configuration", style="italic dim")
        if result.item.probe.not_observable:
            text.append(f"\n{result.item.probe.not_observable}", style="dim")
        return text
    implicated = result.flagged and result.divergence.implicates(
        role, result.classification.dont_know
    )
    style = SWATCHES[result.divergence].rich if implicated else ""
    text.append(describe(result.item, answer), style=f"bold {style}".strip())
    if answer is None:
        return text
    if answer.confidence:
        text.append(f"\n{answer.confidence.value} confidence", style="dim")
    if answer.note:
        text.append(f"\n“{answer.note}”", style="italic")
    original = result.originals.get(role)
    if original is not None:
        text.append(f"\nsealed first: {describe(result.item, original)}", style="dim")
    for evidence in answer.evidence[:6]:
        where = f"{evidence.path}:{evidence.line}" if evidence.line else evidence.path
        text.append(f"\n· {where}", style="cyan")
        if evidence.excerpt:
            text.append(f"\n  {evidence.excerpt}", style="dim")
    if len(answer.evidence) > 6:
        text.append(f"\n· and {len(answer.evidence) - 6} more", style="dim")
    return text


def detail_renderable(
    result: ItemResult, environments: dict[str, str] | None = None
) -> RenderableType:
    head = Text()
    head.append(f"{result.dimension.title}: ", style="dim")
    head.append(result.item.prompt, style="bold")
    head.append("\n")
    head.append_text(class_label(result))
    head.append(f"  {result.divergence.meaning}", style="dim")
    if result.flagged:
        sev = result.score.severity
        head.append(f"\nScore {result.score.value:.1f} of 25, ", style="")
        head.append(sev, style=SEVERITY_RICH.get(sev, ""))

    answers = Table(box=None, expand=True, pad_edge=False, padding=(0, 2, 0, 0))
    for role in Role:
        answers.add_column(role.label, ratio=1, header_style="bold underline")
    answers.add_row(*[_answer_column(result, role) for role in Role])

    parts: list[RenderableType] = [head, Text(""), answers]
    if result.findings:
        findings = Text("\nProbe findings\n", style="bold")
        for finding in result.findings:
            findings.append(f"{finding.severity:>8} ", style=SEVERITY_RICH.get(finding.severity))
            findings.append(finding.summary + "\n")
            for evidence in finding.evidence[:4]:
                where = f"{evidence.path}:{evidence.line}" if evidence.line else evidence.path
                findings.append(f"         · {where}\n", style="cyan")
        parts.append(findings)
    decision = Text("\nDecision\n", style="bold")
    if result.decision is not None:
        decision.append_text(describe_decision(result.decision))
    elif result.flagged:
        suggestion = result.suggestion
        decision.append("none yet. ", style="italic")
        decision.append(f"Suggested: {suggestion.kind.label}", style="dim")
        if suggestion.remedy:
            decision.append(
                f" ({suggestion.remedy.action}, {days(suggestion.effort_days)})", style="dim"
            )
    else:
        decision.append("nothing to decide: aligned.", style="dim")
    parts.append(decision)
    if result.flagged:
        why = Text("\nHow the score is derived\n", style="bold")
        for line in result.score.derivation():
            why.append(f"· {line}\n", style="dim")
        parts.append(why)
    return Group(*parts)


class ItemDetail(Static):
    """The detail of one reconciled item (empty until `show`)."""

    def show(self, result: ItemResult | None) -> None:
        if result is None:
            self.update(Text("Select an item on the map.", style="dim"))
        else:
            self.update(detail_renderable(result))
