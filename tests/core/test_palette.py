"""One severity palette: the probe's terminal output, the reconcile table, the app and the PDF
show a severity word in the same colour."""

from __future__ import annotations

from stagegap.probe.output import SEVERITY_STYLE
from stagegap.questionnaires.response import SEVERITY_ORDER
from stagegap.questionnaires.severity import SEVERITY_COLOURS
from stagegap.reports.palette import SEVERITY_HEX, SEVERITY_RICH
from stagegap.reports.reconcile.scoring import Severity


def test_every_severity_word_has_one_colour_everywhere() -> None:
    assert set(SEVERITY_COLOURS) == set(SEVERITY_ORDER)
    assert {s.value for s in Severity} <= set(SEVERITY_COLOURS)
    assert SEVERITY_STYLE == SEVERITY_RICH  # the probe's terminal colours are the reports'
    assert SEVERITY_RICH["low"] == "green" and SEVERITY_HEX["low"] == "#2e7d4f"
