"""integrations: for each external service, sandbox or live in each environment (from key
prefixes, hosts and flags in vendors.yaml), mocks standing in for it in staging, and the
behavioural differences the catalog knows between sandbox and live."""

from __future__ import annotations

from collections import defaultdict

from stagegap.probe.facts import ENVS, Env, Fact, Kind
from stagegap.probe.rules.common import Outcome, Proposal, finding, where
from stagegap.probe.rules.view import View
from stagegap.probe.vendors import Mock, Vendor
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding

DIM = "integrations"
MOCK_CATEGORY = {
    "email": "email",
    "AWS services": "storage",
    "object storage (S3)": "storage",
    "Azure storage": "storage",
    "Google Cloud Storage": "storage",
    "DynamoDB": "storage",
    "SQS": "storage",
    "Stripe": "payments",
}
ANSWER_CATEGORIES = {"payments", "email", "sms", "auth", "storage", "analytics", "error-tracking"}


def evaluate(view: View) -> Outcome:
    out = Outcome()
    catalog = view.redactor.catalog
    seen: dict[str, dict[Env, list[Fact]]] = defaultdict(lambda: {e: [] for e in ENVS})
    for fact in view.facts.of(Kind.ENV, Kind.SETTING):
        vendor = catalog.by_id(fact.value.vendor) if fact.value.vendor else None
        vendor = vendor or catalog.vendor_named(fact.key)
        if vendor is None:
            continue
        for env in _envs(fact):
            seen[vendor.id][env].append(fact)
    mocks = _mocks(view)
    live_in_staging: set[str] = set()
    facts_live: list[Fact] = []
    for vendor_id, per_env in sorted(seen.items()):
        vendor = catalog.by_id(vendor_id)
        assert vendor is not None
        modes: dict[Env, set[str | None]] = {
            env: {f.value.mode for f in per_env[env] if f.value.mode} for env in ENVS
        }
        out.findings += _modes(vendor, per_env, modes, mocks)
        shared_credential = _shared_credential(per_env)
        if "live" in modes["staging"] and (
            vendor.category != "error-tracking" or shared_credential
        ):
            live_in_staging.add(vendor.category)
            facts_live += [f for f in per_env["staging"] if f.value.mode == "live"]
        if shared_credential:
            live_in_staging.add(vendor.category)
            facts_live += shared_credential
    staging_vendors = [v for v, per_env in seen.items() if per_env["staging"]]
    if staging_vendors:
        categories = sorted(live_in_staging & ANSWER_CATEGORIES)
        out.proposals["integrations.live-from-staging"] = Proposal(
            categories or ["none"],
            Confidence.MEDIUM,
            f"{len(staging_vendors)} external services configured in staging; live in staging: "
            f"{', '.join(categories) or 'none'} (judged from key prefixes, hosts, mode flags "
            "and credentials shared with production).",
            facts_live or [f for v in staging_vendors for f in seen[v]["staging"]][:4],
        )
    staging_mocks = [(m, f) for m, f in mocks if f.env in ("staging", "shared")]
    for mock, fact in staging_mocks:
        if fact.env == "staging" or _production_has_real(seen, mock):
            out.findings.append(
                finding(
                    DIM,
                    "mock-in-staging",
                    mock.id,
                    "medium",
                    f"Staging replaces {mock.stands_in_for} with {mock.name}",
                    f"{mock.name} at {where([fact])} answers the way its authors assumed the real "
                    f"service behaves; delivery failures, rate limits and provider-side validation "
                    "never happen in staging.",
                    [fact],
                    item="integrations.mocked-in-staging",
                    service=fact.service,
                )
            )
    if staging_mocks or staging_vendors:
        categories = sorted(
            {
                MOCK_CATEGORY[m.stands_in_for]
                for m, _ in staging_mocks
                if m.stands_in_for in MOCK_CATEGORY
            }
        )
        out.proposals["integrations.mocked-in-staging"] = Proposal(
            categories or ["none"],
            Confidence.MEDIUM,
            "mocks in staging: "
            + (", ".join(sorted({m.name for m, _ in staging_mocks})) or "none")
            + ".",
            [f for _, f in staging_mocks]
            or [f for v in staging_vendors for f in seen[v]["staging"]][:3],
        )
    contract = _contract(view, bool(seen))
    if contract:
        out.proposals["integrations.contract-tests"] = contract
    return out


def _envs(fact: Fact) -> tuple[Env, ...]:
    return ENVS if fact.env == "shared" else (fact.env,)


