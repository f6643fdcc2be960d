"""A respondent's answers, the probe's record, the manifest and the workshop's decisions.

These are the files of an audit workspace, as pydantic models. They hold no I/O; see
workspace.py for how they are read and written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from stagegap.questionnaires.answers import Answer, Evidence
from stagegap.questionnaires.model import Finite, Role

Severity = Literal["critical", "high", "medium", "low", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionnaireRef(Model):
    """Which questionnaire, exactly, the answers were given against."""

    id: str
    version: str
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    path: str | None = Field(
        default=None, description="A custom questionnaire file, relative to the workspace."
    )


class Amendment(Model):
    """A change made after sealing, kept beside the sealed original, never over it."""

    answer: Answer
    at: dt.datetime
    reason: str = ""


class Response(Model):
    role: Role
    respondent: str = ""
    questionnaire: QuestionnaireRef | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    amendments: dict[str, list[Amendment]] = Field(default_factory=dict)
    position: str | None = Field(default=None, description="Item to resume at.")
    updated_at: dt.datetime | None = None

    def current(self, item_id: str) -> Answer | None:
        """The answer that counts now: the latest amendment, else the original."""
        changes = self.amendments.get(item_id)
        if changes:
            return changes[-1].answer
        return self.answers.get(item_id)

    def original(self, item_id: str) -> Answer | None:
        return self.answers.get(item_id)

    def digest(self) -> str:
        """A stable digest of the original answers: what a seal vouches for."""
        payload = {k: v.model_dump(mode="json") for k, v in sorted(self.answers.items())}
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        return "sha256:" + hashlib.sha256(blob).hexdigest()


class Seal(Model):
    at: dt.datetime
    digest: str
    by: str = ""


class RespondentEntry(Model):
    name: str = ""
    seal: Seal | None = None


class Costs(Model):
    """Parameters the workshop sets; every money figure in a report names them."""

    currency: str = "EUR"
    day_rate: Finite = Field(default=800.0, ge=0, description="Cost of one engineer-day.")
    incident_hour_cost: Finite = Field(
        default=5000.0, ge=0, description="Cost of one hour of production incident."
    )
    incidents_per_year: Finite = Field(
        default=6.0,
        ge=0,
        description="Production incidents a year that a staging/production gap let through.",
    )
    hours_per_incident: Finite = Field(default=4.0, ge=0)

    @property
    def yearly_gap_cost(self) -> float:
        """What gap-caused incidents cost a year; the plan spreads it over the register."""
        return self.incidents_per_year * self.hours_per_incident * self.incident_hour_cost


class Override(Model):
    """The workshop opened before both humans sealed; the report says so."""

    at: dt.datetime
    by: str = ""
    reason: str = ""


class Manifest(Model):
    format: Literal[1] = 1
    organisation: str
    environments: dict[str, str] = Field(
        default_factory=lambda: {"staging": "staging", "production": "production"},
        description="Display names of the two environments compared.",
    )
    questionnaire: QuestionnaireRef
    respondents: dict[Role, RespondentEntry] = Field(default_factory=dict)
    costs: Costs = Field(default_factory=Costs)
    workshop_override: Override | None = None
    created_at: dt.datetime

    def sealed(self, role: Role) -> bool:
        entry = self.respondents.get(role)
        return entry is not None and entry.seal is not None

    @property
    def humans_sealed(self) -> bool:
        return self.sealed(Role.CTO) and self.sealed(Role.ENGINEER)


class DecisionKind(StrEnum):
    ELIMINATE = "eliminate"
    ACCEPT = "accept"
    TEST_ELSEWHERE = "test_elsewhere"
    INTENTIONAL = "intentional"

    @property
    def label(self) -> str:
        return {
            "eliminate": "Eliminate the gap",
            "accept": "Document and accept, with compensating controls",
            "test_elsewhere": "Test it elsewhere",
            "intentional": "Intentional difference",
        }[self.value]


class DecisionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Decision(Model):
    kind: DecisionKind
    owner: str = ""
    due: dt.date | None = None
    effort_days: float | None = Field(default=None, ge=0)
    status: DecisionStatus = DecisionStatus.OPEN
    note: str = ""
    controls: list[str] = Field(default_factory=list)
    reason: str = Field(default="", description="Why a difference is intentional.")
    expires: dt.date | None = Field(
        default=None, description="An intentional difference is flagged again after this."
    )

    def suppresses(self, today: dt.date) -> bool:
        """An intentional difference stops being flagged until it expires."""
        return self.kind is DecisionKind.INTENTIONAL and (
            self.expires is None or today <= self.expires
        )


class Decisions(Model):
    decisions: dict[str, Decision] = Field(default_factory=dict)


class DeclaredIntentional(Model):
    """A repository's `.stagegap.yaml` says this difference is on purpose (until it expires)."""

    reason: str
    owner: str = ""
    expires: dt.date | None = None


class ProbeFinding(Model):
    """A gap the probe found, in the shape of `stagegap probe --json`'s findings."""

    id: str
    dimension: str
    severity: Severity
    summary: str
    details: str = ""
    item: str | None = Field(default=None, description="The questionnaire item it bears on.")
    service: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    intentional: DeclaredIntentional | None = None


class EnvVarCell(Model):
    """One variable in one environment: where it is set and when (build or run time)."""

    scopes: list[Literal["build", "run"]] = Field(default_factory=list)
    sources: list[Evidence] = Field(default_factory=list)
    fingerprint: str | None = Field(
        default=None, description="Salted fingerprint of a secret value; never the value."
    )
    kind: str | None = Field(default=None, description="e.g. 'Stripe live secret key'.")


class EnvVarRow(Model):
    name: str
    service: str | None = None
    secret: bool = False
    read_by_code: list[Evidence] = Field(default_factory=list)
    cells: dict[str, EnvVarCell] = Field(
        default_factory=dict, description="Keyed by 'staging', 'production' or 'shared'."
    )


class ProbeRecord(Model):
    """What the probe saw, beside its answers: the report's appendix is built from this."""

    root: str
    ran_at: dt.datetime
    environments: dict[str, Any] = Field(default_factory=dict)
    findings: list[ProbeFinding] = Field(default_factory=list)
    env_vars: list[EnvVarRow] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
