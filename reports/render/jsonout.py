"""The report as JSON: the pydantic model itself, so the schema cannot drift from the data."""

from __future__ import annotations

import json

from stagegap.reports.model import Report, report_json_schema


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_schema() -> str:
    return json.dumps(report_json_schema(), indent=2) + "\n"
