"""What the app's probe run keeps in the workspace is scrubbed and inert, as on the command line."""

from __future__ import annotations

from pathlib import Path

from stagegap.tui.hooks import run_probe

ESC = "\x1b"


def test_the_apps_probe_keeps_no_escape_sequence_and_no_secret(tmp_path: Path) -> None:
    hostile = tmp_path / f"svc{ESC}]0;pwned{chr(7)}"
    hostile.mkdir()
    canary = "sk_live_" + "Q7r" * 10
    (hostile / ".env.staging").write_text(f"STRIPE_SECRET_KEY={canary}\nMODE=a\n")
    (hostile / ".env.production").write_text(f"STRIPE_SECRET_KEY={canary}\nMODE=b\n")
    outcome = run_probe(tmp_path)
    kept = outcome.record().model_dump_json() + "".join(
        a.model_dump_json() for a in outcome.answers.values()
    )
    assert "svc" in kept  # the folder is named ...
    assert ESC not in kept and chr(7) not in kept  # ... with its control characters shown
    assert canary not in kept
