"""Actor codes for the words of a noun phrase: actors, dated codes and agents composed.

PETRARCH-1 rules, which the validation suite tests:

* the first actor phrase found scanning the words left to right is the actor ("The Shire",
  "Gryffindor's head Minerva McGonagall"); at each word the longest phrase wins; a space in a
  dictionary phrase lets other words come between (``ITHILEN TELEVISION`` matches "Ithilen
  state-run television"), an underscore does not;
* every agent phrase found adds its code ("Arnor security officials" -> ARN + GOV), the words of
  a matched agent are not read again ("human rights activists": HUMAN_RIGHTS_ACTIVIST, not also
  RIGHTS_ACTIVIST); ``~X`` goes after the actor code, ``X~`` before it; a code already in the
  actor code (checked in 3-letter steps) is not added again ("White House security officials"
  stays USAGOV); agents without an actor give ``---`` + agent (``---GOV``);
* a date-restricted actor takes the code valid on the sentence date (``ActorEntry.code_on``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .actors import ActorEntry
from .agents import AgentEntry
from .loader import PetrarchDictionaries

NULL_CODE = "---"


@dataclass(frozen=True, slots=True)
class PhraseCode:
    """The code of one noun-phrase member and what produced it (for evidence)."""

    code: str  # "ARNGOV", "---GOV", "---"
    actor: ActorEntry | None
    agents: tuple[AgentEntry, ...]

    @property
    def is_coded(self) -> bool:
        """PETRARCH's test: a code that does not start with ``---`` (so ``---GOV`` is not)."""
        return not self.code.startswith(NULL_CODE)


def phrase_matches(
    tokens: Sequence[str], tight: Sequence[bool], words: Sequence[str], start: int
) -> int:
    """Does the dictionary phrase ``tokens`` match ``words`` from ``start``? Returns the index
    after the last matched word, or 0. The first token must be at ``start``; after a space
    connector other words may come between."""
    if not tokens or start >= len(words) or words[start] != tokens[0]:
        return 0
    k = start + 1
    for j in range(1, len(tokens)):
        want = tokens[j]
        if j - 1 < len(tight) and tight[j - 1]:
            if k < len(words) and words[k] == want:
                k += 1
                continue
            return 0
        while k < len(words) and words[k] != want:
            k += 1
        if k >= len(words):
            return 0
        k += 1
    return k


class PhraseCoder:
    """Codes noun-phrase members with one set of dictionaries (results cached per date)."""

    def __init__(self, dictionaries: PetrarchDictionaries) -> None:
        self.d = dictionaries
        self._cached = lru_cache(maxsize=20000)(self._code)

    def code(self, words: Sequence[str], when: date | None) -> PhraseCode:
        return self._cached(tuple(words), when)

    def find_actor(self, words: Sequence[str]) -> ActorEntry | None:
        for i, word in enumerate(words):
            for entry in self.d.actors_by_first.get(word, ()):
                if phrase_matches(entry.phrase_tokens, entry.tight, words, i):
                    return entry
        return None

    def find_agents(self, words: Sequence[str]) -> list[AgentEntry]:
        found: list[AgentEntry] = []
        i = 0
        while i < len(words):
            nxt = i + 1
            for entry in self.d.agents_by_first.get(words[i], ()):
                end = phrase_matches(entry.phrase_tokens, entry.tight, words, i)
                if end:
                    found.append(entry)
                    nxt = end
                    break
            i = nxt
        return found

    def _code(self, words: tuple[str, ...], when: date | None) -> PhraseCode:
        actor = self.find_actor(words)
        code = ""
        if actor is not None:
            code = actor.code_on(when) or ""
        agents = tuple(self.find_agents(words))
        if not agents:
            return PhraseCode(code or NULL_CODE, actor, ())
        if not code:
            code = NULL_CODE
        for agent in agents:
            if _contains_code(code, agent.code):
                continue
            code = agent.compose(code)
        return PhraseCode(code, actor, agents)


def _contains_code(code: str, part: str) -> bool:
    """``part`` already in ``code`` at a 3-letter boundary (CAMEO codes are 3-letter groups)."""
    n = len(part)
    return any(code[k : k + n] == part for k in range(0, len(code) - n + 1, 3))
