"""Where each event happened: an action location read from the event's own clause first.

GDELT pins events to the dateline city or the capital (Hammond & Weidmann 2014). tidings looks
for the place of each event in this order, and records which one it used (``Place.source``):

1. ``clause`` — a place in the event's own clause: in a locative phrase of the predicate, of its
   object or of its subject ("attacked a convoy near Goma", "Police in Dhaka arrested ..."), or,
   for movements and material acts, the place moved to or struck ("visited Beijing", "deployed
   police to Haiti", "shelled Kharkiv"); then the same in the clauses that govern it, up to the
   clause that reports it (as for dates: "said in Paris that ..." places the report, not the
   event);
2. ``sentence`` — the nearest place in a locative phrase anywhere in the sentence;
3. ``dateline`` — the place the story was filed from ("OTTAWA —");
4. ``focus`` — the article's main country (most mentioned, the dateline's country counting
   double), or its main region when no country is named.

Toponyms are spaCy GPE/LOC/FAC/NORP entities confirmed by the gazetteer, plus the strong toponyms
the small model mislabels or misses (``places.toponyms_from_doc``), resolved together with
document context (focus countries, co-mentioned places: ``places.resolve_document``). Demonyms
("Mexican", "American") are resolved and listed among the article's places, but they describe
actors, not where things happen, so they never locate an event.

Speed: the gazetteer is built once per process; per article this is one pass over the entities
and dictionary lookups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tidings.extract import places as gazetteer
from tidings.extract.dateline import Dateline
from tidings.extract.syntax import doc_index, kids
from tidings.records import Event, Place, evolve

CLAUSE, SENTENCE, DATELINE, FOCUS, MENTION = "clause", "sentence", "dateline", "focus", "mention"
# "in", "near" ... name a scene; "on", "from", "between" mostly name targets or parties
# ("sanctions on Russia", "talks between Israel and Hamas") and are left out.
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                  "within", "off", "along", "beyond", "nearby"}
# Where a movement or a strike goes is where it happens ("deployed police to Haiti").
DIRECTION_PREPS = {"to", "into", "toward", "towards", "onto"}
MOVEMENT_LEMMAS = {"visit", "travel", "fly", "go", "arrive", "return", "deploy", "send", "move",
                   "march", "advance", "enter", "cross", "invade", "incursion", "invasion",
                   "withdraw", "retreat", "flee", "evacuate", "dispatch", "trip", "journey",
                   "tour", "come", "land", "sail", "push", "infiltrate", "deployment"}
# CAMEO roots whose object place is the scene: visits (042/043), coercion and violence (17-20).
# Not sanctions or protests: "sanctioned Belarus" does not happen in Belarus.
PLACE_OBJECT_ROOTS = {"17", "18", "19", "20"}
PLACE_OBJECT_CODES = {"042", "043", "044", "045"}
CLAUSE_BREAKS = {"relcl", "ccomp", "parataxis", "advcl", "acl", "csubj"}
SPEECH_LIKE = {"say", "report", "tell", "add", "explain", "comment", "write", "announce", "state",
               "argue", "warn", "claim", "note", "post", "declare", "confirm", "insist", "deny"}
MAX_STEPS = 8


@dataclass
class DocumentPlaces:
    """The resolved places of one article and what the per-event search needs."""

    places: list[Place] = field(default_factory=list)  # every resolved mention, text order
    dateline: Place | None = None
    focus: Place | None = None
    by_token: dict[int, Place] = field(default_factory=dict)  # token index -> its mention's place
    demonym_tokens: set[int] = field(default_factory=set)

    def place_at(self, token: Token) -> Place | None:
        if token.i in self.demonym_tokens:
            return None
        return self.by_token.get(token.i)


def _is_demonym(span) -> bool:
    if any(t.ent_type_ == "NORP" for t in span):
        return True
    text = span.text
    base = text.removesuffix("s")
    return text in gazetteer.DEMONYMS or base in gazetteer.DEMONYMS or text in gazetteer.ADMIN1_DEMONYMS


def _in_place_position(token: Token) -> bool:
    """The word is where something happens or goes: "in Kyiv", "visited Kyiv"."""
    head = token.head
    if token.dep_ == "pobj":
        return head.lower_ in LOCATIVE_PREPS | DIRECTION_PREPS
    return token.dep_ == "dobj" and head.lemma_.lower() in MOVEMENT_LEMMAS


def _recovered(doc: Doc, found: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Places the small model labels PERSON or ORG ("visited Kyiv"), taken when they sit where
    a place goes and the gazetteer knows them as a country, region, division or large city."""
    taken = {start for _, start, _ in found}
    gaz = gazetteer.get_gazetteer()
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or ent.start_char in taken:
            continue
        if _in_place_position(ent.root) and gaz.strong_toponym(ent.text):
            out.append((ent.text, ent.start_char, ent.end_char))
    return out


