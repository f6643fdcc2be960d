"""Users remap keys in a small YAML file: binding id -> key(s).

    # ~/.config/stagegap/keymap.yaml (platformdirs' user config dir when it is installed)
    session.next: ctrl+j
    session.not_applicable: f4
    app.help: f1,question_mark

Every Binding of the app has an id (`screen.action`); the file is read once at launch and
applied with Textual's App.set_keymap. A bad file never stops the app: what cannot be used is
reported as a notification and the default keys stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

FILE_NAME = "keymap.yaml"


def config_dir() -> Path:
    try:
        import platformdirs
    except ImportError:
        return Path.home() / ".config" / "stagegap"
    return Path(platformdirs.user_config_dir("stagegap"))


def keymap_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Keymap:
    bindings: dict[str, str] = field(default_factory=dict)
    source: Path | None = None  # the file read, when there was one
    problems: list[str] = field(default_factory=list)
    path: Path | None = None  # where the file is looked for


def load_keymap(path: Path | None = None) -> Keymap:
    """Read the keymap file (absent: no remapping). Never raises for the file's content."""
    path = path or keymap_path()
    if not path.is_file():
        return Keymap(path=path)
    keymap = Keymap(source=path, path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        keymap.problems.append(f"{path}: not read ({exc.__class__.__name__}): default keys kept")
        return keymap
    if data is None:
        return keymap
    if not isinstance(data, dict):
        keymap.problems.append(f"{path}: expected 'binding id: key' lines; default keys kept")
        return keymap
    from stagegap.tui.bindings import binding_ids

    known = binding_ids()
    for binding_id, keys in data.items():
        if str(binding_id) not in known:
            keymap.problems.append(f"{path}: no binding {binding_id!r}")
            continue
        if not isinstance(keys, str) or not keys.strip():
            keymap.problems.append(f"{path}: {binding_id}: the key must be text, e.g. ctrl+j")
            continue
        keymap.bindings[str(binding_id)] = keys.strip()
    return keymap
