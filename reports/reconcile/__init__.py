"""Reconciliation: three answers per item in, divergence map, risk register and plan out.

Pure functions over the questionnaire, the responses and the workshop's decisions; no I/O, so
the report, the app and the tests all see exactly the same numbers.
"""

from stagegap.reports.reconcile.build import reconcile
from stagegap.reports.reconcile.classes import Divergence
from stagegap.reports.reconcile.model import (
    DimensionResult,
    ItemResult,
    PlanStep,
    Reconciliation,
)

__all__ = [
    "DimensionResult",
    "Divergence",
    "ItemResult",
    "PlanStep",
    "Reconciliation",
    "reconcile",
]