def read_places(doc: Doc, dateline: Dateline | None = None) -> DocumentPlaces:
    """Find and resolve every toponym of the article, its dateline place and its focus."""
    mentions = gazetteer.toponyms_from_doc(doc)
    recovered = _recovered(doc, mentions)
    if recovered:
        mentions = sorted([*mentions, *recovered], key=lambda m: m[1])
    if dateline is not None:
        # The dateline in capitals ("SAN DIEGO, Calif.") is read in title case, with its region.
        mentions = [m for m in mentions if not (dateline.start <= m[1] < dateline.end)]
        mentions.insert(0, (dateline.place_name, dateline.start, dateline.end))
    resolved = gazetteer.resolve_document(mentions)
    out = DocumentPlaces()
    for place in resolved:
        if dateline is not None and place.start == dateline.start:
            out.dateline = evolve(place, source=DATELINE)
            out.places.append(out.dateline)
            continue
        out.places.append(evolve(place, source=MENTION))
    for place in out.places:
        if place.start is None or place.end is None:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        demonym = place is not out.dateline and _is_demonym(span)
        for token in span:
            out.by_token[token.i] = place
            if demonym:
                out.demonym_tokens.add(token.i)
    out.focus = _focus(out)
    return out


def _focus(doc_places: DocumentPlaces) -> Place | None:
    """The article's main country: most mentions (demonyms count half, the dateline double)."""
    weights: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    region_place: dict[str, Place] = {}
    demonym_starts = set()
    for i in doc_places.demonym_tokens:
        place = doc_places.by_token.get(i)
        if place is not None:
            demonym_starts.add(place.start)
    for place in doc_places.places:
        weight = 2.0 if place is doc_places.dateline else 0.5 if place.start in demonym_starts else 1.0
        if place.country:
            weights[place.country] += weight
        elif place.precision == gazetteer.REGION:
            regions[place.name] += weight
            region_place[place.name] = place
    if weights:
        country = max(weights.items(), key=lambda kv: (kv[1], -_first(doc_places.places, kv[0])))[0]
        entry = gazetteer.get_gazetteer().country_entry(country)
        if entry is not None:
            return evolve(gazetteer.get_gazetteer().to_place(entry), source=FOCUS)
    if regions:
        name = regions.most_common(1)[0][0]
        return evolve(region_place[name], source=FOCUS, start=None, end=None)
    return None


def _first(places: Sequence[Place], country: str) -> int:
    return next((p.start or 0 for p in places if p.country == country), 0)


# ---- per event --------------------------------------------------------------------------------


def _places_in(token: Token, doc_places: DocumentPlaces) -> list[Place]:
    """Toponyms inside a phrase, in text order, not entering clauses of their own."""
    found: list[Place] = []
    stack = [token]
    while stack:
        node = stack.pop()
        place = doc_places.place_at(node)
        if place is not None and place not in found:
            found.append(place)
        stack.extend(c for c in kids(node) if c.dep_ not in CLAUSE_BREAKS)
    found.sort(key=lambda p: p.start or 0)
    return found


def _locative(node: Token, preps: set[str], doc_places: DocumentPlaces, skip: Token | None
              ) -> Place | None:
    for child in kids(node):
        if child == skip or child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for obj in kids(child):
            if obj.dep_ in ("pobj", "pcomp"):
                found = _places_in(obj, doc_places)
                if found:
                    return found[0]
    return None


