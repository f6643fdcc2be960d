"""The audit workspace: a directory a team can commit to git.

    stagegap.yaml              manifest: organisation, environments, questionnaire, seals, costs
    responses/cto.yaml         one file per respondent
    responses/engineer.yaml
    responses/probe.yaml       the probe's answers, with evidence
    responses/probe-record.yaml  the probe's findings and inventory (the report's appendix)
    decisions.yaml             what the workshop decided per item
    exports/                   rendered reports

Every change is one locked read-modify-write ending in an atomic rename, so two terminals on
one workspace take turns and a killed process leaves either the old file or the new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stagegap.questionnaires.answers import Answer, AnswerError, checked
from stagegap.questionnaires.atomic import (
    exclusive_lock,
    remove_stale_temps,
    write_atomic,
)
from stagegap.questionnaires.limits import MAX_AMENDMENTS_PER_ITEM, MAX_NAME_CHARS
from stagegap.questionnaires.loader import bundled, digest, load_questionnaire
from stagegap.questionnaires.model import HUMAN_ROLES, Questionnaire, Role
from stagegap.questionnaires.response import (
    Amendment,
    Costs,
    Decision,
    Decisions,
    Manifest,
    Override,
    ProbeRecord,
    QuestionnaireRef,
    RespondentEntry,
    Response,
    Seal,
)
from stagegap.questionnaires.yamlsource import (
    LineIndex,
    SourceErrors,
    errors_from_validation,
    load_file,
)

MANIFEST_NAME = "stagegap.yaml"
LOCK_NAME = ".stagegap.lock"
MAX_WORKSPACE_FILE_BYTES = 64 * 1024 * 1024
"""The workspace's own files; the probe's record of a large monorepo runs to a few MB."""
M = TypeVar("M", bound=BaseModel)


class WorkspaceError(Exception):
    """A one-line, user-facing problem with a workspace (never a traceback)."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def dump_yaml(model: BaseModel, header: str = "") -> str:
    data = model.model_dump(mode="json", exclude_defaults=False)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body


