"""Where tidings finds things on disk: packaged data and the shared reference folder."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ONTOLOGY_DATA = PACKAGE_DIR / "ontology" / "data"
LEXICON_DATA = PACKAGE_DIR / "lexicons" / "data"


def shared_dir() -> Path:
    """The read-only ``shared/`` folder with seed and reference (gold) data.

    Evaluation and tests read gold data from here at run time; nothing in it is ever copied into
    the package. Override with ``TIDINGS_SHARED``; by default it sits beside the repository.
    """
    env = os.environ.get("TIDINGS_SHARED")
    if env:
        return Path(env)
    for base in (Path.cwd(), PACKAGE_DIR):
        for parent in (base, *base.parents):
            candidate = parent / "shared"
            if (candidate / "reference").is_dir() and parent != parent.parent:
                return candidate
            sibling = parent.parent / "shared"
            if (sibling / "reference").is_dir():
                return sibling
    return Path.cwd().parent / "shared"


def reference_dir() -> Path:
    return shared_dir() / "reference"


def seed_dir() -> Path:
    return shared_dir() / "seed"
