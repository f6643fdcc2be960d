"""The probe never imports Textual, and every answer fits its questionnaire item."""

from __future__ import annotations

import subprocess
import sys

from probe_support import REPOS, probed

from stagegap.questionnaires.answers import checked
from stagegap.questionnaires.loader import bundled


def test_probe_does_not_import_textual() -> None:
    code = (
        "import sys, probe.engine, probe.output; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_answer_fits_its_item_and_every_rule_exists() -> None:
    questionnaire = bundled()
    answered: set[str] = set()
    for repo in sorted(p.name for p in REPOS.iterdir() if p.is_dir()):
        for item_id, answer in probed(repo).answers.items():
            found = questionnaire.find(item_id)
            assert found is not None
            checked(found[1], answer)
            assert answer.evidence or answer.value in (["none"], "never") or answer.note
            answered.add(item_id)
    rules = {f"{d.id}.{i.id}" for d, i in questionnaire.items() if i.probe.rule}
    assert rules == answered, rules - answered  # every rule answers in at least one fixture
