"""Document-level actor resolution: find every actor mention, cluster, and code each cluster once.

The order of evidence follows CODING-METHOD.md §5: titles and appositions in the article beat the
known-actor lexicon, which beats the organisation lexicon, which beats demonym/country modifiers,
which beat the NER type. spaCy's small model mislabels rare names ("Bluesky" as a person,
"Finucane" as a place), so an entity's type is decided by the whole document: a surname that
belongs to a person mentioned in full is that person wherever it recurs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tidings.extract.dateline import Dateline
from tidings.extract.syntax import children, doc_index, kids, sent, sent_start
from tidings.lexicons.actors import ActorLexicon
from tidings.records import Actor
from tidings.records import Span as TextSpan

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
MEDIA_NOUNS = {"paper", "newspaper", "daily", "outlet", "broadcaster", "network", "agency", "tabloid"}
HOMELAND_NOUNS = {"country", "nation", "homeland", "territory", "soil", "land", "state"}
# Links that leave a noun phrase for another clause: an actor there is not what the phrase is about.
PHRASE_STOP_DEPS = {"det", "punct", "cc", "relcl", "acl", "advcl", "appos", "pcomp", "ccomp",
                    "xcomp", "conj", "nsubj", "nsubjpass"}
FORMER_MARKERS = {"former", "ex", "onetime", "previous", "late"}
# Organisation name endings -> (CAMEO role, PLOVER sectors, kind). Checked only when the
# organisation lexicon does not know the name.
ORG_SUFFIX_RULES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("university", "EDU", ("EDU",), "university"),
    ("college", "EDU", ("EDU",), "university"),
    ("institute", "EDU", ("EDU",), "think_tank"),
    ("school", "EDU", ("EDU",), "university"),
    ("party", "PTY", ("PTY",), "party"),
    ("ministry", "GOV", ("GOV",), "government"),
    ("department", "GOV", ("GOV",), "government"),
    ("army", "MIL", ("MIL",), "military"),
    ("navy", "MIL", ("MIL",), "military"),
    ("forces", "MIL", ("MIL",), "military"),
    ("police", "COP", ("COP",), "government"),
    ("court", "JUD", ("JUD",), "government"),
    ("parliament", "LEG", ("LEG",), "government"),
    ("congress", "LEG", ("LEG",), "government"),
    ("senate", "LEG", ("LEG",), "government"),
    ("cartel", "CRM", ("CRM",), "criminal"),
    ("times", "MED", ("JRN",), "media"),
    ("post", "MED", ("JRN",), "media"),
    ("news", "MED", ("JRN",), "media"),
    ("journal", "MED", ("JRN",), "media"),
    ("herald", "MED", ("JRN",), "media"),
    ("tribune", "MED", ("JRN",), "media"),
    ("union", "LAB", ("LAB",), "ngo"),
    ("foundation", "NGO", ("NGO",), "ngo"),
    ("watch", "NGO", ("NGO",), "ngo"),
    ("company", "BUS", ("BUS",), "company"),
    ("corporation", "BUS", ("BUS",), "company"),
    ("bank", "BUS", ("BUS",), "company"),
)
# CAMEO role codes that are international by themselves (no country prefix).
INTERNATIONAL = {"IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS"}
# When a phrase carries two roles ("military officials"), the more specific one wins.
ROLE_PRIORITY = {
    "MIL": 9, "COP": 9, "JUD": 8, "LEG": 8, "SPY": 8, "REB": 9, "INS": 9, "SEP": 9, "CRM": 9,
    "OPP": 7, "PTY": 6, "MED": 7, "EDU": 7, "BUS": 6, "LAB": 6, "REF": 6, "HLH": 6, "NGO": 7,
    "IGO": 7, "CVL": 3, "GOV": 4, "ELI": 3,
}


@dataclass
class _Cluster:
    """An actor being built: mutable while the document is read, frozen into Actor at the end."""

    key: str
    name: str
    kind: str
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans [start, end)
    country: str | None = None
    roles: list[str] = field(default_factory=list)  # CAMEO role codes, strongest evidence first
    sectors: list[str] = field(default_factory=list)
    cameo: str | None = None  # a full code from a lexicon, used as is
    role_word: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    evidence: list[str] = field(default_factory=list)
    surname: str | None = None
    definite: bool = False  # "the government", "officers" — not "Western governments"

    def add_role(self, role: str | None, sectors: tuple[str, ...] = (), front: bool = False) -> None:
        if role and role not in self.roles:
            if front:
                self.roles.insert(0, role)
            else:
                self.roles.append(role)
        for sector in sectors:
            if sector not in self.sectors:
                self.sectors.append(sector)


class ActorIndex:
    """The article's actors, and which tokens refer to which actor."""

    def __init__(
        self,
        doc: Doc,
        actors: list[Actor],
        by_token: dict[int, str],
        media: set[str],
        genders: dict[str, str | None],
    ):
        self.doc = doc
        self.actors = actors
        self._by_id = {a.id: a for a in actors}
        self._by_token = by_token
        self._media = media
        self._genders = genders
        self._countries = {a.country: a for a in actors if a.kind == "country" and a.country}
        # Person mentions in text order: (token index, is grammatical subject, actor id).
        # One entry per mention: its last token (the head of "Claudia Sheinbaum").
        self._person_mentions = sorted(
            (i, doc[i].dep_ in ("nsubj", "nsubjpass"), actor_id)
            for i, actor_id in by_token.items()
            if self._by_id[actor_id].kind == "person" and by_token.get(i + 1) != actor_id
        )

    @property
    def platforms(self) -> set[str]:
        """Social platforms named in the article (Bluesky, X): media, not actors."""
        return self._media

    def get(self, actor_id: str) -> Actor:
        return self._by_id[actor_id]

    def gender(self, actor: Actor) -> str | None:
        return self._genders.get(actor.id)

    def at(self, token: Token) -> Actor | None:
        """The actor a token refers to, following pronouns back to their antecedent."""
        actor_id = self._by_token.get(token.i)
        if actor_id:
            return self._by_id[actor_id]
        lower = token.lower_
        if token.pos_ == "PRON" and lower in PERSON_PRONOUNS:
            return self.antecedent(token, PERSON_PRONOUNS[lower])
        if token.pos_ == "PRON" and lower in GROUP_PRONOUNS:
            return self.group_antecedent(token, plural=lower != "it" and lower != "its")
        return None

    def group_antecedent(self, token: Token, plural: bool) -> Actor | None:
        """'Militants ... said they attempted', 'The U.S. said it would not': the most recent
        non-person actor in subject position, in this sentence or the one before."""
        sentence = sent(token)
        previous_start = sentence.start
        if sentence.start > 0:
            previous_start = sent_start(self.doc, sentence.start - 1)
        best: tuple[int, int, str] | None = None
        tokens = doc_index(self.doc).tokens
        for i in range(previous_start, token.i):
            actor_id = self._by_token.get(i)
            if actor_id is None or self._by_token.get(i + 1) == actor_id:
                continue  # only the last token of a mention
            actor = self._by_id[actor_id]
            if actor.kind == "person":
                continue
            mention = tokens[i]
            is_plural = mention.tag_ in ("NNS", "NNPS")
            if plural != is_plural and actor.kind == "group":
                continue
            score = (2 if mention.dep_ in ("nsubj", "nsubjpass") else 0) + (1 if i >= sentence.start else 0)
            if best is None or (score, i) >= (best[0], best[1]):
                best = (score, i, actor_id)
        return self._by_id[best[2]] if best else None

    def antecedent(self, token: Token, gender: str | None) -> Actor | None:
        """The person a pronoun points back to.

        Sentence by sentence backwards from the pronoun; within a sentence a grammatical subject
        beats other mentions (the centre of attention is usually the subject: "Finucane warned
        that ... would damage Trump's goal. '...,' he explained" is Finucane), then recency.
        Gender must not clash where both are known.
        """
        by_sentence: dict[int, list[tuple[int, bool, str]]] = {}
        for i, is_subject, actor_id in self._person_mentions:
            if i >= token.i:
                break
            actor_gender = self._genders.get(actor_id)
            if gender and actor_gender and actor_gender != gender:
                continue
            by_sentence.setdefault(sent_start(self.doc, i), []).append((i, is_subject, actor_id))
        for start in sorted(by_sentence, reverse=True)[:4]:
            mentions = by_sentence[start]
            subjects = [m for m in mentions if m[1]]
            chosen = (subjects or mentions)[-1]
            return self._by_id[chosen[2]]
        return None

    def uncoded(self, token: Token) -> Actor | None:
        """A named entity acting that no lexicon or description codes ("Ethopia", an unknown
        group): kept as an actor with code '---' rather than losing the event. Only proper
        names the NER marks as people, organisations or places qualify."""
        if token.pos_ != "PROPN" or token.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return None
        ent = next((e for e in doc_index(token.doc).ents if e.start <= token.i < e.end), None)
        if ent is None or not ent.text[:1].isupper():
            return None
        span = _strip(ent)
        if not len(span) or self.platform_name(span.text):
            return None
        actor_id = f"U{span.start}"
        if actor_id in self._by_id:
            return self._by_id[actor_id]
        kind = {"PERSON": "person", "ORG": "organisation"}.get(ent.label_, "group")
        actor = Actor(
            id=actor_id, name=span.text, cameo="---", country=None, kind=kind,
            mentions=(TextSpan(span.start_char, span.end_char, span.text),),
            evidence=f"named entity ({ent.label_}) with no code",
        )
        self.actors.append(actor)
        self._by_id[actor_id] = actor
        for i in range(span.start, span.end):
            self._by_token.setdefault(i, actor_id)
        return actor

    def platform_name(self, text: str) -> bool:
        return text in self._media

    def in_phrase(self, token: Token, max_depth: int = 3) -> Actor | None:
        """The actor a phrase is about: its head, else the nearest actor among its modifiers.

        "talk of an American incursion" -> the United States; "drug labs in Mexico" -> Mexico;
        "her country" -> the country of the person "her" points back to.
        """
        found = self.at(token)
        if found:
            return found
        if token.lemma_.lower() in HOMELAND_NOUNS:
            for child in kids(token):
                if child.dep_ == "poss":
                    owner = self.at(child)
                    if owner is not None and owner.country in self._countries:
                        return self._countries[owner.country]
        frontier = [token]
        for _ in range(max_depth):
            nxt: list[Token] = []
            for node in frontier:
                for child in kids(node):
                    if child.dep_ in PHRASE_STOP_DEPS:
                        continue
                    actor = self.at(child)
                    if actor:
                        return actor
                    nxt.append(child)
            frontier = nxt
        return None


