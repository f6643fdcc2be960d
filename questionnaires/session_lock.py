"""Who is answering as a role right now, and what that respondent's session keeps between saves.

Two terminals (or two browsers through `stagegap serve`) must never answer as the same role at
once: each would show a stale view and the last writer would win item by item. So a session
holds a per-role lock, a small JSON file beside the workspace's answers:

    <workspace>/.stagegap-sessions/<role>.lock     who holds the role (pid, host, where, token)
    <workspace>/.stagegap-sessions/<role>.json     the role's session state (drafts, switches,
                                                   an optional passphrase's salted hash)

API (plain Python, no terminal; the app and `stagegap serve` both build on it):

    got = acquire(root, role, where="terminal /dev/pts/3")
    if isinstance(got, Holder):      # someone else has the role open
        got.describe()               # "open in terminal /dev/pts/2 on host-a (pid 42) since 16:40"
        lock = take_over(root, role, where=...)   # only when the user says so explicitly
    else:
        lock = got                   # a SessionLock
    lock.refresh()                   # heartbeat; returns the Holder that took the role over
                                     # (the lock is then lost: show the role read-only), else None
    lock.taken_by()                  # the same question without writing: check before each save
    lock.release()                   # on leaving; removes the file only if it is still ours
    holder_of(root, role)            # the live holder or None (a stale lock counts as none)

A lock is *stale*, and acquire() replaces it silently, when its process is gone: on the same
host, its pid no longer runs; on a different host (a shared folder), its heartbeat is older than
STALE_AFTER. The read-check-write of acquire and take_over runs under an flock, so two sessions
starting together cannot both win.

A change made elsewhere (another terminal, `stagegap answer`, a take-over) is detected by
polling: FileWatch(paths).changed() compares each file's (mtime_ns, size) with the last look. The
app calls it on an interval and reloads what changed; nothing here runs a thread.

Session state (SessionState) is what the domain's Response cannot hold: half of a
per-environment answer (a draft, saved as typed and cleared once both halves are in), the record
that someone confirmed opening a role not their own, and the optional passphrase.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from stagegap.questionnaires.atomic import exclusive_lock, write_atomic
from stagegap.questionnaires.model import Role

SESSIONS_DIR = ".stagegap-sessions"
HEARTBEAT_EVERY = 20.0  # seconds between a holder's refreshes
STALE_AFTER = dt.timedelta(seconds=120)  # a silent holder on another host is gone after this


class SessionError(Exception):
    """A one-line, user-facing problem with a session file (never a traceback)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def sessions_dir(root: Path) -> Path:
    return root / SESSIONS_DIR


def _lock_path(root: Path, role: Role) -> Path:
    return sessions_dir(root) / f"{role.value}.lock"


def _state_path(root: Path, role: Role) -> Path:
    return sessions_dir(root) / f"{role.value}.json"


@contextlib.contextmanager
def _guard(root: Path) -> Iterator[None]:
    """Serialise every read-check-write of session files across processes."""
    with exclusive_lock(sessions_dir(root) / ".guard"):
        yield


# ---------------------------------------------------------------------------------- the lock


class Holder(BaseModel):
    """Who holds a role's session: enough to say where it is open and whether it still runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    token: str
    pid: int
    host: str
    where: str = ""
    started_at: dt.datetime
    heartbeat: dt.datetime

    @property
    def place(self) -> str:
        """Where, in a few words: the terminal, or the host when it has none."""
        return self.where or self.host

    def describe(self) -> str:
        """One line for the user: where the role is open, since when."""
        place = self.where or "another stagegap"
        return (
            f"open in {place} on {self.host} (pid {self.pid}) since "
            f"{self.started_at.astimezone():%H:%M}"
        )

    def stale(self, now: dt.datetime | None = None) -> bool:
        """Its process is gone: a dead pid here, or a heartbeat too old from another host."""
        if self.host == socket.gethostname():
            return not _pid_alive(self.pid)
        return (now or _now()) - self.heartbeat > STALE_AFTER


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


def _read_holder(path: Path) -> Holder | None:
    """The holder recorded in a lock file; an unreadable file counts as no holder (it can only
    come from a crash mid-write of an older version, and blocking a role on it helps nobody)."""
    try:
        return Holder.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


@dataclass
class SessionLock:
    """This session's hold on a role. Refresh it on an interval; release it on leaving."""

    root: Path
    role: Role
    holder: Holder

    @property
    def path(self) -> Path:
        return _lock_path(self.root, self.role)

    def taken_by(self) -> Holder | None:
        """The Holder that has taken the role over, else None (a read, no write: cheap enough to
        ask before every save)."""
        current = _read_holder(self.path)
        if current is not None and current.token != self.holder.token:
            return current
        return None

    def refresh(self) -> Holder | None:
        """Renew the heartbeat. Returns the Holder that has taken the role over (this lock is
        then lost and is not renewed), else None."""
        with _guard(self.root):
            current = _read_holder(self.path)
            if current is not None and current.token != self.holder.token:
                return current
            self.holder = self.holder.model_copy(update={"heartbeat": _now()})
            write_atomic(self.path, self.holder.model_dump_json())
        return None

    def release(self) -> None:
        """Remove the lock file, only if this session still holds it."""
        with _guard(self.root):
            current = _read_holder(self.path)
            if current is not None and current.token == self.holder.token:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()


