"""Modality per predicate: is the event asserted, negated, hypothetical, future or background?

We walk from the predicate up its chain of governing words to the clause that reports it, and
read the cues on the way (CODING-METHOD.md §4). Each kind of cue is one small rule below:

* **negation** (:func:`_negation_cues`): ``not``/``never`` on the verb, a negative subject or
  object ("Nobody attacked", "No country has recognized", "Neither A nor B signed"), "no longer",
  "without -ing", a negative determiner on an event noun ("no invasion"). Negation counts along
  the chain, so "did not refuse to meet" is asserted again. Scope stops where the chain stops:
  a negation inside a relative clause ("who did not attend") or in a clause with its own subject
  never reaches the main event.
* **conditionals** (:func:`_conditional_clause`): a clause introduced by if, unless, whether,
  provided (that), as long as, in case, in the event that, or by subject-auxiliary inversion
  ("Had the guard intercepted ...", "Were Egypt to close ...", "Should talks fail ..."). Its own
  event is hypothetical, and so is the event of the clause it conditions (cue ``if-clause``).
* **modals**: could, would, might, may, should, must, can (hypothetical); will, shall, "going
  to", "is to", "about to" (future). A "would" whose clause names a future time ("said she would
  sign the bill next week") is the past of "will": future.
* **plans, intentions, deliberation, allegations, refusals**: the governing verbs and nouns of
  ``control_verbs.tsv`` (plan to, intend to, consider, accuse of, refuse to ...).
* **denials**: the content of a denial verb of ``speech_verbs.tsv`` ("denied that its jets had
  bombed ..."), also through the claim it rejects ("dismissed reports that officers had beaten
  ..."), is negated; the denial itself stays asserted.
* **questions** (:func:`_question`): a clause that ends with "?" is hypothetical, unless a
  wh-word presupposes the event ("Why did the junta expel the ambassador?": it did).
* **hedges** (:func:`_hedge_cues`): evidential adverbs (reportedly, allegedly, purportedly ...),
  hedging passives ("is said to have", "is believed to"), appear/seem, "according to unconfirmed
  reports", and a sentence that says its claim "could not be independently verified". Hedged
  reports are hypothetical, with the hedge as a cue.

Every cue that decided is returned (and stored in ``Evidence.cues``) so that a reader can see
why an event was left out of the asserted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.extract.syntax import doc_index, kids
from tidings.lexicons.events import ControlEntry, EventLexicon
from tidings.records import ASSERTED, FUTURE, HISTORICAL, HYPOTHETICAL, NEGATED

NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "without"}
# Words that negate the event when they fill its subject or object slot.
NEGATIVE_ARGUMENTS = {"nobody", "nothing", "none", "no-one", "noone"}
NEGATIVE_DETERMINERS = {"no", "neither"}
HYPOTHETICAL_MODALS = {"could", "would", "might", "may", "should", "must", "can", "'d", "ought"}
FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
# Words just before a clause that make it a condition ("provided that", "as long as").
CONDITIONAL_LEADS = (
    ("provided",), ("providing",), ("assuming",), ("supposing",), ("as", "long", "as"),
    ("so", "long", "as"), ("in", "case"), ("in", "the", "event"), ("on", "condition"),
    ("on", "the", "condition"),
)
# Inverted conditionals: "Had X ...", "Should X ...", "Were X to ...".
INVERTED_CONDITIONAL_AUX = {"had", "should", "were"}
BACKGROUND_MODIFIERS = {"failed", "past", "previous", "earlier", "prior", "former", "historic"}
# Evidential adverbs: the writer does not vouch for the event.
HEDGE_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "reputedly",
                 "apparently", "ostensibly", "seemingly", "presumably", "possibly", "probably",
                 "perhaps", "maybe", "likely"}
# "X is said / believed / thought ... to have attacked Y": a hedged report.
HEDGING_PASSIVES = {"say", "believe", "think", "allege", "report", "rumor", "rumour",
                    "understand", "presume", "suppose", "reckon", "claim", "fear", "suspect",
                    "consider"}
RAISING_HEDGES = {"appear", "seem"}
UNVERIFIED_MODIFIERS = {"unconfirmed", "unverified", "uncorroborated", "unsubstantiated"}
VERIFY_LEMMAS = {"verify", "confirm", "corroborate", "substantiate"}
CLAIM_NOUNS = {"claim", "report", "account", "allegation", "information", "footage", "video",
               "figure", "it", "this", "that", "which", "assertion", "statement", "toll"}
WH_WORDS = {"why", "how", "when", "where", "who", "whom", "whose", "what", "which"}
FUTURE_TIME_WORDS = {"next", "tomorrow", "coming", "upcoming", "later", "soon"}
# Links along which a governing word's modality passes down to the predicate it governs.
CHAIN_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "pobj", "prep", "dobj", "conj", "nsubj",
              "nsubjpass", "attr", "relcl", "csubj", "oprd", "acomp", "appos", "npadvmod"}
QUOTE_MARKS = {'"', "'", "“", "”", "‘", "’", "``", "''"}


@dataclass
class Controller:
    """A governing verb or noun that changes the embedded event (threaten to, plan to, order)."""

    token: Token
    entry: ControlEntry
    modality_above: str = ASSERTED  # the controller's own modality


@dataclass
class ModalityReading:
    label: str
    cues: list[str] = field(default_factory=list)
    controllers: list[Controller] = field(default_factory=list)
    speech_head: Token | None = None  # the speech verb whose content holds the predicate


@dataclass
class _Tally:
    """What the rules found along one chain."""

    negations: int = 0
    flags: set[str] = field(default_factory=set)
    cues: list[str] = field(default_factory=list)

    def negate(self, cue: str) -> None:
        self.negations += 1
        self.cues.append(cue)

    def flag(self, label: str, cue: str) -> None:
        self.flags.add(label)
        self.cues.append(cue)

    def label(self) -> str:
        if self.negations % 2 == 1:
            return NEGATED
        for label in (HYPOTHETICAL, FUTURE, HISTORICAL):
            if label in self.flags:
                return label
        return ASSERTED


def _passes_up(node: Token) -> bool:
    """Does the governing word's modality reach this node?

    Temporal and causal clauses ("after X attacked Y, ...") and conjuncts with a subject of their
    own are asserted on their own; purpose infinitives and complements are not."""
    if node.head == node or node.dep_ not in CHAIN_DEPS or node.dep_ == "relcl":
        return False
    if node.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(node))
    if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids(node))
    return True


# ---- negation ----------------------------------------------------------------------------------


def _negation_cues(token: Token, below: Token | None, tally: _Tally) -> None:
    """Negations attached to one token of the chain; ``below`` is the chain link under it (its
    own determiners belong to it: "had no plans to invade" is negated once, at "plans")."""
    for child in kids(token):
        lower = child.lower_
        if child.dep_ == "neg" and lower != "no":
            tally.negate(lower)
        elif child.dep_ == "neg" and lower == "no":
            if token.pos_ == "NOUN" or token.lower_ != "longer":
                tally.negate("no")
        elif child.dep_ == "det" and lower in NEGATIVE_DETERMINERS and token.pos_ == "NOUN":
            tally.negate(lower)  # "there will be no invasion"
        elif child.dep_ == "advmod" and child.lower_ == "longer" and any(
                g.lower_ == "no" for g in kids(child)):
            tally.negate("no longer")
        elif child != below and child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                token.pos_ in ("VERB", "AUX")):
            if lower in NEGATIVE_ARGUMENTS:
                tally.negate(lower)  # "Nobody attacked the convoy"
            elif any(g.dep_ in ("det", "preconj") and g.lower_ in NEGATIVE_DETERMINERS
                     for g in kids(child)):
                tally.negate(f"{next(g.lower_ for g in kids(child) if g.lower_ in NEGATIVE_DETERMINERS)} {child.lower_}")
    if token.dep_ == "pcomp" and token.head.lower_ == "without":
        tally.negate("without")


# ---- conditionals ------------------------------------------------------------------------------


def _conditional_clause(node: Token) -> str | None:
    """The cue that makes ``node``'s clause a condition, or None."""
    if node.pos_ not in ("VERB", "AUX"):
        return None
    for child in kids(node):
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
            return child.lower_
    index = doc_index(node.doc)
    first = node.left_edge
    left = first.i
    if first.lower_ == "that" and first.head == node:
        end = left  # "provided that ...": the lead is before 'that'
    elif first.dep_ == "mark":
        end = left + 1  # "as long as ...": the mark ends the lead
    else:
        end = left
    words = tuple(index.lowers[max(end - 3, index.sentence(node).start) : end])
    for lead in CONDITIONAL_LEADS:
        if words[-len(lead):] == lead:
            return " ".join(lead)
    if node.dep_ == "advcl":
        subject = next((c for c in kids(node) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (first.lower_ in INVERTED_CONDITIONAL_AUX and subject is not None and first.i < subject.i
                and (first.head == node or first == node)):
            return f"{first.lower_} (inverted)"
    return None


def _conditions(node: Token) -> str | None:
    """A condition attached to ``node`` (the clause it governs under a condition)."""
    for child in kids(node):
        if child.dep_ == "advcl" and _conditional_clause(child) not in (None, "whether"):
            return "if-clause"
        if child.dep_ in ("advmod", "prep"):
            for grandchild in kids(child):
                if grandchild.dep_ in ("advcl", "pcomp", "relcl", "acl", "pobj") and (
                        _conditional_clause(grandchild) or _event_noun_condition(grandchild)):
                    return "if-clause"
    return None


def _event_noun_condition(node: Token) -> bool:
    """"in the event that X ...", "in case of X": a prepositional condition."""
    return node.lower_ in ("event", "case") and node.dep_ == "pobj" and node.head.lower_ == "in" and any(
        c.dep_ in ("relcl", "acl") for c in kids(node))


# ---- hedges ------------------------------------------------------------------------------------


def _hedge_cues(token: Token, below: Token | None, tally: _Tally) -> None:
    for child in kids(token):
        if child.dep_ == "advmod" and child.lower_ in HEDGE_ADVERBS and child.lower_ != "likely":
            tally.flag(HYPOTHETICAL, child.lower_)
        elif child.dep_ == "advmod" and child.lower_ == "likely" and token.pos_ in ("VERB", "AUX"):
            tally.flag(HYPOTHETICAL, "likely")
        elif child.dep_ == "prep" and child.lower_ == "according":
            for to in kids(child):
                for obj in kids(to):
                    if any(m.lower_ in UNVERIFIED_MODIFIERS for m in kids(obj)):
                        tally.flag(HYPOTHETICAL, "unconfirmed")
        elif child.dep_ == "amod" and child.lower_ in UNVERIFIED_MODIFIERS and token.pos_ == "NOUN":
            tally.flag(HYPOTHETICAL, child.lower_)
    if below is not None and below.dep_ == "xcomp":
        lemma = token.lemma_.lower()
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids(token))
        if passive and lemma in HEDGING_PASSIVES:
            tally.flag(HYPOTHETICAL, f"{token.lower_} to")
        elif lemma in RAISING_HEDGES:
            tally.flag(HYPOTHETICAL, f"{lemma} to")


def _unverified_sentence(predicate: Token) -> Token | None:
    """'..., though the claim could not be independently verified': the sentence's report is
    not vouched for. Returns the verify verb, or None."""
    index = doc_index(predicate.doc)
    sentence = index.sentence(predicate)
    lemmas = index.lemmas
    doc = predicate.doc
    for i in range(sentence.start, sentence.end):
        if lemmas[i] not in VERIFY_LEMMAS or i == predicate.i:
            continue
        token = doc[i]
        negated = any(c.dep_ == "neg" for c in kids(token))
        if not negated:
            continue
        independently = any(c.lower_ == "independently" for c in kids(token))
        about_claim = any(c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in CLAIM_NOUNS
                          for c in kids(token))
        if independently or about_claim:
            return token
    return None


# ---- questions ---------------------------------------------------------------------------------


def _question(top: Token) -> str | None:
    """'question' when the clause headed by ``top`` is a yes/no question; 'wh-question' when a
    wh-word presupposes its event; None for statements."""
    doc = top.doc
    marked = any(c.dep_ == "punct" and c.text == "?" for c in kids(top))
    if not marked:
        i = top.right_edge.i + 1
        while i < len(doc) and (doc[i].text in QUOTE_MARKS or doc[i].is_space):
            i += 1
        marked = (top.right_edge.text == "?") or (i < len(doc) and doc[i].text == "?"
                                                  and doc[i].head == top)
    if not marked:
        return None
    for child in kids(top):
        if child.lower_ in WH_WORDS and child.tag_ in ("WP", "WRB", "WDT", "WP$"):
            return "wh-question"
        if child.dep_ in ("nsubj", "dobj", "nsubjpass") and any(
                g.tag_ in ("WDT", "WP$") for g in kids(child)):
            return "wh-question"  # "Which army attacked the town?"
    return "question"


# ---- modals and aspect -------------------------------------------------------------------------


def _modal_cues(token: Token, below: Token | None, tally: _Tally) -> None:
    for child in kids(token):
        lower = child.lower_
        if child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            if lower in FUTURE_MODALS:
                tally.flag(FUTURE, lower)
            elif lower in ("would", "'d") and _names_future_time(token):
                tally.flag(FUTURE, f"{lower} + future time")
            elif lower in HYPOTHETICAL_MODALS:
                tally.flag(HYPOTHETICAL, lower)
        elif child.dep_ == "amod" and lower in BACKGROUND_MODIFIERS and token.pos_ == "NOUN":
            tally.flag(HISTORICAL, lower)
    # "is going to come": future (the progressive of 'go' with an infinitive complement).
    if token.lemma_ == "go" and token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in kids(token)):
        tally.flag(FUTURE, "going to")
    if below is not None and below.dep_ == "xcomp" and _has_to(below):
        if token.lemma_ == "be" and token.lower_ == "were":
            tally.flag(HYPOTHETICAL, "were to")  # "if U.S. forces were to kill civilians"
        elif token.lemma_ == "be" and not any(c.dep_ in ("acomp", "attr") for c in kids(token)):
            tally.flag(FUTURE, f"{token.lower_} to")  # "the premier is to travel to Canberra"
        elif token.lower_ == "about" and token.dep_ == "acomp":
            tally.flag(FUTURE, "about to")
    elif below is None and token.lemma_ == "be" and token.lower_ == "were" and any(
            c.dep_ == "xcomp" and _has_to(c) for c in kids(token)):
        tally.flag(HYPOTHETICAL, "were to")


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(token))


