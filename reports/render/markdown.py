"""The report as Markdown, for a wiki: the same sections and sentences as the PDF, as text."""

from __future__ import annotations

from stagegap.reports.model import AnswerView, EnvKey, InventoryCell, Report
from stagegap.reports.render import fmt


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _answer(a: AnswerView) -> str:
    text = (
        "*I don't know*"
        if a.status == "dont_know"
        else (f"*{a.text}*" if a.status in ("not_answered", "not_observable") else a.text)
    )
    if a.implicated:
        text = f"**{text}**"
    if a.confidence:
        text += f" ({a.confidence})"
    return text


ENVS: tuple[EnvKey, ...] = ("staging", "production", "shared")


def _inventory_cell(cell: InventoryCell | None) -> str:
    if cell is None:
        return "—"
    return " + ".join(cell.scopes) + (f" ({cell.kind})" if cell.kind else "")


def render_markdown(report: Report) -> str:
    r = report
    cur = r.costs.currency
    out: list[str] = []
    add = out.append
    add(f"# {r.organisation}: {r.title}\n")
    add(
        f"Audit date {fmt.date(r.audit_date)} · {r.environments['staging']} vs "
        f"{r.environments['production']} · questionnaire {r.questionnaire.id} "
        f"{r.questionnaire.version} · report schema {r.schema_version}\n"
    )
    for who in r.respondents:
        state = (
            f"{who.name or 'unnamed'}, {who.answered} of {who.total} answered"
            + (f", sealed {fmt.date(who.sealed_at)}" if who.sealed_at else "")
            if who.answered
            else "not answered"
        )
        add(f"- **{who.label}**: {state}")
    add("")
    for notice in r.notices:
        add(f"> **Note:** {notice}\n")

    add("## Executive summary\n")
    add(f"**{r.summary.headline}**\n")
    for p in r.summary.paragraphs:
        add(p + "\n")
    add("| Class | Questions | Meaning |\n|---|--:|---|")
    for c in r.present_classes():
        add(f"| {c.glyph} {c.label} | {c.count} | {_cell(c.meaning)} |")
    add("")

    add("## The three-way divergence map\n")
    add("| Dimension | CTO | Engineer | Probe | Gap score |\n|---|---|---|---|--:|")
    for row in r.map:
        cells = []
        for cell in row.cells:
            extra = f", differs on {cell.implicated}" if cell.implicated else ""
            cells.append(f"{cell.glyph} {cell.label}{extra}")
        add(f"| {_cell(row.title)} | " + " | ".join(cells) + f" | {row.score:.1f} |")
    add("")

    add("## Workshop discussion agenda\n")
    for topic in r.agenda:
        add(
            f"{topic.rank}. **{_cell(topic.prompt)}** ({topic.class_label}, {topic.severity}, "
            f"score {topic.score:.1f})  \n   *{topic.question}*"
        )
        for q in topic.quotes:
            note = f' — "{q.note}"' if q.note else ""
            add(f"   - {q.label}: {_answer(q)}{note}")
    add("")

    add("## Risk register\n")
    add(
        "| # | Gap | Class | L | I | Score | Severity | Decision | Owner | Status | Due |\n"
        "|--:|---|---|--:|--:|--:|---|---|---|---|---|"
    )
    for e in r.risk_register:
        d = e.decision
        add(
            f"| {e.rank} | {_cell(e.prompt)} | {e.class_label} | {e.score.likelihood:.1f} | "
            f"{e.score.impact:.1f} | {e.score.value:.1f} | {e.score.severity} | "
            f"{d.label}{'' if d.recorded else ' (suggested)'} | {_cell(d.owner) or '—'} | "
            f"{d.status.replace('_', ' ')} | {fmt.date(d.due) if d.due else ''} |"
        )
    add("")
    for e in r.risk_register:
        add(f"### {e.rank}. {e.prompt}\n")
        add(
            f"`{e.id}` · {e.dimension_title} · {e.class_label} · {e.score.severity} "
            f"{e.score.value:.1f} of 25\n"
        )
        for a in e.answers:
            note = f' — "{a.note}"' if a.note else ""
            orig = f" (sealed original: {a.original})" if a.original else ""
            add(f"- **{a.label}**: {_answer(a)}{orig}{note}")
        if e.evidence:
            add("\nEvidence:\n")
            for ev in e.evidence:
                add(f"- `{ev.location}` {ev.excerpt}".rstrip())
        add("\nScore:\n")
        for line in e.score.derivation:
            add(f"- {line}")
        d = e.decision
        add(f"\n**{d.label}** ({'decided' if d.recorded else 'suggested'}): {d.action}")
        if d.controls:
            add(f"Compensating controls: {'; '.join(d.controls)}.")
        add(
            f"Effort {fmt.days(d.effort_days)} · owner {d.owner or 'unassigned'} · "
            f"status {d.status.replace('_', ' ')}"
            + (f" · due {fmt.date(d.due)}" if d.due else "")
            + "\n"
        )
    if r.declared:
        add("### Declared intentional differences\n")
        for dd in r.declared:
            expiry = fmt.date(dd.expires) if dd.expires else "no expiry"
            add(
                f"- `{dd.id}`: {dd.reason} (owner {dd.owner or '—'}, expires {expiry}"
                f"{', expired' if dd.expired else ''})"
            )
        add("")

    add("## Intervention plan\n")
    add(
        f"Money figures come from the workshop's parameters: {r.costs.formula}; effort at "
        f"{r.costs.day_rate_text}.\n"
    )
    add(
        "| # | Step | Effort | Cost | Avoided / year | Payback | Owner |\n"
        "|--:|---|--:|--:|--:|--:|---|"
    )
    for step in r.plan:
        add(
            f"| {step.rank} | {step.decision.label}: {_cell(step.decision.action)} | "
            f"{fmt.days(step.decision.effort_days)} | {fmt.money(step.cost, cur)} | "
            f"{fmt.money(step.annual_loss_avoided, cur)} | {fmt.months(step.payback_months)} | "
            f"{_cell(step.decision.owner) or '—'} |"
        )
    t = r.plan_totals
    add(
        f"| | **Whole plan, {t.steps} steps** | {fmt.days(t.effort_days)} | "
        f"{fmt.money(t.cost, cur)} | {fmt.money(t.annual_loss_avoided, cur)} | | |\n"
    )

    add("## Detail by dimension\n")
    for dim in r.dimensions:
        add(f"### {dim.title}\n")
        add(f"*{dim.question}*\n")
        add(f"{dim.flagged} of {len(dim.items)} questions flagged · gap score {dim.score:.1f}\n")
        for it in dim.items:
            score = f", {it.severity} {it.score:.1f}" if it.flagged and it.score else ""
            declared = " (declared intentional)" if it.declared else ""
            add(f"#### {it.prompt}\n\n{it.class_label}{score}{declared}\n")
            add("| Respondent | Answer | Confidence | Note |\n|---|---|---|---|")
            for view in it.answers:
                add(
                    f"| {view.label} | {_cell(_answer(view))} | {view.confidence or ''} | "
                    f"{_cell(view.note)} |"
                )
            for ev in it.evidence:
                add(f"\n- `{ev.location}` {ev.excerpt}".rstrip())
            add("")

    add("## Appendix A: configuration inventory\n")
    if r.inventory.available:
        add("Values are never shown; secrets appear by kind and salted fingerprint.\n")
        add("| Variable | Staging | Production | Shared base | Differs |\n|---|---|---|---|---|")
        for var in r.inventory.rows:
            shown = [_inventory_cell(var.cells.get(env)) for env in ENVS]
            secret = " (secret)" if var.secret else ""
            add(f"| `{var.name}`{secret} | " + " | ".join(shown) + f" | {var.remark} |")
        add("")
    else:
        add("The configuration probe has not run on this audit.\n")

    add("## Appendix B: method\n")
    for s in r.method:
        add(f"### {s.title}\n")
        for p in s.paragraphs:
            add(p + "\n")
    return "\n".join(out).rstrip() + "\n"