def _strip(span: Span) -> Span:
    start, end = span.start, span.end
    tokens = doc_index(span.doc).tokens
    while start < end and (tokens[start].lower_ in DETERMINERS or tokens[start].is_punct):
        start += 1
    while end > start and (tokens[end - 1].dep_ == "case" or tokens[end - 1].is_punct):
        end -= 1
    return span.doc[start:end]


class _Builder:
    def __init__(self, doc: Doc, lexicon: ActorLexicon, published: dt.date | None):
        self.doc = doc
        self.lex = lexicon
        self.published = published
        self.clusters: list[_Cluster] = []
        self.by_key: dict[str, _Cluster] = {}
        self.by_token: dict[int, _Cluster] = {}
        self.modifier_tokens: set[int] = set()  # tokens that only qualify another actor
        self.platforms: set[str] = set()

    # ---- clusters -------------------------------------------------------------------------
    def cluster(self, key: str, name: str, kind: str) -> _Cluster:
        existing = self.by_key.get(key)
        if existing:
            return existing
        created = _Cluster(key=key, name=name, kind=kind)
        self.clusters.append(created)
        self.by_key[key] = created
        return created

    def claim(self, cluster: _Cluster, start: int, end: int) -> None:
        cluster.mentions.append((start, end))
        for i in range(start, end):
            self.by_token.setdefault(i, cluster)

    # ---- pass 1: named entities -----------------------------------------------------------
    def named_entities(self) -> None:
        person_surnames: dict[str, _Cluster] = {}
        ents = [e for e in doc_index(self.doc).ents if e.label_ in ENTITY_LABELS]
        # Persons first so that later bare surnames (tagged GPE/ORG by mistake) join them.
        for ent in sorted(ents, key=lambda e: (e.label_ != "PERSON", e.start)):
            span = _strip(ent)
            if not len(span):
                continue
            text = span.text
            if not text[:1].isupper():
                continue  # lower-case "entities" ("narcos") are NER noise
            if self.lex.platform(text):
                self.platforms.add(text)
                continue
            org = self.lex.organisation(text)
            is_place = self.lex.country_by_name(text) is not None
            if ent.label_ == "PERSON" and not org and not is_place and not self._looks_like_org(span):
                surname = span[-1].text
                if len(span) == 1 and surname in person_surnames:
                    cluster = person_surnames[surname]
                else:
                    cluster = self.cluster(f"person:{text}", text, "person")
                    cluster.surname = surname
                    person_surnames.setdefault(surname, cluster)
                self.claim(cluster, span.start, span.end)
                continue
            if len(span) == 1 and text in person_surnames:  # "Finucane" tagged GPE, "Brooks" ORG
                self.claim(person_surnames[text], span.start, span.end)
                continue
            self._non_person_entity(ent, span, org)
        self._bare_surnames(person_surnames)
        self._unlabelled_countries()
        self._unlabelled_organisations()

    def _unlabelled_countries(self) -> None:
        """Country names the NER missed ("Nigeria launched ..."): the lexicon decides."""
        doc = self.doc
        n = len(doc)
        index = doc_index(doc)
        text = index.text
        starts, ends = index.starts, index.ends
        # One pass over the tokens: Token objects are costly to create and this scans them all.
        proper = [tag == "PROPN" for tag in index.pos]
        i = 0
        while i < n:
            if i in self.by_token or not proper[i]:
                i += 1
                continue
            for length in (4, 3, 2, 1):
                if i + length > n or any(j in self.by_token for j in range(i, i + length)):
                    continue
                name = text[starts[i] : ends[i + length - 1]]
                entry = self.lex.country_by_name(name)
                if entry is not None:
                    span = doc[i : i + length]
                    cluster = self.cluster(f"country:{entry.iso3}", entry.name, "country")
                    cluster.country = entry.iso3
                    cluster.evidence.append(f"country name: {name}")
                    self.claim(cluster, span.start, span.end)
                    if span.root.dep_ in ("compound", "nmod", "amod", "poss"):
                        self.modifier_tokens.update(range(span.start, span.end))
                    i += length - 1
                    break
            i += 1

    def _unlabelled_organisations(self, max_words: int = 6) -> None:
        """Listed organisations the NER missed or split ("Human Rights Watch accused ...",
        "UNICEF said"): runs of proper nouns that no entity covers, longest first, looked up
        in the organisation lexicon by name or alias (no name rules)."""
        index = doc_index(self.doc)
        tokens, text, starts, ends = index.tokens, index.text, index.starts, index.ends
        n = len(tokens)
        # Proper nouns, and acronyms the tagger takes for common nouns ("UNICEF provided ...").
        texts, pos, taken = index.texts, index.pos, self.by_token
        free = [
            i not in taken and word[:1].isupper()
            and (pos[i] == "PROPN" or (len(word) > 1 and word.isupper()))
            for i, word in enumerate(texts)
        ]
        i = 0
        while i < n:
            if not free[i]:
                i += 1
                continue
            run = i
            while run < n and run - i < max_words and free[run]:
                run += 1
            for end in range(run, i, -1):
                org = self.lex.organisation(text[starts[i] : ends[end - 1]], rules=False)
                if org is None or org.kind == "platform":
                    continue
                cluster = self.cluster(f"org:{org.name}", org.name, org.kind)
                cluster.cameo = cluster.cameo or org.cameo
                cluster.country = cluster.country or org.country
                cluster.add_role(None, tuple(org.sectors))
                cluster.evidence.append(f"organisation lexicon (no entity): {org.name}")
                self.claim(cluster, i, end)
                i = end - 1
                break
            i += 1

    def _bare_surnames(self, person_surnames: dict[str, _Cluster]) -> None:
        """Surnames the NER missed altogether ("Brooks added") join their person."""
        index = doc_index(self.doc)
        pos = index.pos
        for token in index.tokens:
            if token.i in self.by_token or pos[token.i] != "PROPN":
                continue
            cluster = person_surnames.get(token.text)
            if cluster is not None:
                self.claim(cluster, token.i, token.i + 1)

    def _looks_like_org(self, span: Span) -> bool:
        last = span[-1].lower_
        return any(last == suffix for suffix, *_ in ORG_SUFFIX_RULES) or last in {"group", "program"}

    def _non_person_entity(self, ent: Span, span: Span, org) -> None:
        text = span.text
        country = self.lex.country_by_name(text)
        adjective = self.lex.country_by_adjective(text) if ent.label_ in ("NORP", "GPE") else None
        if org is not None:
            cluster = self.cluster(f"org:{org.name}", org.name, org.kind)
            cluster.cameo = cluster.cameo or org.cameo
            cluster.country = cluster.country or org.country
            cluster.add_role(None, tuple(org.sectors))
            cluster.evidence.append(f"organisation lexicon: {org.name}")
            self.claim(cluster, span.start, span.end)
            self._qualify_modifier(span)
            return
        capital = None if country is not None else self._capital_as_actor(span)
        if capital is not None:
            # "Beirut rejected the appeal": a capital acting stands for its government.
            cluster = self.cluster(f"capital:{capital.iso3}", span.text, "country")
            cluster.country = capital.iso3
            cluster.add_role("GOV", ("GOV",))
            cluster.evidence.append(f"capital for its government: {text}")
            self.claim(cluster, span.start, span.end)
            return
        if country is not None:
            if span.root.dep_ in ("compound", "nmod", "amod", "poss") and span.root.head.i not in range(
                span.start, span.end
            ):
                self.modifier_tokens.update(range(span.start, span.end))
            cluster = self.cluster(f"country:{country.iso3}", country.name, "country")
            cluster.country = country.iso3
            cluster.evidence.append(f"country name: {text}")
            self.claim(cluster, span.start, span.end)
            return
        people = self.lex.country_by_people(text) if ent.label_ in ("NORP", "GPE") else None
        if people is not None and adjective is None and country is None:
            # "Albanians demonstrated", "the Palestinians reject": the people of a country.
            cluster = self.cluster(f"people:{people.iso3}", text, "group")
            cluster.country = people.iso3
            cluster.evidence.append(f"people of a country: {text}")
            self.claim(cluster, span.start, span.end)
            return
        if adjective is not None:
            # "Mexican", "American": a modifier of another actor, or the people of a country.
            self.modifier_tokens.update(range(span.start, span.end))
            cluster = self.cluster(f"country:{adjective.iso3}", adjective.name, "country")
            cluster.country = adjective.iso3
            self.claim(cluster, span.start, span.end)
            return
        if ent.label_ in ("ORG", "FAC") or self._looks_like_org(span):
            key = f"org:{text}"
            cluster = self._alias_of_known_org(span) or self.cluster(key, text, "organisation")
            if cluster.key == key and not cluster.evidence:
                self._code_org_by_name(cluster, span)
            self.claim(cluster, span.start, span.end)
            self._qualify_modifier(span)

    def _capital_as_actor(self, span: Span):
        """A capital city named as the doer or addressee of an act, not as a place."""
        if span.root.dep_ not in ("nsubj", "nsubjpass", "dobj", "poss") and not (
            span.root.dep_ == "pobj" and span.root.head.lower_ in ("by", "with", "against", "to", "from")
        ):
            return None
        return self.lex.country_by_capital(span.text)

    def _qualify_modifier(self, span: Span) -> None:
        if span.root.dep_ in ("compound", "nmod") and span.root.head.i >= span.end:
            self.modifier_tokens.update(range(span.start, span.end))

    def _alias_of_known_org(self, span: Span) -> _Cluster | None:
        """A later short form ("the Times") of an organisation mentioned in full earlier."""
        words = [t.text for t in span]
        for cluster in self.clusters:
            if cluster.kind == "person" or cluster.kind == "country":
                continue
            full = cluster.name.split()
            if len(words) < len(full) and full[-len(words) :] == words:
                return cluster
        return None

    def _code_org_by_name(self, cluster: _Cluster, span: Span) -> None:
        last = span[-1].lower_
        for suffix, role, sectors, kind in ORG_SUFFIX_RULES:
            if last == suffix or (span[0].lower_ == suffix and len(span) > 1):
                cluster.add_role(role, sectors)
                cluster.kind = kind
                cluster.evidence.append(f"organisation name ends in '{suffix}'")
                break
        for token in span:
            entry = self.lex.country_by_name(token.text) or self.lex.country_by_adjective(token.text)
            if entry:
                cluster.country = entry.iso3
                break

    # ---- pass 2: qualifiers of named clusters (titles, appositions) ------------------------
    def qualify_people(self) -> None:
        for cluster in self.clusters:
            if cluster.kind != "person":
                continue
            leader = self.lex.leader(cluster.name, self.published)
            if leader is None and cluster.surname:
                leader = self.lex.leader(cluster.surname, self.published)
            if leader is not None:
                cluster.country = cluster.country or leader.country
                cluster.cameo = cluster.cameo or leader.cameo
                cluster.role_word = cluster.role_word or leader.role
                cluster.gender = cluster.gender or leader.gender
                cluster.evidence.append(f"leader lexicon: {leader.name}, {leader.role}")
            first = cluster.name.split()[0]
            cluster.gender = cluster.gender or self.lex.first_name_gender(first)
            for start, end in list(cluster.mentions):
                head = self.doc[end - 1]
                self._title_compounds(cluster, head, start)
                for appos in children(head, "appos"):
                    self._apposition(cluster, appos)
                self._described_by_head(cluster, head)

    def _described_by_head(self, cluster: _Cluster, head: Token) -> None:
        """'Ethiopia's foreign minister, Gedion Timothewos, said': the name is in apposition to
        the description, which then names the same person (and is not an actor of its own)."""
        descriptor = head.head
        if head.dep_ != "appos" or descriptor.pos_ not in ("NOUN", "PROPN") or descriptor.i in self.by_token:
            return
        if self._role_of(descriptor) is None:
            return
        self._apposition(cluster, descriptor)
        left = [t.i for t in descriptor.subtree if t.i <= descriptor.i]
        self.claim(cluster, min(left), descriptor.i + 1)

    def _title_compounds(self, cluster: _Cluster, head: Token, start: int) -> None:
        """'U.S. President Donald Trump': role and country from the name's left modifiers.
        Two-word titles are read whole ("Secretary General" is not a military general)."""
        modifiers = [t for t in head.subtree if t.i < start and t.dep_ in ("compound", "amod", "nmod")]
        skip: set[int] = set()
        for first, second in itertools.pairwise(modifiers):
            if second.i != first.i + 1:
                continue
            role = self.lex.role(f"{first.lower_} {second.lower_}")
            if role is not None and role.cameo and len(role.term.split()) > 1:
                cluster.add_role(role.cameo, tuple(role.plover), front=True)
                cluster.role_word = cluster.role_word or f"{first.lower_} {second.lower_}"
                cluster.evidence.append(f"title: {first.text} {second.text}")
                skip |= {first.i, second.i}
                self.modifier_tokens |= {first.i, second.i}
        for token in modifiers:
            if token.i not in skip:
                self._absorb_qualifier(cluster, token, "title")

    def _absorb_qualifier(self, cluster: _Cluster, token: Token, how: str) -> None:
        role = self.lex.role(token.lemma_.lower()) or self.lex.role(token.lower_)
        if role is not None and role.cameo:
            cluster.add_role(role.cameo, tuple(role.plover), front=True)
            cluster.role_word = cluster.role_word or token.lower_
            cluster.evidence.append(f"{how}: {token.text}")
        country = self.lex.country_by_adjective(token.text) or self.lex.country_by_name(token.text)
        owner = self.by_token.get(token.i)
        if country is None and owner is not None and owner.kind == "country":
            country = self.lex.country_by_name(owner.name)
        if owner is not None and owner.kind not in ("country", "person") and not cluster.affiliation:
            # "Arab League Secretary General Chadli Klibi": the organisation in the title.
            cluster.affiliation = owner.name
            cluster.cameo = cluster.cameo or owner.cameo
            cluster.country = cluster.country or owner.country
            cluster.add_role(None, tuple(owner.sectors))
            cluster.evidence.append(f"{how}: {owner.name}")
        if country is not None and not cluster.country:
            cluster.country = country.iso3
            cluster.evidence.append(f"{how}: {token.text}")
        self.modifier_tokens.add(token.i)

    def _apposition(self, cluster: _Cluster, appos: Token) -> None:
        """'Renata Segura, the director of ... at the International Crisis Group'."""
        former = any(c.lower_ in FORMER_MARKERS for c in kids(appos))
        role = self._role_of(appos)
        if role is not None and not former:
            cluster.role_word = cluster.role_word or self._role_phrase(appos)
            if role.cameo:
                cluster.add_role(role.cameo, tuple(role.plover), front=True)
            cluster.evidence.append(f"apposition: {appos.text}")
        # The organisation the person now speaks for: the last one in the apposition that is
        # not under a 'former' title.
        orgs: list[_Cluster] = []
        inside = {t.i for t in appos.subtree}
        for token in appos.subtree:
            owner = self.by_token.get(token.i)
            if owner is None or owner is cluster or owner in orgs:
                continue
            if owner.kind != "country" and _under_former(token, inside):
                continue
            orgs.append(owner)
        for token in appos.subtree:
            if token.dep_ == "attr" and token.head.dep_ == "relcl":  # "who is now a senior adviser"
                sub_role = self._role_of(token)
                if sub_role is not None and sub_role.cameo:
                    cluster.add_role(sub_role.cameo, tuple(sub_role.plover), front=True)
                cluster.role_word = self._role_phrase(token)
        affiliation = next((o for o in reversed(orgs) if o.kind != "country"), None)
        if affiliation is not None:
            cluster.affiliation = affiliation.name
            cluster.evidence.append(f"affiliation: {affiliation.name}")
            if affiliation.cameo and not cluster.cameo:
                cluster.cameo = affiliation.cameo
            for role in affiliation.roles:
                cluster.add_role(role)
            cluster.add_role(None, tuple(affiliation.sectors))
            cluster.country = cluster.country or affiliation.country
        country = next((o for o in orgs if o.kind == "country"), None)
        if country is not None and not cluster.country:
            cluster.country = country.country

    def _role_of(self, token: Token):
        for phrase in self._role_phrases(token):
            role = self.lex.role(phrase)
            if role is not None:
                return role
        return None

    def _role_phrases(self, token: Token) -> list[str]:
        """'political scientist', then 'scientist' — multiword role first."""
        # ``kids`` before the token are ``token.lefts``, without spaCy building them anew
        mods = [c for c in kids(token) if c.i < token.i and c.dep_ in ("compound", "amod") and c.pos_ != "PROPN"]
        index = doc_index(token.doc)
        lemma = index.lemmas[token.i]
        phrases = []
        if mods:
            phrases.append(f"{mods[-1].lower_} {lemma}")
        phrases.append(lemma)
        phrases.append(index.lowers[token.i])
        return phrases

    def _role_phrase(self, token: Token) -> str:
        mods = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod") and c.pos_ != "PROPN"]
        return " ".join([*mods, token.lower_])

    # ---- pass 3: common-noun actors ("U.S. military officials", "drug cartels") ------------
    def common_nouns(self) -> None:
        index = doc_index(self.doc)
        pos = index.pos
        for token in index.tokens:
            if pos[token.i] not in ("NOUN", "PROPN") or token.i in self.by_token:
                continue
            if token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
                continue  # a modifier: its head carries the actor
            if token.dep_ == "appos" or (token.dep_ == "attr" and token.head.dep_ == "relcl"):
                continue  # describes a person already
            role = self._role_of(token)
            if role is None:
                continue
            if _bare_mass_object(token):
                continue
            lower = token.lemma_.lower()
            if lower in MEDIA_NOUNS and token.pos_ == "NOUN":
                media = self._recent_media(token)
                if media is not None:
                    self.claim(media, token.i, token.i + 1)
                    continue
            self._noun_actor(token, role)

    def _recent_media(self, token: Token) -> _Cluster | None:
        best = None
        for cluster in self.clusters:
            if cluster.kind != "media" and "JRN" not in cluster.sectors:
                continue
            if any(start < token.i for start, _ in cluster.mentions):
                last = max(start for start, _ in cluster.mentions if start < token.i)
                if best is None or last > best[0]:
                    best = (last, cluster)
        return best[1] if best else None

    def _noun_actor(self, head: Token, role) -> None:
        # The subtree's part up to the head, without walking the (often long) right of it.
        tokens = doc_index(self.doc).tokens
        phrase_tokens = [
            t for t in tokens[head.left_edge.i : head.i + 1]
            if (t.i == head.i or head.is_ancestor(t)) and t.dep_ not in ("det", "punct")
        ]
        start = min([t.i for t in phrase_tokens] + [head.i])
        country = None
        extra_roles: list = []
        evidence = []
        person_owner: _Cluster | None = None
        for token in kids(head):
            if token.dep_ in ("compound", "amod", "nmod", "poss") or (
                token.dep_ == "prep" and token.lower_ in ("in", "of", "from")
            ):
                targets = [token] if token.dep_ != "prep" else [c for c in kids(token) if c.dep_ == "pobj"]
                for mod in targets:
                    owner = self.by_token.get(mod.i)
                    entry = self.lex.country_by_adjective(mod.text) or self.lex.country_by_name(mod.text)
                    if entry is None and token.dep_ == "prep":
                        # "police in Dhaka": a capital city places the actor in its country.
                        entry = self.lex.country_by_capital(mod.text)
                    if entry is None and owner is not None and owner.country:
                        if owner.kind == "person":
                            person_owner = owner
                        entry_iso = owner.country
                    else:
                        entry_iso = entry.iso3 if entry else None
                    if entry_iso and not country:
                        country = entry_iso
                        evidence.append(f"modifier: {mod.text}")
                    if mod.dep_ != "poss":
                        mod_role = self.lex.role(mod.lemma_.lower())
                        if mod_role is not None and mod_role.cameo:
                            extra_roles.append(mod_role)
                    if mod.dep_ != "prep":
                        self.modifier_tokens.add(mod.i)
        roles = sorted([role, *extra_roles], key=lambda r: -ROLE_PRIORITY.get(r.cameo or "", 0))
        name = self.doc[start : head.i + 1].text
        definite = any(c.lower_ == "the" for c in kids(head) if c.dep_ == "det")
        if country is None and definite and not extra_roles:
            earlier = self._earlier_same_role(head, role)
            if earlier is not None:
                self.claim(earlier, start, head.i + 1)
                return
        # Unqualified mentions of one role are one actor only when they could be the same
        # group: "Western governments" is not "the government".
        qualifiers = " ".join(
            t.lower_
            for t in head.lefts
            if t.dep_ in ("amod", "compound", "nmod")
            and self.lex.role(t.lemma_.lower()) is None
            and (self.lex.country_by_adjective(t.text) or self.lex.country_by_name(t.text)) is None
        )
        plural = head.tag_ in ("NNS", "NNPS")
        roles_key = "/".join(r.cameo or "" for r in roles)
        key = f"noun:{country or '---'}:{roles_key}:{head.lemma_.lower()}:{plural}:{qualifiers}"
        if person_owner is not None:
            key += f":{person_owner.key}"
        cluster = self.cluster(key, name, "group")
        cluster.definite = cluster.definite or definite or not qualifiers
        cluster.country = cluster.country or country
        for r in roles:
            cluster.add_role(r.cameo, tuple(r.plover))
        cluster.role_word = cluster.role_word or head.lemma_.lower()
        cluster.evidence.extend(evidence or [f"role noun: {head.lemma_.lower()}"])
        if roles and roles[0].cameo == "MED" or "JRN" in cluster.sectors:
            cluster.kind = "media"
        self.claim(cluster, start, head.i + 1)

    def _earlier_same_role(self, head: Token, role) -> _Cluster | None:
        """'the military' after 'the American military': the same, already-qualified actor."""
        for cluster in reversed(self.clusters):
            if cluster.kind == "person" or not cluster.country:
                continue
            if cluster.role_word == head.lemma_.lower() and any(s < head.i for s, _ in cluster.mentions):
                return cluster
        return None

    def place_in_dateline_country(self, iso3: str | None) -> None:
        """In a datelined story, domestic office holders with no stated country ("the
        government", "Prime Minister X", "police") belong to the dateline's country — the
        convention of the wire services that write datelines (CODING-METHOD.md §5)."""
        if iso3 is None:
            return
        for cluster in self.clusters:
            if cluster.country or cluster.cameo or cluster.kind not in ("person", "group"):
                continue
            if cluster.kind == "group" and not cluster.definite:
                continue  # "Western governments", "foreign troops": not local
            if any(role in DOMESTIC_ROLES for role in cluster.roles):
                cluster.country = iso3
                cluster.evidence.append(f"dateline country: {iso3}")

    # ---- finish ---------------------------------------------------------------------------
    def _qualifies_other_actor(self, i: int, cluster: _Cluster) -> bool:
        """'U.S.' in 'U.S. military officials' qualifies the officials and is not an actor of its
        own there; 'American' in 'an American incursion' is the actor (the incursion is not)."""
        if i not in self.modifier_tokens:
            return False
        head = self.doc[i]
        while head.dep_ in ("compound", "amod", "nmod", "poss", "case") and head.head.i != head.i:
            head = head.head
            owner = self.by_token.get(head.i)
            if owner is not None and owner is not cluster:
                return True
        return False

    def freeze(self) -> ActorIndex:
        actors: list[Actor] = []
        ids: dict[int, str] = {}
        genders: dict[str, str | None] = {}
        index = doc_index(self.doc)
        starts, ends, text = index.starts, index.ends, index.text
        ordered = sorted(
            (c for c in self.clusters if c.mentions), key=lambda c: min(s for s, _ in c.mentions)
        )
        for n, cluster in enumerate(ordered, start=1):
            actor_id = f"A{n}"
            ids[id(cluster)] = actor_id
            mentions = tuple(
                TextSpan(starts[s], ends[e - 1], text[starts[s] : ends[e - 1]])
                for s, e in sorted(set(cluster.mentions))
            )
            actor = Actor(
                id=actor_id,
                name=cluster.name,
                cameo=_cameo_code(cluster),
                country=_plover_country(cluster),
                sectors=tuple(_plover_sectors(cluster)),
                kind=cluster.kind,
                role=cluster.role_word,
                affiliation=cluster.affiliation,
                mentions=mentions,
                evidence="; ".join(dict.fromkeys(cluster.evidence)) or None,
            )
            genders[actor_id] = cluster.gender
            actors.append(actor)
        by_token = {
            i: ids[id(cluster)]
            for i, cluster in self.by_token.items()
            if id(cluster) in ids and not self._qualifies_other_actor(i, cluster)
        }
        return ActorIndex(self.doc, actors, by_token, self.platforms, genders)


