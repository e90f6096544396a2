"""Code sentences with PETRARCH/TABARI dictionaries over a spaCy parse of the raw text.

The flow follows PETRARCH-1 (the coder the validation records were written for), with the
treebank replaced by tidings' own reading of a spaCy dependency parse (``sentence.py``):

1. a dateline left at the start of the sentence, or a discard phrase, stops coding
   (``SentenceCoding.error`` / ``.discard``);
2. comma-delimited clauses are removed by length (``clauses.py``, the ``comma_*`` options);
3. every noun phrase gets an actor code per member (``phrase_codes.py``, dated codes chosen by
   the sentence date);
4. each verb in the dictionary, in sentence order, tries its patterns in file order
   (``patterns.py``): the words before it back to the previous clause comma, read backwards, and
   the words of its verb phrase. The first pattern that matches gives the code; otherwise the
   verb's own code unless it is ``---``;
5. the source is the phrase a ``$``/``%`` bound, else the first coded (or coordinated) phrase
   before the verb, else the first phrase there; the target is the phrase a ``+``/``%`` bound,
   else the first coded phrase of the verb phrase whose code does not start with the source's,
   else its first phrase, else the phrases before the verb, nearest first;
6. one event per source and target member (not with itself); ``[a:b]`` adds the reverse event
   with ``b`` (and an uncoded side takes the other side's codes, so "Gondor and Osgiliath renewed
   ties" gives both directions); a passive verb with a by-agent swaps source and target; codes
   such as ``FRO/BIL/SAM`` split into one actor each; ``require_dyad`` drops events with an
   unidentified (``---``) side; duplicates are dropped;
7. once a verb has given an event, the verbs inside its verb phrase are not coded.

Uncoded phrases can be reported as quoted text actors (``new_actor_length``), as PETRARCH did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .clauses import CommaOptions, DiscardIndex, delete_comma_clauses, has_dateline
from .common import as_date
from .discards import STORY
from .loader import PetrarchDictionaries, load_dictionaries
from .patterns import Bindings, Item, match_side
from .phrase_codes import NULL_CODE, PhraseCode, PhraseCoder
from .sentence import NounPhrase, PetrarchSentence, linearize
from .verb_index import NULL_EVENT, VerbIndex, VerbMatch


@dataclass(frozen=True)
class CoderOptions:
    """PETRARCH's coder options (the ``<Config>`` settings of the validation records)."""

    require_dyad: bool = True
    new_actor_length: int = 0
    comma_min: int = 2
    comma_max: int = 8
    comma_bmin: int = 0
    comma_bmax: int = 0
    comma_emin: int = 2
    comma_emax: int = 8

    @classmethod
    def from_config(
        cls, config: Mapping[str, object] | None, base: CoderOptions | None = None
    ) -> CoderOptions:
        """Options from PETRARCH-style settings (``{"require_dyad": "false", "comma_min": "4"}``).
        Unknown names raise ValueError."""
        opts = base or cls()
        if not config:
            return opts
        known = {f.name for f in fields(cls)}
        changes: dict[str, object] = {}
        for name, value in config.items():
            if name not in known:
                raise ValueError(f"unknown PETRARCH coder option {name!r} (known: {sorted(known)})")
            if name == "require_dyad":
                changes[name] = str(value).strip().lower() not in ("false", "0", "no")
            else:
                try:
                    changes[name] = int(str(value).strip())
                except ValueError as exc:
                    raise ValueError(f"option {name} needs an integer, not {value!r}") from exc
        return replace(opts, **changes)

    @property
    def commas(self) -> CommaOptions:
        return CommaOptions(
            self.comma_min,
            self.comma_max,
            self.comma_bmin,
            self.comma_bmax,
            self.comma_emin,
            self.comma_emax,
        )


@dataclass(frozen=True)
class PetrarchEvent:
    """One coded event. ``rule`` is the ``file:line`` of the pattern (or verb line) that coded
    it; ``source_text``/``target_text`` the words of the phrases the codes came from."""

    source: str
    target: str
    code: str
    verb: str
    rule: str
    sentence: int = 0
    start_char: int = 0
    end_char: int = 0
    source_text: str = ""
    target_text: str = ""
    passive: bool = False

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.code)


