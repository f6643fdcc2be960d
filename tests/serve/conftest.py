"""Fixtures for `stagegap serve` in a real browser: the server as a subprocess, headless
Chromium tabs driven by Selenium through the system's chromedriver.

Every process started here is stopped here: the server (and the app processes it started, one
per tab) by signalling its process group, each browser by quitting its driver.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    Served,
    Tab,
    free_port,
    stop_process_group,
    wait_for_url,
)

from stagegap.questionnaires.workspace import Workspace


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A fresh workspace served on a free loopback port until the test ends."""
    workspace = Workspace.create(tmp_path / "audit", "Acme Payments")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "stagegap", "serve", str(workspace.root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the apps it starts are stopped with it
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its announcement arrives at once
    )
    try:
        url = wait_for_url(process)
        yield Served(workspace=workspace, url=url, process=process)
    finally:
        stop_process_group(process)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def open_tab() -> Iterator[Callable[[str], Tab]]:
    """Opens headless Chromium tabs (one browser each, like two respondents); all are quit at
    the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers: list[object] = []

    def make(url: str) -> Tab:
        options = webdriver.ChromeOptions()
        assert CHROMIUM is not None and CHROMEDRIVER is not None
        options.binary_location = CHROMIUM
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        drivers.append(driver)
        tab = Tab(driver)
        tab.open(url)
        return tab

    try:
        yield make
    finally:
        for driver in drivers:
            driver.quit()  # type: ignore[attr-defined]