def _names_future_time(token: Token) -> bool:
    """The clause of ``token`` names a time ahead ("next week", "tomorrow", "later this year")."""
    return any(
        child.dep_ in ("npadvmod", "advmod", "prep", "tmod", "obl")
        and any(w.lower_ in FUTURE_TIME_WORDS for w in child.subtree)
        for child in kids(token)
    )


# ---- the walk ----------------------------------------------------------------------------------


def control_entry(token: Token, lexicon: EventLexicon) -> ControlEntry | None:
    """The control-lexicon entry of a governing word, by lemma, else by its inflected form with
    the ending taken off: the small model lemmatises some verbs wrongly ("hopes" -> "hop")."""
    entry = lexicon.control.get(token.lemma_.lower())
    if entry is not None and token.lemma_ == "go" and not (
            token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in kids(token))):
        return None  # only the progressive "is going to ...": "went on strike" happened
    if entry is not None or token.pos_ not in ("VERB", "AUX"):
        return entry
    lower = token.lower_
    for stem in (lower[:-1] if lower.endswith(("es", "ed")) else None,
                 lower[:-1] if lower.endswith("s") else None):
        if stem:
            entry = lexicon.control.get(stem)
            if entry is not None:
                return entry
    return None




def _object_before_infinitive(verb: Token, infinitive: Token) -> Token | None:
    """'gives the military authorization to carry out operations': the parser hangs the
    infinitive on the verb, but it completes the noun right before it (a plan, an order, an
    authorization to ...). Returns that noun when the infinitive follows it directly."""
    if infinitive.dep_ not in ("advcl", "xcomp") or not _has_to(infinitive):
        return None
    for child in kids(verb):
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and child.right_edge.i + 1 == infinitive.left_edge.i:
            return child
    return None


