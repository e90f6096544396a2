"""Reading the project's TSV lexicons: one small reader so every file fails the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


class LexiconFormatError(ValueError):
    """A lexicon file that does not follow docs/LEXICONS.md; the message names file and line."""


def read_tsv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for every data row; ``#`` lines and blank lines are skipped.

    Missing trailing cells read as empty strings, so that editors that trim tabs don't break files.
    """
    header: list[str] | None = None
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in required if c not in header]
                if missing:
                    raise LexiconFormatError(
                        f"{path}:{number}: header lacks column(s) {', '.join(missing)}; "
                        f"expected at least {', '.join(required)} (see docs/LEXICONS.md)"
                    )
                continue
            if len(cells) > len(header):
                raise LexiconFormatError(
                    f"{path}:{number}: {len(cells)} cells but the header has {len(header)}: {line!r}"
                )
            row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
            yield number, row


def split_multi(cell: str) -> tuple[str, ...]:
    """``a|b|c`` -> ("a", "b", "c"); empty cell -> ()."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())
