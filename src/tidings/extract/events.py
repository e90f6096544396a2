"""Events on the dependency parse: predicate -> lexicon pattern -> arguments -> coded events.

See CODING-METHOD.md. One pass over the tokens; each token is looked up once by lemma. A matched
predicate gets its source and target from the parse (subjects, objects, governed prepositions,
passives, control chains, conjuncts), its modality from modality.py, and, when it sits in the
content of a speech verb or an "according to" phrase, the reporter that carries it.

Governing words can create events of their own (control_verbs.tsv): "X threatened to attack Y"
is an asserted threat (13) by X against Y while the attack stays hypothetical; "X ordered troops
to strike Y" is an asserted force posture (15) by X against Y.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tidings.extract.actors import ActorIndex
from tidings.extract.modality import ModalityReading, read_modality
from tidings.extract.syntax import (
    children,
    doc_index,
    first_child,
    kids,
    preposition_objects,
    sent_start,
    with_conjuncts,
)
from tidings.lexicons.events import NO_CODE, EventLexicon, EventPattern
from tidings.records import ASSERTED, FUTURE, HYPOTHETICAL, NEGATED, Actor

DEFAULT_NOUN_PREPS = ("on", "against", "into", "with", "of", "at", "toward", "towards")
# Verbs whose direct object is the agent of the infinitive they govern ("ordered troops to ...").
OBJECT_CONTROL = {
    "order", "direct", "tell", "urge", "ask", "authorize", "authorise", "force", "allow",
    "instruct", "push", "press", "command", "call", "encourage", "permit", "compel", "invite",
}
# Verbs that turn an event noun into an act of their subject ("launch an attack on").
SUPPORT_VERBS = {
    "launch", "carry", "conduct", "stage", "hold", "mount", "impose", "announce", "begin", "start",
    "wage", "make", "give", "issue", "order", "declare", "step", "escalate", "resume", "continue",
    "intensify", "lead", "organize", "organise", "call", "sign", "reach", "strike", "provide",
    # plans and options are drawn up, prepared, presented
    "draw", "prepare", "develop", "present", "devise", "finalize", "finalise", "approve", "unveil",
    "draft", "submit", "table", "propose", "offer", "extend", "send", "deliver", "pledge",
    "go", "stage", "join", "enter", "hold", "open", "initiate", "undertake", "perform",
    # demands, calls and offers are repeated
    "reiterate", "repeat", "renew", "restate",
    # "took steps to ease", "took part in the talks"
    "take",
}
PHRASAL_PARTICLES = {"down", "up", "off", "over", "out", "back", "away"}
# Object nouns that only carry their modifier's sense ("mediation efforts", "peace process").
LIGHT_OBJECT_NOUNS = {
    "effort", "attempt", "bid", "process", "activity", "work", "role", "mission", "programme",
    "program",
}
# Who travels somewhere "for talks" takes part in them.
MOTION_VERBS = {"return", "come", "travel", "arrive", "fly", "head", "gather", "sit", "convene"}
# Cooperation between conjoined parties with no other target is mutual ("A and B signed a pact").
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "07", "08"}

MATERIAL_ROOTS = {"15", "16", "17", "18", "19", "20"}
POSTURE_TRIGGER_ROOTS = {"17", "18", "19", "20"}
RALLY_OPPOSITION = "113"
# Permitting an actor to act is yielding (CAMEO 080); ordering one to act is demanding (100).
DIRECTIVE_FAMILIES = {"allow": "08", "permit": "08", "order": "10", "command": "10", "instruct": "10"}
FORCE_POSTURE_ROOTS = {"15", "17", "18", "19", "20"}
# Military exercises of several countries together are military cooperation (PLOVER: joint
# exercises are COOPERATE; CAMEO 062).
EXERCISE_NOUNS = {"exercise", "drill", "maneuver", "manoeuvre", "game", "wargame"}
PLACE_NOUNS = {
    "town", "city", "village", "area", "region", "territory", "base", "position", "province",
    "zone", "capital", "border", "district", "valley", "island", "peninsula", "port", "airport",
    "enclave", "strip", "outpost", "camp", "country",
}
PEACEKEEPING = {"peacekeeper", "peacekeeping", "peace-keeper", "peace-keeping"}
# A vow to use force is a threat (CAMEO 138), a vow to cooperate or yield a promise (03).
VOW_LEMMAS = {"vow", "swear"}
DIRECTIVE_LEMMAS = {"order", "direct", "authorize", "authorise", "authorization", "command",
                    "instruct", "deploy", "mobilize", "mobilise", "dispatch", "send"}


@dataclass
class RawEvent:
    """An event before ids, dates and places are attached (the coder finishes it)."""

    predicate: Token
    pattern_source: str
    code: str
    source: Actor | None
    target: Actor | None
    modality: str
    cues: tuple[str, ...]
    reporter: Actor | None
    derived_from: str | None = None  # "posture", "threat", ... for events made by controllers
    confidence: float = 1.0


# The lexicon's word class of each part of speech that can carry an event; no other can.
_LEXICON_CLASS = {"VERB": "V", "AUX": "V", "NOUN": "N"}


def _match(token: Token, lexicon: EventLexicon) -> EventPattern | None:
    pos = _LEXICON_CLASS.get(token.pos_)
    if pos is None:
        return None
    candidates = lexicon.candidates(token.lemma_.lower(), pos)
    if not candidates and pos == "N" and token.tag_ == "VBG":
        candidates = lexicon.candidates(token.lemma_.lower(), "V")
    if not candidates:
        return None
    own = kids(token)
    prts = {c.lemma_.lower() for c in own if c.dep_ == "prt"}
    preps = {c.lower_ for c in own if c.dep_ in ("prep", "agent", "prt", "dative") and not _is_time_phrase(c)}
    if pos == "V":
        obj = next((c for c in own if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None:  # "closed down the paper": the parser reads the particle as a preposition
            particle = next((c for c in own if c.dep_ == "prep" and c.i == token.i + 1
                             and c.lower_ in PHRASAL_PARTICLES), None)
            obj = first_child(particle, "pobj") if particle is not None else None
        if obj is None:  # "declined to comment" reads like "declined comment"
            obj = next((c for c in own if c.dep_ == "xcomp"), None)
    else:
        obj = _noun_object(token)
    obj_lemmas = {obj.lemma_.lower()} if obj is not None else set()
    if obj is not None and (obj.ent_type_ == "PERSON" or obj.lower_ in ("him", "her", "he", "she")):
        obj_lemmas.add("person")  # "Melia was beaten": a named person fits a person-noun constraint
    if obj is not None:  # "launched air and artillery strikes": any conjoined object counts
        obj_lemmas |= {c.lemma_.lower() for c in obj.conjuncts}
        if obj.lemma_.lower() in LIGHT_OBJECT_NOUNS:
            # "ended its mediation efforts", "halted the peace process": the modifier is the sense
            obj_lemmas |= {c.lemma_.lower() for c in kids(obj) if c.dep_ in ("compound", "amod")}
    if pos == "N":
        # A noun's sense is often fixed by its modifier: "hunger strike", "peace talks", also a
        # common-noun possessor or by-agent ("the teachers' strike", "a strike by nurses").
        obj_lemmas |= {c.lemma_.lower() for c in own if c.dep_ in ("compound", "amod")}
        obj_lemmas |= {c.lemma_.lower() for c in own if c.dep_ == "poss" and c.pos_ == "NOUN"}
        obj_lemmas |= {p.lemma_.lower() for c in own if c.dep_ == "prep" and c.lower_ == "by"
                       for p in kids(c) if p.dep_ == "pobj" and p.pos_ == "NOUN"}
        if _bare_after_preposition(token):
            obj_lemmas.add(token.head.lower_)  # "went on strike", "are on strike": an idiom
    if obj is not None and obj.dep_ == "dobj":
        # "extradited a suspect to Chile": the target preposition often hangs off the object.
        preps |= {c.lower_ for c in kids(obj) if c.dep_ == "prep"}
    if pos == "V":
        # Particles the parser read as adverbs or prepositions ("stepped down", "pulled back").
        prts |= {c.lemma_.lower() for c in own if c.dep_ in ("advmod", "prep") and c.i == token.i + 1}
        # "walked out of the talks": the preposition hangs off the particle
        preps |= {g.lower_ for c in own if c.dep_ in ("prt", "advmod", "prep") and c.i == token.i + 1
                  for g in kids(c) if g.dep_ == "prep" and g.i == c.i + 1}
    speech = lexicon.speech_verb(token.lemma_.lower()) if pos == "V" else None
    best: tuple[int, int, EventPattern] | None = None
    listed = _listed_particles(candidates)
    for rank, pattern in enumerate(candidates):  # most specific first
        if pattern.particle and pattern.particle not in prts:
            continue
        if not pattern.particle and prts & listed:
            continue
        object_fits = bool(pattern.objects) and bool(obj_lemmas & pattern.objects)
        if pattern.objects and pattern.preps and not object_fits and pos == "V" and obj is None:
            # "agreed to the strikers' demands": an intransitive verb's sense is in its prepositional object
            object_fits = bool(_prep_object_lemmas(own, pattern.preps) & pattern.objects)
        if pattern.objects and not object_fits:
            continue
        prep_present = not pattern.preps or bool(preps & set(pattern.preps))
        if not prep_present and not object_fits and (obj is None or obj.dep_ == "xcomp"):
            # Without its preposition a pattern fits a transitive use ("met officials") or a
            # matching object ("provided two million dollars"), never an intransitive one
            # ("is going to come" is not "go after").
            continue
        if (
            speech is not None
            and not speech.code
            and not pattern.objects
            and not pattern.preps
            and obj is None
            and any(c.dep_ == "ccomp" for c in own)
        ):
            return None  # "warned that Mexico would retaliate": a report; its content is the event
        score = 4 * object_fits + 2 * bool(pattern.particle) + (1 if pattern.preps and prep_present else 0)
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, pattern)
    return best[2] if best else None


def _bare_after_preposition(noun: Token) -> bool:
    """'went on strike', 'remained on strike': a singular noun with no determiner, possessor or
    number, right after its preposition (an idiom; "a ban on strikes" is not one)."""
    return (
        noun.dep_ == "pobj"
        and noun.tag_ == "NN"
        and noun.head.dep_ == "prep"
        and noun.head.i == noun.i - 1
        and not any(c.dep_ in ("det", "poss", "nummod") for c in kids(noun))
    )


def _prep_object_lemmas(own: list[Token], preps) -> set[str]:
    return {p.lemma_.lower() for c in own if c.dep_ == "prep" and c.lower_ in preps
            for p in kids(c) if p.dep_ == "pobj"}


def _governing_verb(noun: Token) -> Token | None:
    """The verb an event noun is the object of, through quantities and prepositions:
    'launched an attack', '$40 million in assistance', 'went on strike', 'a round of talks'."""
    node = noun
    for _ in range(4):
        if node.dep_ in ("dobj", "attr") and node.head.pos_ in ("VERB", "AUX"):
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "dative"):
            governor = node.head.head
            if governor.pos_ in ("VERB", "AUX"):
                return governor
            node = governor
        elif node.dep_ in ("compound", "nummod", "quantmod", "npadvmod"):
            node = node.head
        else:
            return None
    return None


def _purpose_of(noun: Token, verb: Token) -> bool:
    """The noun is the purpose of the verb: 'came [for talks]', 'sat down [for a round of talks]'."""
    node = noun
    while node.head.i != node.i and node.head.i != verb.i:
        if node.dep_ == "pobj" and node.head.lower_ == "for" and node.head.head.i == verb.i:
            return True
        node = node.head
    return False


def _is_time_phrase(prep: Token) -> bool:
    """'On Monday the minister called the king' is not 'call on'."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in kids(prep) if c.dep_ == "pobj")


