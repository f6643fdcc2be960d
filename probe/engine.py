"""One probe run: discover files, read facts, apply the seven dimensions' rules, and answer the
questionnaire items bound to a probe rule.

Pure and headless: the CLI, the Textual app and the tests all call `run_probe`. Progress is
reported through a callback (label, fraction) and cancellation through an Event, so a worker
thread can drive it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

from stagegap.probe import intentional
from stagegap.probe.codescan import ChildFailed, read_in_two_processes, settle_environments
from stagegap.probe.discovery import Cancelled, SourceFile, UnreadableFile, Warnings, discover
from stagegap.probe.environments import Comparison, Environment, Environments
from stagegap.probe.facts import Facts, Where
from stagegap.probe.malformed import too_many_digits
from stagegap.probe.rules import DIMENSIONS, differences
from stagegap.probe.rules.common import Proposal, evidence
from stagegap.probe.rules.env_vars import matrix
from stagegap.probe.rules.view import View
from stagegap.probe.secrets import Redactor
from stagegap.probe.set_aside import set_aside
from stagegap.probe.sources import readers_for, wanted
from stagegap.probe.sources.base import ENV_CONFIG_SOURCES, OTHER_ENV, Context, only_named
from stagegap.questionnaires.answers import Answer, AnswerError, Evidence, coerce_value
from stagegap.questionnaires.model import Questionnaire
from stagegap.questionnaires.response import (
    SEVERITY_ORDER,
    DeclaredIntentional,
    EnvVarRow,
    ProbeFinding,
    ProbeRecord,
)

Progress = Callable[[str, float], None]
# How a run gets its files and facts: one repository (the default) or several (run_probe_many)
Reader = Callable[
    [Context, Progress, threading.Event | None],
    tuple[list[SourceFile], dict[str, str], Facts],
]
DIMENSION_ORDER = {dim: i for i, (dim, _) in enumerate(DIMENSIONS)}

__all__ = ["Cancelled", "ProbeError", "ProbeResult", "run_probe", "run_probe_many"]


class ProbeError(Exception):
    """The probe could not run at all (exit code 2): one line, no traceback."""


@dataclass
class ProbeResult:
    root: Path
    ran_at: dt.datetime
    environments: dict[str, Any]
    findings: list[ProbeFinding]
    answers: dict[str, Answer]
    env_vars: list[EnvVarRow]
    warnings: list[str]
    redactor: Redactor
    intentional: dict[str, intentional.Intentional] = field(default_factory=dict)
    files_read: int = 0
    facts: Facts | None = field(default=None, repr=False)  # for live comparisons (probe/live)

    def record(self) -> ProbeRecord:
        """The inventory that goes into an audit workspace beside the answers."""
        return ProbeRecord(
            root=str(self.root),
            ran_at=self.ran_at,
            environments=self.environments,
            findings=self.findings,
            env_vars=self.env_vars,
            warnings=self.warnings,
        )

    def failing(self, threshold: str, today: dt.date | None = None) -> list[ProbeFinding]:
        """Findings at or above `threshold` that nobody declared intentional."""
        limit = SEVERITY_ORDER[threshold]
        return [
            f
            for f in self.findings
            if SEVERITY_ORDER[f.severity] >= limit and f.id not in self.intentional
        ]


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_resume = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """A run allocates a few hundred thousand short-lived, acyclic objects (parsed YAML, facts,
    evidence): the cyclic collector would walk the growing heap again and again for nothing.
    It is paused for the run (overlapping runs counted; left off if the caller had it off)
    and resumed after it, when anything cyclic left behind is collected as usual."""
    global _gc_pausers, _gc_resume
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_resume = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_resume:
                gc.enable()


class ProbeOptions(TypedDict, total=False):
    """How a probe runs, beyond which repositories it reads: one list shared by `run_probe` and
    `run_probe_many`, so the two cannot drift apart."""

    aliases: Mapping[str, Iterable[str]] | None
    compare: str | None
    on_progress: Progress | None
    cancel: threading.Event | None
    questionnaire: Questionnaire | None
    redactor: Redactor | None
    today: dt.date | None


def run_probe(root: Path, **options: Unpack[ProbeOptions]) -> ProbeResult:
    """One repository: exactly `run_probe_many` given one."""
    return run_probe_many([root], **options)


def _run_probe(
    root: Path,
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
    compare: str | None = None,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
    questionnaire: Questionnaire | None = None,
    redactor: Redactor | None = None,
    today: dt.date | None = None,
    reader: Reader | None = None,
) -> ProbeResult:
    report = on_progress or (lambda label, fraction: None)
    root = Path(root)
    if not root.exists():
        raise ProbeError(f"{root}: no such directory")
    if not root.is_dir():
        raise ProbeError(f"{root}: not a directory")
    settings_said: list[str] = []
    settings = intentional.load(root, settings_said)
    try:
        envs = Environments.with_aliases(aliases)
        if compare is not None:
            envs.request(compare, "--compare")
    except ValueError as exc:
        raise ProbeError(str(exc)) from None
    if compare is None and settings.compare is not None:
        try:
            envs.request(settings.compare.text, settings.compare.where)
        except ValueError as exc:
            settings_said.append(f"{exc}; the default pair is compared")
    warnings = Warnings()
    redactor = redactor or Redactor()
    ctx = Context(redactor=redactor, envs=envs, warnings=warnings)
    report("discovering files", 0.0)
    if reader is not None:
        files, aside, facts = reader(ctx, report, cancel)
    else:
        files, aside, facts = _read_everything(root, ctx, report, cancel)
    comparison = envs.comparison
    assert comparison is not None  # chosen once the file list was known
    # One line per problem: a file two readers refuse alike (.stagegap.yaml is also YAML the
    # sources read) is said once.
    warnings.items = list(dict.fromkeys([*warnings.items, *comparison.notes, *settings_said]))
    if not ({"staging", "production"} & facts.environments_seen()):
        raise ProbeError(
            f"{root}: no staging or production configuration found "
            f"({len(files)} configuration files read; --compare PRE:PROD names the pair "
            "when the repository calls its environments otherwise)"
        )
    view = View(facts, redactor, envs)
    findings: list[ProbeFinding] = []
    proposals: dict[str, Proposal] = {}
    for index, (dimension, evaluate) in enumerate(DIMENSIONS):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        report(dimension, 0.5 + 0.5 * index / len(DIMENSIONS))
        outcome = evaluate(view)
        findings += outcome.findings
        proposals.update(outcome.proposals)
    # every other key that differs, classified by probe/classification.yaml (info when nothing
    # says what it means), so no difference is silently dropped
    findings += differences.evaluate(view, findings).findings
    report("done", 1.0)
    findings = _dedupe(findings)
    day = today or dt.date.today()
    declared = settings.intentional
    accepted = {
        f.id: entry
        for f in findings
        if (entry := intentional.match(declared, f.id, day)) is not None
    }
    findings = [
        f.model_copy(
            update={
                "intentional": DeclaredIntentional(
                    reason=accepted[f.id].reason,
                    owner=accepted[f.id].owner,
                    expires=accepted[f.id].expires,
                )
            }
        )
        if f.id in accepted
        else f
        for f in findings
    ]
    answers = _answers(questionnaire, proposals, warnings)
    return ProbeResult(
        root=root,
        ran_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        environments=_environments(files, facts, aside, comparison),
        findings=findings,
        answers=answers,
        env_vars=matrix(view),
        warnings=list(warnings.items),
        redactor=redactor,
        intentional=accepted,
        files_read=len(files),
        facts=facts,
    )


def run_probe_many(roots: Sequence[Path], **options: Unpack[ProbeOptions]) -> ProbeResult:
    """Several repositories read as one system (a service's code in one, its charts in another,
    its Terraform in a third): every repository is walked on its own, one pair of environments
    is chosen from all of them, and every evidence path starts with its repository's name. One
    repository is exactly `run_probe`. `.stagegap.yaml` is read from the first repository."""
    paths = [Path(r) for r in roots]
    if not paths:
        raise ProbeError("no repository to probe")
    names = repository_names(paths)
    reader: Reader | None = None
    if len(paths) > 1:
        for root in paths:
            if not root.is_dir():
                missing = "not a directory" if root.exists() else "no such directory"
                raise ProbeError(f"{root}: {missing}")

        def reader(ctx: Context, report: Progress, cancel: threading.Event | None) -> Any:
            return _read_repositories(list(zip(names, paths, strict=True)), ctx, report, cancel)

    with _gc_paused():
        result = _run_probe(paths[0], reader=reader, **options)
    if reader is None:
        return result
    result.environments["repositories"] = {n: str(p) for n, p in zip(names, paths, strict=True)}
    # the folder holding them all: what SARIF's base and the summary's heading name
    result.root = Path(os.path.commonpath([p.resolve() for p in paths]))
    result.findings = [_across(f, names) for f in result.findings]
    return result


def repository_names(roots: Sequence[Path]) -> list[str]:
    """Each repository's folder name; equal names get their parent folder's name in front,
    then a number, so every evidence path says which repository it is in."""
    plain = [r.resolve().name or "repo" for r in roots]
    names = [
        f"{r.resolve().parent.name}-{name}" if plain.count(name) > 1 else name
        for r, name in zip(roots, plain, strict=True)
    ]
    seen: dict[str, int] = {}
    for index, name in enumerate(list(names)):
        seen[name] = seen.get(name, 0) + 1
        if names.count(name) > 1:
            names[index] = f"{name}-{seen[name]}"
    return names


def _read_repositories(
    repositories: list[tuple[str, Path]],
    ctx: Context,
    report: Progress,
    cancel: threading.Event | None,
) -> tuple[list[SourceFile], dict[str, str], Facts]:
    """Every repository's files and facts, paths prefixed by the repository's name; the pair
    of environments is chosen once, from all of them, so each side means the same everywhere."""
    walked: list[tuple[str, list[SourceFile]]] = []
    for name, root in repositories:
        try:
            walked.append((name, discover(root, ctx.envs, wanted, ctx.warnings, cancel)))
        except OSError as exc:
            raise ProbeError(f"{root}: cannot list files: {exc.strerror or exc}") from None
    settle_environments(ctx.envs, [f for _, files in walked for f in files])
    every: list[SourceFile] = []
    aside: dict[str, str] = {}
    facts = Facts()
    for name, files in walked:
        aside.update({f"{name}/{path}": why for path, why in set_aside(files).items()})
        said = len(ctx.warnings.items)
        ctx.memo.clear()  # what a source learnt about one repository's folders
        found = _read_files(files, ctx, report, cancel)
        ctx.warnings.items[said:] = [f"{name}/{w}" for w in ctx.warnings.items[said:]]
        facts.add(
            dataclasses.replace(
                f, where=Where(f"{name}/{f.where.path}", f.where.line, f.where.excerpt)
            )
            for f in found
        )
        every += [dataclasses.replace(f, relative=f"{name}/{f.relative}") for f in files]
    return every, aside, facts


def _across(item: ProbeFinding, names: list[str]) -> ProbeFinding:
    """A finding whose evidence is in several repositories says so: the gap is between them."""
    repositories = sorted({e.path.split("/", 1)[0] for e in item.evidence} & set(names))
    if len(repositories) < 2:
        return item
    note = f" Across repositories: {', '.join(repositories)}."
    return item.model_copy(update={"details": item.details + note})


def _read_everything(
    root: Path, ctx: Context, report: Progress, cancel: threading.Event | None
) -> tuple[list[SourceFile], dict[str, str], Facts]:
    """The file list, the files set aside, and every file's facts in path order: walked and
    read by two processes where one can be forked (probe/codescan.py), else by this one, with
    the same result either way."""
    try:
        streamed = read_in_two_processes(root, ctx, _read, cancel, report)
    except ChildFailed:
        streamed = None
        del ctx.warnings.items[:]  # start over: nothing half-said
    if streamed is not None:
        facts = Facts()
        for file in streamed.files:
            found = streamed.found.get(file.relative)
            if found:
                facts.add(found)
        return streamed.files, streamed.aside, facts
    try:
        files = discover(root, ctx.envs, wanted, ctx.warnings, cancel)
    except OSError as exc:
        raise ProbeError(f"{root}: cannot list files: {exc.strerror or exc}") from None
    settle_environments(ctx.envs, files)
    aside = set_aside(files, ctx.envs.classify_name)
    return files, aside, _read_files(files, ctx, report, cancel)


def _read_files(
    files: list[SourceFile], ctx: Context, report: Progress, cancel: threading.Event | None
) -> Facts:
    """Every file's facts, in path order."""
    facts = Facts()
    total = max(len(files), 1)
    for index, file in enumerate(files):
        if index % 64 == 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if index % 256 == 0:
                report("reading configuration", 0.5 * index / total)
        found = _read(file, ctx)
        if found:  # most files (code that reads no variable) give nothing
            facts.add(found)
    return facts


