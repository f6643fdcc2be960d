"""The severity palette: one colour per severity word, for every renderer of every package.

A probe finding printed by `stagegap probe`, a score in `stagegap reconcile` and the app, and a
register entry in the PDF show the same hue for the same word ("low" was cyan in the terminal
and green in the report). It lives here, beside the severity words themselves (response.py's
SEVERITY_ORDER), because both the probe and the reports may import questionnaires and neither
may import the other. Plain data: no terminal library is imported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeverityColour:
    """One severity's colour: `hex` for HTML/PDF/SVG, `rich` a Rich style for terminals."""

    hex: str
    rich: str


SEVERITY_COLOURS: dict[str, SeverityColour] = {
    "critical": SeverityColour("#8e1b16", "bold white on red"),
    "high": SeverityColour("#c62828", "bold red"),
    "medium": SeverityColour("#e08e0b", "yellow"),
    "low": SeverityColour("#2e7d4f", "green"),
    "info": SeverityColour("#6b7280", "dim"),
}
SEVERITY_RICH: dict[str, str] = {name: c.rich for name, c in SEVERITY_COLOURS.items()}
SEVERITY_HEX: dict[str, str] = {name: c.hex for name, c in SEVERITY_COLOURS.items()}