def _local(token: Token, below: Token | None, tally: _Tally) -> None:
    """Every cue attached directly to one token of the chain."""
    _negation_cues(token, below, tally)
    _modal_cues(token, below, tally)
    _hedge_cues(token, below, tally)
    cue = _conditional_clause(token)
    if cue:
        tally.flag(HYPOTHETICAL, cue)
    elif token.dep_ in ("relcl", "acl") and _event_noun_condition(token.head):
        tally.flag(HYPOTHETICAL, f"in {token.head.lower_}")
    if _conditions(token):
        tally.flag(HYPOTHETICAL, "if-clause")


def read_modality(predicate: Token, lexicon: EventLexicon) -> ModalityReading:
    tally = _Tally()
    controllers: list[Controller] = []
    speech_head: Token | None = None
    node, below = predicate, None
    while True:
        _local(node, below, tally)
        if below is not None:
            for governor in (node, _object_before_infinitive(node, below)):
                entry = control_entry(governor, lexicon) if governor is not None else None
                if governor is None or entry is None:
                    continue
                controllers.append(Controller(governor, entry))
                if entry.modality == NEGATED:
                    tally.negate(governor.lemma_.lower())
                elif entry.modality:
                    tally.flag(entry.modality, governor.lemma_.lower())
                else:
                    tally.cues.append(governor.lemma_.lower())
        if not _passes_up(node):
            break
        parent = node.head
        speech = lexicon.speech_verb(parent.lemma_.lower())
        if speech is not None and (
                node.dep_ == "ccomp"
                or (node.dep_ == "dobj" and speech.kind == "deny" and node.pos_ == "NOUN"
                    and lexicon.control.get(parent.lemma_.lower()) is None)):
            speech_head = parent
            if speech.kind == "deny":
                tally.negate(parent.lemma_.lower())  # "denied that its jets had bombed ..."
            break  # the reporting clause's own modality is the report's, not the event's
        node, below = parent, node
    question = _question(node)
    if question == "question":
        tally.flag(HYPOTHETICAL, "question")
    elif question == "wh-question":
        tally.cues.append("wh-question")
    verify = _unverified_sentence(predicate)
    if verify is not None:
        tally.flag(HYPOTHETICAL, "unverified")
    # Each controller's own modality: cues above it only.
    for controller in controllers:
        controller.modality_above = _modality_above(controller.token, lexicon)
    return ModalityReading(tally.label(), tally.cues, controllers, speech_head)


def _modality_above(token: Token, lexicon: EventLexicon) -> str:
    """Modality of a governing word itself, from the cues above it (negation, modals,
    conditions, hedges, governing verbs that are not postures): 'X did not threaten to ...'
    leaves no asserted threat. A background modifier counts only on the word itself."""
    tally = _Tally()
    node, below = token, None
    while True:
        step = _Tally()
        _local(node, below, step)
        if node != token:
            step.flags.discard(HISTORICAL)
            entry = control_entry(node, lexicon)
            # "signed an order directing ...": the order and the directing are one act.
            if entry is not None and entry.modality and not entry.posture:
                if entry.modality == NEGATED:
                    step.negate(node.lemma_.lower())
                else:
                    step.flag(entry.modality, node.lemma_.lower())
        tally.negations += step.negations
        tally.flags |= step.flags
        if not _passes_up(node):
            break
        if node.dep_ == "ccomp" and lexicon.speech_verb(node.head.lemma_.lower()) is not None:
            break
        node, below = node.head, node
    if _question(node) == "question":
        tally.flags.add(HYPOTHETICAL)
    return tally.label()
