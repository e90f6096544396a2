"""CLI commands beyond the core ones, one module per command group.

Every module in this package defines click commands and a ``register(group)`` function;
``tidings.cli`` discovers the modules and calls ``register``, so a new command is a new module
and command authors never edit the same file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def register_all(group: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(group)
