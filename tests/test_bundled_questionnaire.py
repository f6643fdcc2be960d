"""The bundled questionnaire: properties the app, the probe and the reports rely on.

The questionnaire is data, so these tests are its type checker: the seven stable dimension ids,
item ids that the probe implements one rule each for, risk numbers that order answers the way a
reviewer would, an "I don't know" that is never safe, and a remedy for every gap.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stagegap.questionnaires.answers import AnswerError, coerce_value
from stagegap.questionnaires.loader import BUNDLED_PATH, bundled, load_questionnaire
from stagegap.questionnaires.model import AnswerType, Item, Questionnaire

DIMENSIONS = [
    ("infrastructure", "Host and infrastructure isolation"),
    ("env-vars", "Environment variable scoping"),
    ("traffic", "Traffic patterns"),
    ("data", "Data shape and volume"),
    ("deploys", "Deploy timing and ordering"),
    ("integrations", "External integrations"),
    ("observability", "Observability and error reporting"),
]

# Item ids are a contract: the probe implements one rule per observable item under exactly this
# name, and saved workspaces key their answers by it. Renaming an item is a breaking change.
ITEMS: dict[str, bool] = {  # qualified id -> answered by a probe rule
    "infrastructure.shared-layers": True,
    "infrastructure.inventory-confidence": False,
    "infrastructure.iac-parity": True,
    "infrastructure.version-parity": True,
    "infrastructure.network-reachability": True,
    "env-vars.variable-map": False,
    "env-vars.map-verified-on": False,
    "env-vars.single-environment-vars": True,
    "env-vars.scope-differences": True,
    "env-vars.credential-permissiveness": True,
    "env-vars.fails-fast-on-missing": True,
    "traffic.request-ratio": False,
    "traffic.load-testing": True,
    "traffic.replicas": True,
    "traffic.autoscaling": True,
    "traffic.resource-settings": True,
    "data.size-ratio": False,
    "data.data-source": True,
    "data.scale-verification": False,
    "data.migration-lint": True,
    "data.data-age": True,
    "data.database-parity": True,
    "deploys.deploy-trigger": True,
    "deploys.deploy-cadence": False,
    "deploys.artifact-promotion": True,
    "deploys.background-jobs": True,
    "deploys.staging-overlap": True,
    "integrations.live-from-staging": True,
    "integrations.mocked-in-staging": True,
    "integrations.difference-map": False,
    "integrations.contract-tests": True,
    "integrations.inbound-callbacks": False,
    "observability.tools": True,
    "observability.alert-thresholds": True,
    "observability.error-sampling": True,
    "observability.log-level": True,
    "observability.log-retention": True,
    "observability.alert-recipients": True,
}

# Ordinal items whose risk is deliberately not monotone along the scale, with the reason.
# Empty on purpose: every bundled scale runs from safe to risky (or the reverse).
NON_MONOTONE_ORDINALS: dict[str, str] = {}

# Orderings a reviewer would insist on: (item, riskier option, safer option).
RISK_ORDER = [
    ("infrastructure.shared-layers", "database-server", "container-registry"),
    ("infrastructure.shared-layers", "cloud-account", "network"),
    ("infrastructure.shared-layers", "cache-queue-server", "build-cache"),
    ("infrastructure.shared-layers", "container-registry", "none"),
    ("env-vars.credential-permissiveness", "shared-with-production", "staging-admin"),
    ("env-vars.credential-permissiveness", "staging-admin", "staging-broader"),
    ("env-vars.credential-permissiveness", "staging-broader", "same-scopes"),
    ("data.data-source", "seed-fixtures", "anonymized-snapshot"),
    ("data.data-source", "production-copy", "anonymized-snapshot"),
    ("data.database-parity", "different-engine", "container-database"),
    ("deploys.background-jobs", "not-inventoried", "disabled-in-staging"),
    ("deploys.background-jobs", "disabled-in-staging", "different-schedule"),
    ("deploys.background-jobs", "different-schedule", "same-schedule"),
    ("deploys.staging-overlap", "last-deploy-wins", "shared-with-lock"),
    ("deploys.artifact-promotion", "built-per-environment", "same-artifact"),
    ("integrations.live-from-staging", "payments", "analytics"),
    ("integrations.live-from-staging", "email", "error-tracking"),
    ("integrations.live-from-staging", "analytics", "none"),
    ("observability.alert-thresholds", "none-anywhere", "none-in-staging"),
    ("observability.alert-thresholds", "none-in-staging", "looser-in-staging"),
    ("observability.alert-recipients", "nobody", "mailbox"),
    ("observability.alert-recipients", "mailbox", "team-channel"),
    ("observability.alert-recipients", "team-channel", "paged-on-call"),
    ("observability.tools", "none", "error-tracking"),
]

OPEN_ENDED = 1_000_000  # the last band's bound: every realistic answer falls inside a band


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return bundled()


def all_items() -> list[tuple[str, Item]]:
    return [(f"{d.id}.{i.id}", i) for d, i in bundled().items()]


def items_of(*types: AnswerType) -> list[tuple[str, Item]]:
    return [(qid, i) for qid, i in all_items() if i.type in types]


def ids(pairs: list[tuple[str, Item]]) -> list[str]:
    return [qid for qid, _ in pairs]


def answer_risks(item: Item) -> list[float]:
    """Every risk a definite answer (not 'I don't know') can score on its own."""
    risks = [o.risk for o in item.options] + [b.risk for b in item.bands]
    risks += [r for r in (item.yes_risk, item.no_risk) if r is not None]
    return risks


def sample_raw(item: Item) -> object:
    """A valid raw answer for the item, as a respondent's answer file would hold it."""
    scalar: object = {
        AnswerType.SINGLE: item.options[0].id if item.options else None,
        AnswerType.ORDINAL: item.options[0].id if item.options else None,
        AnswerType.MULTI: [item.options[0].id] if item.options else None,
        AnswerType.NUMBER: 3,
        AnswerType.YES_NO: True,
        AnswerType.DATE: "2026-01-15",
        AnswerType.NAMES: ["DATABASE_URL", "SENTRY_DSN"],
        AnswerType.TEXT: "free text",
    }[item.type]
    if item.per_environment:
        return {"staging": scalar, "production": scalar}
    return scalar


# --- loading and header ----------------------------------------------------------------------


def test_loads_from_its_file_without_error() -> None:
    q = load_questionnaire(BUNDLED_PATH)
    assert q == bundled()


def test_header(q: Questionnaire) -> None:
    assert q.id == "staging-production-gap"
    assert q.version == "1.0.0"
    assert q.title.strip()
    assert q.description.strip()


def test_the_seven_dimensions_in_design_order(q: Questionnaire) -> None:
    assert [(d.id, d.title) for d in q.dimensions] == DIMENSIONS


@pytest.mark.parametrize("dim_id", [d for d, _ in DIMENSIONS])
def test_each_dimension_is_explained(q: Questionnaire, dim_id: str) -> None:
    dim = q.dimension(dim_id)
    assert dim is not None
    assert dim.question.strip().endswith("?")
    assert dim.why.strip()
    assert 3 <= len(dim.failure_modes) <= 5
    assert 1.0 <= dim.weight <= 1.5


@pytest.mark.parametrize("dim_id", [d for d, _ in DIMENSIONS])
def test_each_dimension_has_three_to_six_items(q: Questionnaire, dim_id: str) -> None:
    dim = q.dimension(dim_id)
    assert dim is not None
    assert 3 <= len(dim.items) <= 6


def test_item_ids_are_the_published_contract(q: Questionnaire) -> None:
    assert q.item_ids() == list(ITEMS)


# --- probe bindings --------------------------------------------------------------------------


@pytest.mark.parametrize(("qid", "item"), all_items(), ids=ids(all_items()))
def test_probe_rule_is_named_after_the_item_or_says_why_not(qid: str, item: Item) -> None:
    if item.probe.rule is not None:
        assert item.probe.rule == qid
    else:
        assert item.probe.not_observable and len(item.probe.not_observable.strip()) > 20
    assert item.observable is ITEMS[qid]


def test_every_dimension_has_something_the_probe_can_check(q: Questionnaire) -> None:
    for dim in q.dimensions:
        assert any(i.observable for i in dim.items), dim.id


# --- wording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("qid", "item"), all_items(), ids=ids(all_items()))
def test_each_role_gets_its_own_wording(qid: str, item: Item) -> None:
    assert set(item.prompts) == {"cto", "engineer"}
    cto, engineer = item.prompt_for("cto"), item.prompt_for("engineer")
    assert len({item.prompt, cto, engineer}) == 3
    assert item.help.strip()


def test_free_text_is_not_used(q: Questionnaire) -> None:
    assert not [qid for qid, i in all_items() if i.type is AnswerType.TEXT]


# --- risk weights ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qid", "item"), items_of(AnswerType.ORDINAL), ids=ids(items_of(AnswerType.ORDINAL))
)
def test_ordinal_risks_are_monotone_along_the_scale(qid: str, item: Item) -> None:
    if qid in NON_MONOTONE_ORDINALS:
        pytest.skip(NON_MONOTONE_ORDINALS[qid])
    risks = [o.risk for o in item.options]
    steps = [b - a for a, b in zip(risks, risks[1:], strict=False)]
    assert all(s > 0 for s in steps) or all(s < 0 for s in steps), risks