@dataclass
class SentenceCoding:
    """What the coder made of one sentence. ``discard`` is ``"sentence"``/``"story"`` when a
    discard phrase stopped it (``discard_rule`` names the entry); ``error`` is ``"dateline"``
    when the sentence starts with a story dateline."""

    text: str
    events: list[PetrarchEvent] = field(default_factory=list)
    discard: str | None = None
    discard_rule: str | None = None
    error: str | None = None
    sentence: int = 0

    @property
    def triples(self) -> set[tuple[str, str, str]]:
        return {e.triple for e in self.events}


@dataclass
class StoryCoding:
    """A whole text: its sentences, with every event dropped when a story discard was found."""

    sentences: list[SentenceCoding]
    discard_rule: str | None = None

    @property
    def events(self) -> list[PetrarchEvent]:
        if self.discard_rule is not None:
            return []
        return [e for s in self.sentences for e in s.events]


class PetrarchCoder:
    """Codes text with one set of PETRARCH/TABARI dictionaries.

    >>> coder = PetrarchCoder(load_dictionaries("dicts/", preset="validation"))
    >>> coder.code_sentence("Arnor restored ties with Gondor.", "19950101").triples
    """

    def __init__(
        self,
        dictionaries: PetrarchDictionaries,
        *,
        options: CoderOptions | None = None,
        nlp: Language | None = None,
        model: str | None = None,
    ) -> None:
        self.dictionaries = dictionaries
        self.options = options or CoderOptions()
        self._nlp = nlp
        self._model = model
        self.phrases = PhraseCoder(dictionaries)
        self.verbs = VerbIndex(dictionaries)
        self.discards = DiscardIndex(dictionaries.discards)

    @classmethod
    def from_path(cls, path: str | Path, **kwargs) -> PetrarchCoder:
        """Load the dictionaries in ``path`` (a folder or files; see ``load_dictionaries``)."""
        strict = kwargs.pop("strict", False)
        preset = kwargs.pop("preset", None)
        return cls(load_dictionaries(path, strict=strict, preset=preset), **kwargs)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from tidings.nlp import load_pipeline

            self._nlp = load_pipeline(self._model)
        return self._nlp

    # ------------------------------------------------------------------------------------------
    # entry points

    def parse_sentence(self, text: str) -> Span:
        """Parse ``text`` as exactly one sentence (no sentence splitting)."""
        nlp = self.nlp
        doc = nlp.make_doc(_clean(text))
        for tok in doc[1:]:
            tok.is_sent_start = False
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        return doc[:]

    def code_sentence(
        self, text: str, date: dt.date | str | None = None, options: CoderOptions | None = None
    ) -> SentenceCoding:
        """Code one sentence given as text (parsed whole, never split)."""
        return self.code_span(self.parse_sentence(text), date, options)

    def code_story(
        self, text: str, date: dt.date | str | None = None, options: CoderOptions | None = None
    ) -> StoryCoding:
        """Code a text of several sentences (spaCy's sentence boundaries)."""
        return self.code_doc(self.nlp(_clean(text)), date, options)

    def code_doc(
        self, doc: Doc, date: dt.date | str | None = None, options: CoderOptions | None = None
    ) -> StoryCoding:
        sentences = [self.code_span(s, date, options, n) for n, s in enumerate(doc.sents)]
        story = next((s.discard_rule for s in sentences if s.discard == STORY), None)
        return StoryCoding(sentences, story)

    def code_span(
        self,
        span: Span,
        date: dt.date | str | None = None,
        options: CoderOptions | None = None,
        index: int = 0,
    ) -> SentenceCoding:
        opts = options or self.options
        when = as_date(date) if date else None
        result = SentenceCoding(span.text, sentence=index)
        if has_dateline(span.text):
            result.error = "dateline"
            return result
        sent = linearize(span)
        found = self.discards.find([w.text for w in sent.words])
        if found is not None:
            result.discard, result.discard_rule = found.scope, found.source
            return result
        _SentenceRun(self, sent, opts, when, index, result).run()
        return result


def _clean(text: str) -> str:
    """Underscores join words in dictionaries ("Dol_Amroth"); in text they are spaces. The
    replacement keeps character offsets."""
    return text.replace("_", " ")


# ----------------------------------------------------------------------------------------------


