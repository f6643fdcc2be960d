"""Files that hold one value, one folder per environment (versions/<env>/<component>), and
helmfile's values/<env>/<release>.yaml: each a component's own configuration there."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, write

from stagegap.probe.facts import Kind


def test_image_tag_files_are_versions_per_environment(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "versions/staging/api": "2.41.0\n",
            "versions/production/api": "2.38.3\n",
            "versions/production/notes": "deployed by hand after the outage, ask ops\n",
            "versions/README": "one file per service\n",
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    versions = {(f.env, f.service, f.key): f.value.shown for f in facts if f.kind == Kind.VERSION}
    # a sentence is no value; a file outside an environment's folder is none of these
    assert versions == {
        ("staging", "api", "api"): "2.41.0",
        ("production", "api", "api"): "2.38.3",
    }


def test_helmfile_values_per_environment_and_release(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "values/staging/api.yaml": "replicaCount: 2\n",
            "values/production/api.yaml": "replicaCount: 6\n",
        },
    )
    facts, _ = read_facts(tmp_path)
    replicas = {(f.env, f.service): f.value.shown for f in facts if f.kind == Kind.REPLICAS}
    assert replicas == {("staging", "api"): "2", ("production", "api"): "6"}
