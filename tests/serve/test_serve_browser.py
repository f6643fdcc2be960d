"""Two respondents in two real browsers through `stagegap serve`: each answers as their own
role, both answers land in the shared workspace, and a sealed answer stays sealed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_helpers import Served, Tab, needs_browser, wait_until
from selenium.webdriver.common.keys import Keys

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace

pytestmark = [needs_browser]

FIRST_ITEM = "infrastructure.shared-layers"
HOME = "Answer as the CTO"
FIRST_QUESTION = "Item 1 of 5"


def _value(ws: Workspace, role: Role) -> object:
    answer = Workspace.open(ws.root).response(role).answers.get(FIRST_ITEM)
    return None if answer is None else answer.value


def _start_session(tab: Tab, key: str) -> None:
    tab.wait_for(HOME)
    since = tab.mark()
    tab.press(key)
    tab.wait_for(FIRST_QUESTION, since)


def test_two_browsers_answer_as_two_roles_and_a_seal_holds(
    served: Served, open_tab: Callable[[str], Tab], tmp_path: Path
) -> None:
    ws = served.workspace
    cto = open_tab(served.url)
    engineer = open_tab(served.url)

    _start_session(cto, "c")
    _start_session(engineer, "e")

    cto.press(" ")  # toggles the highlighted first option
    engineer.press(Keys.DOWN, " ")  # the second option
    wait_until(lambda: _value(ws, Role.CTO) == ["physical-host"], "the CTO's answer saved")
    wait_until(
        lambda: _value(ws, Role.ENGINEER) == ["container-runtime"], "the engineer's answer saved"
    )

    since = cto.mark()
    cto.press(Keys.CONTROL + "s")  # review and seal
    cto.wait_for("Seal the", since)
    cto.press(Keys.CONTROL + "s")  # confirm
    wait_until(lambda: Workspace.open(ws.root).manifest.sealed(Role.CTO), "the CTO sealed")

    # The CTO comes back and changes the sealed answer: the sealed original must not move.
    since = cto.mark()
    cto.press(Keys.ENTER)  # leave the hand-over screen for home
    cto.wait_for(HOME, since)
    _start_session(cto, "c")
    cto.press(Keys.DOWN, Keys.DOWN, " ")
    wait_until(
        lambda: FIRST_ITEM in Workspace.open(ws.root).response(Role.CTO).amendments,
        "the change after the seal kept as an amendment",
    )
    sealed = Workspace.open(ws.root)
    assert _value(sealed, Role.CTO) == ["physical-host"]
    assert sealed.seal_intact(Role.CTO)
    assert not sealed.manifest.sealed(Role.ENGINEER)
    assert _value(sealed, Role.ENGINEER) == ["container-runtime"]
    cto.screenshot(tmp_path / "cto-amending.png")  # kept with pytest's tmp dirs, to look at
    engineer.screenshot(tmp_path / "engineer.png")
