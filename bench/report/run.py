"""How long does the PDF of a large audit take, compared with WeasyPrint's own floor?

A custom questionnaire of 100 items (ten dimensions of ten) and a probe inventory of 500
environment variables is answered, reconciled and rendered to PDF. In the same run, WeasyPrint
renders a plain HTML page of the same size (the same text, no report styling), so the ratio
says what the report's layout costs on top of WeasyPrint itself, independently of the machine.

    python bench/report/run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from stagegap.questionnaires.answers import Answer, Confidence, Evidence  # noqa: E402
from stagegap.questionnaires.model import Role  # noqa: E402
from stagegap.questionnaires.response import EnvVarCell, EnvVarRow, ProbeFinding, ProbeRecord  # noqa: E402
from stagegap.questionnaires.workspace import Workspace  # noqa: E402
from stagegap.reports.audit import load_audit  # noqa: E402
from stagegap.reports.build import build_report  # noqa: E402
from stagegap.reports.render.html import render_html  # noqa: E402
from stagegap.reports.render.pdf import write_pdf  # noqa: E402

TODAY = dt.date(2026, 11, 26)
DIMENSIONS, ITEMS, VARIABLES = 10, 10, 500


def questionnaire_yaml() -> str:
    lines = ["id: bench-large", 'version: "1.0"', "title: Large benchmark audit", "dimensions:"]
    for d in range(DIMENSIONS):
        lines += [
            f"  - id: dim-{d}",
            f"    title: Benchmark dimension {d}",
            "    question: How far apart are staging and production on this dimension?",
            "    why: Differences here have caused incidents elsewhere.",
            "    items:",
        ]
        for i in range(ITEMS):
            lines += [
                f"      - id: item-{i}",
                f"        prompt: Benchmark question {i} of dimension {d}?",
                "        type: single_choice",
                "        options:",
                "          - {id: same, label: Same in both environments, risk: 0.0}",
                "          - {id: close, label: Close but not identical, risk: 0.4}",
                "          - {id: apart, label: Far apart, risk: 0.9}",
                "        impact: 4",
                (
                    "        probe: {rule: bench}"
                    if i % 3
                    else "        probe: {not_observable: Lives in people's heads.}"
                ),
                "        remedies:",
                "          eliminate: {action: Make them the same., effort_days: 3, "
                "risk_reduction: 0.8}",
                "          accept: {action: Document and add controls., effort_days: 1, "
                "risk_reduction: 0.3, controls: [Canary deploys]}",
            ]
    return "\n".join(lines) + "\n"


def build_audit(root: Path) -> object:
    qfile = root / "bench-questionnaire.yaml"
    qfile.write_text(questionnaire_yaml())
    ws = Workspace.create(root / "ws", "Benchmark Ltd", questionnaire_file=qfile)
    rng = random.Random(7)
    choices = ["same", "close", "apart"]
    for role in (Role.CTO, Role.ENGINEER):
        answers = {
            item_id: Answer(
                value=rng.choice(choices),
                confidence=rng.choice(list(Confidence)),
                note="A note that explains the answer in a sentence or two."
                if rng.random() < 0.4
                else "",
            )
            for item_id in ws.questionnaire.item_ids()
        }
        ws.import_answers(role, answers, f"{role.label} of Benchmark")
        ws.seal(role)
    probe_answers = {
        item_id: Answer(
            value=rng.choice(choices),
            evidence=[Evidence(path=f"deploy/values-{n}.yaml", line=n * 3 + 1) for n in range(2)],
        )
        for (d, i), item_id in zip(
            ws.questionnaire.items(), ws.questionnaire.item_ids(), strict=True
        )
        if i.observable
    }
    rows = [
        EnvVarRow(
            name=f"SERVICE_{n // 50}_SETTING_{n}",
            service=f"svc-{n // 50}",
            secret=n % 9 == 0,
            cells={
                env: EnvVarCell(
                    scopes=["run"] if (n + k) % 4 else ["build", "run"],
                    sources=[Evidence(path=f".env.{env}", line=n + 1)],
                    fingerprint=f"fp:{n:06x}" if n % 9 == 0 else None,
                    kind="API key" if n % 9 == 0 else None,
                )
                for k, env in enumerate(("staging", "production"))
                if (n + k) % 7
            },
        )
        for n in range(VARIABLES)
    ]
    findings = [
        ProbeFinding(
            id=f"f{n}",
            dimension=f"dim-{n % DIMENSIONS}",
            severity="medium",
            summary=f"Finding {n} about a difference.",
        )
        for n in range(40)
    ]
    record = ProbeRecord(
        root="bench-repo",
        ran_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        findings=findings,
        env_vars=rows,
    )
    ws.record_probe(probe_answers, record)
    return load_audit(ws, today=TODAY)


def plain_html(report_html: str) -> str:
    """The report's text as unstyled paragraphs: the same amount of text, no layout work."""
    import re

    body = report_html.split("<body>", 1)[1]
    text = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    return (
        "<!DOCTYPE html><html><body>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</body></html>"
    )


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        audit = build_audit(tmp)
        setup = time.perf_counter() - start
        report_times, plain_times = [], []
        html_doc = ""
        pages = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            report = build_report(audit, generated_on=TODAY)  # type: ignore[arg-type]
            html_doc = render_html(report, for_print=True)
            model_html = time.perf_counter() - t0
            t1 = time.perf_counter()
            write_pdf(html_doc, tmp / "report.pdf")
            report_times.append(model_html + time.perf_counter() - t1)
            plain = plain_html(html_doc)
            plain_times.append(timed(lambda: write_pdf(plain, tmp / "plain.pdf")))  # noqa: B023
        import pypdf

        pages = len(pypdf.PdfReader(tmp / "report.pdf").pages)
        plain_pages = len(pypdf.PdfReader(tmp / "plain.pdf").pages)
        report_s = statistics.median(report_times)
        plain_s = statistics.median(plain_times)
        print(
            f"audit: {DIMENSIONS * ITEMS} items, {VARIABLES} environment variables "
            f"(setup {setup:.2f} s)"
        )
        print(f"report PDF : {report_s:6.2f} s  {pages:4d} pages  (model + HTML + WeasyPrint)")
        print(f"plain PDF  : {plain_s:6.2f} s  {plain_pages:4d} pages  (same text, no styling)")
        print(f"ratio      : {report_s / plain_s:6.2f} x")


if __name__ == "__main__":
    main()
