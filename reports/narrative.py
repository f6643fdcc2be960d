"""The report's sentences that frame it: notices, the executive summary and the method.

build.py decides the numbers; findings.py states each finding, money.py the money and the
recommendation, trend.py the change since an earlier audit. A reworded sentence never changes
a figure, and a figure shown in two places is the same string (render/fmt.py).
"""

from __future__ import annotations

from stagegap.questionnaires.model import Role
from stagegap.reports.audit import Audit
from stagegap.reports.model import (
    CLASS_ORDER,
    ClassInfo,
    CostBasis,
    MethodSection,
    PlanTotals,
    Recommendation,
    Respondent,
    RiskEntry,
    Summary,
)
from stagegap.reports.reconcile import Reconciliation
from stagegap.reports.reconcile.scoring import Severity
from stagegap.reports.render import fmt

# ------------------------------------------------------------------------------------ notices


def notices(audit: Audit, respondents: list[Respondent]) -> list[str]:
    notes = []
    for who in respondents:
        if who.answered == 0:
            if who.role == Role.PROBE.value:
                notes.append(
                    "The configuration probe has not run: no answer is verified against "
                    "configuration, and the appendix has no inventory."
                )
            else:
                notes.append(
                    f"The {who.label} has not answered: every {who.label} answer reads "
                    "'not answered', and no item can be fully reconciled."
                )
        elif who.role != Role.PROBE.value and who.answered < who.total:
            notes.append(
                f"The {who.label} answered {who.answered} of {who.total} questions; "
                "the others read 'not answered'."
            )
        if who.seal_intact is False:
            notes.append(
                f"The {who.label}'s sealed answers were edited by hand after the seal; "
                "treat the independence of their answers with care."
            )
    override = audit.manifest.workshop_override
    if override is not None and not audit.manifest.humans_sealed:
        notes.append(
            f"The workshop opened before both humans sealed their answers "
            f"({fmt.date(override.at)}, {override.by or 'unnamed'}: {override.reason})."
        )
    return notes


# ------------------------------------------------------------------------------------ summary


def summary(
    rec: Reconciliation,
    register: list[RiskEntry],
    totals: PlanTotals,
    costs: CostBasis,
    classes: list[ClassInfo],
    top: int,
    recommendation: Recommendation,
) -> Summary:
    total_dims = len(rec.dimensions)
    diverging = len(rec.diverging_dimensions)
    items = len(rec.items)
    severity_counts: dict[Severity, int] = dict.fromkeys(Severity, 0)
    for entry in register:
        severity_counts[entry.score.severity] += 1
    if diverging:
        headline = (
            f"The CTO, the engineer and the configuration disagree on {diverging} of "
            f"{total_dims} dimensions of the gap between staging and production."
        )
    else:
        headline = (
            f"The CTO, the engineer and the configuration agree on all {total_dims} dimensions."
        )
    paragraphs = []
    counts = {c.id: c.count for c in classes}
    flagged = len(register)
    aligned = counts["aligned"]
    corrections = len(rec.corrections)
    sentence = (
        f"Of {items} questions, {aligned} {'is' if aligned == 1 else 'are'} answered the same "
        f"by all three; {flagged} {'is a risk' if flagged == 1 else 'are risks'} in the register."
    )
    if corrections:
        sentence += (
            f" On {fmt.count(corrections, 'further question')} the configuration is safer than "
            "people believed: corrections of belief, shown on the map and not counted as risks."
        )
    declared = len(rec.suppressed)
    if declared:
        sentence += (
            f" {fmt.count(declared, 'further difference')} "
            f"{'is' if declared == 1 else 'are'} declared intentional by the workshop."
        )
    paragraphs.append(sentence)
    top_entries = register[:top]
    if top_entries:
        paragraphs.append(
            f"The register holds {severity_counts[Severity.CRITICAL]} critical and "
            f"{severity_counts[Severity.HIGH]} high risks; the "
            f"{fmt.spelled(len(top_entries))} worst are listed below, each stated as what the "
            "configuration shows or, where it cannot show it, what people say."
        )
    if totals.steps:
        cur = costs.currency
        approve = recommendation
        text = ""
        if approve.actions:
            text = (
                f"The {fmt.spelled(len(approve.actions))} actions to approve now (page 2) cost "
                f"{fmt.money(approve.one_off, cur)} once"
                + (f" and {fmt.money(approve.yearly, cur)} a year" if approve.yearly else "")
                + f", and avoid an expected {fmt.money(approve.annual_loss_avoided, cur)} of "
                "incident cost a year. "
            )
        text += (
            f"The whole plan, {fmt.count(totals.steps, 'step')}, costs "
            f"{fmt.money(totals.cost, cur)} once and {fmt.money(totals.recurring_yearly, cur)} "
            f"a year, and avoids an expected {fmt.money(totals.annual_loss_avoided, cur)} a "
            f"year of the {fmt.money(totals.annual_loss, cur)} that gap-caused incidents cost "
            f"({costs.formula})."
        )
        paragraphs.append(text)
    return Summary(
        headline=headline,
        paragraphs=paragraphs,
        decision_asked=recommendation.ask,
        dimensions_total=total_dims,
        dimensions_diverging=diverging,
        items_total=items,
        items_flagged=flagged,
        items_declared=declared,
        severity_counts=severity_counts,
        corrections=corrections,
        top_risks=[e.id for e in top_entries],
    )