class Workspace:
    def __init__(self, root: Path, manifest: Manifest, questionnaire: Questionnaire) -> None:
        self.root = root
        self.manifest = manifest
        self.questionnaire = questionnaire

    # ----------------------------------------------------------------- opening and creating

    @staticmethod
    def exists(root: Path) -> bool:
        return (root / MANIFEST_NAME).is_file()

    @classmethod
    def create(
        cls,
        root: Path,
        organisation: str,
        *,
        staging: str = "staging",
        production: str = "production",
        questionnaire_file: Path | None = None,
    ) -> Workspace:
        if cls.exists(root):
            raise WorkspaceError(f"{root / MANIFEST_NAME}: a workspace already exists here")
        if not organisation.strip():
            raise WorkspaceError("the organisation's name cannot be empty")
        if len(organisation.strip()) > MAX_NAME_CHARS:
            raise WorkspaceError(
                f"the organisation's name is longer than {MAX_NAME_CHARS} characters"
            )
        if questionnaire_file is not None:
            questionnaire = load_questionnaire(questionnaire_file)
            root.mkdir(parents=True, exist_ok=True)
            local = root / "questionnaire.yaml"
            write_atomic(local, questionnaire_file.read_bytes())
            ref_path: str | None = local.name
        else:
            questionnaire = bundled()
            ref_path = None
        manifest = Manifest(
            organisation=organisation.strip(),
            environments={"staging": staging, "production": production},
            questionnaire=QuestionnaireRef(
                id=questionnaire.id,
                version=questionnaire.version,
                digest=digest(questionnaire),
                path=ref_path,
            ),
            respondents={role: RespondentEntry() for role in Role},
            created_at=now(),
        )
        workspace = cls(root, manifest, questionnaire)
        with workspace._locked():
            workspace._write(MANIFEST_NAME, dump_yaml(manifest, "# stagegap audit workspace\n"))
            (root / "exports").mkdir(exist_ok=True)
        return workspace

    @classmethod
    def open(cls, root: Path) -> Workspace:
        if not root.exists():
            raise WorkspaceError(f"{root}: no such directory")
        if not cls.exists(root):
            raise WorkspaceError(
                f"{root}: not a stagegap workspace (no {MANIFEST_NAME}; create one with "
                f"'stagegap init {root}')"
            )
        manifest_path = root / MANIFEST_NAME
        manifest, index = _read_indexed(manifest_path, Manifest)
        ref = manifest.questionnaire
        if ref.path:
            questionnaire = load_questionnaire(_inside(root, ref.path, index))
        else:
            questionnaire = bundled()
        if questionnaire.id != ref.id:
            raise WorkspaceError(
                f"{manifest_path}: answers were given against questionnaire {ref.id!r}, "
                f"but {questionnaire.id!r} is loaded"
            )
        if questionnaire.version == ref.version and digest(questionnaire) != ref.digest:
            line = index.line_of(["questionnaire", "digest"])
            raise WorkspaceError(
                f"{manifest_path}:{line}: questionnaire.digest does not match {ref.id} "
                f"{ref.version} as loaded: the questionnaire or the manifest was edited by hand"
            )
        remove_stale_temps((root, root / "responses"), root / LOCK_NAME)
        return cls(root, manifest, questionnaire)

    @property
    def questionnaire_changed(self) -> bool:
        """True when the questionnaire differs from the one the workspace was started with."""
        return digest(self.questionnaire) != self.manifest.questionnaire.digest

    # ------------------------------------------------------------------------- responses

    def response_path(self, role: Role) -> Path:
        return self.root / "responses" / f"{role.value}.yaml"

    def response(self, role: Role) -> Response:
        path = self.response_path(role)
        if not path.exists():
            return Response(role=role, questionnaire=self.manifest.questionnaire)
        return self._typed(_read_model(path, Response))

    def _typed(self, response: Response) -> Response:
        """Values as their items' types: YAML gives '2026-02-01' back as text, not a date.

        Answers to items the questionnaire no longer has are kept as they are, so nothing a
        respondent wrote is dropped by a questionnaire update.
        """

        def typed(item_id: str, answer: Answer) -> Answer:
            found = self.questionnaire.find(item_id)
            if found is None:
                return answer
            try:
                return checked(found[1], answer)
            except AnswerError:
                return answer

        response.answers = {k: typed(k, a) for k, a in response.answers.items()}
        for item_id, changes in response.amendments.items():
            for change in changes:
                change.answer = typed(item_id, change.answer)
        return response

    def responses(self) -> dict[Role, Response]:
        return {role: self.response(role) for role in Role}

    def set_answer(self, role: Role, item_id: str, answer: Answer, reason: str = "") -> Response:
        """Save one answer now. After a seal it becomes an amendment beside the original."""
        found = self.questionnaire.find(item_id)
        if found is None:
            raise WorkspaceError(f"{item_id!r} is not an item of {self.questionnaire.id}")
        try:
            answer = checked(found[1], answer)
        except AnswerError as exc:
            raise WorkspaceError(f"{item_id}: {exc}") from None
        stamped = answer.model_copy(update={"answered_at": answer.answered_at or now()})
        return self._update_response(role, lambda r: self._apply(r, item_id, stamped, reason))

    def clear_answer(self, role: Role, item_id: str) -> Response:
        if self.manifest.sealed(role):
            raise WorkspaceError(f"{role.label} has sealed; answers can be amended, not cleared")

        def clear(response: Response) -> None:
            response.answers.pop(item_id, None)

        return self._update_response(role, clear)

    def set_position(self, role: Role, item_id: str) -> None:
        def move(response: Response) -> None:
            response.position = item_id

        self._update_response(role, move)

    def import_answers(
        self, role: Role, answers: Mapping[str, Answer], respondent: str = ""
    ) -> Response:
        """All or nothing: answers are checked by the caller; one write applies them all."""

        def merge(response: Response) -> None:
            if respondent:
                response.respondent = respondent
            stamp = now()
            for item_id, answer in answers.items():
                stamped = answer.model_copy(update={"answered_at": answer.answered_at or stamp})
                self._apply(response, item_id, stamped, "imported")

        response = self._update_response(role, merge)
        if respondent:
            self._update_manifest(lambda m: _set_name(m, role, respondent))
        return response

    def _apply(self, response: Response, item_id: str, answer: Answer, reason: str) -> None:
        if self.manifest.sealed(response.role) and response.role is not Role.PROBE:
            if _same_answer(response.current(item_id), answer):
                return
            history = response.amendments.setdefault(item_id, [])
            history.append(Amendment(answer=answer, at=answer.answered_at or now(), reason=reason))
            del history[:-MAX_AMENDMENTS_PER_ITEM]
        else:
            response.answers[item_id] = answer

    def _update_response(self, role: Role, change: Callable[[Response], None]) -> Response:
        with self._locked():
            self._reload_manifest()
            response = self.response(role)
            change(response)
            response.questionnaire = response.questionnaire or self.manifest.questionnaire
            response.updated_at = now()
            header = f"# stagegap answers of the {role.label}; edit with 'stagegap answer'\n"
            self._write(f"responses/{role.value}.yaml", dump_yaml(response, header))
        return response

    # ---------------------------------------------------------------------------- sealing

    def seal(self, role: Role, by: str = "") -> Seal:
        if role not in HUMAN_ROLES:
            raise WorkspaceError("only the CTO and the engineer seal their answers")
        if self.manifest.sealed(role):
            raise WorkspaceError(f"{role.label} has already sealed")
        response = self.response(role)
        seal = Seal(at=now(), digest=response.digest(), by=by or response.respondent)

        def apply(manifest: Manifest) -> None:
            entry = manifest.respondents.setdefault(role, RespondentEntry())
            entry.seal = seal

        self._update_manifest(apply)
        return seal

    def seal_intact(self, role: Role) -> bool:
        """The sealed original has not been edited by hand since (amendments are fine)."""
        entry = self.manifest.respondents.get(role)
        if entry is None or entry.seal is None:
            return False
        return self.response(role).digest() == entry.seal.digest

    def can_see_others(self, role: Role) -> bool:
        """Independence: nobody sees another's answers until both humans have sealed."""
        return self.manifest.humans_sealed or self.manifest.workshop_override is not None

    def override_workshop(self, by: str, reason: str) -> None:
        def apply(manifest: Manifest) -> None:
            manifest.workshop_override = Override(at=now(), by=by, reason=reason)

        self._update_manifest(apply)

    # ------------------------------------------------------------------------------ probe

    @property
    def probe_record_path(self) -> Path:
        return self.root / "responses" / "probe-record.yaml"

    def record_probe(self, answers: Mapping[str, Answer], record: ProbeRecord) -> Response:
        """The probe's answers replace its previous run; its record goes beside them."""
        known = set(self.questionnaire.item_ids())
        unknown = sorted(set(answers) - known)
        if unknown:
            raise WorkspaceError(f"the probe answered unknown items: {', '.join(unknown)}")

        def replace(response: Response) -> None:
            response.respondent = "stagegap probe"
            response.answers = dict(answers)

        response = self._update_response(Role.PROBE, replace)
        with self._locked():
            header = "# what the stagegap probe saw: findings and inventory (no secret values)\n"
            self._write("responses/probe-record.yaml", dump_yaml(record, header))
        return response

    def probe_record(self) -> ProbeRecord | None:
        if not self.probe_record_path.exists():
            return None
        return _read_model(self.probe_record_path, ProbeRecord)

    # -------------------------------------------------------------------------- decisions

    def decisions(self) -> Decisions:
        path = self.root / "decisions.yaml"
        return _read_model(path, Decisions) if path.exists() else Decisions()

    def set_decision(self, item_id: str, decision: Decision | None) -> Decisions:
        if self.questionnaire.find(item_id) is None:
            raise WorkspaceError(f"{item_id!r} is not an item of {self.questionnaire.id}")
        with self._locked():
            current = self.decisions()
            if decision is None:
                current.decisions.pop(item_id, None)
            else:
                current.decisions[item_id] = decision
            self._write("decisions.yaml", dump_yaml(current, "# the workshop's decisions\n"))
        return current

    def set_costs(self, costs: Costs) -> None:
        def apply(manifest: Manifest) -> None:
            manifest.costs = costs

        self._update_manifest(apply)

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    # ---------------------------------------------------------------------------- plumbing

    def _locked(self) -> Any:
        return exclusive_lock(self.root / LOCK_NAME)

    def _write(self, relative: str, text: str) -> None:
        write_atomic(self.root / relative, text)

    def _reload_manifest(self) -> None:
        self.manifest = _read_model(self.root / MANIFEST_NAME, Manifest)

    def _update_manifest(self, change: Callable[[Manifest], None]) -> None:
        with self._locked():
            self._reload_manifest()
            change(self.manifest)
            self._write(MANIFEST_NAME, dump_yaml(self.manifest, "# stagegap audit workspace\n"))