def _new_holder(role: Role, where: str) -> Holder:
    stamp = _now()
    return Holder(
        role=role,
        token=secrets.token_hex(8),
        pid=os.getpid(),
        host=socket.gethostname(),
        where=where,
        started_at=stamp,
        heartbeat=stamp,
    )


def holder_of(root: Path, role: Role) -> Holder | None:
    """The live holder of a role's session, or None (no lock, or a stale one)."""
    holder = _read_holder(_lock_path(root, role))
    return None if holder is None or holder.stale() else holder


def acquire(root: Path, role: Role, *, where: str = "") -> SessionLock | Holder:
    """Hold the role's session, or say who does: a SessionLock, or the live Holder."""
    with _guard(root):
        current = _read_holder(_lock_path(root, role))
        if current is not None and not current.stale():
            return current
        lock = SessionLock(root, role, _new_holder(role, where))
        write_atomic(lock.path, lock.holder.model_dump_json())
    return lock


def take_over(root: Path, role: Role, *, where: str = "") -> SessionLock:
    """Hold the role's session even though another holds it; that one sees the loss on its
    next refresh() and turns read-only. Only on the user's explicit request."""
    with _guard(root):
        lock = SessionLock(root, role, _new_holder(role, where))
        write_atomic(lock.path, lock.holder.model_dump_json())
    return lock


WHERE_VARIABLE = "STAGEGAP_SESSION_WHERE"


def where_am_i() -> str:
    """A short description of this process's place, for another session's message. A server
    that starts one app per browser (`stagegap serve`) sets STAGEGAP_SESSION_WHERE, e.g.
    "browser at 10.0.0.7", in each app's environment; otherwise the terminal's device."""
    given = os.environ.get(WHERE_VARIABLE, "").strip()
    if given:
        return given[:80]
    for stream in (0, 1, 2):
        with contextlib.suppress(OSError):
            return f"terminal {os.ttyname(stream)}"
    return "a session without a terminal"


# ------------------------------------------------------------------------- change detection


class FileWatch:
    """Notice files changed by someone else: compare (mtime_ns, size) with the last look.

    Call changed() on an interval; after this session's own write call settle(), so the next
    changed() reports only writes made elsewhere."""

    def __init__(self, *paths: Path) -> None:
        self.paths = paths
        self._seen = self._stamps()

    def _stamps(self) -> tuple[tuple[int, int] | None, ...]:
        stamps: list[tuple[int, int] | None] = []
        for path in self.paths:
            try:
                info = path.stat()
            except OSError:
                stamps.append(None)
                continue
            stamps.append((info.st_mtime_ns, info.st_size))
        return tuple(stamps)

    def changed(self) -> bool:
        now = self._stamps()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def settle(self) -> None:
        self._seen = self._stamps()


# --------------------------------------------------------------------------- session state

Draft = dict[str, Any]  # environment -> the value typed so far (JSON: text, option id, list)


class Switch(BaseModel):
    """Someone confirmed opening this role from a terminal last used by another role."""

    model_config = ConfigDict(extra="forbid")

    at: dt.datetime
    from_role: Role
    where: str = ""


class Passphrase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    salt: str
    hash: str

    @classmethod
    def of(cls, text: str) -> Passphrase:
        salt = secrets.token_hex(16)
        return cls(salt=salt, hash=_derive(text, salt))

    def matches(self, text: str) -> bool:
        return hmac.compare_digest(self.hash, _derive(text, self.salt))


def _derive(text: str, salt: str) -> str:
    return hashlib.scrypt(text.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1).hex()


class SessionState(BaseModel):
    """What a role's session keeps that is not (yet) an answer."""

    model_config = ConfigDict(extra="forbid")

    drafts: dict[str, Draft] = Field(default_factory=dict)
    switches: list[Switch] = Field(default_factory=list)
    passphrase: Passphrase | None = None


def load_state(root: Path, role: Role) -> SessionState:
    path = _state_path(root, role)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SessionState()
    except OSError as exc:
        raise SessionError(f"{path}: not read ({exc.strerror})") from None
    try:
        return SessionState.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise SessionError(f"{path}: not a session file ({first})") from None


def _update_state(root: Path, role: Role, change: Any) -> SessionState:
    with _guard(root):
        state = load_state(root, role)
        change(state)
        write_atomic(_state_path(root, role), state.model_dump_json(indent=1))
    return state


def save_draft(root: Path, role: Role, item_id: str, draft: Draft | None) -> SessionState:
    """Keep half of a per-environment answer as typed; None (or empty) forgets it."""

    def apply(state: SessionState) -> None:
        if draft:
            state.drafts[item_id] = draft
        else:
            state.drafts.pop(item_id, None)

    return _update_state(root, role, apply)


def record_switch(root: Path, role: Role, from_role: Role, where: str = "") -> SessionState:
    def apply(state: SessionState) -> None:
        state.switches.append(Switch(at=_now(), from_role=from_role, where=where))

    return _update_state(root, role, apply)


def set_passphrase(root: Path, role: Role, text: str | None) -> SessionState:
    """Require a passphrase to open the role (None or blank: no passphrase)."""

    def apply(state: SessionState) -> None:
        state.passphrase = Passphrase.of(text) if text and text.strip() else None

    return _update_state(root, role, apply)