def test_non_monotone_exceptions_name_real_ordinal_items() -> None:
    ordinal = set(ids(items_of(AnswerType.ORDINAL)))
    assert set(NON_MONOTONE_ORDINALS) <= ordinal


CHOICES = items_of(AnswerType.SINGLE, AnswerType.MULTI, AnswerType.ORDINAL)


@pytest.mark.parametrize(("qid", "item"), CHOICES, ids=ids(CHOICES))
def test_choice_items_separate_worst_from_safest(qid: str, item: Item) -> None:
    risks = [o.risk for o in item.options]
    assert max(risks) > min(risks)
    # Per-environment items may carry their risk in the gap between the two states instead.
    assert item.worst_risk >= 0.5, "the worst state should register as a real risk"


@pytest.mark.parametrize(("qid", "riskier", "safer"), RISK_ORDER)
def test_clearly_riskier_answers_score_higher(
    q: Questionnaire, qid: str, riskier: str, safer: str
) -> None:
    found = q.find(qid)
    assert found is not None
    item = found[1]
    high, low = item.option(riskier), item.option(safer)
    assert high is not None and low is not None
    assert high.risk > low.risk


@pytest.mark.parametrize(
    ("qid", "item"), items_of(AnswerType.YES_NO), ids=ids(items_of(AnswerType.YES_NO))
)
def test_yes_no_items_make_one_answer_riskier(qid: str, item: Item) -> None:
    assert item.yes_risk is not None and item.no_risk is not None
    assert abs(item.yes_risk - item.no_risk) >= 0.5