class _SentenceRun:
    """The coding of one linearised sentence (state shared by the steps)."""

    def __init__(
        self,
        coder: PetrarchCoder,
        sent: PetrarchSentence,
        opts: CoderOptions,
        when: dt.date | None,
        index: int,
        result: SentenceCoding,
    ) -> None:
        self.coder = coder
        self.sent = sent
        self.opts = opts
        self.when = when
        self.index = index
        self.result = result
        self.deleted = delete_comma_clauses(sent, opts.commas)
        self.texts = [w.text for w in sent.words]
        self._codes: dict[int, list[PhraseCode]] = {}

    # -- phrase codes

    def member_codes(self, k: int) -> list[PhraseCode]:
        if k not in self._codes:
            phrase = self.sent.phrases[k]
            self._codes[k] = [self.coder.phrases.code(m, self.when) for m in phrase.members]
        return self._codes[k]

    def is_compound(self, k: int) -> bool:
        return self.sent.phrases[k].is_compound

    def is_coded(self, k: int) -> bool:
        return self.is_compound(k) or self.member_codes(k)[0].is_coded

    def single_code(self, k: int) -> str | None:
        return None if self.is_compound(k) else self.member_codes(k)[0].code

    def codes_of(self, k: int) -> list[str]:
        """Actor codes of phrase ``k``: one per member, ``FRO/BIL/SAM`` split, text actors for
        uncoded members when ``new_actor_length`` allows; in a coordinated phrase an uncoded
        member is dropped when another member is coded ("the lions and Gondor")."""
        phrase = self.sent.phrases[k]
        out: list[str] = []
        for member, pc in zip(phrase.members, self.member_codes(k), strict=True):
            code = pc.code
            if code == NULL_CODE and self.opts.new_actor_length > 0:
                text = " ".join(member)
                if text.count(" ") < self.opts.new_actor_length:
                    code = f'"{text}"'
            out.extend(code.split("/") if "/" in code and not code.startswith('"') else [code])
        if len(out) > 1 and any(c != NULL_CODE for c in out):
            out = [c for c in out if c != NULL_CODE]
        return out

    # -- sequences

    def upper_range(self, start: int) -> tuple[int, int]:
        lo = 0
        for c in self.sent.clause_commas:
            if c < start and not self.deleted[c]:
                lo = c + 1
        return lo, start

    def items(self, lo: int, hi: int, clause: int | None = None) -> list[Item]:
        """The words lo..hi (not removed) with phrase boundaries; with ``clause``, only the
        words of that verb's own clause."""
        out: list[Item] = []
        current: int | None = None
        words = self.sent.words
        for i in range(lo, hi):
            if self.deleted[i]:
                continue
            if clause is not None and self.sent.clause_of[i] != clause:
                continue
            k = self.sent.phrase_at[i]
            if k != current:
                if current is not None:
                    out.append(Item("", current))
                if k is not None:
                    out.append(Item("", k))
                current = k
            if k is not None and words[i].is_possessive:
                continue
            out.append(Item(words[i].text, None, i))
        if current is not None:
            out.append(Item("", current))
        return out

    @staticmethod
    def phrases_in(items: Iterable[Item]) -> list[int]:
        seen: list[int] = []
        for it in items:
            if it.phrase is not None and it.phrase not in seen:
                seen.append(it.phrase)
        return seen

    # -- the verb loop

    def run(self) -> None:
        skip_until = -1
        for slot in self.sent.verbs:
            if slot.index < skip_until or self.deleted[slot.index]:
                continue
            match = self.coder.verbs.lookup(self.texts, slot.index)
            if match is None or any(self.deleted[i] for i in range(match.start, match.end)):
                continue
            if self.code_verb(slot, match):
                skip_until = max(skip_until, slot.lower_end)

    def code_verb(self, slot, match: VerbMatch) -> bool:
        lo, hi = self.upper_range(match.start)
        upper_fwd = self.items(lo, hi)
        upper = list(reversed(upper_fwd))
        lower_end = max(slot.lower_end, match.end)
        lower = self.items(match.end, lower_end)
        if self.coder.verbs.phrase_patterns:
            # PETRARCH-2 patterns name the verb's own subject, objects and PPs: match them on the
            # words of the verb's clause, not on embedded clauses ("reported that ... to combat
            # cartels" is not "report combat")
            pat_upper = list(reversed(self.items(lo, hi, slot.token)))
            pat_lower = self.items(match.end, lower_end, slot.token)
        else:
            pat_upper, pat_lower = upper, lower
        bindings = Bindings()
        code = paired = None
        rule = ""
        matched = False
        for lp in match.patterns:
            b = Bindings()
            if match_side(lp.upper, pat_upper, "upper", b, self.is_compound) and match_side(
                lp.lower, pat_lower, "lower", b, self.is_compound
            ):
                code, paired, rule, bindings, matched = (
                    lp.code,
                    lp.paired_code,
                    lp.pattern.source,
                    b,
                    True,
                )
                break
        if not matched:
            code, paired, entry = match.default
            if entry is None:
                return False
            rule = entry.source
        if (code is None or code == NULL_EVENT) and not paired:
            return False
        upper_phrases = self.phrases_in(upper_fwd)
        lower_phrases = self.phrases_in(lower)
        source = bindings.source
        if source is None:
            source = self.subject_phrase(slot, upper_phrases, bindings.target)
        if source is None:
            source = self.find_source(upper_phrases)
        if source is None:
            return False
        target = (
            bindings.target
            if bindings.target is not None
            else self.find_target(lower_phrases, upper_phrases, source)
        )
        if target is None:
            return False
        self.make_events(source, target, code, paired, slot, match, rule)
        return True

    def subject_phrase(self, slot, upper_phrases: list[int], target: int | None) -> int | None:
        """The verb's grammatical subject, when it is a coded phrase before the verb in the same
        clause (and not the phrase a ``+`` bound). The parse knows more than "first actor in the
        clause": "The Guardian reported that Mexican President Sheinbaum tried to shoot down
        ..." has Sheinbaum, not the Guardian, as the source of "shoot down"."""
        for word in slot.subjects:
            k = self.sent.phrase_at[word]
            if k is None or k == target or k not in upper_phrases:
                continue
            if self.is_coded(k):
                return k
        return None

    def find_source(self, upper_phrases: list[int]) -> int | None:
        for k in upper_phrases:
            if self.is_coded(k):
                return k
        return upper_phrases[0] if upper_phrases else None

    def find_target(self, lower: list[int], upper: list[int], source: int) -> int | None:
        src = self.single_code(source)

        def other(k: int) -> bool:
            code = self.single_code(k)
            return src is None or code is None or not code.startswith(src)

        for k in lower:
            if self.is_coded(k) and other(k):
                return k
        for k in lower:
            if not self.is_coded(k):
                return k
        for k in reversed(upper):
            if k != source and self.is_coded(k) and other(k):
                return k
        for k in reversed(upper):
            if k != source and not self.is_coded(k):
                return k
        return None

    def make_events(
        self,
        source: int,
        target: int,
        code: str | None,
        paired: str | None,
        slot,
        match: VerbMatch,
        rule: str,
    ) -> None:
        src_codes = self.codes_of(source)
        tgt_codes = self.codes_of(target)
        if not src_codes or not tgt_codes:
            return
        pairs: list[tuple[str, str, str, int, int]] = []

        def add(a: list[str], b: list[str], event_code: str, ka: int, kb: int) -> None:
            for s in a:
                for t in b:
                    if s == t:
                        continue
                    if slot.passive:
                        pairs.append((t, s, event_code, kb, ka))
                    else:
                        pairs.append((s, t, event_code, ka, kb))

        if paired:
            if src_codes[0] == NULL_CODE or tgt_codes[0] == NULL_CODE:
                if tgt_codes[0] == NULL_CODE:
                    tgt_codes = src_codes
                else:
                    src_codes = tgt_codes
            if code and code != NULL_EVENT:
                add(src_codes, tgt_codes, code, source, target)
            add(tgt_codes, src_codes, paired, target, source)
        elif code:
            add(src_codes, tgt_codes, code, source, target)
        words = self.sent.words
        verb_word = words[slot.index]
        phrases = self.sent.phrases
        seen = {e.triple for e in self.result.events}
        for s, t, c, ks, kt in pairs:
            if self.opts.require_dyad and (s == NULL_CODE or t == NULL_CODE):
                continue
            if (s, t, c) in seen:
                continue
            seen.add((s, t, c))
            self.result.events.append(
                PetrarchEvent(
                    s,
                    t,
                    c,
                    match.text,
                    rule,
                    self.index,
                    verb_word.start_char,
                    verb_word.end_char,
                    _phrase_text(phrases[ks]),
                    _phrase_text(phrases[kt]),
                    slot.passive,
                )
            )


def _phrase_text(phrase: NounPhrase) -> str:
    return " ".join(phrase.words)
