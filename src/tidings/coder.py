"""Compose the extractors into an ArticleResult. No I/O here: articles in, records out.

    Article --(one spaCy parse)--> Doc --> actors --> quotes --> events (+ evaluations)
                                                 \\-> dates, places per event --> ArticleResult
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from tidings import ontology
from tidings.extract.actors import resolve_actors
from tidings.extract.attribution import attach_reporting_chains, unlisted_speakers
from tidings.extract.dateline import dated_by_dateline, read_dateline
from tidings.extract.evaluations import evaluation_events
from tidings.extract.events import EventExtractor, RawEvent, dedupe_events
from tidings.extract.locations import locate_events, read_places
from tidings.extract.places import get_gazetteer
from tidings.extract.quotes import QuoteExtractor, tokens_in_quotes
from tidings.extract.syntax import DocIndex, doc_index
from tidings.extract.temporal import event_date
from tidings.lexicons.actors import load_actor_lexicon
from tidings.lexicons.events import load_event_lexicon
from tidings.nlp import load_pipeline, model_label
from tidings.records import (
    ASSERTED,
    HISTORICAL,
    Article,
    ArticleResult,
    Event,
    Evidence,
    Span,
)

CODE_VERSION = "0.1.0"


@dataclass
class CoderConfig:
    model: str | None = None
    lexicon_dirs: Sequence[Path] = field(default_factory=tuple)  # user lexicons beside ours
    dictionaries: Path | None = None  # PETRARCH/TABARI dictionaries beside ours (lexicons/petrarch/plugin.py)
    batch_size: int = 16
    n_process: int = 1


class Coder:
    """Holds the loaded pipeline and lexicons; codes articles one parse each."""

    def __init__(self, config: CoderConfig | None = None):
        self.config = config or CoderConfig()
        self.nlp: Language = load_pipeline(self.config.model)
        dirs = tuple(self.config.lexicon_dirs)
        if self.config.dictionaries is not None:  # converted once into our lexicon files, cached
            from tidings.lexicons.petrarch.plugin import lexicon_dir

            dirs += (lexicon_dir(self.config.dictionaries),)
        self.events_lexicon = load_event_lexicon(dirs)
        self.actor_lexicon = load_actor_lexicon(extra_dirs=dirs)
        get_gazetteer()
        # The model, lexicons and gazetteer (some 600k objects) live as long as the process:
        # taken out of the garbage collector's generations, they are not walked again at every
        # full collection while articles are coded (about a tenth of extraction time).
        gc.freeze()

    @property
    def model_name(self) -> str:
        return model_label(self.nlp)

    @property
    def lexicon_hash(self) -> str:
        return self.events_lexicon.fingerprint

    def code(self, article: Article) -> ArticleResult:
        return self.code_doc(self.nlp(article.text), article)

    def code_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Batched: one nlp.pipe over the stream, bounded memory."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(
            stream, as_tuples=True, batch_size=self.config.batch_size, n_process=self.config.n_process
        ):
            yield self.code_doc(doc, article)

    def code_doc(self, doc: Doc, article: Article) -> ArticleResult:
        index = doc_index(doc)
        index.adopt_text(article.text)
        dateline = read_dateline(article.text, article.published)
        article = dated_by_dateline(article, dateline)  # no date given: the dateline's
        where = read_places(doc, dateline)
        actors = resolve_actors(doc, self.actor_lexicon, article.published, dateline)
        quotes = QuoteExtractor(doc, actors, self.events_lexicon, article.id, article.outlet).extract()
        raw = EventExtractor(doc, actors, self.events_lexicon, tokens_in_quotes(doc, quotes)).extract()
        quoted = [q for q in quotes if q.kind != "indirect"]  # indirect speech: via its verb
        raw = dedupe_events(raw + evaluation_events(doc, actors, self.events_lexicon, quoted, raw))
        # Within a sentence the main clause's act comes first: it is the sentence's event.
        # Judgements read from speech come after the acts the sentence reports.
        raw.sort(
            key=lambda r: (
                index.sentence_number(r.predicate),
                r.derived_from == "evaluation",
                sum(1 for _ in r.predicate.ancestors),
                r.predicate.i,
            )
        )
        events = _unique_ids([self._finish(article, r, index) for r in raw])
        events.sort(key=lambda e: e.evidence.start)  # stable: keeps the order within sentences
        events = locate_events(doc, events, where)
        events = attach_reporting_chains(events, quotes, article.outlet)
        used = {a.id for e in events for a in (e.source, e.target) if a is not None}
        used |= {q.speaker.id for q in quotes if q.speaker is not None}
        return ArticleResult(
            article=article,
            actors=[a for a in actors.actors if a.id in used or _is_coded(a)]
            + unlisted_speakers(quotes, actors.actors),
            events=events,
            quotes=quotes,
            places=where.places,
        )

    def _finish(self, article: Article, raw: RawEvent, index: DocIndex) -> Event:
        token: Token = raw.predicate
        sentence = index.sentence(token)
        code = raw.code
        plover_type, plover_mode = ontology.plover_for(code) if ontology.is_cameo(code) else (None, None)
        date = event_date(token, article.published, raw.modality)
        modality = raw.modality
        if modality == ASSERTED and date.source == "clause" and _is_background(date.value, article.published):
            modality = HISTORICAL
        trigger = Span(token.idx, token.idx + len(token.text), token.text)
        key = f"{article.id}:{token.idx}:{raw.source.id if raw.source else ''}:{raw.target.id if raw.target else ''}:{code}"
        return Event(
            id=hashlib.sha1(key.encode()).hexdigest()[:16],
            article_id=article.id,
            source=raw.source,
            target=raw.target,
            cameo_code=code,
            quad_class=ontology.quad_class(code) if _known(code) else 0,
            goldstein=ontology.goldstein(code) if _known(code) else 0.0,
            plover_type=plover_type,
            plover_mode=plover_mode,
            modality=modality,
            date=date,
            evidence=Evidence(
                sentence=index.sentence_number(token),
                start=sentence.start_char,
                end=sentence.end_char,
                text=index.text[sentence.start_char : sentence.end_char].strip(),  # = sentence.text
                trigger=trigger,
                rule=raw.pattern_source,
                cues=raw.cues,
            ),
            reported_by=raw.reporter.name if raw.reporter is not None else None,
            confidence=raw.confidence,
        )


def _unique_ids(events: list[Event]) -> list[Event]:
    """Two readings of one trigger for one dyad and code (a derived act beside the act it was
    derived from) would share an id; the store needs ids unique, so later ones get a suffix."""
    seen: dict[str, int] = {}
    out: list[Event] = []
    for event in events:
        count = seen.get(event.id, 0)
        seen[event.id] = count + 1
        out.append(event if count == 0 else dataclasses.replace(event, id=f"{event.id}-{count}"))
    return out


def _is_coded(actor) -> bool:
    """Named actors worth listing even when no event uses them: people, and organisations we
    could code (an NER fragment such as 'Caribbean Program' with no code is not)."""
    if actor.kind == "person":
        return True
    return actor.kind != "group" and actor.cameo.strip("-") != ""


def _known(code: str) -> bool:
    try:
        ontology.quad_class(code)
        return True
    except ValueError:
        return False


def _is_background(value: str | None, published: dt.date | None) -> bool:
    """An explicit date a year or more before publication ("in 2019", "in March 2023") marks
    background, not news. A date weeks back ("on March 29") is still the event's own date."""
    if not value or published is None or not value[:4].isdigit():
        return False
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else 12
    return (published.year - year) * 12 + (published.month - month) >= 12


_DEFAULT: Coder | None = None


def default_coder() -> Coder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Coder()
    return _DEFAULT
