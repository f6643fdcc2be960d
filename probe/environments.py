"""Which environments a repository names, which one pair an audit compares, and which side of
that pair a file (or a CI job, or a host) belongs to.

Repositories name environments a dozen ways (environments.yaml keeps the words, each with its
environment and role). Placing a path is done in two steps, so that no environment is ever
folded into another:

1. `place` finds the environment a path names, whatever the audit compares: `overlays/uat/`
   is uat, `values-pre-prod.yaml` preprod, a path naming none is a base shared by all
   (`None`), a template (`.env.staging.example`) is no environment (`TEMPLATE`).
2. `choose` picks the compared pair from every environment the repository names (by default
   the pre-production environment of the lowest rank, staging first), and `classify_path`
   maps a path to its side: "staging" (the compared pre-production environment),
   "production", "shared" or "other" (any environment not compared, never a shared base).

The sides keep the names "staging" and "production" because the JSON contract and the rules
speak of them; which environments stand on each side is said in every output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

Classification = Literal["staging", "production", "shared", "other"]
TEMPLATE = "<template>"  # a `place` result: documentation of a configuration, not one


class Role(StrEnum):
    """What an environment is for, which decides whether and how an audit compares it."""

    PRODUCTION = "production"
    PRE_PRODUCTION = "pre-production"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Environment:
    """One environment a repository can name: its canonical name and its role."""

    name: str
    role: Role
    rank: int = 100
    deployable: bool = False


@dataclass(frozen=True)
class Comparison:
    """The pair an audit compares, why, and every other environment the repository names."""

    pre_production: Environment | None
    production: Environment | None
    reason: str
    chosen_by: str  # "default", "--compare" or ".stagegap.yaml"
    others: tuple[Environment, ...] = ()
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the run should warn about the choice

    def side_of(self, name: str | None) -> Classification:
        if name is None:
            return "shared"
        if self.pre_production is not None and name == self.pre_production.name:
            return "staging"
        if self.production is not None and name == self.production.name:
            return "production"
        return "other"

    @property
    def label(self) -> str:
        pre = self.pre_production.name if self.pre_production else "(none)"
        prod = self.production.name if self.production else "(none)"
        return f"{pre}:{prod}"


@dataclass(frozen=True)
class Words:
    """environments.yaml, read once."""

    environments: dict[str, Environment]
    by_word: dict[str, str]  # spelling -> environment name
    compounds: dict[str, tuple[tuple[str, ...], ...]]  # first token -> dashed words' tokens
    templates: frozenset[str]
    ordinary: frozenset[str]
    compound: frozenset[str]
    generic: frozenset[str]
    service_containers: frozenset[str]
    not_services: frozenset[str]


@cache
def words() -> Words:
    text = resources.files("stagegap.probe").joinpath("environments.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    environments: dict[str, Environment] = {}
    by_word: dict[str, str] = {}
    for name, spec in data["environments"].items():
        environments[name] = Environment(
            name,
            Role(spec["role"]),
            int(spec.get("rank", 100)),
            bool(spec.get("deployable", False)),
        )
        for word in spec["words"]:
            by_word[str(word).lower()] = name
    return Words(
        environments=environments,
        by_word=by_word,
        compounds=_compounds(by_word),
        templates=frozenset(data["templates"]),
        ordinary=frozenset(data["ordinary"]),
        compound=frozenset(data["compound"]),
        generic=frozenset(data["generic"]),
        service_containers=frozenset(data["service_containers"]),
        not_services=frozenset(data["not_services"]),
    )


def _compounds(by_word: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for word in by_word:
        parts = tuple(p for p in _SPLIT.split(word) if p)
        if len(parts) > 1:
            found.setdefault(parts[0], []).append(parts)
    return {first: tuple(sorted(seqs, key=len, reverse=True)) for first, seqs in found.items()}


_SPLIT = re.compile(r"[/._\-\s]+")


@dataclass
class Environments:
    """The run's environment words (environments.yaml plus `--alias`) and its compared pair.

    Until `choose` has run, the pair is the default one (staging and production), which is
    what a caller placing single paths (tests, benchmarks) means."""

    by_word: dict[str, str] = field(default_factory=lambda: dict(words().by_word))
    known: dict[str, Environment] = field(default_factory=lambda: dict(words().environments))
    requested: tuple[str, str] | None = None
    requested_by: str = ""
    comparison: Comparison | None = None
    _places: dict[str, str | None] = field(default_factory=dict, repr=False)
    _folders: dict[str, tuple[str | None, str | None]] = field(default_factory=dict, repr=False)
    _names: dict[str, tuple[str | None, bool, str | None]] = field(default_factory=dict, repr=False)

    @classmethod
    def with_aliases(cls, aliases: Mapping[str, Iterable[str]] | None = None) -> Environments:
        """`--alias staging=qa`: qa is another spelling of staging (any known environment's
        name may stand on the left)."""
        envs = cls()
        for env, names in (aliases or {}).items():
            canonical = envs.by_word.get(env.strip().lower())
            if canonical is None:
                raise ValueError(
                    f"unknown environment {env!r}: use one of {', '.join(sorted(envs.known))}"
                )
            for name in names:
                token = name.strip().lower()
                if token:
                    envs.by_word[token] = canonical
        return envs

    def request(self, compare: str, by: str) -> None:
        """`--compare uat:prod` or `.stagegap.yaml`'s `compare:`; a name no word list knows
        becomes an environment of its own (left: pre-production, right: production)."""
        left, right = parse_compare(compare)
        pair = []
        for token, role in ((left, Role.PRE_PRODUCTION), (right, Role.PRODUCTION)):
            canonical = self.by_word.get(token)
            if canonical is None:
                self.by_word[token] = token
                self.known[token] = Environment(token, role, rank=0)
                canonical = token
            pair.append(canonical)
        if pair[0] == pair[1]:
            raise ValueError(f"{by}: compare {compare!r} names the same environment twice")
        self.requested = (pair[0], pair[1])
        self.requested_by = by
        self._drop_cache()

    def choose(self, paths: Iterable[str]) -> Comparison:
        """The compared pair from the environments these configuration paths name."""
        files: dict[str, list[str]] = {}
        for relative in paths:
            name = self.place(relative)
            if name is not None and name != TEMPLATE:
                files.setdefault(name, []).append(relative)
        named = [self.known[n] for n in files]
        pre, prod, reason, notes = self._pair(named)
        compared = {e.name for e in (pre, prod) if e is not None}
        self.comparison = Comparison(
            pre,
            prod,
            reason,
            self.requested_by or "default",
            tuple(sorted((e for e in named if e.name not in compared), key=_by_rank)),
            {n: tuple(sorted(p)) for n, p in sorted(files.items())},
            notes,
        )
        return self.comparison

    def adopt(self, comparison: Comparison) -> None:
        """Take a pair chosen elsewhere (the walking process chooses it for both)."""
        for env in (comparison.pre_production, comparison.production):
            if env is not None and env.name not in self.known:
                self.known[env.name] = env
                self.by_word.setdefault(env.name, env.name)
        self.comparison = comparison

    def _pair(
        self, named: list[Environment]
    ) -> tuple[Environment | None, Environment | None, str, tuple[str, ...]]:
        """(pre-production, production, why, notes) by the stated rule or the request."""
        if self.requested is not None:
            pre, prod = (self.known[n] for n in self.requested)
            notes = tuple(
                f"{self.requested_by}: no configuration file names {env.name!r}; only CI jobs "
                "and hosts of that name are compared"
                for env in (pre, prod)
                if env not in named
            )
            return pre, prod, f"chosen by {self.requested_by}", notes
        production = _first(named, Role.PRODUCTION) or self.known["production"]
        candidates = _ranked(named, Role.PRE_PRODUCTION)
        if candidates:
            pre = candidates[0]
            reason = (
                "the pre-production environment named staging"
                if pre.name == "staging"
                else f"no staging; {pre.name} comes first of the pre-production environments "
                f"in the order {', '.join(e.name for e in _ranked(self.known.values(), pre.role))}"
            )
            if len(candidates) > 1:
                reason += f" (also named: {', '.join(c.name for c in candidates[1:])})"
            return pre, production, reason, ()
        stand_ins = [e for e in _ranked(named, Role.OTHER) if e.deployable]
        if len(stand_ins) == 1:
            reason = (
                f"no pre-production environment is named; {stand_ins[0].name} is the only "
                "other deployable one"
            )
            return stand_ins[0], production, reason, ()
        if stand_ins:
            reason = (
                f"no pre-production environment is named; {stand_ins[0].name} comes first of "
                f"the deployable ones ({', '.join(e.name for e in stand_ins)})"
            )
            return stand_ins[0], production, reason, ()
        reason = (
            "no pre-production or other deployable environment is named in any file; "
            "CI jobs and hosts named staging are compared"
        )
        return self.known["staging"], production, reason, ()

    def _side(self, name: str | None) -> Classification:
        if name == TEMPLATE:
            return "other"
        if self.comparison is not None:
            return self.comparison.side_of(name)
        if name is None:
            return "shared"
        return {"staging": "staging", "production": "production"}.get(name, "other")  # type: ignore[return-value]

    def classify_name(self, name: str) -> Classification | None:
        """The side one name (a job, an overlay, a namespace, a host) refers to, if any: the
        last environment word wins, a pre-production or production word over another one."""
        tokens = self._tokens(name)
        found = self._last(tokens, other=False)
        if found is None:
            found = self._last(tokens, other=True)
            if found is None and _pull_request(tokens):
                found = "preview"
        return None if found is None else self._side(found)

    def classify_path(self, relative: str) -> Classification:
        """A template (.env.staging.example) is never an environment; otherwise the
        environment the path names decides its side; a path naming none is a shared base."""
        return self._side(self.place(relative))

    def place(self, relative: str) -> str | None:
        """The environment a path names (or TEMPLATE, or None for a base shared by all): the
        file name is more specific than its folders, the last word wins, and a pre-production
        or production word anywhere wins over another environment's word. The service's own
        folder is left out: services/live-chat is not production."""
        cached = self._places.get(relative)
        if cached is not None or relative in self._places:
            return cached
        folder, _, name = relative.rpartition("/")
        folder_env, folder_other = self._folder(folder)
        named = self._names.get(name)
        if named is None:
            named = self._name(name)
            self._names[name] = named
        found, template, other = named
        placed: str | None
        if template:
            placed = TEMPLATE
        else:
            placed = found or folder_env or other or folder_other
        self._places[relative] = placed
        return placed

    def _tokens(self, text: str) -> list[str]:
        """Words of a name, with dashed environment words (pre-prod, non-prod) joined."""
        raw = [t for t in _SPLIT.split(text.lower()) if t]
        compounds = words().compounds
        if not compounds.keys() & set(raw):
            return raw
        out: list[str] = []
        i = 0
        while i < len(raw):
            for seq in compounds.get(raw[i], ()):
                if tuple(raw[i : i + len(seq)]) == seq:
                    out.append("-".join(seq))
                    i += len(seq)
                    break
            else:
                out.append(raw[i])
                i += 1
        return out

    def _env_of(self, token: str) -> Environment | None:
        name = self.by_word.get(token)
        return None if name is None else self.known[name]

    def _last(self, tokens: list[str], *, other: bool) -> str | None:
        """The last token naming an environment of a compared role (other=False), or of
        role 'other' (other=True)."""
        found = None
        for token in tokens:
            env = self._env_of(token)
            if env is not None and (env.role is Role.OTHER) == other:
                found = env.name
        return found

    def _name(self, name: str) -> tuple[str | None, bool, str | None]:
        """What a file name alone says: (environment, a template, another environment)."""
        tokens = self._tokens(name)
        template = any(t in words().templates for t in tokens)
        other = None
        for token in tokens:
            env = self._env_of(token)
            if env is not None and env.role is Role.OTHER and token not in words().ordinary:
                other = env.name
        return (
            self._last(tokens, other=False),
            template,
            other or self._names_other(tokens) or ("preview" if _pull_request(tokens) else None),
        )

    def _names_other(self, tokens: list[str]) -> str | None:
        """The other environment a compound name (a folder, a file) names: its word with
        generic words only around it (`values-integration.yaml`, `review-app`), or, for a
        word that is not also an ordinary name, at its end (`k8s-manifests-sandbox`)."""
        vocabulary = words()
        for index, token in enumerate(tokens):
            env = self._env_of(token)
            if token not in vocabulary.compound or env is None or env.role is not Role.OTHER:
                continue
            if all(t in vocabulary.generic for i, t in enumerate(tokens) if i != index):
                return env.name
            if index == len(tokens) - 1 and token not in vocabulary.ordinary:
                return env.name
        return None

    def _folder(self, folder: str) -> tuple[str | None, str | None]:
        """The compared-role environment a folder names, and another one it names."""
        cached = self._folders.get(folder)
        if cached is not None:
            return cached
        parts = [p for p in folder.lower().split("/") if p]
        service = _service_of_folder(folder)
        if service is not None and service.lower() in parts:
            parts.remove(service.lower())
        found: str | None = None
        other: str | None = None
        for part in parts:
            tokens = self._tokens(part)
            found = self._last(tokens, other=False) or found
            if other is None:
                whole = self._env_of(part)
                if whole is not None and whole.role is Role.OTHER:
                    other = whole.name
                elif part in words().templates:
                    other = TEMPLATE
                else:
                    other = self._names_other(tokens) or (
                        "preview" if _pull_request(tokens) else None
                    )
        result = (found, other)
        self._folders[folder] = result
        return result

    def _drop_cache(self) -> None:
        self._places.clear()
        self._folders.clear()
        self._names.clear()


def _first(envs: Iterable[Environment], role: Role) -> Environment | None:
    ranked = _ranked(envs, role)
    return ranked[0] if ranked else None


def _ranked(envs: Iterable[Environment], role: Role) -> list[Environment]:
    return sorted((e for e in envs if e.role is role), key=_by_rank)


def _by_rank(env: Environment) -> tuple[int, str]:
    return (env.rank, env.name)


def _pull_request(tokens: list[str]) -> bool:
    """`pr-123`, `pr123`, `pr-${{ github.event.number }}`: one pull request's preview."""
    for i, token in enumerate(tokens):
        if token.startswith("pr") and token[2:].isdigit() and len(token) > 2:
            return True
        if token == "pr" and i + 1 < len(tokens):
            following = tokens[i + 1]
            if following.isdigit() or following.startswith(("$", "{")):
                return True
    return False


