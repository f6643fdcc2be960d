"""The floor the probe is measured against: walk the tree, skip the folders the probe skips,
read every file the probe reads. Nothing else, and no stagegap import, so that as a process
(bench/probe/whole.py) it costs only interpreter start-up, the walk and the reads.

    python bench/probe/floor.py ROOT LISTING VENDORED   (LISTING: one relative path a line;
                                                          VENDORED: folder names, comma-separated)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection


def floor(root: str, chosen: Collection[str], vendored: Collection[str]) -> int:
    """Bytes read: every chosen file under root, vendored folders never entered."""
    total = 0
    base = len(root) + 1
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in vendored]
        for name in files:
            full = os.path.join(directory, name)
            if full[base:] in chosen:
                with open(full, "rb") as handle:
                    total += len(handle.read())
    return total


if __name__ == "__main__":
    root, listing, vendored = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(listing, encoding="utf-8") as handle:
        chosen = set(handle.read().split("\n"))
    print(floor(root, chosen, set(vendored.split(","))))
