"""The evaluation suites `tidings evaluate SUITE` knows, discovered from this package.

A module under ``tidings.evaluate`` offers suites by defining ``SUITES`` (a sequence of
:class:`Suite`). ``run`` returns a plain dict of results; ``markdown`` renders the section that
the harness writes into docs/ACCURACY.md (the file is never edited by hand).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Suite:
    name: str  # the CLI name, e.g. "plover-gsr"
    title: str  # the docs/ACCURACY.md section title
    run: Callable[..., dict[str, Any]]  # run(limit: int | None, data_dir: Path | None) -> results
    markdown: Callable[[dict[str, Any]], str]  # results -> markdown body of the section


def discover() -> dict[str, Suite]:
    import tidings.evaluate as package

    suites: dict[str, Suite] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name == "registry":
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for suite in getattr(module, "SUITES", ()):
            if suite.name in suites:
                raise ValueError(f"two evaluation suites are called {suite.name!r}")
            suites[suite.name] = suite
    return suites


def data_path(data_dir: Path | None, *parts: str) -> Path:
    """A gold file under ``data_dir`` (default: ../shared/reference)."""
    from tidings.paths import reference_dir

    return Path(data_dir or reference_dir()).joinpath(*parts)