@lru_cache(maxsize=65536)
def _service_of_folder(folder: str) -> str | None:
    vocabulary = words()
    parts = folder.split("/")
    for i, part in enumerate(parts):
        if part in vocabulary.service_containers and i + 1 < len(parts):
            name = parts[i + 1]
            # apps/staging/, apps/production/: an environment folder, not a service
            if name.lower() in _env_words():
                return None
            return name
    return None


@cache
def _env_words() -> frozenset[str]:
    vocabulary = words()
    return frozenset(
        {w for w in vocabulary.by_word if w not in vocabulary.ordinary}
        | vocabulary.templates
        | vocabulary.not_services
    )


def service_of(relative: str) -> str | None:
    return _service_of_folder(relative.rpartition("/")[0])


def parse_alias(text: str) -> tuple[str, str]:
    """'staging=qa' -> ('staging', 'qa'); the CLI's --alias option."""
    env, sep, name = text.partition("=")
    env = env.strip().lower()
    if not sep or env not in words().by_word or not name.strip():
        raise ValueError(f"alias {text!r}: expected ENV=NAME, e.g. staging=qa or production=live")
    return env, name.strip().lower()


def parse_compare(text: str) -> tuple[str, str]:
    """'uat:prod' -> ('uat', 'prod'); the CLI's --compare option and .stagegap.yaml's."""
    left, sep, right = str(text).partition(":")
    left, right = left.strip().lower(), right.strip().lower()
    if not sep or not left or not right or ":" in right:
        raise ValueError(f"compare {text!r}: expected PRE:PROD, e.g. uat:prod")
    return left, right