BANDED = items_of(AnswerType.NUMBER, AnswerType.NAMES, AnswerType.DATE)


@pytest.mark.parametrize(("qid", "item"), BANDED, ids=ids(BANDED))
def test_bands_cover_every_answer_and_are_monotone(qid: str, item: Item) -> None:
    assert len(item.bands) >= 2
    assert item.bands[-1].below >= OPEN_ENDED
    risks = [b.risk for b in item.bands]
    assert risks == sorted(risks) or risks == sorted(risks, reverse=True), risks
    assert max(risks) > min(risks)
    if item.type in (AnswerType.NAMES, AnswerType.DATE):
        # More names that differ, or an older date, is never safer.
        assert risks == sorted(risks), risks
        assert item.bands[0].risk == 0.0 and item.bands[0].below <= 31


@pytest.mark.parametrize(("qid", "item"), all_items(), ids=ids(all_items()))
def test_i_dont_know_is_never_safe(qid: str, item: Item) -> None:
    safest = min(answer_risks(item))
    assert item.risk_when_unknown > 0
    assert item.risk_when_unknown >= safest
    assert item.risk_when_unknown >= 0.5, "not knowing should weigh at least a coin toss"


PER_ENV = [(qid, i) for qid, i in all_items() if i.per_environment]


@pytest.mark.parametrize(("qid", "item"), PER_ENV, ids=ids(PER_ENV))
def test_per_environment_items_price_the_gap(qid: str, item: Item) -> None:
    assert item.gap_risk > 0
    assert item.type is not AnswerType.TEXT


def test_per_environment_is_used_where_two_states_sharpen_the_comparison() -> None:
    per_env = set(ids(PER_ENV))
    assert {
        "traffic.replicas",
        "deploys.deploy-cadence",
        "observability.tools",
        "observability.error-sampling",
        "observability.alert-recipients",
    } <= per_env


# --- multiple choice: "none" -----------------------------------------------------------------

MULTI = items_of(AnswerType.MULTI)


@pytest.mark.parametrize(("qid", "item"), MULTI, ids=ids(MULTI))
def test_none_option_is_exclusive(qid: str, item: Item) -> None:
    none = item.option("none")
    assert none is not None, "a multiple choice needs a way to say 'none of these'"
    assert none.exclusive
    assert [o.id for o in item.options if o.exclusive] == ["none"]
    other = next(o.id for o in item.options if not o.exclusive)
    combined = ["none", other]
    raw = {"staging": combined, "production": combined} if item.per_environment else combined
    with pytest.raises(AnswerError, match="cannot be combined"):
        coerce_value(item, raw)


@pytest.mark.parametrize(("qid", "item"), MULTI, ids=ids(MULTI))
def test_none_is_answerable_alone(qid: str, item: Item) -> None:
    raw = {"staging": ["none"], "production": ["none"]} if item.per_environment else ["none"]
    coerce_value(item, raw)


@pytest.mark.parametrize(("qid", "item"), all_items(), ids=ids(all_items()))
def test_every_item_accepts_an_answer_of_its_type(qid: str, item: Item) -> None:
    value = coerce_value(item, sample_raw(item))
    if item.per_environment:
        assert isinstance(value, dict) and set(value) == {"staging", "production"}
    if item.type is AnswerType.DATE:
        assert isinstance(value, dt.date)


# --- remedies --------------------------------------------------------------------------------


@pytest.mark.parametrize(("qid", "item"), all_items(), ids=ids(all_items()))
def test_every_item_has_a_remedy_with_cost_and_benefit(qid: str, item: Item) -> None:
    remedies = [
        r
        for r in (item.remedies.eliminate, item.remedies.accept, item.remedies.test_elsewhere)
        if r is not None
    ]
    assert remedies
    for remedy in remedies:
        assert remedy.action.strip().endswith(".")
        assert 0 < remedy.effort_days <= 30
        assert 0 < remedy.risk_reduction <= 1
    if item.remedies.accept is not None:
        assert item.remedies.accept.controls, "accepting a gap needs compensating controls"
    if item.remedies.eliminate is not None and item.remedies.accept is not None:
        # Accepting a gap never removes more risk than closing it.
        assert item.remedies.eliminate.risk_reduction > item.remedies.accept.risk_reduction
