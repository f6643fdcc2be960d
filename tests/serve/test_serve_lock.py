"""The per-role session lock across browsers: a role open in one browser is offered read-only
or take-over in another, a read-only view writes nothing, and a take-over writes again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from browser_helpers import (
    FIRST_QUESTION,
    HOME,
    Served,
    Tab,
    first_item_value,
    needs_browser,
    start_session,
    wait_until,
)
from selenium.webdriver.common.keys import Keys

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace

pytest.importorskip(
    "stagegap.questionnaires.session_lock",
    reason="the per-role session lock (issue 15 item 2, branch app) is not merged here yet",
)
pytestmark = [needs_browser]

BUSY = "answers are open elsewhere"


def test_the_same_role_in_a_second_browser_is_read_only_or_taken_over(
    served: Served, open_tab: Callable[[str], Tab], tmp_path: Path
) -> None:
    ws = served.workspace
    first = open_tab(served.url)
    start_session(first, "c")
    first.press(" ")
    wait_until(lambda: first_item_value(ws, Role.CTO) == ["physical-host"], "the first answer")

    second = open_tab(served.url)
    second.wait_for(HOME)
    since = second.mark()
    second.press("c")
    second.wait_for(BUSY, since)  # the prompt: read-only (r), take over (t) or cancel
    second.screenshot(tmp_path / "busy.png")  # kept with pytest's tmp dirs, to look at
    since = second.mark()
    second.press("r")
    second.wait_for(FIRST_QUESTION, since)
    second.press(Keys.DOWN, " ")  # would add the second option, were it writable

    # A fresh page in the second browser: a new app process, the role still held by the first.
    second.open(served.url)
    second.wait_for(HOME)
    since = second.mark()
    second.press("c")
    second.wait_for(BUSY, since)
    since = second.mark()
    second.press("t")
    second.wait_for(FIRST_QUESTION, since)
    second.press(Keys.DOWN, Keys.DOWN, " ")  # the third option, now as the role's holder
    both = {"physical-host", "kubernetes-cluster"}
    wait_until(lambda: chosen(ws) == both, "the taken-over session's answer")
    # Nothing from the read-only view: the second option was never saved.
    assert chosen(ws) == both


def chosen(ws: Workspace) -> set[str]:
    """The CTO's options on the first item, in any order (a set, as the answer means)."""
    value = first_item_value(ws, Role.CTO)
    return set(value) if isinstance(value, list) else set()
