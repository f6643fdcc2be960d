"""env-vars: the variable x environment x scope matrix, and the gaps in it.

A variable that code reads without a fallback and that one environment lacks is the classic
"works in staging" incident, so it ranks high; a secret whose fingerprint is equal in both
environments means staging holds production's credential.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from stagegap.probe import differ
from stagegap.probe.facts import ENVS, Attribute, Env, Fact, Kind
from stagegap.probe.rules.common import Outcome, Proposal, evidence, finding, svc, where
from stagegap.probe.rules.view import View
from stagegap.probe.sources.base import inlined_at_build
from stagegap.questionnaires.answers import Confidence, Evidence
from stagegap.questionnaires.response import EnvVarCell, EnvVarRow, ProbeFinding

DIM = "env-vars"
ADMIN_USERS = {
    "root",
    "admin",
    "postgres",
    "sa",
    "administrator",
    "master",
    "superuser",
    "mysql",
    "rdsadmin",
}
PLATFORM_VARS = {
    "PORT",
    "HOME",
    "PATH",
    "HOSTNAME",
    "NODE_ENV",
    "PWD",
    "USER",
    "TZ",
    "LANG",
    "CI",
    "DEBUG",
    "SHELL",
    "TERM",
    "PYTHONPATH",
}


@dataclass
class Var:
    service: str | None
    name: str
    own: dict[Env, list[Fact]] = field(default_factory=lambda: {e: [] for e in ENVS})
    shared: list[Fact] = field(default_factory=list)
    reads: list[Fact] = field(default_factory=list)

    def present(self, env: Env) -> list[Fact]:
        return self.own[env] + self.shared

    def value(self, env: Env) -> Fact | None:
        facts = self.own[env] or self.shared
        with_value = [f for f in facts if not f.value.empty]
        chosen = with_value or facts
        return chosen[-1] if chosen else None

    def scopes(self, env: Env) -> set[str]:
        return {f.scope or "run" for f in self.present(env)}

    @property
    def required(self) -> list[Fact]:
        return [r for r in self.reads if "required" in r.tags]

    @property
    def secret(self) -> bool:
        return any(f.value.secret for env in ENVS for f in self.present(env))


def variables(view: View) -> list[Var]:
    """The variable table; built once per view (the rules and the matrix both read it, and
    neither changes it)."""
    cached = view.memo.get("env_vars.variables")
    if cached is None:
        cached = view.memo["env_vars.variables"] = _variables(view)
    return list(cached)


def _variables(view: View) -> list[Var]:
    table: dict[tuple[str | None, str], Var] = {}
    for fact in view.kind(Kind.ENV):
        var = table.setdefault((fact.service, fact.key), Var(fact.service, fact.key))
        if fact.env == "shared":
            var.shared.append(fact)
        else:
            var.own[fact.env].append(fact)
    reads: dict[str, list[Fact]] = defaultdict(list)
    for fact in view.kind(Kind.READS_ENV):
        reads[fact.key].append(fact)
    for var in table.values():
        var.reads = [
            r
            for r in reads.get(var.name, ())
            if var.service is None or r.service in (None, var.service)
        ]
    return sorted(table.values(), key=lambda v: (v.service or "", v.name))


def evaluate(view: View) -> Outcome:
    out = Outcome()
    table = variables(view)
    single: list[str] = []
    scoped: list[str] = []
    shared_secrets: list[Fact] = []
    admin: list[Fact] = []
    # variables the classification catalogue files under another dimension (an e-mail switch,
    # jobs run inline): the differ reports them there
    elsewhere = differ.claimed_elsewhere(view, Kind.ENV, DIM)
    services = compose_services(view)
    for var in table:
        here = {env: var.present(env) for env in ENVS}
        missing = [env for env in ENVS if not here[env]]
        if len(missing) == 1:
            single.append(var.name)
            if var.name not in elsewhere and not _own_setting_of_a_one_sided_service(
                var, missing[0], services
            ):
                out.findings.append(_only_in_one(var, missing[0]))
            continue
        if not missing:
            scopes = {env: var.scopes(env) for env in ENVS}
            if scopes["staging"] != scopes["production"]:
                scoped.append(var.name)
                out.findings.append(_scope(var, scopes))
            out.findings += _same_secret(var, shared_secrets)
            if var.name not in elsewhere:
                out.findings += _toggle(var)
            admin += _admin(var)
        out.findings += _runtime_only(var)
    out.findings += _required_unset(view, table)
    if view.compared() and table:
        facts = [f for v in table for env in ENVS for f in v.own[env]]
        single_names = set(single)
        out.proposals["env-vars.single-environment-vars"] = Proposal(
            sorted(set(single)),
            Confidence.HIGH,
            f"{len(set(single))} of {len(table)} variables are set in one environment only "
            "(compared .env, compose, Kubernetes, Helm, Dockerfile and CI build args).",
            [f for f in facts if f.key in single_names] or facts[:3],
        )
        out.proposals["env-vars.scope-differences"] = Proposal(
            sorted(set(scoped)),
            Confidence.MEDIUM if scoped else Confidence.HIGH,
            f"{len(set(scoped))} variables are build time in one environment and run time in "
            "the other.",
            [f for f in facts if f.key in set(scoped)] or facts[:3],
        )
    if shared_secrets:
        names = sorted({f.key for f in shared_secrets})
        out.proposals["env-vars.credential-permissiveness"] = Proposal(
            "shared-with-production",
            Confidence.HIGH,
            f"the same secret value (equal salted fingerprints) is configured in both "
            f"environments for {', '.join(names)}.",
            shared_secrets,
        )
    elif admin:
        out.proposals["env-vars.credential-permissiveness"] = Proposal(
            "staging-admin",
            Confidence.MEDIUM,
            "staging connects to its database as an administrative user where production does not.",
            admin,
        )
    fails_fast = _fails_fast(view)
    if fails_fast is not None:
        out.proposals["env-vars.fails-fast-on-missing"] = fails_fast
    return out


def compose_services(view: View) -> dict[Env, set[str]]:
    """The docker compose services each environment runs, by name (a shared file's count for
    both)."""
    present: dict[Env, set[str]] = {env: set() for env in ENVS}
    for fact in view.facts:
        name = fact.attribute(Attribute.COMPOSE_SERVICE)
        if name:
            for env in ENVS if fact.env == "shared" else (fact.env,):
                if env in present:
                    present[env].add(name)
    return present


def _own_setting_of_a_one_sided_service(
    var: Var, missing: Env, services: dict[Env, set[str]]
) -> bool:
    """A variable set only on a compose service the other environment does not run at all (the
    dev database container's POSTGRES_PASSWORD), and read by no code, configures that service:
    the service's absence is the difference (the differ reports it), not this variable's scope.
    The same rule as for settings of a Kubernetes workload only one side runs."""
    present: Env = "production" if missing == "staging" else "staging"
    facts = var.present(present)
    names = {f.attribute(Attribute.COMPOSE_SERVICE) for f in facts}
    return (
        bool(facts)
        and not var.reads
        and None not in names
        and not names & services[missing]
    )


def _only_in_one(var: Var, missing: Env) -> ProbeFinding:
    present: Env = "production" if missing == "staging" else "staging"
    required = var.required
    facts = var.present(present) + (required or var.reads)[:3]
    if required and var.name not in PLATFORM_VARS:
        severity = "high"
        why = f"; code reads it without a fallback ({where(required)})"
    elif var.reads:
        severity = "medium"
        why = f"; code reads it with a fallback ({where(var.reads)})"
    else:
        severity = "medium" if var.secret else "low"
        why = ""
    scope = "/".join(sorted(var.scopes(present)))
    if all(f.value.empty for f in var.present(present)):
        # `HASH_ROUTING=` reads as unset almost everywhere: a difference on paper only
        return finding(
            DIM,
            f"only-in-{present}",
            var.name,
            "low",
            f"{svc(var.service)}{var.name} is set empty in {present} and absent in {missing}",
            f"{where(var.present(present))} sets {var.name} to an empty value; {missing} does not "
            "set it. Most code reads an empty value as unset, so both usually behave alike; "
            "code that tells the two apart (Python's os.environ[...]) does not.",
            facts,
            item="env-vars.single-environment-vars",
            service=var.service,
        )
    return finding(
        DIM,
        f"only-in-{present}",
        var.name,
        severity,  # type: ignore[arg-type]
        f"{svc(var.service)}{var.name} is set in {present} but not in {missing}{why}",
        f"{var.name} ({scope} time) is set at {where(var.present(present))} and nowhere that "
        f"{missing} reads. A code path that needs it behaves differently in {missing}: "
        f"{'it fails there' if required else 'it falls back to a default there'}.",
        facts,
        item="env-vars.single-environment-vars",
        service=var.service,
    )


def _scope(var: Var, scopes: dict[Env, set[str]]) -> ProbeFinding:
    text = {env: "+".join(sorted(scopes[env])) for env in ENVS}
    return finding(
        DIM,
        "scope-differs",
        var.name,
        "medium",
        f"{svc(var.service)}{var.name} is {text['staging']} time in staging but "
        f"{text['production']} time in production",
        "A build-time variable is baked into the artifact (Dockerfile ARG, build args, "
        "NEXT_PUBLIC_/VITE_/REACT_APP_ prefixes); a run-time one is read when the process "
        "starts. When the scope differs, the artifact tested in staging is not the one "
        f"production runs. Staging: {where(var.present('staging'))}; production: "
        f"{where(var.present('production'))}.",
        var.present("staging") + var.present("production"),
        item="env-vars.scope-differences",
        service=var.service,
    )


def _runtime_only(var: Var) -> list[ProbeFinding]:
    """NEXT_PUBLIC_/VITE_/REACT_APP_ values are compiled into the bundle; setting them only at
    run time does nothing."""
    if not inlined_at_build(var.name):
        return []
    out: list[ProbeFinding] = []
    for env in ENVS:
        own_run = [f for f in var.own[env] if (f.scope or "run") == "run"]
        if own_run and "build" not in {f.scope for f in var.own[env]}:
            out.append(
                finding(
                    DIM,
                    f"runtime-only-{env}",
                    var.name,
                    "medium",
                    f"{svc(var.service)}{var.name} is set at run time in {env}, but the bundler "
                    "inlines it at build time",
                    f"{where(own_run)} sets it for the running container; a framework-prefixed "
                    "variable is compiled into the client bundle when the image is built, so this "
                    f"value is ignored and {env} serves whatever the build saw.",
                    own_run + var.shared,
                    item="env-vars.scope-differences",
                    service=var.service,
                )
            )
    return out


def _same_secret(var: Var, collect: list[Fact]) -> list[ProbeFinding]:
    """One credential for both environments: set separately but equal (high), or set once in
    a shared file that both inherit (medium). References (secretKeyRef, `${VAR}`) and
    placeholders (`<your-key>`, changeme) hold no value and are never reported."""
    staging = var.value("staging")
    production = var.value("production")
    if not staging or not production or not staging.value.secret:
        return []
    if staging.value.reference or production.value.reference:
        return []
    if not staging.value.fingerprint or staging.value.fingerprint != production.value.fingerprint:
        return []
    kind = staging.value.kind or "secret"
    if staging is production or (staging.env == "shared" and production.env == "shared"):
        collect.append(staging)
        place = where([staging])
        return [
            finding(
                DIM,
                "same-secret",
                var.name,
                "medium",
                f"{svc(var.service)}{var.name} is a literal {kind} set once for both "
                f"environments in a shared file ({place})",
                f"{place} is shared by staging and production and neither overrides "
                f"{var.name}, so both run with one credential (fingerprint "
                f"{staging.value.fingerprint}), committed to the repository. A staging leak or "
                "a staging test can act on production. Move it to a secret store and issue one "
                "credential per environment.",
                [staging],
                item="env-vars.credential-permissiveness",
                service=var.service,
            )
        ]
    collect.extend([staging, production])
    return [
        finding(
            DIM,
            "same-secret",
            var.name,
            "high",
            f"{svc(var.service)}{var.name} holds the same {kind} in staging and production",
            f"Both environments set a value with fingerprint {staging.value.fingerprint}, "
            f"separately but equal ({where([staging, production])}). Staging then holds a "
            "production credential: a staging leak or a staging test can act on production. "
            "Issue a separate credential per environment.",
            [staging, production],
            item="env-vars.credential-permissiveness",
            service=var.service,
        )
    ]


TRUE_WORDS = {"1", "true", "yes", "on", "enabled", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "off", "disabled", "n", "f", ""}
_TOGGLE_NAME = re.compile(r"(^|_)(ENABLED?|DISABLED?|FEATURE|FLAG|USE|ALLOW|ENABLE)(_|$)", re.I)


def _switch(fact: Fact) -> bool | None:
    value = fact.value
    if value.secret or value.reference:
        return None
    if value.boolean is not None:
        return value.boolean
    text = "" if value.empty else value.shown.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def _toggle(var: Var) -> list[ProbeFinding]:
    """A feature switch on in one environment and off in the other: one of them runs a code
    path the other never exercises."""
    if not _TOGGLE_NAME.search(var.name) or var.name in PLATFORM_VARS:
        return []
    staging, production = var.value("staging"), var.value("production")
    if staging is None or production is None or staging is production:
        return []
    on = {"staging": _switch(staging), "production": _switch(production)}
    if None in on.values() or on["staging"] == on["production"]:
        return []
    enabled = "staging" if on["staging"] else "production"
    disabled = "production" if enabled == "staging" else "staging"
    return [
        finding(
            DIM,
            "toggle-differs",
            var.name,
            "medium",
            f"{svc(var.service)}{var.name} is on in {enabled} and off in {disabled}",
            f"Staging: {staging.value.describe()} ({where([staging])}); production: "
            f"{production.value.describe()} ({where([production])}). The {enabled}-only code "
            f"path is never exercised in {disabled}"
            + (
                "; production runs behaviour staging does not test."
                if enabled == "production"
                else "; what staging tests is not what production runs."
            ),
            [staging, production],
            item="env-vars.single-environment-vars",
            service=var.service,
        )
    ]


def _admin(var: Var) -> list[Fact]:
    staging = var.value("staging")
    production = var.value("production")
    if not staging or not production:
        return []
    su, pu = staging.value.user, production.value.user
    if su and su.lower() in ADMIN_USERS and (pu or "").lower() not in ADMIN_USERS:
        return [staging, production]
    return []


def _required_unset(view: View, table: list[Var]) -> list[ProbeFinding]:
    """Variables code requires that neither environment sets, once both are configured."""
    if not view.compared():
        return []
    known = {(v.service, v.name) for v in table} | {(None, v.name) for v in table}
    named = _named_in_settings(view)
    required: dict[tuple[str | None, str], list[Fact]] = defaultdict(list)
    for fact in view.kind(Kind.READS_ENV):
        if "required" in fact.tags and fact.key not in PLATFORM_VARS:
            required[(fact.service, fact.key)].append(fact)
    services_with_config = {v.service for v in table}
    unset: dict[str | None, list[tuple[str, list[Fact]]]] = defaultdict(list)
    for (service, name), reads in sorted(required.items(), key=lambda x: (x[0][0] or "", x[0][1])):
        if (service, name) in known or (None, name) in known or name in named:
            continue
        if service not in services_with_config and None not in services_with_config:
            continue
        unset[service].append((name, reads))
    out: list[ProbeFinding] = []
    for service, missing in unset.items():
        if len(missing) > MANY_UNSET:
            out.append(_many_unset(service, missing))
            continue
        for name, reads in missing:
            out.append(
                finding(
                    DIM,
                    "required-unset",
                    name,
                    "medium",
                    f"{svc(service)}{name} is required by code but set in neither environment's "
                    "configuration",
                    f"Read without a fallback at {where(reads)}. It may come from a secret manager "
                    "or the platform; if so, that source is outside what the probe can compare.",
                    reads,
                    item="env-vars.single-environment-vars",
                    service=service,
                )
            )
    return out


def _named_in_settings(view: View) -> set[str]:
    """Variables a settings file names as a whole key segment or a name entry (an ECS task
    definition's `environment[name=PARTNER_API_URL]`, `secrets: [{name: DATABASE_URL}]`): set
    there, in a shape the env-var sources do not read as a variable."""
    named: set[str] = set()
    for fact in view.kind(Kind.SETTING):
        named.update(p for p in _SEGMENT.split(fact.key) if ENV_NAME_SHAPE.match(p))
        if fact.key.endswith(".name") and not fact.value.secret:
            if ENV_NAME_SHAPE.match(fact.value.shown):
                named.add(fact.value.shown)
    return named


_SEGMENT = re.compile(r"[.\[\]=]+")
ENV_NAME_SHAPE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")

# More unset variables than this in one service means their values come from somewhere the
# probe cannot read (IaC code, a secret manager): one finding says so, naming them all.
MANY_UNSET = 5


def _many_unset(service: str | None, missing: list[tuple[str, list[Fact]]]) -> ProbeFinding:
    names = [name for name, _ in missing]
    reads = [read for _, facts in missing for read in facts[:1]]
    return finding(
        DIM,
        "required-unset",
        "many",
        "medium",
        f"{svc(service)}{len(names)} variables required by code are set in neither "
        "environment's configuration",
        f"{', '.join(names)}: each read without a fallback ({where(reads)}). So many usually "
        "means the deployment sets them from a source the probe cannot read (infrastructure "
        "code such as Pulumi or CDK, a secret manager, the platform's console). Check that "
        "staging and production set the same list.",
        reads,
        item="env-vars.single-environment-vars",
        service=service,
    )


def _fails_fast(view: View) -> Proposal | None:
    reads = view.kind(Kind.READS_ENV)
    validation = view.kind(Kind.ENV_VALIDATION)
    if validation:
        return Proposal(
            True,
            Confidence.MEDIUM,
            f"an environment validation library is declared ({where(validation)}).",
            validation,
        )
    if not reads:
        return None
    required = [r for r in reads if "required" in r.tags]
    optional = [r for r in reads if "optional" in r.tags]
    if len(optional) > len(required):
        return Proposal(
            False,
            Confidence.MEDIUM,
            f"{len(optional)} of {len(reads)} variable reads in code fall back to a "
            "default when the variable is missing.",
            optional,
        )
    return Proposal(
        True,
        Confidence.LOW,
        f"{len(required)} of {len(reads)} variable reads in code have no fallback "
        "(they raise or return nothing when missing).",
        required,
    )


def matrix(view: View) -> list[EnvVarRow]:
    rows: list[EnvVarRow] = []
    for var in variables(view):
        cells: dict[str, EnvVarCell] = {}
        for env in (*ENVS, "shared"):
            facts = var.shared if env == "shared" else var.own[env]
            if not facts:
                continue
            value = next((f.value for f in reversed(facts) if not f.value.empty), facts[-1].value)
            cells[env] = EnvVarCell(
                scopes=sorted({f.scope or "run" for f in facts}),
                sources=evidence(facts),
                fingerprint=value.fingerprint if value.secret else None,
                kind=value.kind,
            )
        rows.append(
            EnvVarRow(
                name=var.name,
                service=var.service,
                secret=var.secret,
                read_by_code=[
                    Evidence(path=r.where.path, line=r.where.line, excerpt=r.where.excerpt)
                    for r in var.reads[:5]
                ],
                cells=cells,
            )
        )
    return rows
