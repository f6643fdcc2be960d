"""One colour (and one greyscale-safe pattern) per divergence class, for every renderer.

The map must read in a black-and-white printout too, so each class also has a pattern and a
glyph; colour is never the only carrier of meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from stagegap.reports.reconcile.classes import Divergence
from stagegap.reports.reconcile.scoring import Severity


@dataclass(frozen=True)
class Swatch:
    hex: str
    rich: str
    glyph: str
    pattern: str  # a CSS/SVG hint: solid, hatched, dotted, crossed, blank


SWATCHES: dict[Divergence, Swatch] = {
    Divergence.ALIGNED: Swatch("#2e7d4f", "green", "=", "solid-light"),
    Divergence.SHARED_BLIND_SPOT: Swatch("#b3261e", "bold red", "!!", "crossed"),
    Divergence.LEADERSHIP_BLIND_SPOT: Swatch("#d9730d", "dark_orange", "C", "hatched"),
    Divergence.TEAM_BLIND_SPOT: Swatch("#c9a000", "yellow", "E", "back-hatched"),
    Divergence.THREE_WAY_SPLIT: Swatch("#7b1fa2", "magenta", "3", "dotted"),
    Divergence.UNKNOWN: Swatch("#5f6b7a", "grey62", "?", "dashed"),
    Divergence.UNVERIFIED_AGREEMENT: Swatch("#4f7cac", "steel_blue", "~", "light"),
    Divergence.UNVERIFIED_DISAGREEMENT: Swatch("#1f4e79", "blue", "~!", "medium"),
    Divergence.NOT_ANSWERED: Swatch("#c4c8cc", "grey42", "-", "blank"),
}


@dataclass(frozen=True)
class SeverityColour:
    """One severity's colour in every renderer: the same hue in the terminal and the report."""

    hex: str
    rich: str


INFO = "info"
"""Probe findings also have an informational level below the risk severities."""

SEVERITY_COLOURS: dict[str, SeverityColour] = {
    Severity.CRITICAL: SeverityColour("#8e1b16", "bold white on red"),
    Severity.HIGH: SeverityColour("#c62828", "bold red"),
    Severity.MEDIUM: SeverityColour("#e08e0b", "yellow"),
    Severity.LOW: SeverityColour("#2e7d4f", "green"),
    INFO: SeverityColour("#6b7280", "dim"),
}
"""The one palette of severities; the two views below are what renderers import."""

SEVERITY_RICH: dict[str, str] = {name: c.rich for name, c in SEVERITY_COLOURS.items()}
SEVERITY_HEX: dict[str, str] = {name: c.hex for name, c in SEVERITY_COLOURS.items()}
