"""Number and money wording shared by the model's sentences and every renderer.

One module, so "EUR 12,400" in the executive summary and in the plan table are the same
string, whichever format a reader opens.
"""

from __future__ import annotations

import datetime as dt


def money(amount: float, currency: str) -> str:
    """Whole currency units: a CFO reads 12,400, not 12,399.87."""
    return f"{currency} {amount:,.0f}"


def days(value: float) -> str:
    shown = f"{value:,.1f}".removesuffix(".0")
    return f"{shown} day" if shown == "1" else f"{shown} days"


def number(value: float, places: int = 1) -> str:
    return f"{value:,.{places}f}"


def months(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 1:
        return "under 1 month"
    return f"{value:,.0f} months" if value >= 1.5 else "1 month"


def date(value: dt.date | dt.datetime | None) -> str:
    """Unambiguous on both sides of the Atlantic: 26 Nov 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def spelled(n: int) -> str:
    """Small counts read better as words in running text."""
    words = "no one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if 0 <= n < len(words) else str(n)


_OPENERS = (("${{", "}}"), ("${", "}"), ("{{", "}}"))


def excerpt(text: str) -> str:
    """An evidence excerpt cut inside an expression (`stg-${{`) ends in an ellipsis, so a
    reader sees it was shortened rather than reading a broken line as the configuration."""
    for opener, closer in _OPENERS:
        if opener in text:
            if text.rfind(opener) > text.rfind(closer):
                return text + " \u2026"
            break
    return text
