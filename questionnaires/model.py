"""The instrument: questionnaire, dimensions and items as validated data.

A questionnaire is data a team may write themselves (an eighth dimension, their own items), so
every rule the rest of stagegap relies on is enforced here, at load time, with an error that
names the field, rather than discovered later as a wrong score.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$", max_length=130)]
Risk = Annotated[float, Field(ge=0.0, le=1.0)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
"""A number a report can print: .inf and .nan parse as floats but mean nothing here."""


class Role(StrEnum):
    """Who answers. The two humans answer independently; the probe reads configuration."""

    CTO = "cto"
    ENGINEER = "engineer"
    PROBE = "probe"

    @property
    def label(self) -> str:
        return {"cto": "CTO", "engineer": "Engineer", "probe": "Probe"}[self.value]


HUMAN_ROLES: tuple[Role, Role] = (Role.CTO, Role.ENGINEER)
ENVIRONMENTS: tuple[str, str] = ("staging", "production")


class AnswerType(StrEnum):
    SINGLE = "single_choice"
    MULTI = "multi_choice"
    ORDINAL = "ordinal"
    NUMBER = "number"
    YES_NO = "yes_no"
    DATE = "date"
    NAMES = "names"
    TEXT = "text"


CHOICE_TYPES = frozenset({AnswerType.SINGLE, AnswerType.MULTI, AnswerType.ORDINAL})


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a custom questionnaire must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    id: Identifier
    label: str
    risk: Risk = 0.0
    exclusive: bool = Field(
        default=False, description="In a multiple choice, this option excludes all others."
    )


class Band(Strict):
    """Risk for numbers (or counts of names, or ages of dates in days) below a bound."""

    below: Finite
    risk: Risk


class Compare(Strict):
    """How two answers are judged 'the same'; defaults per answer type are in reconcile."""

    set_overlap: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Jaccard overlap at which two sets agree."
    )
    ordinal_steps: int | None = Field(
        default=None, ge=0, description="Scale steps apart that still count as agreeing."
    )
    numeric_ratio: Finite | None = Field(
        default=None, ge=1.0, description="Largest/smallest ratio that still counts as agreeing."
    )
    date_days: int | None = Field(default=None, ge=0)


class Remedy(Strict):
    """What a decision would cost and buy, so the plan can rank by risk reduced per effort."""

    action: str
    effort_days: Finite = Field(ge=0.0)
    risk_reduction: Risk = Field(description="Share of the item's risk this removes.")
    controls: list[str] = Field(default_factory=list)


class Remedies(Strict):
    eliminate: Remedy | None = None
    accept: Remedy | None = Field(
        default=None, description="Document and accept, with compensating controls."
    )
    test_elsewhere: Remedy | None = None


class ProbeBinding(Strict):
    """Which probe rule answers an item, or why configuration cannot show it."""

    rule: str | None = None
    not_observable: str | None = Field(
        default=None, description="Why configuration cannot answer this item."
    )

    @model_validator(mode="after")
    def _one_of(self) -> ProbeBinding:
        if (self.rule is None) == (self.not_observable is None):
            raise ValueError("give exactly one of 'rule' or 'not_observable'")
        return self


class Item(Strict):
    id: Identifier
    prompt: str
    prompts: dict[Literal["cto", "engineer"], str] = Field(default_factory=dict)
    help: str = ""
    type: AnswerType
    options: list[Option] = Field(default_factory=list)
    unit: str | None = None
    bands: list[Band] = Field(
        default_factory=list,
        description="number: value bands; names: bands on the count; date: bands on age in days.",
    )
    yes_risk: Risk | None = None
    no_risk: Risk | None = None
    unknown_risk: Risk | None = Field(
        default=None, description="Risk of 'I don't know'; defaults to the item's worst risk."
    )
    per_environment: bool = Field(
        default=False, description="Asks for the staging and the production state separately."
    )
    gap_risk: Risk = Field(
        default=0.6, description="per_environment: risk when staging and production differ."
    )
    impact: int = Field(default=3, ge=1, le=5)
    compare: Compare = Field(default_factory=Compare)
    probe: ProbeBinding
    remedies: Remedies = Field(default_factory=Remedies)

    @model_validator(mode="after")
    def _fits_type(self) -> Item:
        if self.type in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"a {self.type.value} item needs at least two options")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("option ids must be unique")
        elif self.options:
            raise ValueError(f"a {self.type.value} item takes no options")
        if self.type is AnswerType.YES_NO and (self.yes_risk is None or self.no_risk is None):
            raise ValueError("a yes_no item needs yes_risk and no_risk")
        if self.type is AnswerType.NUMBER and not self.unit:
            raise ValueError("a number item needs a unit")
        bounds = [b.below for b in self.bands]
        if bounds != sorted(bounds):
            raise ValueError("bands must be in ascending order of 'below'")
        if self.bands and self.type not in (AnswerType.NUMBER, AnswerType.NAMES, AnswerType.DATE):
            raise ValueError(f"a {self.type.value} item takes no bands")
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def prompt_for(self, role: str) -> str:
        prompt: str = self.prompts.get(role, self.prompt)  # type: ignore[call-overload]
        return prompt

    @property
    def worst_risk(self) -> float:
        """The riskiest state the item can describe: what 'I don't know' is scored as."""
        candidates: list[float] = [o.risk for o in self.options]
        candidates += [b.risk for b in self.bands]
        candidates += [r for r in (self.yes_risk, self.no_risk) if r is not None]
        if self.per_environment:
            candidates.append(self.gap_risk)
        return max(candidates, default=0.5)

    @property
    def risk_when_unknown(self) -> float:
        """Never safe: an unknown is at least a coin toss, and by default the worst case."""
        return max(self.unknown_risk if self.unknown_risk is not None else self.worst_risk, 0.25)

    @property
    def observable(self) -> bool:
        return self.probe.rule is not None


class Dimension(Strict):
    id: Identifier
    title: str
    question: str
    why: str
    failure_modes: list[str] = Field(default_factory=list)
    weight: float = Field(default=1.0, gt=0.0, le=3.0)
    items: list[Item] = Field(min_length=1)


class Questionnaire(Strict):
    id: Identifier
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    title: str
    description: str = ""
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Questionnaire:
        dims = [d.id for d in self.dimensions]
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimension ids must be unique: {sorted(dims)}")
        for d in self.dimensions:
            items = [i.id for i in d.items]
            if len(set(items)) != len(items):
                raise ValueError(f"item ids must be unique within dimension {d.id!r}")
        return self

    def items(self) -> list[tuple[Dimension, Item]]:
        return [(d, i) for d in self.dimensions for i in d.items]

    def item_ids(self) -> list[str]:
        return [qualified_id(d, i) for d, i in self.items()]

    def find(self, item_id: str) -> tuple[Dimension, Item] | None:
        dim_id, _, local = item_id.partition(".")
        for d in self.dimensions:
            if d.id == dim_id:
                for i in d.items:
                    if i.id == local:
                        return d, i
        return None

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


def qualified_id(dimension: Dimension, item: Item) -> str:
    """Items are addressed as 'dimension.item' everywhere outside the questionnaire file."""
    return f"{dimension.id}.{item.id}"
