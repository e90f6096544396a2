"""Attach a date to one event, from its own clause first (GDELT stamps the crawl day instead).

The time expressions themselves are found and resolved by ``tidings.extract.dates``; this module
decides *which* words belong to the event, and in which tense to read them:

1. **clause** — the predicate's own time modifiers ("on Friday", "last week", "two days ago",
   "the 2003 invasion"), then those of the words that govern it, up to the clause that reports it
   ("Sheinbaum on Friday tried to shoot down ..."), never the reporting verb's ("The Times
   reported on Friday that ...": that dates the report). A clause introduced by "after"/"before"
   is not dated by the clause it hangs on; with a distance ("three days after protesters
   stormed ...") it is dated from it. A time inside a clause that hangs within the object or a
   modifier ("arrested men who had robbed a bank in 2019", "charged officers over crimes
   committed during the war") is that clause's, never the event's.
2. **sentence** — for events reported as having happened, the date of the report that carries
   them ("The army said on Monday it had attacked ...": no later than Monday).
3. **publication** — asserted or negated events with no time of their own: the article's date.

Events that have not happened (hypothetical, future) and have no time of their own get no date
(precision ``unknown``); background events ("failed efforts to ...", modality historical) get
``historical``; neither is ever stamped with the publication date. An asserted event cannot
happen after its report: a clause date after publication ("will visit on Tuesday" coded as an
asserted intent) falls back to the report or publication date.

Tense decides how a bare weekday or month reads: the past, unless the clause is in the future
tense ("will meet on Tuesday", "is to travel on Monday", "if Iran attacks on Monday").
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from tidings.extract.dates import FUTURE as FUTURE_TENSE
from tidings.extract.dates import NUMBERS, PAST, PRESENT, date_for_clause
from tidings.extract.syntax import kids
from tidings.records import ASSERTED, FUTURE, HISTORICAL, HYPOTHETICAL, NEGATED, EventDate

TIME_DEPS = {"prep", "npadvmod", "advmod", "tmod", "obl", "pobj"}
# Time modifiers inside a noun phrase: "the 2003 invasion", "last year's attack".
NOUN_TIME_DEPS = {"nummod", "compound", "amod", "poss", "npadvmod"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"}
# Clauses inside a time phrase's candidate ("over crimes committed during the war", "members of
# a gang that robbed a bank in 2019", "with killing protesters in 2019"): their times are theirs.
NESTED_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "csubj", "csubjpass",
                      "parataxis"}
SPEECH_LIKE = {"say", "report", "tell", "add", "explain", "comment", "write", "announce", "state",
               "argue", "warn", "claim", "note", "post", "declare", "confirm", "insist", "deny",
               "allege", "acknowledge", "admit", "disclose", "reveal", "tweet", "quote"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "once", "when", "provided", "until"}
# Clauses that happen at another time than the clause they hang on, and on which side of it
# ("X, three days after Y": Y is three days before X).
SEQUENCE_MARKS = {"after": -1, "before": 1, "since": -1, "until": 1, "till": 1, "following": -1}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}
UNIT_MONTHS = {"month": 1, "year": 12, "decade": 120}
_ISO_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
_YEAR_PART = re.compile(r"^(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$")
MAX_STEPS = 8
MAX_PHRASE_WORDS = 6


# ---- tense ---------------------------------------------------------------------------------


def clause_tense(predicate: Token, modality: str) -> str:
    """The tense a bare weekday or month of the event's clause is read in.

    Future: modality future, a future auxiliary on the way up ("will", "going to", "is to"),
    or a present-tense verb in a condition ("if Iran attacks on Monday"). Present: a
    present-simple verb (read as the nearest date). Otherwise past."""
    if modality == FUTURE:
        return FUTURE_TENSE
    node = predicate
    for _ in range(MAX_STEPS):
        for child in kids(node):
            if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
                return FUTURE_TENSE
        if node.lemma_ == "go" and node.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in kids(node)):
            return FUTURE_TENSE
        if node.lemma_ == "be" and node.lower_ != "were" and any(
                c.dep_ == "xcomp" and _has_to(c) for c in kids(node)):
            return FUTURE_TENSE
        if node.dep_ not in ("xcomp", "conj", "advcl", "acl") or node.head == node:
            break
        if node.dep_ == "advcl" and not _has_to(node):
            break
        node = node.head
    if predicate.tag_ in ("VBZ", "VBP") and not any(
            c.dep_ in ("aux", "auxpass") for c in kids(predicate)):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids(predicate)):
            return FUTURE_TENSE
        return PRESENT
    if modality == HYPOTHETICAL and predicate.tag_ == "VB" and any(
            c.lower_ in ("could", "might", "may", "would", "should") for c in kids(predicate)):
        return FUTURE_TENSE  # "could strike on Monday": ahead of the report
    return PAST


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(token))


# ---- finding the event's own time ------------------------------------------------------------


def _time_phrases(node: Token, skip: Token | None) -> list[str]:
    """The time phrases attached to one node of the chain (never the link we came up by)."""
    phrases = []
    deps = TIME_DEPS | (NOUN_TIME_DEPS if node.pos_ in ("NOUN", "PROPN") else set())
    for child in kids(node):
        if child == skip or child.dep_ in CLAUSE_DEPS or child.dep_ not in deps:
            continue
        words = _phrase_words(child)
        dated = any(w.ent_type_ in ("DATE", "TIME") for w in words)
        if child.dep_ in NOUN_TIME_DEPS - {"npadvmod"} and not dated:
            continue
        # NER misses some ("in the past", "earlier this year" at a sentence start): short
        # modifiers go to the rules of dates.py too, which find nothing in "with France".
        if dated or child.dep_ == "npadvmod" or len(words) <= MAX_PHRASE_WORDS:
            phrases.append(" ".join(w.text for w in words))
    return phrases


def _object_time_phrases(verb: Token) -> list[str]:
    """'signed an agreement on Thursday': the parser often hangs the verb's time on its object.
    Dated prepositional phrases of the direct object count for the verb (after its own)."""
    phrases = []
    for obj in kids(verb):
        if obj.dep_ != "dobj":
            continue
        for child in kids(obj):
            if child.dep_ != "prep":
                continue
            words = _phrase_words(child)
            if any(w.ent_type_ in ("DATE", "TIME") for w in words):
                phrases.append(" ".join(w.text for w in words))
    return phrases


def _phrase_words(top: Token) -> list[Token]:
    """The words of the phrase headed by ``top``, without the clauses hanging inside it: "arrested
    rebels of a group that attacked the town in 2019" is not dated 2019, "charged officers over
    crimes committed during the war" not by the war. Such a clause has its own event and time."""
    words = list(top.subtree)
    cuts = [(w.left_edge.i, w.right_edge.i) for w in words
            if w.dep_ in NESTED_CLAUSE_DEPS and w != top]
    if not cuts:
        return words
    return [w for w in words if not any(start <= w.i <= end for start, end in cuts)]


