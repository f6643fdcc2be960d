"""Two respondents in two real browsers through `stagegap serve`: each answers as their own
role, both answers land in the shared workspace, and a sealed answer stays sealed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_helpers import (
    FIRST_ITEM,
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

pytestmark = [needs_browser]


def test_two_browsers_answer_as_two_roles_and_a_seal_holds(
    served: Served, open_tab: Callable[[str], Tab], tmp_path: Path
) -> None:
    ws = served.workspace
    cto = open_tab(served.url)
    engineer = open_tab(served.url)

    start_session(cto, "c")
    start_session(engineer, "e")

    cto.press(" ")  # toggles the highlighted first option
    engineer.press(Keys.DOWN, " ")  # the second option
    wait_until(
        lambda: first_item_value(ws, Role.CTO) == ["physical-host"], "the CTO's answer saved"
    )
    wait_until(
        lambda: first_item_value(ws, Role.ENGINEER) == ["container-runtime"],
        "the engineer's answer saved",
    )

    since = cto.mark()
    cto.press(Keys.CONTROL + "s")  # review and seal
    cto.wait_for("Seal the", since)
    since = cto.mark()
    cto.press(Keys.CONTROL + "s")  # confirm
    cto.wait_for("Press Enter to continue", since)  # the hand-over screen, before Enter
    wait_until(lambda: Workspace.open(ws.root).manifest.sealed(Role.CTO), "the CTO sealed")

    # The CTO comes back and changes the sealed answer: the sealed original must not move.
    since = cto.mark()
    cto.press(Keys.ENTER)  # leave the hand-over screen for home
    cto.wait_for(HOME, since)
    start_session(cto, "c")
    cto.press(Keys.DOWN, Keys.DOWN, " ")
    wait_until(
        lambda: FIRST_ITEM in Workspace.open(ws.root).response(Role.CTO).amendments,
        "the change after the seal kept as an amendment",
    )
    sealed = Workspace.open(ws.root)
    assert first_item_value(sealed, Role.CTO) == ["physical-host"]
    assert sealed.seal_intact(Role.CTO)
    assert not sealed.manifest.sealed(Role.ENGINEER)
    assert first_item_value(sealed, Role.ENGINEER) == ["container-runtime"]
    cto.screenshot(tmp_path / "cto-amending.png")  # kept with pytest's tmp dirs, to look at
    engineer.screenshot(tmp_path / "engineer.png")
