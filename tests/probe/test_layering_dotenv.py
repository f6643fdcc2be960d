"""dotenv's own layering: .env < .env.<mode> < .env.<mode>.local; the effective value of a
variable in an environment is the last layer that sets it."""

from __future__ import annotations

from pathlib import Path

from layering_support import write

from stagegap.probe.discovery import Warnings
from stagegap.probe.engine import _read_everything
from stagegap.probe.environments import Environments
from stagegap.probe.facts import Attribute, Kind
from stagegap.probe.rules.view import View
from stagegap.probe.secrets import Redactor
from stagegap.probe.sources.base import Context


def test_mode_local_files_override_mode_files_which_override_the_base(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".env": "API_URL=http://localhost\nTIMEOUT=5\n",
            ".env.production": "API_URL=https://api.example\n",
            ".env.production.local": "API_URL=https://api-canary.example\n",
            ".env.staging": "API_URL=https://staging.example\n",
        },
    )
    redactor = Redactor()
    ctx = Context(redactor=redactor, envs=Environments.with_aliases(None), warnings=Warnings())
    _, _, facts = _read_everything(tmp_path, ctx, lambda label, fraction: None, None)
    view = View(facts, redactor, ctx.envs)
    sides = {s.key: s for s in view.sides(view.kind(Kind.ENV))}
    production = sides["API_URL"].production[-1]
    assert production.value.shown.startswith("https://api-canary.example")
    assert production.attribute(Attribute.LAYER) == ".env.production.local"
    assert sides["API_URL"].staging[-1].attribute(Attribute.LAYER) == ".env.staging"
    # a variable only the base sets is each environment's, from the base
    assert sides["TIMEOUT"].production[-1].attribute(Attribute.LAYER) == ".env"