def _clean(found: EventDate) -> EventDate | None:
    """Only ISO values at a precision leave this module: quarters and seasons keep their year;
    PAST_REF, decades and fiscal years keep their text with no value ("in the past")."""
    value = found.value
    if value is None:
        return None
    if value == "PRESENT_REF":
        return None  # "now", "currently": not a date of its own
    if _ISO_VALUE.match(value):
        return found
    year = _YEAR_PART.match(value)
    if year:
        return EventDate(year.group(1), "year", found.text, found.source)
    return EventDate(None, "unknown", found.text, found.source)


def _resolve(phrase: str, published: dt.date | None, tense: str) -> EventDate | None:
    found = date_for_clause(phrase, published, tense=tense)
    if found is None:
        return None
    return _clean(found)


def _sequence(node: Token) -> tuple[int, int, str, str] | None:
    """'three days after protesters stormed ...': (direction, amount, unit) of a clause that is
    dated from the clause it hangs on, with the words that say so; amount 0 when no distance
    is given."""
    if node.dep_ != "advcl":
        return None
    mark = next((c for c in kids(node) if c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS), None)
    if mark is None:
        return None
    direction = SEQUENCE_MARKS[mark.lower_]
    for child in (*kids(node), *kids(mark)):
        if child.dep_ == "npadvmod" and child.lemma_.lower() in (*UNIT_DAYS, *UNIT_MONTHS):
            amount = next((_number(c) for c in kids(child) if c.dep_ == "nummod"), None) or 1
            text = " ".join([*(t.text for t in child.subtree), mark.text])
            return direction, amount, child.lemma_.lower(), text
    return direction, 0, "", mark.text


