"""The report as a deliverable a CFO acts on, read back from the PDF itself.

Page 2 asks for a decision with its costs; findings are facts, not questions; no page is left
near-empty; every total is the sum of the rows it sums; a belief the configuration corrects in
the safe direction is not a risk.
"""

from __future__ import annotations

import re

import pypdf

from stagegap.reports.audit import Audit
from stagegap.reports.model import Report
from stagegap.reports.reconcile.rules import NEVER_ACCEPT
from stagegap.reports.render import fmt

MONEY = re.compile(r"EUR ([\d,]+)")
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 24 / 25.4 * 72, 22 / 25.4 * 72


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_page_two_is_the_recommendation_naming_actions_with_costs(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    _audit, report = demo
    page = _flat(pdf["pages"][1])  # type: ignore[index]
    rec = report.recommendation
    assert page.startswith("Recommendation") or "Recommendation" in page[:200]
    assert 3 <= len(rec.actions) <= 5
    assert rec.ask.startswith("Approve") and _flat(rec.ask)[:60] in page
    for action in rec.actions:
        assert " ".join(action.action.split()[:4]) in page, action.action
        assert fmt.money(action.one_off, "EUR") in page
        assert fmt.money(action.yearly, "EUR") in page
        assert action.owner
    assert "Assumptions" in page and report.costs.formula in page


def test_the_recommendation_totals_on_the_page_are_the_sums_of_its_rows(
    pdf: dict[str, object],
) -> None:
    layout: list[str] = pdf["layout"]  # type: ignore[assignment]
    rows, total = [], None
    for line in layout[1].splitlines():
        amounts = [int(m.replace(",", "")) for m in MONEY.findall(line)]
        if len(amounts) != 3:
            continue
        if "Total to approve now" in line:
            total = amounts
        else:
            rows.append(amounts)
    assert total is not None and len(rows) >= 3
    assert [sum(column) for column in zip(*rows, strict=True)] == total


def test_summary_and_plan_totals_equal_the_sums_of_their_rows(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    plan, totals = report.plan, report.plan_totals
    assert totals.cost == sum(p.cost for p in plan)
    assert totals.recurring_yearly == sum(p.recurring_yearly for p in plan)
    assert totals.annual_loss_avoided == sum(p.annual_loss_avoided for p in plan)
    assert sum(ph.cost for ph in totals.phases) == totals.cost
    assert sum(ph.annual_loss_avoided for ph in totals.phases) == totals.annual_loss_avoided
    assert totals.annual_loss == round(report.costs.yearly_gap_cost), "shares add up exactly"
    for amount in (totals.cost, totals.annual_loss_avoided):
        assert fmt.money(amount, "EUR") in " ".join(report.summary.paragraphs)


def test_no_register_title_is_a_question(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    _audit, report = demo
    text = _flat(" ".join(pdf["pages"]))  # type: ignore[arg-type]
    for entry in report.risk_register:
        assert not entry.title.rstrip().endswith("?"), entry.title
        assert " ".join(entry.title.split()[:6]) in text
    assert all(not p.title.endswith("?") for p in report.plan)


def _fill(page: pypdf.PageObject) -> float:
    """How far down the page body the text reaches, from 0 (empty) to 1 (full)."""
    height = float(page.mediabox.height)
    top, bottom = height - TOP_MARGIN_PT, BOTTOM_MARGIN_PT
    ys: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text.strip() and bottom < tm[5] < top:
            ys.append(tm[5])

    page.extract_text(visitor_text=visit)
    return (top - min(ys)) / (top - bottom) if ys else 0.0


def test_no_page_but_the_cover_is_under_a_third_full(pdf: dict[str, object]) -> None:
    reader: pypdf.PdfReader = pdf["reader"]  # type: ignore[assignment]
    fills = {n: round(_fill(page), 2) for n, page in enumerate(reader.pages, start=1) if n > 1}
    assert {n: f for n, f in fills.items() if f < 1 / 3} == {}


def test_a_safer_than_believed_item_is_on_the_map_not_in_the_register(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    audit, report = demo
    corrected = [r.id for r in audit.reconciliation.corrections]
    assert "data.database-parity" in corrected
    assert not {e.id for e in report.risk_register} & set(corrected)
    assert not {p.id for p in report.plan} & set(corrected)
    subjects = {w.subject for w in report.corrections}
    assert "Staging's database deployment against production's" in subjects
    assert all(not e.title.startswith(tuple(subjects)) for e in report.risk_register)
    text = _flat(" ".join(pdf["pages"]))  # type: ignore[arg-type]
    assert "Beliefs the configuration corrects" in text


def test_critical_and_high_entries_cite_evidence_or_whose_answer(
    demo: tuple[Audit, Report],
) -> None:
    _audit, report = demo
    serious = [e for e in report.risk_register if e.score.severity in ("critical", "high")]
    assert serious
    for entry in serious:
        if entry.evidence:
            assert entry.basis.startswith("Configuration:"), entry.basis
        else:
            assert "rests on" in entry.basis and "answer" in entry.basis, entry.basis


def test_production_credentials_are_never_suggested_for_acceptance(
    demo: tuple[Audit, Report],
) -> None:
    _audit, report = demo
    present = [e for rule in NEVER_ACCEPT if (e := report.entry(rule.item)) is not None]
    assert present, "the demo has production credentials in staging"
    for entry in present:
        assert entry.decision.recorded or entry.decision.kind != "accept", entry.id


def test_jobs_on_production_schedule_with_live_vendors_score_their_real_likelihood(
    demo: tuple[Audit, Report],
) -> None:
    _audit, report = demo
    jobs = report.entry("deploys.background-jobs")
    assert jobs is not None and jobs.score.severity == "critical"
    assert "live vendors" in jobs.score.basis


def test_the_impact_cap_is_shown_where_it_applies(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    capped = [e for e in report.risk_register if e.score.capped]
    assert capped
    for entry in capped:
        assert "capped at 5" in entry.score.formula
    assert all("capped" not in e.score.formula for e in report.risk_register if not e.score.capped)


def test_the_plan_runs_in_phases_and_a_step_follows_what_it_needs(
    demo: tuple[Audit, Report],
) -> None:
    _audit, report = demo
    order = {p.id: p.rank for p in report.plan}
    phases = [p.phase for p in report.plan]
    assert phases == sorted(phases, key=["now", "quarter", "later"].index)
    top = report.risk_register[0]
    assert order[top.id] <= len(report.plan) // 2, "the worst risk is not near the end"
    jobs = next(p for p in report.plan if p.id == "deploys.background-jobs")
    assert jobs.depends_on
    assert order["integrations.live-from-staging"] < order["deploys.background-jobs"]


def test_register_detail_is_at_least_nine_points(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    """The question asked and what an entry rests on (7 pt before) are body text."""
    _audit, report = demo
    reader: pypdf.PdfReader = pdf["reader"]  # type: ignore[assignment]
    pages: list[str] = pdf["pages"]  # type: ignore[assignment]
    first = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Risk register"))
    details = " ".join(f"{e.prompt} {e.basis}" for e in report.risk_register)
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if len(text.strip()) > 25 and text.strip() in details:
            sizes.append(size * abs(tm[0] or 1) * abs(cm[0] or 1))

    reader.pages[first].extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 8.9, sorted({round(s, 1) for s in sizes})


def test_an_excerpt_cut_inside_an_expression_says_so() -> None:
    assert fmt.excerpt("push:registry/web:stg-${{") == "push:registry/web:stg-${{ \u2026"
    assert fmt.excerpt("web:stg-${{ github.sha }}") == "web:stg-${{ github.sha }}"
    assert fmt.excerpt("DATABASE_URL=URL with credentials") == "DATABASE_URL=URL with credentials"


def test_internal_ids_versions_and_fingerprints_only_in_the_appendix(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    _audit, report = demo
    pages: list[str] = pdf["pages"]  # type: ignore[assignment]
    appendix = next(i for i, text in enumerate(pages) if "Appendix A" in text[:300] and i > 3)
    body = _flat(" ".join(pages[:appendix]))
    ids = [d.id for dim in report.dimensions for d in dim.items]
    assert [i for i in ids if i in body] == []
    assert "schema" not in body.lower() and "fp:" not in body and "sha256" not in body
    assert report.schema_version in _flat(" ".join(pages[appendix:]))


def test_table_headers_never_run_together(pdf: dict[str, object]) -> None:
    """pdftotext -layout keeps a gap between header cells that do not touch."""
    layout: list[str] = pdf["layout"]  # type: ignore[assignment]
    headers = [line for page in layout for line in page.splitlines() if "Confidence" in line]
    assert headers
    for line in headers:
        assert re.search(r"Confidence\s{2,}Note", line), line
