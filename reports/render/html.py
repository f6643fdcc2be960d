"""The report model as HTML: one Jinja environment, templates under reports/templates.

The same HTML is the standalone HTML export and the input WeasyPrint lays out as the PDF, so
the two cannot drift apart. Rendering is deterministic: every date comes from the model, and
the model is built from the audit with a date passed in.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from typing import Literal

from jinja2 import Environment
from markupsafe import Markup

from stagegap.reports.model import ROLES, ClassInfo, Report
from stagegap.reports.palette import SEVERITY_HEX
from stagegap.reports.render import charts
from stagegap.reports.render.jinja import template_environment

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}


def tint(hex_colour: str, amount: float = 0.84) -> str:
    """A colour mixed towards white: map cells stay readable with black text on them."""
    value = hex_colour.lstrip("#")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@cache
def environment() -> Environment:
    return template_environment(
        html=True,
        filters={"tint": tint},
    )


def stylesheet() -> str:
    return (resources.files("stagegap.reports") / "assets" / "report.css").read_text(
        encoding="utf-8"
    )


_FONT_URL = re.compile(r'url\("fonts/([A-Za-z0-9-]+\.otf)"\)')


@cache
def embedded_fonts() -> str:
    """fonts.css with each bundled font inlined as a data URI: the standalone HTML looks like
    the PDF on any machine and still loads nothing from outside itself."""
    assets = resources.files("stagegap.reports") / "assets"

    def inline(match: re.Match[str]) -> str:
        data = (assets / "fonts" / match.group(1)).read_bytes()
        return f'url("data:font/otf;base64,{base64.b64encode(data).decode("ascii")}")'

    return _FONT_URL.sub(inline, (assets / "fonts.css").read_text(encoding="utf-8"))


def render_html(
    report: Report, *, paper: str = "a4", for_print: bool = False, embed_fonts: bool = True
) -> str:
    """The whole report as one HTML document with its print CSS inlined.

    The PDF (`for_print`) gets its fonts from a separate stylesheet through the offline
    fetcher; the standalone HTML carries the same fonts inline (`embed_fonts`; the snapshot
    test leaves the 200 kB of base64 out).
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    classes: dict[str, ClassInfo] = {c.id: c for c in report.classes}
    template = environment().get_template("report.html.j2")
    return template.render(
        r=report,
        roles=[role.value for role in ROLES],
        role_labels={role.value: role.label for role in ROLES},
        classes=classes,
        css=Markup(stylesheet()),
        fonts=Markup(embedded_fonts() if embed_fonts and not for_print else ""),
        page_size=PAPER_SIZES[paper],
        for_print=for_print,
        charts={
            "gap_scores": charts.gap_scores(report.map),
            "class_counts": charts.class_counts(report),
            "risk_matrix": charts.risk_matrix(report.risk_register),
        },
        severity_hex=SEVERITY_HEX,
    )
