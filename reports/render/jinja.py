"""The one way report templates are loaded: package templates, strict about undefined names.

HTML and Markdown differ only in escaping and in their filters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


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
    env.filters.update(filters)
    return env
