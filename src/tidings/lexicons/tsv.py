"""Reading the project's TSV lexicons: one small reader so every file fails the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


class LexiconFormatError(ValueError):
    """A lexicon file that does not follow docs/LEXICONS.md; the message names file and line."""


def read_tsv(
    path: Path, required: tuple[str, ...], error: type[LexiconFormatError] = LexiconFormatError
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for every data row; ``#`` lines and blank lines are skipped.

    Missing trailing cells read as empty strings, so that editors that trim tabs don't break
    files. Every problem is raised as ``error`` naming the file and line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    except OSError as exc:
        raise error(f"{path}: cannot read lexicon: {exc.strerror}") from exc
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise error(
                    f"{path}:{number}: header lacks column(s) {', '.join(missing)}; the header "
                    f"row must name {', '.join(required)} (see docs/LEXICONS.md)"
                )
            continue
        if len(cells) > len(header):
            raise error(
                f"{path}:{number}: {len(cells)} tab-separated cells but the header has "
                f"{len(header)}; join multiple values with '|', not tabs: {line!r}"
            )
        yield number, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}


def split_multi(cell: str) -> tuple[str, ...]:
    """``a|b|c`` -> ("a", "b", "c"); empty cell -> ()."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())