def _modes(
    vendor: Vendor,
    per_env: dict[Env, list[Fact]],
    modes: dict[Env, set[str | None]],
    mocks: list[tuple[Mock, Fact]],
) -> list[ProbeFinding]:
    findings: list[ProbeFinding] = []
    differences = (
        " Known differences: " + " ".join(vendor.differences) if vendor.differences else ""
    )
    staging, production = per_env["staging"], per_env["production"]
    if "live" in modes["staging"] and vendor.category != "error-tracking":
        live = [f for f in staging if f.value.mode == "live"]
        findings.append(
            finding(
                DIM,
                "live-in-staging",
                vendor.id,
                "critical" if vendor.category == "payments" else "high",
                f"Staging uses {vendor.name} in live mode",
                f"{', '.join(sorted({f.key for f in live}))} in staging "
                f"({where(live)}) is a live {vendor.name} "
                f"{'key' if any(f.value.kind for f in live) else 'endpoint'}: staging tests act on "
                "real customers, money or messages.",
                live,
                item="integrations.live-from-staging",
            )
        )
    if "sandbox" in modes["production"]:
        sandbox = [f for f in production if f.value.mode == "sandbox"]
        findings.append(
            finding(
                DIM,
                "sandbox-in-production",
                vendor.id,
                "critical",
                f"Production uses {vendor.name} in sandbox mode",
                f"{', '.join(sorted({f.key for f in sandbox}))} in production ({where(sandbox)}) "
                f"points at {vendor.name}'s sandbox: real transactions are not processed.",
                sandbox,
                item="integrations.live-from-staging",
            )
        )
    if "sandbox" in modes["staging"] and "live" in modes["production"]:
        facts = [f for f in staging if f.value.mode == "sandbox"][:2] + [
            f for f in production if f.value.mode == "live"
        ][:2]
        findings.append(
            finding(
                DIM,
                "sandbox-vs-live",
                vendor.id,
                "info",
                f"{vendor.name}: sandbox in staging, live in production",
                f"Expected, but the two behave differently.{differences}",
                facts,
                item="integrations.difference-map",
            )
        )
    own_production = [f for f in production if f.env == "production"]
    if (
        own_production
        and not staging
        # error tracking in production only is observability's finding (error-tracking-only-in)
        and vendor.category != "error-tracking"
        and not any(_stands_in(m, vendor) for m, f in mocks if f.env in ("staging", "shared"))
    ):
        findings.append(
            finding(
                DIM,
                "only-in-production",
                vendor.id,
                "medium",
                f"Production is configured for {vendor.name}; staging has no {vendor.name} "
                "configuration",
                f"{', '.join(sorted({f.key for f in own_production}))} at {where(own_production)}; "
                f"the {vendor.category} path is not exercised in staging at all.",
                own_production,
                item="integrations.mocked-in-staging",
            )
        )
    return findings


def _shared_credential(per_env: dict[Env, list[Fact]]) -> list[Fact]:
    staging = {f.value.fingerprint: f for f in per_env["staging"] if f.value.secret}
    both = [f for f in per_env["production"] if f.value.secret and f.value.fingerprint in staging]
    return [staging[f.value.fingerprint] for f in both] + both


def _mocks(view: View) -> list[tuple[Mock, Fact]]:
    catalog = view.redactor.catalog
    found: list[tuple[Mock, Fact]] = []
    seen: set[tuple[str, str, str | None]] = set()
    for fact in view.facts.of(Kind.IMAGE, Kind.ENV, Kind.SETTING):
        if fact.env == "shared" and fact.kind != Kind.IMAGE:
            continue
        text = fact.value.host or fact.value.shown
        if fact.value.secret and not fact.value.host:
            continue
        mock = catalog.match_mock(text) or (
            catalog.match_mock(fact.key) if fact.kind == Kind.IMAGE else None
        )
        if mock and (mock.id, fact.env, fact.service) not in seen:
            seen.add((mock.id, fact.env, fact.service))
            found.append((mock, fact))
    return found


def _stands_in(mock: Mock, vendor: Vendor) -> bool:
    return (
        MOCK_CATEGORY.get(mock.stands_in_for) == vendor.category
        or mock.stands_in_for == vendor.name
    )


def _production_has_real(seen: dict[str, dict[Env, list[Fact]]], mock: Mock) -> bool:
    return any(per_env["production"] for per_env in seen.values())


def _contract(view: View, integrations: bool) -> Proposal | None:
    tests = view.kind(Kind.CONTRACT_TEST)
    ci = [t for t in tests if t.source in ("github-actions", "gitlab-ci")]
    if any("schedule" in t.tags for t in ci):
        return Proposal(
            "scheduled-real-endpoints",
            Confidence.MEDIUM,
            f"contract tests run on a schedule in CI ({where(ci)}).",
            ci,
        )
    if ci:
        return Proposal(
            "in-ci-on-change", Confidence.MEDIUM, f"contract tests run in CI ({where(ci)}).", ci
        )
    if tests:
        return Proposal(
            "manual-spot-checks",
            Confidence.LOW,
            f"a contract-testing tool is a dependency ({where(tests)}) but no CI job runs it.",
            tests,
        )
    if integrations:
        return Proposal(
            "never",
            Confidence.LOW,
            "no contract-testing tool (Pact or similar) in dependencies or CI.",
            [],
        )
    return None
