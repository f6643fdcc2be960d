"""The per-role session lock and session state (plain Python: no app here)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stagegap.questionnaires import session_lock
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.session_lock import (
    FileWatch,
    Holder,
    SessionError,
    SessionLock,
    acquire,
    holder_of,
    load_state,
    record_switch,
    save_draft,
    set_passphrase,
    take_over,
)


def test_a_second_session_is_told_who_holds_the_role(tmp_path: Path) -> None:
    first = acquire(tmp_path, Role.CTO, where="terminal /dev/pts/1")
    assert isinstance(first, SessionLock)
    second = acquire(tmp_path, Role.CTO, where="terminal /dev/pts/2")
    assert isinstance(second, Holder)
    assert "terminal /dev/pts/1" in second.describe()
    assert f"pid {os.getpid()}" in second.describe()
    # Another role is free.
    assert isinstance(acquire(tmp_path, Role.ENGINEER), SessionLock)


def test_release_frees_the_role_and_never_removes_anothers_lock(tmp_path: Path) -> None:
    first = acquire(tmp_path, Role.CTO)
    assert isinstance(first, SessionLock)
    taker = take_over(tmp_path, Role.CTO, where="browser")
    first.release()  # lost already: must not remove the taker's lock
    assert holder_of(tmp_path, Role.CTO) == taker.holder
    taker.release()
    assert holder_of(tmp_path, Role.CTO) is None
    assert isinstance(acquire(tmp_path, Role.CTO), SessionLock)


def test_the_holder_learns_of_a_take_over_on_its_next_refresh(tmp_path: Path) -> None:
    first = acquire(tmp_path, Role.ENGINEER)
    assert isinstance(first, SessionLock)
    assert first.refresh() is None
    taker = take_over(tmp_path, Role.ENGINEER, where="terminal /dev/pts/9")
    lost_to = first.refresh()
    assert lost_to is not None and lost_to.token == taker.holder.token
    assert holder_of(tmp_path, Role.ENGINEER) == taker.holder  # the loser did not write back


def test_a_lock_whose_process_died_is_stale(tmp_path: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock = acquire(tmp_path, Role.CTO)
    assert isinstance(lock, SessionLock)
    dead = lock.holder.model_copy(update={"pid": int(child.stdout)})
    lock.path.write_text(dead.model_dump_json())
    assert dead.stale()
    assert holder_of(tmp_path, Role.CTO) is None
    assert isinstance(acquire(tmp_path, Role.CTO), SessionLock)


def test_a_silent_holder_on_another_host_is_stale_after_a_while(tmp_path: Path) -> None:
    lock = acquire(tmp_path, Role.CTO)
    assert isinstance(lock, SessionLock)
    old = lock.holder.heartbeat - session_lock.STALE_AFTER - dt.timedelta(seconds=1)
    remote = lock.holder.model_copy(update={"host": "elsewhere.invalid", "heartbeat": old})
    assert remote.stale()
    fresh = remote.model_copy(update={"heartbeat": lock.holder.heartbeat})
    assert not fresh.stale(now=lock.holder.heartbeat)


def test_an_unreadable_lock_file_does_not_block_the_role(tmp_path: Path) -> None:
    path = tmp_path / session_lock.SESSIONS_DIR / "cto.lock"
    path.parent.mkdir()
    path.write_text("{not json")
    assert isinstance(acquire(tmp_path, Role.CTO), SessionLock)


def test_a_file_watch_sees_changes_made_elsewhere_once(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    watch = FileWatch(target)
    assert not watch.changed()
    target.write_text("a: 1\n")
    assert watch.changed()
    assert not watch.changed()
    target.write_text("a: 22\n")
    watch.settle()  # our own write
    assert not watch.changed()


def test_drafts_switches_and_passphrase_survive_in_the_session_state(tmp_path: Path) -> None:
    save_draft(tmp_path, Role.CTO, "traffic.replicas", {"staging": "2"})
    record_switch(tmp_path, Role.CTO, Role.ENGINEER, where="terminal /dev/pts/1")
    set_passphrase(tmp_path, Role.CTO, "blue heron")
    state = load_state(tmp_path, Role.CTO)
    assert state.drafts == {"traffic.replicas": {"staging": "2"}}
    assert state.switches[0].from_role is Role.ENGINEER
    assert state.passphrase is not None
    assert state.passphrase.matches("blue heron") and not state.passphrase.matches("blue")
    raw = (tmp_path / session_lock.SESSIONS_DIR / "cto.json").read_text()
    assert "blue heron" not in raw  # only a salted hash is kept
    save_draft(tmp_path, Role.CTO, "traffic.replicas", None)
    set_passphrase(tmp_path, Role.CTO, "")
    state = load_state(tmp_path, Role.CTO)
    assert state.drafts == {} and state.passphrase is None
    assert load_state(tmp_path, Role.ENGINEER).drafts == {}


def test_a_broken_state_file_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / session_lock.SESSIONS_DIR / "cto.json"
    path.parent.mkdir()
    path.write_text('{"drafts": 3}')
    with pytest.raises(SessionError, match=r"cto\.json: not a session file"):
        load_state(tmp_path, Role.CTO)


def test_a_server_names_where_each_session_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(session_lock.WHERE_VARIABLE, "browser at 10.0.0.7")
    assert session_lock.where_am_i() == "browser at 10.0.0.7"
    monkeypatch.delenv(session_lock.WHERE_VARIABLE)
    assert session_lock.where_am_i().startswith(("terminal ", "a session without"))