def _listed_particles(candidates: list[EventPattern]) -> set[str]:
    return {p.particle for p in candidates if p.particle}


def _noun_object(noun: Token) -> Token | None:
    for prep in children(noun, "prep"):
        if prep.lower_ == "of":
            return first_child(prep, "pobj")
    return None


class EventExtractor:
    def __init__(self, doc: Doc, actors: ActorIndex, lexicon: EventLexicon, reporters: dict[int, Actor]):
        self.doc = doc
        self.actors = actors
        self.lex = lexicon
        self.reporters = reporters  # token index -> quote speaker, for events inside quotes

    # ---- arguments ------------------------------------------------------------------------
    def _agent_of(self, verb: Token, depth: int = 0) -> list[Token]:
        """Who does it: subject, by-agent, or the controller up an xcomp/advcl/conj chain."""
        if depth > 6:
            return []
        agent = [c for c in kids(verb) if c.dep_ == "agent"]
        if agent:
            return [p for a in agent for p in children(a, "pobj")]
        subject = first_child(verb, "nsubj")
        if subject is not None and subject.lower_ not in ("who", "that", "which"):
            return [subject]
        if subject is not None and verb.dep_ == "relcl":
            return [verb.head]
        if first_child(verb, "nsubjpass") is not None:
            return []
        head = verb.head
        if head.i == verb.i:
            return []
        # A ccomp has a subject of its own: climbing out of one would make the reporter of
        # "X said [Y attacked Z]" the attacker when the parser misses Y.
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.i != head.i:
            return self._agent_of(head.head, depth + 1)  # "France is ready to contribute"
        if verb.dep_ in ("xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
            obj = first_child(head, "dobj")
            if verb.dep_ == "xcomp" and obj is not None and head.lemma_.lower() in OBJECT_CONTROL:
                return [obj]
            return self._agent_of(head, depth + 1)
        if verb.dep_ == "conj":
            return self._agent_of(head, depth + 1)
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and head.dep_ == "ROOT" and self.actors.at(head) is not None:
            return [head]  # "The rebels handed over ..." misread as a noun with a clause: a past tense acts
        if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return self._noun_agent(head, depth + 1)
        if verb.dep_ == "pcomp" and head.head.i != head.i:
            # "see the military as supporting one side": the object of the governing verb acts.
            governor = head.head
            obj = first_child(governor, "dobj")
            if obj is not None and governor.pos_ in ("VERB", "AUX"):
                return [obj]
            return self._agent_of(governor, depth + 1)
        return []

    def _noun_agent(self, noun: Token, depth: int = 0) -> list[Token]:
        """'Russia's invasion', 'U.S. strikes', 'launched an attack' -> who acts."""
        if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN") and depth < 6:
            own = [c for c in kids(noun) if c.dep_ in ("poss", "compound", "amod", "nmod") and self.actors.at(c)]
            return own or self._noun_agent(noun.head, depth + 1)
        for child in kids(noun):
            if child.dep_ in ("poss", "compound", "amod", "nmod") and self.actors.at(child):
                return [child]
        for child in kids(noun):  # "a strike by nurses", "an offer by the rebels"
            if child.dep_ == "prep" and child.lower_ == "by":
                agent = next((g for g in kids(child) if g.dep_ == "pobj"), None)
                if agent is not None and self.actors.at(agent):
                    return [agent]
        verb = _governing_verb(noun)
        if verb is not None and verb.lemma_.lower() in SUPPORT_VERBS and depth < 6:
            return self._agent_of(verb, depth + 1)
        if verb is not None and verb.lemma_.lower() in MOTION_VERBS and _purpose_of(noun, verb) and depth < 6:
            return self._agent_of(verb, depth + 1)  # "the envoys returned to Oslo for talks"
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "by":
            return []
        return []

    def _target_candidates(self, token: Token, pattern: EventPattern) -> Iterator[list[Token]]:
        """Where the target may be, most likely first; the first place holding an actor wins.

        A governed preposition can hold a time ("on Friday") and an object can be a thing
        ("sanctions on Venezuela"), so each place is only a candidate.
        """
        if token.pos_ not in ("VERB", "AUX"):
            yield preposition_objects(token, set(pattern.preps or DEFAULT_NOUN_PREPS))
            return
        passive_subject = first_child(token, "nsubjpass")
        obj = first_child(token, "dobj")
        if passive_subject is not None:
            if pattern.objects and passive_subject.lemma_.lower() in pattern.objects:
                obj = passive_subject  # "sanctions were imposed on Iran": the thing, not the target
            else:
                yield [passive_subject]
        if pattern.preps:
            yield preposition_objects(token, set(pattern.preps))
            if obj is not None:  # "extradited a suspect to Chile" with "to" under the object
                yield preposition_objects(obj, set(pattern.preps))
        dative = first_child(token, "dative")
        if dative is not None and dative.pos_ in ("NOUN", "PROPN", "PRON"):
            yield [dative]
        if obj is not None:
            if pattern.objects:
                # The constrained object is the thing acted with ("massed troops"); an actor
                # it mentions is the target ("talk of an American incursion").
                inner = self._actor_inside(obj)
                if inner is not None and self.actors.at(inner) is not self.actors.at(obj):
                    yield [inner]
                yield preposition_objects(token, set(DEFAULT_NOUN_PREPS))
            else:
                yield [obj]
        else:
            yield preposition_objects(token, {"against", "on", "with", "to"})
        if pattern.code[:2] in ("02", "10"):
            # "demanded that North Korea halt ...": the addressee is the complement's subject.
            # "reiterated its demand that Israel withdraw": the clause hangs off the demand
            clauses = children(token, "ccomp") + (children(obj, "acl", "ccomp") if obj is not None else [])
            for clause in clauses:
                subject = first_child(clause, "nsubj", "nsubjpass")
                if subject is not None:
                    yield [subject]

    def _targets(self, token: Token, pattern: EventPattern, exclude: list[Actor]) -> list[Actor]:
        for candidates in self._target_candidates(token, pattern):
            actors = [a for a in self._resolve(candidates) if a not in exclude]
            if actors:
                return actors
        return []

    def _actor_inside(self, phrase: Token) -> Token | None:
        """The actor a non-actor object is about ('talk of an American incursion'), looking
        only inside the noun phrase, never into clauses attached to it."""
        actor = self.actors.in_phrase(phrase)
        if actor is None:
            return None
        for token in phrase.subtree:
            if self.actors.at(token) is actor:
                return token
        return None

    def _resolve(self, tokens: list[Token], exclude: Actor | None = None) -> list[Actor]:
        out: list[Actor] = []
        for token in tokens:
            for member in with_conjuncts(token):
                actor = self.actors.in_phrase(member) or self.actors.uncoded(member)
                if actor is not None and actor is not exclude and actor not in out:
                    out.append(actor)
        return out

    def _location_target(self, token: Token) -> list[Actor]:
        """Material conflict with no actor target: the country where it happens ("bomb
        facilities in Afghanistan") is the target, as CAMEO coders do."""
        for pobj in preposition_objects(token, {"in", "inside", "across"}):
            actor = self.actors.at(pobj)
            if actor is not None and actor.kind == "country":
                return [actor]
        return []

    def _reported_obligation(
        self, token: Token, source: Actor | None, reading: ModalityReading, reporter, code: str
    ) -> RawEvent | None:
        """'The envoy said the militia must free the hostages': saying that someone must act
        is demanding it (CAMEO 10) of them."""
        head = reading.speech_head
        if head is None or source is None or not OBLIGATION_MODALS & set(reading.cues):
            return None
        speaker = self._speaker_of(head)
        if speaker is None or speaker is source:
            return None
        # "agreed that their countries should cooperate" is a shared intention (03), not a demand
        family = "03" if head.lemma_.lower() in AGREEMENT_LEMMAS else "10"
        return RawEvent(head, "speech_verbs.tsv", recode(family, code), speaker, source, ASSERTED,
                        (head.lemma_.lower(), "must"), reporter, derived_from="obligation", confidence=0.7)

    def _speech_governs(self, reading: ModalityReading) -> None:
        """'demanded that the U.S. match the EU's support': what a demand, appeal or warning
        governs has not happened; the speech verb acts like a control verb for its content."""
        head = reading.speech_head
        if head is None:
            return
        entry = self.lex.control.get(head.lemma_.lower())
        # Only verbs that ask for something (demand, urge, warn) govern their that-clause;
        # "told reporters the rebels have seized the airport" reports a fact.
        if entry is None or not entry.recode or not entry.modality or entry.modality == NEGATED:
            return
        if reading.label == ASSERTED:
            reading.label = entry.modality
            reading.cues.append(head.lemma_.lower())

    def _own_stated_intent(self, reading: ModalityReading, source: Actor | None) -> bool:
        """'Palestinian leaders said they would boycott ...': in reported speech 'would' is the
        past of 'will', a stated intent, when speakers speak of themselves (not a prediction
        about someone else, not a conditional, not hedged)."""
        head = reading.speech_head
        if head is None or source is None or head.tag_ not in ("VBD", "VBN", "VBG"):
            return False  # "said", "was quoted as saying": past reports, where would = will
        cues = set(reading.cues)
        if "would" not in cues or cues & {"if-clause", "if", "unless", "likely", "could", "might", "may"}:
            return False
        return self._speaker_of(head) is source

    def _addressees(self, verb: Token) -> list[Actor]:
        """The object of an object-control verb is whom the request or order is aimed at."""
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in OBJECT_CONTROL:
            return []
        return self._resolve(children(verb, "dobj") + preposition_objects(verb, {"on", "upon", "to"}))

    def _generic_statement(self, token: Token, source: Actor) -> bool:
        """'People that support these missions applaud the military' in a commentator's quote is
        a claim about how things are, not an event: present simple, an unidentified group as the
        actor, inside a quote."""
        return (
            token.i in self.reporters
            and token.tag_ in ("VBP", "VBZ")
            and not any(c.dep_ in ("aux", "auxpass") for c in kids(token))
            and source.kind == "group"
            and not source.country
        )

    # ---- reporters ------------------------------------------------------------------------
    def _reporter(self, token: Token, reading: ModalityReading) -> Actor | None:
        if reading.speech_head is not None:
            speaker = self._speaker_of(reading.speech_head)
            if speaker is not None:
                return speaker
        quoted = self.reporters.get(token.i)
        if quoted is not None:
            return quoted
        for node in [token, *token.ancestors]:
            for child in kids(node):
                if child.dep_ == "prep" and child.lower_ == "according":
                    for to in children(child, "prep"):
                        for pobj in children(to, "pobj"):
                            actor = self.actors.at(pobj)
                            if actor is not None:
                                return actor
        return None

    def _speaker_of(self, verb: Token) -> Actor | None:
        subject = first_child(verb, "nsubj")
        if subject is None:
            return None
        return self.actors.at(subject)

    # ---- the pass -------------------------------------------------------------------------
    def extract(self) -> list[RawEvent]:
        events: list[RawEvent] = []
        index = doc_index(self.doc)
        pos = index.pos
        for token in index.tokens:
            if pos[token.i] not in _LEXICON_CLASS:
                continue  # what _match would say
            pattern = _match(token, self.lex)
            if pattern is None or pattern.code == NO_CODE:
                continue
            events.extend(self._events_for(token, pattern))
        events.extend(self._uncoded_commitments(events))
        events.extend(self._directives(events))
        _adopt_posture_targets(events)
        return dedupe_events(events)

    def _uncoded_commitments(self, events: list[RawEvent]) -> list[RawEvent]:
        """'Hamas threatened to resume its campaign', 'Iraq agreed to U.N. mediation': a
        threat, promise or refusal is an event even when what it governs is not in the
        lexicon; it gets the family's general code (130, 030, 120) or, for an event noun
        ("agreed to mediation"), the family code for that noun."""
        used = {e.predicate.i for e in events if e.derived_from}
        out: list[RawEvent] = []
        index = doc_index(self.doc)
        pos, lemmas = index.pos, index.lemmas
        for token in index.tokens:
            if pos[token.i] not in ("VERB", "ADJ") or token.i in used:
                continue
            entry = self.lex.control.get(lemmas[token.i])
            if entry is None or not entry.recode:
                continue
            # Infinitives only: "warned that X would ..." is a prediction, not a commitment.
            embedded = [c for c in kids(token) if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
            nominal = [p for p in preposition_objects(token, {"to", "on", "upon"}) if p.pos_ == "NOUN"]
            if not embedded and not nominal:
                continue
            code = recode(entry.recode, "")
            targets: list[Actor] = []
            if nominal:
                noun_pattern = _match(nominal[0], self.lex)
                if noun_pattern is not None and noun_pattern.code != NO_CODE:
                    code = recode(entry.recode, noun_pattern.code)
                targets = self._resolve(nominal)
            if entry.recode in REQUEST_ROOTS:
                targets = targets or self._addressees(token)
            for clause in embedded:
                targets = targets or self._resolve(
                    [*children(clause, "dobj", "dative"), *preposition_objects(clause, {"to", "with", "against", "on", "into"})]
                )
            agent_of = token.head if token.pos_ == "ADJ" else token  # "is willing to ..."
            sources = self._resolve(self._agent_of(agent_of))
            if not sources:
                continue
            modality = read_modality(token, self.lex)
            for source in sources:
                for target in [t for t in targets if t is not source] or [None]:
                    out.append(
                        RawEvent(token, entry.source, code, source, target, modality.label,
                                 tuple(modality.cues), self._reporter(token, modality),
                                 derived_from=token.lemma_.lower(), confidence=0.7)
                    )
        return out

    def _sense_of_addressee(self, verb: Token, addressee: Token) -> str | None:
        """'allowed UN inspectors to visit': the verb's own sense for such an object (0862)."""
        lemmas = {addressee.lemma_.lower()} | {c.lemma_.lower() for c in kids(addressee)
                                               if c.dep_ in ("compound", "amod")}
        for pattern in self.lex.candidates(verb.lemma_.lower(), "V"):
            if pattern.objects and lemmas & pattern.objects and not pattern.particle and pattern.code != NO_CODE:
                return pattern.code
        return None

    def _leaves_a_place(self, verb: Token) -> bool:
        """'withdrew from the town', 'pulled out of Iraq': what is left is a place, not an
        organisation or an agreement."""
        preps = [c for c in kids(verb) if c.dep_ == "prep" and c.lower_ in ("from", "of")]
        preps += [g for c in kids(verb) if c.dep_ in ("prt", "advmod", "prep") and c.lower_ == "out"
                  for g in kids(c) if g.dep_ == "prep" and g.lower_ == "of"]
        for prep in preps:
            for place in children(prep, "pobj"):
                actor = self.actors.at(place)
                if actor is not None and actor.kind != "country":
                    continue  # an organisation: "withdrew from the alliance"
                if actor is not None or place.ent_type_ in ("GPE", "LOC", "FAC") or place.lemma_.lower() in PLACE_NOUNS:
                    return True
        return False

    def _several_countries(self, agents: list[Token]) -> bool:
        """The agent phrase names forces of two or more countries ("French and Egyptian ships")."""
        countries = set()
        for agent in agents:
            for member in with_conjuncts(agent):
                for t in member.subtree:
                    actor = self.actors.at(t)
                    if actor is not None and actor.country:
                        countries.add(actor.country)
        return len(countries) > 1

    def _directives(self, events: list[RawEvent]) -> list[RawEvent]:
        """'The court allowed the candidate to run' (yield, 080); 'the judge ordered the former
        minister to appear' (demand, 100): permitting or ordering an actor to do something that
        is not itself a use of force. Orders and permissions to use force are force postures
        (see _controller_events), and orders to one's own forces are not demands."""
        out: list[RawEvent] = []
        index = doc_index(self.doc)
        pos, lemmas = index.pos, index.lemmas
        for token in index.tokens:
            family = DIRECTIVE_FAMILIES.get(lemmas[token.i])
            if family is None or pos[token.i] != "VERB":
                continue
            obj = first_child(token, "dobj")
            clause = next((c for c in kids(token) if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            if obj is None:  # the parser often reads "allowed X to run" as a clause with subject X
                clause = next((c for c in kids(token) if c.dep_ == "ccomp" and c.pos_ == "VERB"
                               and any(a.dep_ == "aux" and a.lower_ == "to" for a in kids(c))), None)
                obj = first_child(clause, "nsubj") if clause is not None else None
            if obj is None or clause is None:
                continue
            governed = {t.i for t in clause.subtree} - {t.i for t in obj.subtree}
            if any(e.predicate.i in governed and e.code[:2] in FORCE_POSTURE_ROOTS for e in events):
                continue
            addressees = self._resolve([obj])
            if family == "10":
                addressees = [a for a in addressees if not {"MIL", "COP"} & set(a.sectors)]
            if not addressees:
                continue
            sources = self._resolve(self._agent_of(token))
            if not sources:
                continue
            code = self._sense_of_addressee(token, obj) or family + "0"
            reading = read_modality(token, self.lex)
            reporter = self._reporter(token, reading)
            for source in sources:
                for target in [a for a in addressees if a is not source]:
                    out.append(
                        RawEvent(token, "control_verbs.tsv", code, source, target, reading.label,
                                 tuple(reading.cues), reporter, derived_from=token.lemma_.lower(),
                                 confidence=0.7)
                    )
        return out

    def _events_for(self, token: Token, pattern: EventPattern) -> list[RawEvent]:
        is_verb = token.pos_ in ("VERB", "AUX")
        if not is_verb and (token.dep_ in ("compound", "amod") or self.actors.at(token) is not None):
            return []  # "border patrol agents": the noun names an actor, it is not an event
        if is_verb and token.dep_ == "amod":
            return []  # "the internationally recognised cabinet": a description, not an act
        agent_tokens = self._agent_of(token) if is_verb else self._noun_agent(token)
        sources: list[Actor | None] = list(self._resolve(agent_tokens))
        parties = [] if is_verb or sources else self._resolve(preposition_objects(token, {"between"}))
        if len(parties) > 1:  # "clashes between police and protesters", "talks between A and B"
            sources, targets = [parties[0]], parties[1:]
        else:
            targets = self._targets(token, pattern, [s for s in sources if s is not None])
        code = pattern.code
        if code == "166" and is_verb and self._leaves_a_place(token):
            code = "0874"  # "troops withdrew from the town": a military retreat, not leaving a treaty
        if code[:3] == "150" and _is_exercise(token) and self._several_countries(agent_tokens):
            code = "062"  # "French and Egyptian warships held war games": joint exercises cooperate
        if code[:3] in ("042", "043") and is_verb and _peacekeepers(agent_tokens):
            code = "074"  # "peacekeeping troops arrived in X": a deployment of peacekeepers, not a visit
        if not targets and len(sources) > 1 and code[:2] in RECIPROCAL_ROOTS:
            targets = [s for s in sources if s is not None]  # "Peru and Chile agreed ...": each other
        if not targets and code[:2] in MATERIAL_ROOTS:
            targets = self._location_target(token)
        if not sources and is_verb and targets and (
            _agentless_passive(token) or (code[:2] in {"18", "19", "20"} and agent_tokens)
        ):
            # "a journalist was killed", "was killed by a roadside bomb", "a car bomb killed
            # two soldiers": the target is known, the actor is not.
            sources = [None]
        reading = read_modality(token, self.lex)
        self._speech_governs(reading)
        reporter = self._reporter(token, reading)
        out: list[RawEvent] = []
        for source in sources:
            label, cues = reading.label, tuple(reading.cues)
            if label == HYPOTHETICAL and self._own_stated_intent(reading, source):
                label, cues = FUTURE, (*cues, "reported intent")
            if label == ASSERTED and source is not None and self._generic_statement(token, source):
                label, cues = HYPOTHETICAL, (*cues, "generic statement")
            for target in [t for t in targets if t is not source] or [None]:
                event = RawEvent(token, pattern.source, code, source, target, label, cues, reporter)
                out.append(event)
                stance = _stance_event(event, reading)
                if stance is not None:
                    out.append(stance)
            demand = self._reported_obligation(token, source, reading, reporter, code)
            if demand is not None:
                out.append(demand)
        out.extend(self._controller_events(token, code, targets, reading, reporter))
        return out

    def _controller_events(
        self, token: Token, code: str, targets: list[Actor], reading: ModalityReading, reporter
    ) -> list[RawEvent]:
        """Asserted acts of the governing words: threats, promises, refusals, force postures."""
        out: list[RawEvent] = []
        for controller in reading.controllers:
            entry = controller.entry
            derived: str | None = None
            if entry.recode:
                derived = recode(entry.recode, code)
            elif controller.token.lemma_.lower() in VOW_LEMMAS and _vowed_act(token, controller.token):
                # "vowed to retake the town": a threat (138); "vowed to free the hostages": a
                # promise (035). Only the act vowed, not a noun inside it ("vowed to cut aid").
                if code[:2] in FORCE_ROOTS:
                    derived = recode("13", code)
                elif code[:2] in COOPERATION_ROOTS:
                    derived = recode("03", code)
            elif entry.posture and (code[:2] in POSTURE_TRIGGER_ROOTS or code[:2] == "15"):
                # "ordered troops to strike", and "ordered patrols": ordering a show of force is one
                derived = "154" if controller.token.lemma_.lower() in DIRECTIVE_LEMMAS else "150"
            if derived is None:
                continue
            ctoken = controller.token
            agents = self._agent_of(ctoken) if ctoken.pos_ in ("VERB", "AUX") else self._noun_agent(ctoken)
            sources = self._resolve(agents)
            addressees = self._addressees(ctoken) if entry.recode in REQUEST_ROOTS else []
            if addressees and derived != RALLY_OPPOSITION:
                targets = addressees  # "asked the African Union to send observers": the AU is asked
            for source in sources:
                for target in [t for t in targets if t is not source] or [None]:
                    out.append(
                        RawEvent(ctoken, entry.source, derived, source, target,
                                 controller.modality_above, (ctoken.lemma_.lower(),), reporter,
                                 derived_from=ctoken.lemma_.lower(), confidence=0.8)
                    )
            break  # the nearest governing act only
        return out


def _is_exercise(token: Token) -> bool:
    """'war games', 'held drills': the trigger or, for a verb, its object is an exercise."""
    words = {token.lemma_.lower()}
    if token.pos_ in ("VERB", "AUX"):
        words |= {c.lemma_.lower() for c in kids(token) if c.dep_ == "dobj"}
    return bool(words & EXERCISE_NOUNS)


def _peacekeepers(agents: list[Token]) -> bool:
    return any(t.lemma_.lower() in PEACEKEEPING for a in agents for t in a.subtree)


def _vowed_act(token: Token, vow: Token) -> bool:
    """The verb a vow governs: 'vowed to fight', 'vowed to regroup and fight'."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.head.i != vow.i:
        return False
    # the parser reads some infinitives as adverbial clauses ("sworn [to fight]")
    return node.dep_ == "xcomp" or (
        node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(node))
    )


def _agentless_passive(verb: Token) -> bool:
    """A passive whose agent is missing (or, when present, the caller found no actor in it)."""
    return verb.tag_ == "VBN" and first_child(verb, "nsubjpass") is not None


COOPERATION_ROOTS = {"04", "05", "06", "07", "08"}
REQUEST_ROOTS = {"02", "10"}
DECISION_SPEECH = {"announce", "declare"}  # a decision made public, not a warning
AGREEMENT_LEMMAS = {"agree", "concur"}
OBLIGATION_MODALS = {"must", "should", "ought"}  # appeals and demands are aimed at whom they address
# Stated future acts of these roots are threats (a boycott, a sanction, a strike).
FORCE_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}
REFUSAL_MODALS = {"will", "would", "wo", "'ll", "shall", "can", "ca", "could"}
NEGATORS = {"not", "n't", "never"}


def _stance_event(event: RawEvent, reading: ModalityReading) -> RawEvent | None:
    """What a stated future or refused act asserts now, as CAMEO and PLOVER code it:
    'X will not attend the talks' is a rejection (12); 'X will visit Y' an intent (03);
    'X will strike Y' or 'X may strike Y if ...' a threat (13). Not for acts others order or
    plan (force postures cover those) and not for what someone else only imagines."""
    if event.source is None or any(c.entry.posture for c in reading.controllers):
        return None
    root = event.code[:2]
    cues = set(reading.cues)
    derived: str | None = None
    refused = cues & NEGATORS and cues & REFUSAL_MODALS or "fail" in cues
    if event.modality == NEGATED and refused and root in ({"03"} | COOPERATION_ROOTS):
        derived = recode("12", event.code)  # "will not attend", "failed to reach agreement"
    elif event.modality == HYPOTHETICAL and "if-clause" in cues and root in COOPERATION_ROOTS | {"08"}:
        # "would meet the mediator if ...": a conditional offer; "will withdraw its force
        # unless ...": a threat to stop cooperating.
        derived = recode("13", "16") if _has_unless(event.predicate) else recode("03", event.code)
    elif event.modality == FUTURE and not reading.controllers and root in COOPERATION_ROOTS:
        derived = recode("03", event.code)
    elif event.modality == FUTURE and not reading.controllers and root == "16" and _announced_decision(event, reading):
        # "the US announced it would cut aid": an announced decision to reduce relations is the
        # reduction itself, as a decision taken is (control_verbs.tsv: decide); a threat needs
        # a condition or a threatening verb.
        derived = event.code
    elif event.modality == FUTURE and not reading.controllers and root in FORCE_ROOTS:
        derived = recode("13", event.code)
    elif event.modality == HYPOTHETICAL and "if-clause" in cues and root in FORCE_ROOTS | {"12"}:
        derived = recode("13", event.code)
    if derived is None:
        return None
    return RawEvent(event.predicate, event.pattern_source, derived, event.source, event.target,
                    ASSERTED, (*reading.cues, "stance"), event.reporter, derived_from="stance",
                    confidence=0.7)


def _announced_decision(event: RawEvent, reading: ModalityReading) -> bool:
    """The actor's own announcement of what it will do ('announced it would suspend aid')."""
    head = reading.speech_head
    return (
        head is not None
        and head.lemma_.lower() in DECISION_SPEECH
        and "reported intent" in event.cues
        and not {"if-clause", "if", "unless"} & set(event.cues)
    )


def _has_unless(predicate: Token) -> bool:
    return any(
        m.dep_ == "mark" and m.lower_ == "unless"
        for clause in kids(predicate)
        if clause.dep_ == "advcl"
        for m in kids(clause)
    )


def recode(root: str, embedded_code: str) -> str:
    """The act of the governing verb, from the family it recodes into and what it governs.

    threaten + attack -> 138 (threaten with military force); promise + aid -> 033; refuse +
    meeting -> 1246... Chosen by the embedded event's root, the CAMEO codebook's own logic.
    """
    embedded = embedded_code[:2]
    if root == "02" and embedded_code.startswith(RALLY_OPPOSITION):
        return RALLY_OPPOSITION  # "urged Arabs to mobilize against X": rallying opposition to X
    if root == "13":
        return {"18": "138", "19": "138", "20": "1385", "17": "137", "16": "1312", "14": "133",
                "15": "138", "04": "134"}.get(embedded, "130")
    if root == "03" and embedded == "10":
        return "083"  # "agreed to the strikers' demands": acceding to demands
    if root == "03":
        return {"06": "031", "05": "032", "07": "033", "08": "035", "04": "036", "09": "030"}.get(
            embedded, "030")
    if root == "12":
        return {"06": "121", "07": "122", "08": "124", "04": "125", "05": "120"}.get(embedded, "120")
    if root == "10":
        return "100"
    return root + "0"


def _adopt_posture_targets(events: list[RawEvent]) -> None:
    """'drew up options for how the military could go after the cartels': the posture (15) is
    aimed at whoever the planned force is aimed at."""
    for posture in events:
        if posture.code[:2] != "15" or posture.target is not None:
            continue
        inside = {t.i for t in posture.predicate.subtree}
        for planned in events:
            if (
                planned is not posture
                and planned.code[:2] in POSTURE_TRIGGER_ROOTS
                and planned.predicate.i in inside
                and planned.target is not None
            ):
                posture.target = planned.target
                break


def dedupe_events(events: list[RawEvent]) -> list[RawEvent]:
    """One event per (sentence, source, target, code family), keeping the strongest reading:
    'launched an attack on X' matches both the verb and the noun."""
    seen: dict[tuple, RawEvent] = {}
    for event in events:
        key = (
            sent_start(event.predicate.doc, event.predicate.i),
            event.source.id if event.source else None,
            event.target.id if event.target else None,
            event.code[:2],
        )
        kept = seen.get(key)
        if kept is None or (kept.modality != ASSERTED and event.modality == ASSERTED):
            seen[key] = event
    kept_events = list(seen.values())
    # A target-less reading beside a full one of the same act adds nothing.
    with_target = {
        (sent_start(e.predicate.doc, e.predicate.i), e.source.id if e.source else None, e.code[:2])
        for e in kept_events
        if e.target is not None
    }
    return [
        e
        for e in kept_events
        if e.target is not None
        or (sent_start(e.predicate.doc, e.predicate.i), e.source.id if e.source else None, e.code[:2]) not in with_target
    ]
