"""Helpers for `stagegap serve` in a real browser: which browser to use, the server's URL from
its own output, a tab that types through xterm.js and waits for what the app drew."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
START_TIMEOUT = 30.0  # seconds: generous, to catch a hang rather than to time anything
SCREEN_TIMEOUT = 30.0
FIRST_ITEM = "infrastructure.shared-layers"  # a multiple choice: space toggles an option
HOME = "Answer as the CTO"
FIRST_QUESTION = "Item 1 of 5"

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium and chromedriver are not installed "
    "(apt-get install chromium chromium-driver; .ci/run installs them)",
)

# Wraps the page's WebSocket before textual.js runs, keeping the text the app sent, so the test
# can wait for a screen to be drawn before it types (xterm.js draws on a canvas: no DOM text).
RECORD_SCREEN_TEXT = """
window.__stagegapText = "";
const NativeWebSocket = window.WebSocket;
const decoder = new TextDecoder();
window.WebSocket = function (url, protocols) {
  const socket = new NativeWebSocket(url, protocols);
  socket.addEventListener("message", (event) => {
    if (event.data instanceof ArrayBuffer) {
      window.__stagegapText += decoder.decode(event.data, {stream: true});
    } else if (typeof event.data === "string") {
      window.__stagegapText += event.data;
    }
  });
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
Object.assign(window.WebSocket, NativeWebSocket);
"""
ANSI_ESCAPE = re.compile(
    r"\x1b(?:\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    workspace: Workspace
    url: str
    process: subprocess.Popen[str]


def stop_process_group(process: subprocess.Popen[str]) -> None:
    """SIGTERM lets the server tell each app to quit; whatever is left of the group after
    that (an app that did not exit) is killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=15)


def wait_for_url(process: subprocess.Popen[str]) -> str:
    """The URL the server tells the user to open, read from its own output."""
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"Open (http://\S+) in a browser", line)
        if found:
            return found.group(1)
    raise AssertionError(f"stagegap serve did not announce a URL: {''.join(seen)!r}")


class Tab:
    """One respondent's browser: types into xterm.js and waits for what the app drew."""

    def __init__(self, driver: object) -> None:
        self.driver = driver

    def open(self, url: str) -> None:
        self.driver.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN_TEXT}
        )
        self.driver.get(url)  # type: ignore[attr-defined]

    def text(self) -> str:
        raw = self.driver.execute_script("return window.__stagegapText || '';")  # type: ignore[attr-defined]
        return ANSI_ESCAPE.sub("", str(raw))

    def mark(self) -> int:
        return len(self.text())

    def wait_for(self, words: str, since: int = 0, timeout: float = SCREEN_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.text()[since:]:
                return
            time.sleep(0.1)
        raise AssertionError(f"the browser never showed {words!r}")

    def press(self, *keys: str) -> None:
        """Keys go where a person's go: xterm.js's hidden textarea, which turns them into
        terminal input for the app."""
        from selenium.webdriver.common.by import By

        area = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")  # type: ignore[attr-defined]
        area.send_keys(*keys)

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))  # type: ignore[attr-defined]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = SCREEN_TIMEOUT) -> None:
    """Polls the workspace (written by another process) until `condition` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def first_item_value(ws: Workspace, role: Role) -> object:
    """The role's saved answer to the first item, read afresh from the files."""
    answer = Workspace.open(ws.root).response(role).answers.get(FIRST_ITEM)
    return None if answer is None else answer.value


def start_session(tab: Tab, key: str) -> None:
    """From home, open a role's session (c or e) and wait for its first question."""
    tab.wait_for(HOME)
    since = tab.mark()
    tab.press(key)
    tab.wait_for(FIRST_QUESTION, since)