def _moves(token: Token, code: str) -> bool:
    return (token.lemma_.lower() in MOVEMENT_LEMMAS or code[:2] in PLACE_OBJECT_ROOTS
            or code[:3] in PLACE_OBJECT_CODES)


def _place_of_node(node: Token, code: str, doc_places: DocumentPlaces, skip: Token | None,
                   is_predicate: bool) -> Place | None:
    """A place attached to one word of the event's chain (see the module docstring, step 1)."""
    found = _locative(node, LOCATIVE_PREPS, doc_places, skip)
    if found is not None:
        return found
    moving = _moves(node, code) if is_predicate else node.lemma_.lower() in MOVEMENT_LEMMAS
    if moving:
        found = _locative(node, DIRECTION_PREPS, doc_places, skip)
        if found is not None:
            return found
    if moving and is_predicate and node.pos_ == "NOUN":
        found = _locative(node, {"of"}, doc_places, skip)  # "the invasion of Iraq"
        if found is not None:
            return found
    for child in kids(node):
        if child == skip:
            continue
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
            # "attacked a convoy near Goma", "Police in Dhaka arrested ..."
            found = _locative(child, LOCATIVE_PREPS, doc_places, None)
            if found is not None:
                return found
        if moving and child.dep_ in ("dobj", "nsubjpass") and is_predicate:
            place = doc_places.place_at(child)  # "visited Beijing", "shelled Kharkiv"
            if place is not None:
                return place
    return None


def clause_place(predicate: Token, code: str, doc_places: DocumentPlaces
                 ) -> tuple[Place | None, Token]:
    """The place in the event's own clause chain, and the top of that chain."""
    node, skip = predicate, None
    for _ in range(MAX_STEPS):
        found = _place_of_node(node, code, doc_places, skip, node == predicate)
        if found is not None:
            return found, node
        if node.head == node or node.dep_ in ("relcl", "parataxis"):
            break
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in SPEECH_LIKE:
            break
        if node.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(node)):
            break  # "after X attacked Y in Z, ...": a clause with a scene of its own
        node, skip = node.head, node
    return None, node


def sentence_place(predicate: Token, doc_places: DocumentPlaces) -> Place | None:
    """The place of a locative phrase in the sentence nearest the predicate."""
    best: tuple[int, Place] | None = None
    sentence = doc_index(predicate.doc).sentence(predicate)
    if not any(i in doc_places.by_token for i in range(sentence.start, sentence.end)):
        return None  # no place mentioned in the sentence
    for token in sentence:
        if token.dep_ != "prep" or token.lower_ not in LOCATIVE_PREPS:
            continue
        for obj in kids(token):
            if obj.dep_ != "pobj":
                continue
            for place in _places_in(obj, doc_places):
                distance = abs(obj.i - predicate.i)
                if best is None or distance < best[0]:
                    best = (distance, place)
    return best[1] if best else None


def event_place(predicate: Token, code: str, doc_places: DocumentPlaces) -> Place | None:
    """Where the event of ``predicate`` happened, with the level that said so in ``source``."""
    found, _ = clause_place(predicate, code, doc_places)
    if found is not None:
        return evolve(found, source=CLAUSE)
    found = sentence_place(predicate, doc_places)
    if found is not None:
        return evolve(found, source=SENTENCE)
    if doc_places.dateline is not None:
        return evolve(doc_places.dateline, source=DATELINE)
    return doc_places.focus


def locate_events(doc: Doc, events: Iterable[Event], doc_places: DocumentPlaces) -> list[Event]:
    """The events with ``place`` set (events keep their own place when they have one)."""
    out = []
    index = doc_index(doc)
    token_at = {start: i for i, start in enumerate(index.starts)}  # a trigger is one token
    for event in events:
        trigger = event.evidence.trigger
        i = token_at.get(trigger.start) if trigger is not None and event.place is None else None
        if i is not None and index.ends[i] == trigger.end:
            event = evolve(event, place=event_place(index.tokens[i], event.cameo_code, doc_places))
        out.append(event)
    return out
