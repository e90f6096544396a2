"""Modality per predicate: is the event asserted, negated, hypothetical, future or background?

We walk from the predicate up its chain of governing words to the clause that reports it, and
read the cues on the way (CODING-METHOD.md §4): negation, modal auxiliaries, conditional and
interrogative clauses, governing verbs and nouns from control_verbs.tsv ("plans to", "threatened
to", "denied", "failed efforts"), and negative determiners on event nouns ("no invasion").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.lexicons.events import ControlEntry, EventLexicon
from tidings.records import ASSERTED, FUTURE, HISTORICAL, HYPOTHETICAL, NEGATED

NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "without"}
HYPOTHETICAL_MODALS = {"could", "would", "might", "may", "should", "must", "can", "'d", "ought"}
FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
BACKGROUND_MODIFIERS = {"failed", "past", "previous", "earlier", "prior", "former", "historic"}
# Links along which a governing word's modality passes down to the predicate it governs.
CHAIN_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "pobj", "prep", "dobj", "conj", "nsubj",
              "nsubjpass", "attr", "relcl", "csubj", "oprd", "acomp", "appos", "npadvmod"}


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


def _passes_up(node: Token) -> bool:
    """Does the governing word's modality reach this node?

    Temporal and causal clauses ("after X attacked Y, ...") and conjuncts with a subject of their
    own are asserted on their own; purpose infinitives and complements are not."""
    if node.head is node or node.dep_ not in CHAIN_DEPS or node.dep_ == "relcl":
        return False
    if node.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
    return True


def _local_cues(token: Token, is_predicate: bool) -> tuple[int, set[str], list[str]]:
    """Negations, modality flags and cue words attached directly to one token."""
    negations = 0
    flags: set[str] = set()
    cues: list[str] = []
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no" and token.pos_ == "NOUN"):
            negations += 1
            cues.append(lower)
        elif child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            if lower in FUTURE_MODALS:
                flags.add(FUTURE)
            elif lower in HYPOTHETICAL_MODALS:
                flags.add(HYPOTHETICAL)
            cues.append(lower)
        elif child.dep_ == "mark" and lower in CONDITIONAL_MARKS:
            flags.add(HYPOTHETICAL)
            cues.append(lower)
        elif child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children
        ):
            flags.add(HYPOTHETICAL)  # the consequence clause of a conditional
            cues.append("if-clause")
        elif child.dep_ == "amod" and lower in BACKGROUND_MODIFIERS and token.pos_ == "NOUN":
            flags.add(HISTORICAL)
            cues.append(lower)
    # "is going to come": future (the progressive of 'go' with an infinitive complement).
    if token.lemma_ == "go" and token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in token.children):
        flags.add(FUTURE)
        cues.append("going to")
    # "if U.S. forces were to kill civilians": the counterfactual 'were to'.
    if token.lemma_ == "be" and token.lower_ == "were" and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in token.children
    ):
        flags.add(HYPOTHETICAL)
        cues.append("were to")
    if token.dep_ == "pcomp" and token.head.lower_ == "without":
        negations += 1
        cues.append("without")
    return negations, flags, cues


def read_modality(predicate: Token, lexicon: EventLexicon) -> ModalityReading:
    negations = 0
    flags: set[str] = set()
    cues: list[str] = []
    controllers: list[Controller] = []
    speech_head: Token | None = None
    node = predicate
    is_predicate = True
    while True:
        n, f, c = _local_cues(node, is_predicate)
        negations += n
        flags |= f
        cues.extend(c)
        if not is_predicate:
            entry = lexicon.control.get(node.lemma_.lower())
            if entry is not None:
                controllers.append(Controller(node, entry))
                if entry.modality == NEGATED:
                    negations += 1
                elif entry.modality:
                    flags.add(entry.modality)
                cues.append(node.lemma_.lower())
        if not _passes_up(node):
            break
        parent = node.head
        if node.dep_ == "ccomp" and lexicon.speech_verb(parent.lemma_.lower()) is not None:
            speech_head = parent
            speech = lexicon.speech_verb(parent.lemma_.lower())
            if speech is not None and speech.kind == "deny":
                negations += 1
                cues.append(parent.lemma_.lower())
            break  # the reporting clause's own modality is the report's, not the event's
        node = parent
        is_predicate = False
    sentence = predicate.sent
    if sentence.text.rstrip().rstrip('"”’\'').endswith("?"):
        flags.add(HYPOTHETICAL)
        cues.append("question")
    # Each controller's own modality: cues above it only.
    for controller in controllers:
        controller.modality_above = _modality_above(controller.token, lexicon)
    if negations % 2 == 1:
        label = NEGATED
    elif HYPOTHETICAL in flags:
        label = HYPOTHETICAL
    elif FUTURE in flags:
        label = FUTURE
    elif HISTORICAL in flags:
        label = HISTORICAL
    else:
        label = ASSERTED
    return ModalityReading(label, cues, controllers, speech_head)


def _modality_above(token: Token, lexicon: EventLexicon) -> str:
    """Modality of a governing word itself (without recursion into its own controllers' effects
    beyond negation and modals): 'X did not threaten to ...' leaves no asserted threat."""
    reading_neg = 0
    flags: set[str] = set()
    node = token
    while True:
        n, f, _ = _local_cues(node, node is token)
        reading_neg += n
        flags |= {x for x in f if x != HISTORICAL or node is token}
        if node is not token:
            entry = lexicon.control.get(node.lemma_.lower())
            # "signed an order directing ...": the order and the directing are one act.
            if entry is not None and entry.modality and not entry.posture:
                if entry.modality == NEGATED:
                    reading_neg += 1
                else:
                    flags.add(entry.modality)
        if not _passes_up(node):
            break
        if node.dep_ == "ccomp" and lexicon.speech_verb(node.head.lemma_.lower()) is not None:
            break
        node = node.head
    if reading_neg % 2:
        return NEGATED
    for label in (HYPOTHETICAL, FUTURE, HISTORICAL):
        if label in flags:
            return label
    return ASSERTED
