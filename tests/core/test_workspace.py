"""The workspace keeps every answer: atomically, under a lock, sealed originals untouched."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.atomic import write_atomic
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Decision, DecisionKind
from stagegap.questionnaires.workspace import Workspace, WorkspaceError

ITEM = "traffic.request-ratio"


def test_create_then_open_round_trips(workspace: Workspace) -> None:
    again = Workspace.open(workspace.root)
    assert again.manifest.organisation == "Acme Payments"
    assert again.manifest.questionnaire.id == "staging-production-gap"
    assert again.manifest.questionnaire.digest.startswith("sha256:")
    assert not again.questionnaire_changed


def test_create_refuses_to_overwrite(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(workspace.root, "Other")


def test_open_explains_a_missing_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="not a stagegap workspace"):
        Workspace.open(tmp_path)
    with pytest.raises(WorkspaceError, match="no such directory"):
        Workspace.open(tmp_path / "nope")


def test_every_answer_is_on_disk_at_once(workspace: Workspace) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10", note="a guess"))
    reread = Workspace.open(workspace.root).response(Role.CTO).current(ITEM)
    assert reread is not None and reread.value == "1-to-10" and reread.note == "a guess"
    assert reread.answered_at is not None


def test_an_invalid_answer_is_refused_and_nothing_changes(workspace: Workspace) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10"))
    with pytest.raises(WorkspaceError, match="not one of"):
        workspace.set_answer(Role.CTO, ITEM, Answer(value="lots"))
    with pytest.raises(WorkspaceError, match="not an item"):
        workspace.set_answer(Role.CTO, "traffic.nope", Answer(value="x"))
    assert workspace.response(Role.CTO).current(ITEM).value == "1-to-10"  # type: ignore[union-attr]


def test_answers_come_back_with_their_types(workspace: Workspace) -> None:
    import datetime as dt

    workspace.set_answer(Role.CTO, "env-vars.map-verified-on", Answer(value="2026-02-01"))
    workspace.set_answer(
        Role.CTO, "traffic.replicas", Answer(value={"staging": 1, "production": 4})
    )
    workspace.seal(Role.CTO)
    workspace.set_answer(Role.CTO, "env-vars.map-verified-on", Answer(value="2026-03-01"))
    response = Workspace.open(workspace.root).response(Role.CTO)
    assert response.original("env-vars.map-verified-on").value == dt.date(2026, 2, 1)  # type: ignore[union-attr]
    assert response.current("env-vars.map-verified-on").value == dt.date(2026, 3, 1)  # type: ignore[union-attr]
    assert response.current("traffic.replicas").value == {"staging": 1.0, "production": 4.0}  # type: ignore[union-attr]


def test_writes_leave_no_temporary_files(workspace: Workspace) -> None:
    for choice in ("1-to-10", "1-to-100", "manual-only"):
        workspace.set_answer(Role.ENGINEER, ITEM, Answer(value=choice))
    leftovers = [p.name for p in workspace.root.rglob("*.tmp")]
    assert leftovers == []


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    write_atomic(target, "old: true\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stagegap.questionnaires.atomic.os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new: true\n")
    assert target.read_text() == "old: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_atomic_writes_get_ordinary_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("stagegap.questionnaires.atomic._UMASK", 0o022)
    write_atomic(tmp_path / "new.yaml", "a: 1\n")
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644
    (tmp_path / "new.yaml").chmod(0o640)
    write_atomic(tmp_path / "new.yaml", "a: 2\n")
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o640


def _write_many(root: str, role: str, items: list[str]) -> None:
    ws = Workspace.open(Path(root))
    for item_id in items:
        ws.set_answer(Role(role), item_id, Answer(dont_know=True))


def test_two_terminals_writing_at_once_lose_nothing(workspace: Workspace) -> None:
    ids = workspace.questionnaire.item_ids()
    half = len(ids) // 2
    ctx = multiprocessing.get_context("spawn")
    jobs = [
        ctx.Process(target=_write_many, args=(str(workspace.root), "cto", ids[:half])),
        ctx.Process(target=_write_many, args=(str(workspace.root), "cto", ids[half:])),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(timeout=60)
        assert job.exitcode == 0
    saved = Workspace.open(workspace.root).response(Role.CTO).answers
    assert set(saved) == set(ids)


def test_seal_records_a_digest_and_amendments_keep_the_original(workspace: Workspace) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10", confidence="high"))
    seal = workspace.seal(Role.CTO)
    assert seal.digest == workspace.response(Role.CTO).digest()
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-100"), reason="after the workshop")
    response = Workspace.open(workspace.root).response(Role.CTO)
    assert response.original(ITEM).value == "1-to-10"  # type: ignore[union-attr]
    assert response.current(ITEM).value == "1-to-100"  # type: ignore[union-attr]
    assert response.amendments[ITEM][0].reason == "after the workshop"
    assert workspace.seal_intact(Role.CTO)


def test_re_saving_an_unchanged_answer_after_sealing_adds_no_amendment(
    workspace: Workspace,
) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10"))
    workspace.seal(Role.CTO)
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10"))
    assert workspace.response(Role.CTO).amendments == {}
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-100"))
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-100"))
    assert len(workspace.response(Role.CTO).amendments[ITEM]) == 1


def test_hand_editing_a_sealed_original_is_detected(workspace: Workspace) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10"))
    workspace.seal(Role.CTO)
    path = workspace.response_path(Role.CTO)
    path.write_text(path.read_text().replace("1-to-10", "about-equal"))
    assert not workspace.seal_intact(Role.CTO)


def test_sealing_twice_and_sealing_the_probe_are_refused(workspace: Workspace) -> None:
    workspace.seal(Role.ENGINEER)
    with pytest.raises(WorkspaceError, match="already sealed"):
        workspace.seal(Role.ENGINEER)
    with pytest.raises(WorkspaceError, match="only the CTO and the engineer"):
        workspace.seal(Role.PROBE)


def test_nobody_sees_others_until_both_humans_seal(workspace: Workspace) -> None:
    assert not workspace.can_see_others(Role.CTO)
    workspace.seal(Role.CTO)
    assert not workspace.can_see_others(Role.CTO)
    workspace.seal(Role.ENGINEER)
    assert workspace.can_see_others(Role.ENGINEER)


def test_an_override_opens_the_workshop_and_is_recorded(workspace: Workspace) -> None:
    workspace.override_workshop(by="CTO", reason="engineer on leave")
    reopened = Workspace.open(workspace.root)
    assert reopened.can_see_others(Role.CTO)
    assert reopened.manifest.workshop_override.reason == "engineer on leave"  # type: ignore[union-attr]


def test_decisions_are_saved_and_cleared(workspace: Workspace) -> None:
    decision = Decision(kind=DecisionKind.ELIMINATE, owner="Dana", effort_days=3)
    workspace.set_decision(ITEM, decision)
    assert Workspace.open(workspace.root).decisions().decisions[ITEM].owner == "Dana"
    workspace.set_decision(ITEM, None)
    assert ITEM not in workspace.decisions().decisions


def test_a_corrupted_response_file_is_one_clear_error(workspace: Workspace) -> None:
    workspace.set_answer(Role.CTO, ITEM, Answer(value="1-to-10"))
    workspace.response_path(Role.CTO).write_text("role: cto\nanswers: [oops\n")
    with pytest.raises(WorkspaceError, match=r"cto\.yaml:\d+: not valid YAML"):
        workspace.response(Role.CTO)
