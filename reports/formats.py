"""The one registry of report formats: `stagegap report --format`, the export screen and the
export function all read REGISTRY, so a new format is one renderer plus one entry here.

Light on purpose (no renderer imported until used), so the CLI can build its choices at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stagegap.reports.model import Report


@dataclass(frozen=True)
class ReportFormat:
    id: str
    label: str
    """How the export screen names it."""
    renderer: str
    """'module:function' under stagegap.reports.render; imported only when used."""
    text: bool = True
    """Rendered to a string (False: the PDF, laid out from the HTML)."""
    takes_paper: bool = False
    """The renderer lays out for a paper size (its print CSS)."""

    def render(self, report: Report, paper: str) -> str:
        module, _, function = self.renderer.partition(":")
        render_text: Callable[..., str] = getattr(
            import_module(f"stagegap.reports.render.{module}"), function
        )
        if self.takes_paper:
            return render_text(report, paper=paper)
        return render_text(report)


REGISTRY: tuple[ReportFormat, ...] = (
    ReportFormat("pdf", "PDF", "html:render_html", text=False),
    ReportFormat("html", "HTML", "html:render_html", takes_paper=True),
    ReportFormat("md", "Markdown", "markdown:render_markdown"),
    ReportFormat("json", "JSON", "jsonout:render_json"),
    ReportFormat("csv", "CSV (risk register)", "csvout:render_csv"),
)
FORMATS: tuple[str, ...] = tuple(f.id for f in REGISTRY)
BY_ID: dict[str, ReportFormat] = {f.id: f for f in REGISTRY}