def _bare_mass_object(token: Token) -> bool:
    """'share intelligence', 'provide security': a bare singular object is a thing, not the
    intelligence service or the security forces."""
    return (
        token.dep_ in ("dobj", "pobj")
        and token.tag_ == "NN"
        and not any(c.dep_ in ("det", "poss", "compound", "amod", "nmod") for c in kids(token))
    )


def _under_former(token: Token, inside: set[int]) -> bool:
    """Is the token part of a 'former ...' description? A relative clause ('who is now ...')
    describes the present, so the walk stops there."""
    for node in (token, *token.ancestors):
        if node.i not in inside:
            return False
        if any(c.lower_ in FORMER_MARKERS for c in kids(node) if c.dep_ == "amod"):
            return True
        if node.dep_ == "relcl":
            return False
    return False


def _cameo_code(cluster: _Cluster) -> str:
    if cluster.cameo:
        return cluster.cameo
    roles = sorted(cluster.roles, key=lambda r: -ROLE_PRIORITY.get(r, 0))
    primary = roles[0] if roles else ""
    if primary in INTERNATIONAL:
        # "Italian aid workers": a national NGO is coded with its country, CAMEO-style (ITANGO).
        return f"{cluster.country}{primary}" if cluster.country else primary
    if cluster.kind == "country":
        return cluster.country or "---"
    return f"{cluster.country or '---'}{primary}"