def _read(file: SourceFile, ctx: Context) -> list[Any]:
    facts = _read_all(file, ctx)
    if facts:  # most files (code that reads no variable) give nothing
        facts = only_named(file, facts, ctx.warnings)
    if file.env == "other":
        facts = [f for f in facts if not (OTHER_ENV in f.tags and f.source in ENV_CONFIG_SOURCES)]
    return facts


def _read_all(file: SourceFile, ctx: Context) -> list[Any]:
    facts: list[Any] = []
    for reader in readers_for(file.relative):
        try:
            facts += reader(file, ctx)
        except UnreadableFile as exc:
            ctx.warnings.add(file.relative, str(exc))
            return facts
        except RecursionError:
            ctx.warnings.add(file.relative, "nested too deeply, skipped")
        except ValueError as exc:
            reason = "a number with too many digits" if too_many_digits(exc) else "ValueError"
            ctx.warnings.add(file.relative, f"could not be read ({reason})")
        except Exception as exc:  # one odd file must never stop the run
            ctx.warnings.add(file.relative, f"could not be read ({type(exc).__name__})")
    return facts


def _dedupe(findings: list[ProbeFinding]) -> list[ProbeFinding]:
    by_id: dict[str, ProbeFinding] = {}
    for item in findings:
        if item.id in by_id:
            first = by_id[item.id]
            merged = first.evidence + [e for e in item.evidence if e not in first.evidence]
            by_id[item.id] = first.model_copy(update={"evidence": merged[:8]})
        else:
            by_id[item.id] = item
    return sorted(
        by_id.values(),
        key=lambda f: (-SEVERITY_ORDER[f.severity], DIMENSION_ORDER.get(f.dimension, 99), f.id),
    )


