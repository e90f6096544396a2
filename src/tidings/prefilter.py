"""A pre-parse filter: articles with no word that could trigger an event skip the parse.

The parse is nearly all of a run's cost, and a news crawl holds many articles (weather, markets,
sport, recipes) that cannot yield an event. Every event tidings codes starts at a predicate
whose lemma is in the event lexicon (an event pattern, a control verb, a speech verb that codes
an event), or at an evaluation word under a speech verb. So an article none of whose words can
be an inflected form of such a lemma can be passed over without parsing it; the article is
still stored (with no events and a warning), so a resumed run does not try it again.

The check is on lowercase word forms, without spaCy: each word is mapped to the lemmas it could
inflect from by the English suffix rules (-s, -es, -ies, -ed, -ied, -ing, doubled consonants)
and by the irregular forms of the loaded model's own lemmatizer tables (met -> meet,
fought -> fight), and the article passes when one of those lemmas is a trigger. The mapping
over-generates on purpose: a false "maybe" costs one parse, a false "no" loses an event.

Why the whole article and not sentence by sentence: actors are resolved over the whole document
(a surname in one sentence, the full name three paragraphs up; "the paper" for the last outlet),
so parsing only trigger sentences would change what the kept sentences code to. The recall the
filter costs is measured by bench/throughput.py on the gold sets and written to
docs/BENCHMARKS.md; the filter is off by default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tidings.lexicons.events import NO_CODE, EventLexicon

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_VOWELS = set("aeiou")


def candidate_lemmas(word: str, irregular: dict[str, frozenset[str]] | None = None) -> set[str]:
    """Lemmas a lowercase word form could inflect from (over-generating)."""
    out = {word}
    if irregular and word in irregular:
        out |= irregular[word]
    n = len(word)
    if n > 3 and word.endswith("s"):
        out.add(word[:-1])
        if word.endswith("es"):
            out.add(word[:-2])
        if word.endswith("ies"):
            out.add(word[:-3] + "y")
    for suffix in ("ed", "ing"):
        if n > len(suffix) + 2 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            out.update((stem, stem + "e"))
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                out.add(stem[:-1])  # stopped -> stop, shelling -> shell (kept above too)
            if suffix == "ed" and stem.endswith("i"):
                out.add(stem[:-1] + "y")  # denied -> deny
    if "-" in word:
        out |= set(word.split("-"))
    return out


Triggers = dict[str, frozenset[str] | None]
"""trigger lemma -> the object lemmas one of which it needs to code an event (None: none)."""


def trigger_lemmas(lexicon: EventLexicon) -> tuple[Triggers, frozenset[str], frozenset[str]]:
    """(event triggers, speech verbs, evaluation words) of a lexicon, as lowercase lemmas.

    A pattern row whose code is ``---`` codes nothing by itself and is left out; a trigger
    whose every coding row names objects ("open" + fire / border / embassy ...) needs one of
    those objects somewhere in the article.
    """
    triggers: dict[str, set[str] | None] = {}
    for (lemma, _pos), patterns in lexicon.patterns.items():
        head = lemma.lower().split()[0] if lemma.strip() else ""
        for pattern in patterns:
            if not head or pattern.code == NO_CODE:
                continue
            if not pattern.objects:
                triggers[head] = None
            elif triggers.get(head, set()) is not None:
                triggers.setdefault(head, set()).update(o.lower() for o in pattern.objects)  # type: ignore[union-attr]
    for lemma, entries in lexicon.speech.items():
        if any(e.code for e in entries):
            triggers[lemma.lower().split()[0]] = None
    speech = frozenset(lemma.lower() for lemma in lexicon.speech)
    evaluation = frozenset(word.lower() for word in lexicon.evaluation)
    frozen = {k: (None if v is None else frozenset(v)) for k, v in triggers.items()}
    return frozen, speech, evaluation


def irregular_forms(nlp: object | None) -> dict[str, frozenset[str]]:
    """form -> lemmas from the pipeline's rule lemmatizer exceptions (irregular verbs, nouns)."""
    if nlp is None or "lemmatizer" not in getattr(nlp, "pipe_names", ()):
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)  # type: ignore[attr-defined]
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}
    table = lookups.get_table("lemma_exc")
    forms: dict[str, set[str]] = {}
    for pos in ("verb", "noun", "adj"):
        if pos not in table:
            continue
        for form, lemmas in table[pos].items():
            forms.setdefault(form.lower(), set()).update(lemma.lower() for lemma in lemmas)
    return {form: frozenset(lemmas) for form, lemmas in forms.items()}


class PreFilter:
    """Says whether an article may hold an event, from its word forms alone."""

    def __init__(
        self,
        triggers: Triggers,
        speech: Iterable[str] = (),
        evaluation: Iterable[str] = (),
        irregular: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.triggers = dict(triggers)
        self.speech = frozenset(speech)
        self.evaluation = frozenset(evaluation)
        self.irregular = irregular or {}

    @classmethod
    def for_coder(cls, coder: object) -> PreFilter:
        """The filter matching a :class:`tidings.coder.Coder`'s lexicon and model."""
        triggers, speech, evaluation = trigger_lemmas(coder.events_lexicon)  # type: ignore[attr-defined]
        return cls(triggers, speech, evaluation, irregular_forms(coder.nlp))  # type: ignore[attr-defined]

    def lemmas(self, text: str) -> set[str]:
        """Every lemma any word of ``text`` could be a form of."""
        found: set[str] = set()
        for word in set(_WORD.findall(text.lower())):
            found |= candidate_lemmas(word, self.irregular)
        return found

    def why(self, text: str) -> str | None:
        """What lets the article through ("trigger", "trigger+object", "speech+evaluation"),
        or None when no word of it can yield an event."""
        lemmas = self.lemmas(text)
        for lemma in sorted(lemmas & self.triggers.keys()):
            objects = self.triggers[lemma]
            if objects is None:
                return lemma
            hit = objects & lemmas
            if hit:
                return f"{lemma}+{min(hit)}"
        speech, evaluation = lemmas & self.speech, lemmas & self.evaluation
        if speech and evaluation:
            return f"{min(speech)}+{min(evaluation)}"
        return None

    def admits(self, text: str) -> bool:
        return self.why(text) is not None


SKIP_WARNING = "pre-filter: no word of the article can trigger an event; not parsed"

__all__ = ["SKIP_WARNING", "PreFilter", "candidate_lemmas", "irregular_forms", "trigger_lemmas"]
