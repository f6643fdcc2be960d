"""App-wide messages. Workers report only through these; screens react with @on handlers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from stagegap.questionnaires.answers import Answer


@dataclass
class Saved(Message, bubble=False):
    """The writer thread finished a write (key names what was written)."""

    key: str


@dataclass
class SaveFailed(Message, bubble=False):
    """A write failed; the message is one line for the user."""

    key: str
    error: str


@dataclass
class AnswerChanged(Message):
    """An item editor has a new answer (None: the respondent cleared it)."""

    item_id: str
    answer: Answer | None


@dataclass
class DraftChanged(Message):
    """What is typed on an item that is not an answer yet (one environment of two, text that
    is not a number or a date), as typed; None once it is an answer again or blank."""

    item_id: str
    draft: dict[str, Any] | None


@dataclass
class ProbeProgress(Message):
    message: str
    fraction: float


@dataclass
class ProbeDone(Message):
    answers: int
    findings: int


@dataclass
class ProbeFailed(Message):
    error: str
    cancelled: bool = False


@dataclass
class ExportProgress(Message):
    message: str
    fraction: float


@dataclass
class ExportDone(Message):
    paths: list[Path]


@dataclass
class ExportFailed(Message):
    error: str
