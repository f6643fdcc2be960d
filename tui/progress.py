"""Counting what a respondent has done, for the home screen, the sidebar and the seal summary.

Presentation only: what counts as answered is what Response.current() returns; an item with
nothing saved but something typed (a session draft: one environment of two) is "in progress".
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Questionnaire


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    dont_know: int
    unanswered_ids: list[str] = field(default_factory=list)
    dont_know_ids: list[str] = field(default_factory=list)
    not_applicable_ids: list[str] = field(default_factory=list)
    in_progress_ids: list[str] = field(default_factory=list)

    @property
    def in_progress(self) -> int:
        return len(self.in_progress_ids)

    @property
    def not_applicable(self) -> int:
        return len(self.not_applicable_ids)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def progress_of(
    questionnaire: Questionnaire,
    current: Callable[[str], Answer | None],
    dimension: str | None = None,
    drafts: Collection[str] = (),
) -> Progress:
    """`current` is Response.current, or the session's own view of the answers; `drafts` the
    items with something typed that is not an answer yet."""
    ids = [
        i for i in questionnaire.item_ids() if dimension is None or i.partition(".")[0] == dimension
    ]
    unanswered = [i for i in ids if current(i) is None]
    dont_know = [i for i in ids if (a := current(i)) is not None and a.dont_know]
    not_applicable = [
        i for i in ids if (a := current(i)) is not None and a.not_applicable is not None
    ]
    in_progress = [i for i in unanswered if i in drafts]
    return Progress(
        len(ids),
        len(ids) - len(unanswered),
        len(dont_know),
        unanswered,
        dont_know,
        not_applicable,
        in_progress,
    )


def plural(count: int, noun: str) -> str:
    """'1 finding', '2 findings'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