def _same_answer(a: Answer | None, b: Answer) -> bool:
    """Equal apart from when it was given: re-saving an unchanged answer is not an amendment."""
    if a is None:
        return False
    return a.model_dump(exclude={"answered_at"}) == b.model_dump(exclude={"answered_at"})


def _set_name(manifest: Manifest, role: Role, name: str) -> None:
    manifest.respondents.setdefault(role, RespondentEntry()).name = name


def _read_model(path: Path, model: type[M]) -> M:
    return _read_indexed(path, model)[0]


def _read_indexed(path: Path, model: type[M]) -> tuple[M, LineIndex]:
    """A workspace file as its model, with the index that names the line of any field."""
    try:
        data, index = load_file(path, max_bytes=MAX_WORKSPACE_FILE_BYTES)
    except SourceErrors as exc:
        raise WorkspaceError(str(exc)) from None
    try:
        return model.model_validate(data if data is not None else {}), index
    except ValidationError as exc:
        raise WorkspaceError(str(errors_from_validation(exc, index, str(path)))) from None


def _inside(root: Path, relative: str, index: LineIndex) -> Path:
    """The manifest's questionnaire path, which must stay inside the workspace: a manifest
    is committed to git and shared, so it must not read /etc/passwd or ../../elsewhere."""
    path = Path(relative)
    resolved_root = root.resolve()
    if path.is_absolute() or not (root / path).resolve().is_relative_to(resolved_root):
        line = index.line_of(["questionnaire", "path"])
        raise WorkspaceError(
            f"{root / MANIFEST_NAME}:{line}: questionnaire.path must be a file inside the "
            f"workspace, not {relative!r}"
        )
    return root / path