def _plover_country(cluster: _Cluster) -> str | None:
    if cluster.country:
        return cluster.country
    code = _cameo_code(cluster)
    for international in ("IGO", "NGO", "IMG", "MNC"):
        if code.startswith(international):
            return international
    return None


def _plover_sectors(cluster: _Cluster) -> list[str]:
    if cluster.sectors:
        return list(cluster.sectors)
    from tidings.ontology import cameo_roles_to_plover

    return list(cameo_roles_to_plover(cluster.roles))


DOMESTIC_ROLES = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "SPY", "REB", "INS", "SEP"}


def dateline_country(dateline: Dateline | None, lexicon: ActorLexicon) -> str | None:
    """'KYIV, Ukraine (AP) —', 'TBILISI, Nov. 11 —': the country a dateline places the story in
    (its region part, else a capital city)."""
    if dateline is None:
        return None
    for part in reversed([p.strip() for p in dateline.place_name.split(",")]):
        entry = lexicon.country_by_name(part) or lexicon.country_by_capital(part)
        if entry is not None:
            return entry.iso3
    return None


def resolve_actors(
    doc: Doc,
    lexicon: ActorLexicon,
    published: dt.date | None = None,
    dateline: Dateline | None = None,
) -> ActorIndex:
    builder = _Builder(doc, lexicon, published)
    builder.named_entities()
    builder.qualify_people()
    builder.common_nouns()
    builder.place_in_dateline_country(dateline_country(dateline, lexicon))
    return builder.freeze()