def _answers(
    questionnaire: Questionnaire | None, proposals: dict[str, Proposal], warnings: Warnings
) -> dict[str, Answer]:
    if questionnaire is None:
        from stagegap.questionnaires.loader import bundled

        questionnaire = bundled()
    answers: dict[str, Answer] = {}
    for dimension, item in questionnaire.items():
        rule = item.probe.rule
        if rule is None or rule not in proposals:
            continue
        proposal = proposals[rule]
        try:
            value = coerce_value(item, proposal.value)
        except AnswerError as exc:
            warnings.add(f"rule {rule}", f"answer does not fit the item: {exc}")
            continue
        answers[f"{dimension.id}.{item.id}"] = Answer(
            value=value,
            confidence=proposal.confidence,
            note=proposal.note,
            evidence=evidence(proposal.facts, limit=10),
        )
    return answers


def _environments(
    files: list[SourceFile], facts: Facts, aside: dict[str, str], comparison: Comparison
) -> dict[str, Any]:
    """Which files the probe took for each side, per service in monorepos; which pair was
    compared and why; every environment the repository names, compared or not."""
    sources: dict[str, set[str]] = {}
    for fact in facts:
        sources.setdefault(fact.where.path, set()).add(fact.source)
    out: dict[str, Any] = {}
    services: dict[str, dict[str, list[str]]] = {}
    by_env: dict[str, list[SourceFile]] = {"staging": [], "production": [], "shared": []}
    for f in files:
        if f.env in by_env and f.relative in sources:
            by_env[f.env].append(f)
    for env in ("staging", "production", "shared"):
        chosen = by_env[env]
        out[env] = {
            "files": [f.relative for f in chosen],
            "sources": sorted({s for f in chosen for s in sources[f.relative]}),
        }
        for f in chosen:
            if f.service:
                services.setdefault(f.service, {}).setdefault(env, []).append(f.relative)
    if services:
        out["services"] = services
    if aside:
        out["set_aside"] = aside
    out["compared"] = {
        "staging": comparison.pre_production.name if comparison.pre_production else None,
        "production": comparison.production.name if comparison.production else None,
        "reason": comparison.reason,
        "chosen_by": comparison.chosen_by,
    }
    out["discovered"] = [
        {
            "name": name,
            "role": known.role.value,
            "compared_as": None if side == "other" else side,
            "files": list(paths),
        }
        for name, paths in comparison.files.items()
        for known in [_known(comparison, name)]
        for side in [comparison.side_of(name)]
    ]
    out["others"] = [env.name for env in comparison.others]
    return out


def _known(comparison: Comparison, name: str) -> Environment:
    for env in (comparison.pre_production, comparison.production, *comparison.others):
        if env is not None and env.name == name:
            return env
    raise KeyError(name)


def location(ev: Evidence) -> str:
    return f"{ev.path}:{ev.line}" if ev.line else ev.path
