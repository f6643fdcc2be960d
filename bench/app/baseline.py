"""The baseline for launch time: the smallest Textual app, one Static, launched like stagegap."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Baseline(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("baseline ready")


if __name__ == "__main__":
    Baseline().run()