def _number(token: Token) -> int | None:
    if token.text.isdigit():
        return int(token.text)
    return NUMBERS.get(token.lower_)


def _shift(date: EventDate, direction: int, amount: int, unit: str, text: str) -> EventDate | None:
    """``date`` moved by a distance (days and weeks on a day; months and years on a month)."""
    value = date.value
    if value is None or not amount:
        return None
    if unit in UNIT_DAYS and date.precision == "day":
        day = dt.date.fromisoformat(value) + direction * dt.timedelta(days=amount * UNIT_DAYS[unit])
        return EventDate(day.isoformat(), "day", text, "clause")
    if unit in UNIT_MONTHS and date.precision in ("day", "month"):
        y, m = int(value[:4]), int(value[5:7])
        total = y * 12 + m - 1 + direction * amount * UNIT_MONTHS[unit]
        return EventDate(f"{total // 12:04d}-{total % 12 + 1:02d}", "month", text, "clause")
    if unit in UNIT_MONTHS and date.precision == "year" and UNIT_MONTHS[unit] % 12 == 0:
        year = int(value[:4]) + direction * amount * UNIT_MONTHS[unit] // 12
        return EventDate(f"{year:04d}", "year", text, "clause")
    return None


def clause_date(predicate: Token, published: dt.date | None, tense: str
                ) -> tuple[EventDate | None, Token]:
    """The event's own date (source ``clause``) and the top of its clause chain.

    The chain climbs from the predicate through the words that govern it and stops at a
    relative clause, at the content of a reporting verb, and at a clause with its own time
    ("after ...", "before ..."), which is dated from the clause above only when it says how far
    ("three days after")."""
    node, skip = predicate, None
    for _ in range(MAX_STEPS):
        phrases = _time_phrases(node, skip)
        if node == predicate:
            phrases += _object_time_phrases(node)
        for phrase in phrases:
            found = _resolve(phrase, published, tense)
            if found is not None:
                return EventDate(found.value, found.precision, found.text, "clause"), node
        sequence = _sequence(node)
        if sequence is not None:
            direction, amount, unit, text = sequence
            if amount:
                head_date, head_top = clause_date(node.head, published, tense)
                if head_date is None:  # "said on Wednesday that ..., a day after X threatened"
                    head_date = report_date(head_top, published)
                if head_date is not None:
                    shifted = _shift(head_date, direction, amount, unit, text)
                    if shifted is not None:
                        return shifted, node
            return None, node
        if node.head == node or node.dep_ == "relcl":
            break
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in SPEECH_LIKE:
            break
        node, skip = node.head, node
    return None, node


def report_date(top: Token, published: dt.date | None) -> EventDate | None:
    """The date of the report that carries the event (source ``sentence``): the time phrases of
    the reporting verb above the clause ("said on Monday that ...") or beside it ("..., officials
    said on Monday")."""
    candidates: list[Token] = []
    if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in SPEECH_LIKE:
        candidates.append(top.head)
    candidates += [c for c in kids(top)
                   if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in SPEECH_LIKE]
    for verb in candidates:
        for phrase in _time_phrases(verb, top):
            found = _resolve(phrase, published, PAST)
            if found is not None and found.value:
                return EventDate(found.value, found.precision, found.text, "sentence")
    return None


def _period_start(value: str) -> dt.date | None:
    try:
        if "-W" in value:
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        parts = value.split("-")
        if len(parts) == 3:
            return dt.date.fromisoformat(value)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None


def _after(value: str | None, published: dt.date | None) -> bool:
    if not value or published is None:
        return False
    start = _period_start(value)
    return start is not None and start > published


def event_date(predicate: Token, published: dt.date | None, modality: str) -> EventDate:
    """When the event of ``predicate`` happened (see the module docstring for the order)."""
    tense = clause_tense(predicate, modality)
    own, top = clause_date(predicate, published, tense)
    if own is not None and not (modality == ASSERTED and _after(own.value, published)):
        return own
    if modality == HISTORICAL:
        return EventDate(None, "unknown", None, source="historical")
    if modality in (HYPOTHETICAL, FUTURE):
        return EventDate(None, "unknown", None, source="none")
    if modality in (ASSERTED, NEGATED):
        report = report_date(top, published)
        if report is not None and not _after(report.value, published):
            return report
    if published is None:
        return EventDate(None, "unknown", None, source="none")
    return EventDate(published.isoformat(), "day", None, source="publication")