def join(parts: list[str], sep: str = ", ") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return sep.join(parts[:-1]) + sep.rstrip(", ") + " and " + parts[-1]


# ------------------------------------------------------------------------------------- method


def method(rec: Reconciliation) -> list[MethodSection]:
    return [
        MethodSection(
            title="Three independent answers",
            paragraphs=[
                "The CTO and an engineer answered the same questionnaire separately; neither "
                "saw the other's answers until both had sealed them. Sealing records a digest, "
                "so a later change is kept as an amendment beside the original and this report "
                "shows both. The stagegap probe answered the questions configuration can "
                "answer, from the repository's files, and recorded its evidence (file and "
                "line, with secret values redacted).",
                '"I don\'t know" is an answer in its own right, never a blank, and it is '
                "never scored as safe.",
            ],
        ),
        MethodSection(
            title="Divergence classes",
            paragraphs=[
                "Each question is classified by which answers agree, with a tolerance per "
                "answer type (equal choices; sets that mostly overlap; numbers within a ratio; "
                "dates within a month): "
                + "; ".join(
                    f"{d.label.lower()}: {d.meaning.rstrip('.').lower()}" for d in CLASS_ORDER
                )
                + ".",
                "Where the configuration contradicts someone but its state is as safe as or "
                "safer than every belief, the question is a correction of belief: it is shown "
                "on the map and kept out of the register and the plan.",
            ],
        ),
        MethodSection(
            title="Scores",
            paragraphs=[
                "Every register entry is scored on the familiar five-by-five grid. Likelihood "
                "(1-5) grows with how risky the actual state is (the configuration's answer "
                "where it can see, otherwise the riskier human answer), how unseen it is "
                "(a shared blind spot is the most unseen), and how confident the contradicted "
                "respondent was. A state harmless alone is raised where another answer makes "
                "it dangerous (scheduled jobs in staging while staging uses live vendors). "
                "Impact (1-5) is the item's impact times its dimension's weight, capped at 5. "
                "Score = likelihood x impact (1-25): 16 and above is critical, 9 high, 4 "
                "medium, below 4 low.",
            ],
        ),
        MethodSection(
            title="Costs and benefits",
            paragraphs=[
                "The yearly incident cost is spread over the register in proportion to each "
                "item's score, in whole currency units that add up to the yearly figure; a "
                "step avoids its share times the risk reduction of its decision (table below). "
                "One-off cost is effort times the day rate; yearly upkeep is listed "
                "separately. Every total is the sum of the rows shown.",
                "The plan is in three phases: now (critical gaps a few days of work each can "
                "close), this quarter (high gaps, and critical ones large enough to need a "
                "project decision) and later (medium and low). Within a phase the worst "
                "severity comes first, then the most score points removed per person-day; a "
                "step that another needs comes before it.",
            ],
        ),
        MethodSection(
            title="Decisions",
            paragraphs=[
                "Every gap ends in a decision: eliminate it; document and accept it with "
                "compensating controls (canary deploys, feature flags, staged rollouts); or "
                "test it elsewhere (production-like load tests, contract tests against real "
                "endpoints, data-shape tests against production snapshots). Accepting is never "
                "suggested where staging holds production's credentials or can reach "
                "production's data. A difference the workshop declares intentional leaves the "
                "register until its expiry date, and is listed with its reason.",
            ],
        ),
    ]
