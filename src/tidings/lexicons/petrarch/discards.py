"""Reader for PETRARCH discard dictionaries (``*.discards.txt``).

One phrase per line. ``+PHRASE`` discards the whole story when the phrase occurs; a phrase
without ``+`` discards only the sentence it occurs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .common import DictionaryFormatError, Issues, iter_lines, split_phrase

SENTENCE = "sentence"
STORY = "story"


@dataclass(frozen=True, slots=True)
class DiscardEntry:
    """A phrase whose presence drops the sentence (``scope="sentence"``) or story (``"story"``)."""

    phrase_tokens: tuple[str, ...]
    scope: str
    source: str
    tight: tuple[bool, ...] = ()
    whole_word: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.phrase_tokens)


def read_discard_file(
    path: str | Path, *, strict: bool = True, text: str | None = None
) -> tuple[list[DiscardEntry], list[DictionaryFormatError]]:
    """Parse one discard file. Returns ``(entries, warnings)``."""
    issues = Issues(path, strict)
    name = issues.name
    entries: list[DiscardEntry] = []
    for lineno, s in iter_lines(path, text):
        scope = SENTENCE
        phrase = s
        if s.startswith("+"):
            scope, phrase = STORY, s[1:]
        if any(ch in phrase for ch in "[]{}"):
            issues(lineno, s, "brackets are not allowed in a discard phrase (skipped)")
            continue
        tokens, tight, whole = split_phrase(phrase)
        if not tokens:
            issues(lineno, s, "empty discard phrase")
            continue
        entries.append(DiscardEntry(tokens, scope, f"{name}:{lineno}", tight, whole))
    return entries, issues.found
