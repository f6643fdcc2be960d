"""The one way report templates are loaded: package templates, strict about undefined names.

HTML and Markdown differ only in escaping and in their own filters; numbers, money, days and
dates are formatted alike in both (FORMATS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stagegap.reports.render import fmt

# How every report formats its figures, whatever its markup.
FORMATS: dict[str, Callable[..., Any]] = {
    "money": fmt.money,
    "days": fmt.days,
    "number": fmt.number,
    "date": fmt.date,
    "months": fmt.months,
}


def template_environment(*, html: bool, filters: dict[str, Callable[..., Any]]) -> Environment:
    env = Environment(
        loader=PackageLoader("stagegap.reports", "templates"),
        autoescape=(
            select_autoescape(["html", "j2"], default_for_string=True, default=True)
            if html
            else False  # Markdown: HTML escaping would litter a wiki page with &amp;
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FORMATS)
    env.filters.update(filters)
    return env
