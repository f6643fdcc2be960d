"""Which files the walk hands to the sources: .gitignore files decide as git does, whatever
shortcut the walk takes for the common name-only ones."""

from __future__ import annotations

import subprocess
from pathlib import Path

from stagegap.probe.discovery import Warnings, discover
from stagegap.probe.environments import Environments
from stagegap.probe.sources import wanted


def _tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _found(root: Path) -> set[str]:
    return {f.relative for f in discover(root, Environments(), wanted, Warnings())}


def test_name_only_patterns_apply_at_every_depth(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "*.local.yaml\nbuild-out/\n",
            "app.yaml": "a: 1\n",
            "app.local.yaml": "a: 1\n",
            "svc/deep/er/app.local.yaml": "a: 1\n",
            "svc/deep/er/app.yaml": "a: 1\n",
            "build-out/x.yaml": "a: 1\n",
            "svc/build-out/y.yaml": "a: 1\n",
            "svc/build-out.yaml": "a: 1\n",  # a file, not the ignored folder
        },
    )
    assert _found(tmp_path) == {"app.yaml", "svc/deep/er/app.yaml", "svc/build-out.yaml"}


def test_anchored_and_nested_patterns_follow_their_folder(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "/top-only.env\nconf/secret.yaml\n",
            "top-only.env": "A=1\n",
            "svc/top-only.env": "A=1\n",
            "conf/secret.yaml": "a: 1\n",
            "conf/public.yaml": "a: 1\n",
            "svc/conf/secret.yaml": "a: 1\n",
            "svc/.gitignore": "/local.env\n",
            "svc/local.env": "A=1\n",
            "svc/sub/local.env": "A=1\n",
        },
    )
    assert _found(tmp_path) == {
        "svc/top-only.env",
        "conf/public.yaml",
        "svc/conf/secret.yaml",
        "svc/sub/local.env",
    }


def test_a_deeper_gitignore_can_take_a_file_back(tmp_path: Path) -> None:
    """git: patterns in a lower-level .gitignore override those above it."""
    _tree(
        tmp_path,
        {
            ".gitignore": "*.local.yaml\n",
            "app/.gitignore": "!keep.local.yaml\n",
            "app/keep.local.yaml": "a: 1\n",
            "app/drop.local.yaml": "a: 1\n",
            "keep.local.yaml": "a: 1\n",
        },
    )
    assert _found(tmp_path) == {"app/keep.local.yaml"}


def test_negation_within_one_file_keeps_its_order(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "*.yaml\n!values-*.yaml\nvalues-secret.yaml\n",
            "chart/values-staging.yaml": "a: 1\n",
            "chart/values-secret.yaml": "a: 1\n",
            "chart/other.yaml": "a: 1\n",
        },
    )
    assert _found(tmp_path) == {"chart/values-staging.yaml"}


def test_a_link_to_a_file_read_anyway_is_read_once(tmp_path: Path) -> None:
    """Chart repositories link their values into ci/ folders: the same file twice would
    report every gap twice. A link to a file no source reads by its own name still counts."""
    _tree(
        tmp_path,
        {"charts/app/values-staging.yaml": "replicaCount: 1\n", "shared/base.conf": "A=1\n"},
    )
    (tmp_path / "charts/app/ci").mkdir()
    (tmp_path / "charts/app/ci/staging-values.yaml").symlink_to("../values-staging.yaml")
    (tmp_path / "linked.env").symlink_to("shared/base.conf")
    assert _found(tmp_path) == {"charts/app/values-staging.yaml", "linked.env"}


def test_a_linked_file_is_read_once_in_a_git_repository_too(tmp_path: Path) -> None:
    _tree(tmp_path, {"charts/app/values-staging.yaml": "replicaCount: 1\n"})
    (tmp_path / "charts/app/ci").mkdir()
    (tmp_path / "charts/app/ci/staging-values.yaml").symlink_to("../values-staging.yaml")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    assert _found(tmp_path) == {"charts/app/values-staging.yaml"}
