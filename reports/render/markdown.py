"""The report as Markdown, for a wiki: the same sections and sentences as the PDF, as text.

Rendered from templates/report.md.j2 like the HTML (render/jinja.py, without HTML escaping).
Text from answers, notes and configuration files is made inert on the way out: no raw ESC or
other control character reaches the file.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from stagegap.reports.model import AnswerView, InventoryCell, Report
from stagegap.reports.render.inert import inert
from stagegap.reports.render.jinja import template_environment


def cell(text: object) -> str:
    """One table cell: pipes escaped, line breaks folded into spaces."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip()


def answer(a: AnswerView) -> str:
    if a.status == "dont_know":
        text = "*I don't know*"
    elif a.status in ("not_answered", "not_observable"):
        text = f"*{a.text}*"
    else:
        text = a.text
    if a.implicated:
        text = f"**{text}**"
    if a.confidence:
        text += f" ({a.confidence})"
    return text


def inventory_cell(value: InventoryCell | None) -> str:
    if value is None:
        return "—"
    return " + ".join(value.scopes) + (f" ({value.kind})" if value.kind else "")


@cache
def environment() -> Environment:
    return template_environment(
        html=False,
        filters={
            "cell": cell,
            "answer": answer,
            "inventory_cell": inventory_cell,
        },
    )


def render_markdown(report: Report) -> str:
    text = environment().get_template("report.md.j2").render(r=report)
    lines = [line.rstrip() for line in inert(text).splitlines()]
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    return "\n".join(collapsed).strip() + "\n"
