"""Reader for PETRARCH verb dictionaries: PETRARCH-2 (``CAMEO.2.0.txt``) and PETRARCH-1/TABARI
(``PETR.Validate.verbs.txt``) syntax.

    &SYNSET_NAME                 synonym set; its members follow as +lines
    +MEMBER
    --- DEMAND [100] ---         verb block with a default code
    DEMAND                       a verb (regular forms generated)
    SPEED {SPEEDS SPED}          irregular forms
    +CALL_OFF [160]              multi-word verb; + marks the word that inflects (KLM_NOP_+RST)
    - * (FOR {FINANCIAL AID}) [1031]   a pattern: tokens before *, *, tokens after; then a code
    ~ a (a b ATTACK) SAY = a b 015     a transformation (PETRARCH-2)

Both syntaxes are read by the same tokenizer into the same structures; only the meaning of a
bare word differs (PETRARCH-2: head of a noun phrase; PETRARCH-1: a word in a linear pattern),
which ``VerbDictionary.syntax`` records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .common import DictionaryFormatError, Issues, iter_lines, parse_event_code, split_phrase

# PatternToken kinds
WORD = "word"
SYNSET = "synset"
SOURCE = "source"  # $
TARGET = "target"  # +
SKIP = "skip"  # ^
COMPOUND = "compound"  # %
NOUN_PHRASE = "noun_phrase"  # {ADJ NOUN}
PREP_PHRASE = "prep_phrase"  # (PREP ...)

_MARKERS = {"$": SOURCE, "+": TARGET, "^": SKIP, "%": COMPOUND}


@dataclass(frozen=True, slots=True)
class PatternToken:
    """One element of a verb pattern.

    ``kind``: ``word`` (``text`` as written, ``alternatives`` split on ``/``: ``TO/FOR``),
    ``synset`` (``text`` = synset name without ``&``), ``source`` ``$`` / ``target`` ``+`` slot
    markers, ``skip`` ``^``, ``compound`` ``%``, ``noun_phrase`` ``{...}`` (``children``, head
    last), ``prep_phrase`` ``(PREP ...)`` (``text``/``alternatives`` = the preposition,
    ``children`` = what follows it).
    ``tight``: joined by ``_`` to its neighbour on the verb side (the next token for tokens before
    ``*``, the previous one for tokens after it; inside a phrase, the same direction).
    """

    kind: str
    text: str = ""
    alternatives: tuple[str, ...] = ()
    children: tuple[PatternToken, ...] = ()
    tight: bool = False

    @property
    def head(self) -> PatternToken | None:
        """The head of a noun phrase (its last word or synset); the token itself otherwise."""
        if self.kind == NOUN_PHRASE:
            for child in reversed(self.children):
                if child.kind in (WORD, SYNSET):
                    return child
            return None
        return self

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """``- pre * post [code]``. ``code`` None means the ``[:X]`` form (only the reverse event);
    ``"---"`` means the match codes no event. ``paired_code`` is X in ``[a:X]`` (a second event,
    target -> source). ``markers`` lists ``(kind, side, path)`` for every ``$``/``+``/``^``/``%``,
    ``side`` being ``"pre"`` or ``"post"`` and ``path`` the index path into ``pre``/``post``
    (``(2, 0)`` = first child of the third token)."""

    pre: tuple[PatternToken, ...]
    post: tuple[PatternToken, ...]
    code: str | None
    paired_code: str | None
    source: str
    block: str = ""
    text: str = ""
    markers: tuple[tuple[str, str, tuple[int, ...]], ...] = ()

    @property
    def source_side(self) -> str | None:
        return next((side for kind, side, _ in self.markers if kind == SOURCE), None)

    @property
    def target_side(self) -> str | None:
        return next((side for kind, side, _ in self.markers if kind == TARGET), None)

    @property
    def is_compound(self) -> bool:
        return any(kind == COMPOUND for kind, _, _ in self.markers)

    @property
    def is_null(self) -> bool:
        return self.code == "---" and self.paired_code is None

    def tokens(self):
        """Every token, nested ones included, pre-verb first."""
        for tok in self.pre + self.post:
            yield from tok.walk()

    def synsets_used(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens() if t.kind == SYNSET)


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One verb line of a block. ``lemma`` is the word that inflects (``CALL`` for ``+CALL_OFF``,
    ``RST`` for ``KLM_NOP_+RST``); ``words`` the whole phrase and ``head_index`` the lemma's place
    in it. ``forms`` are the surface forms of the whole phrase joined by spaces, base first: the
    ``irregular_forms`` from ``{...}`` plus generated regular forms for the slots (-S, past,
    -ING) the braces do not fill, judged by their endings; ``{}`` = base only.
    ``code``/``paired_code`` come from the verb line if it has ``[...]`` (``own_code``), else from
    the block. ``patterns`` are the block's patterns, shared by all its verbs."""

    lemma: str
    forms: tuple[str, ...]
    code: str | None
    patterns: tuple[VerbPattern, ...]
    source: str
    paired_code: str | None = None
    block: str = ""
    words: tuple[str, ...] = ()
    head_index: int = 0
    own_code: bool = False
    irregular_forms: tuple[str, ...] = ()

    @property
    def is_multiword(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """``--- NAME [code] ---`` and the verbs and patterns under it. ``extra_codes`` holds further
    header codes (``--- DELAY [120] [031:031] ---`` in the validation file; meaning unknown)."""

    name: str
    code: str | None
    paired_code: str | None
    verbs: tuple[VerbEntry, ...]
    patterns: tuple[VerbPattern, ...]
    source: str
    extra_codes: tuple[tuple[str | None, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class SynsetMember:
    """One ``+`` line of a synset: upper-case tokens; a token ``&NAME`` refers to another synset."""

    tokens: tuple[str, ...]
    source: str
    tight: tuple[bool, ...] = ()
    whole_word: bool = False


@dataclass(frozen=True, slots=True)
class Synset:
    """``&NAME`` (name kept without ``&`` and without a trailing ``_``) and its members.

    ``no_plurals``: the header ended in ``_`` (``&PREPOSIT1_``): PETRARCH-1 generates noun plurals
    for synset members unless the header or the member ends in ``_``."""

    name: str
    members: tuple[SynsetMember, ...]
    source: str
    no_plurals: bool = False

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        """Member token tuples as written (nested ``&NAME`` references left in place)."""
        return tuple(m.tokens for m in self.members)

    def expand(
        self, synsets: dict[str, Synset], _seen: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, ...], ...]:
        """Member token tuples with nested ``&NAME`` references replaced by their members."""
        out: list[tuple[str, ...]] = []
        seen = _seen | {self.name}
        for m in self.members:
            variants: list[tuple[str, ...]] = [()]
            for tok in m.tokens:
                if tok.startswith("&") and tok[1:] in synsets and tok[1:] not in seen:
                    subs = synsets[tok[1:]].expand(synsets, seen)
                    variants = [v + s for v in variants for s in subs]
                else:
                    variants = [v + (tok,) for v in variants]
            out.extend(variants)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class TransformClause:
    """``(source target VERB)``; ``target`` may itself be a clause. Terms are kept as written
    (``a``, ``b``, ``.``, ``_``); ``verb`` is a verb-block name (``ATTACK``, ``SAY``)."""

    source: str
    target: str | TransformClause
    verb: str


@dataclass(frozen=True, slots=True)
class Transformation:
    """``~ a (a b ATTACK) SAY = a b 015``: when ``pattern`` holds, code ``result_source ->
    result_target result_code`` instead (``result_code`` may be a variable such as ``Q``)."""

    pattern: TransformClause
    result_source: str
    result_target: str
    result_code: str
    source: str
    text: str = ""


@dataclass(frozen=True)
class VerbDictionary:
    """A parsed verb file (or several merged). ``syntax``: ``"petrarch2"`` or ``"petrarch1"``."""

    syntax: str
    synsets: dict[str, Synset]
    blocks: tuple[VerbBlock, ...]
    transformations: tuple[Transformation, ...] = ()
    files: tuple[str, ...] = ()
    verbs: tuple[VerbEntry, ...] = field(default=())

    @property
    def patterns(self) -> tuple[VerbPattern, ...]:
        return tuple(p for b in self.blocks for p in b.patterns)


# ----------------------------------------------------------------------------------------------
# forms

_VOWELS = frozenset("AEIOU")


def regular_verb_forms(word: str) -> tuple[str, str, str]:
    """(3rd person singular, past, -ing) of an upper-case verb by plain spelling rules.

    No consonant doubling (STOP -> STOPED): irregular and doubled forms belong in ``{...}``.
    """
    w = word.upper()
    cons_y = len(w) > 1 and w.endswith("Y") and w[-2] not in _VOWELS
    if cons_y:
        s, past = w[:-1] + "IES", w[:-1] + "IED"
    else:
        s = w + "ES" if w.endswith(("S", "SH", "CH", "X", "Z", "O")) else w + "S"
        past = w + "D" if w.endswith("E") else w + "ED"
    if w.endswith("IE"):
        ing = w[:-2] + "YING"
    elif w.endswith("E") and not w.endswith(("EE", "YE", "OE")) and len(w) > 2:
        ing = w[:-1] + "ING"
    else:
        ing = w + "ING"
    return s, past, ing


# ----------------------------------------------------------------------------------------------
# parsing helpers

_HEADER_RE = re.compile(
    r"^-{3}\s*(?P<name>[^\[\]]+?)\s*(?P<codes>(?:\[[^\[\]]*\]\s*)+)(?:-{3}\s*)*$"
)
_HEADER_CODE_RE = re.compile(r"\[([^\[\]]*)\]")
_VERB_RE = re.compile(
    r"^(?P<phrase>[^{}\[\]]+?)\s*(?:\{(?P<forms>[^{}\[\]]*)\})?\s*(?:\[(?P<code>[^\[\]]*)\])?$"
)
_PATTERN_CODE_RE = re.compile(r"\[([^\[\]]*)\]\s*$")
_PATTERN_LEX_RE = re.compile(r"[(){}]|[^\s(){}]+")
_SYNSET_NAME_RE = re.compile(r"^&[A-Za-z0-9_'.-]+$")
_WORD_RE = re.compile(r"^[A-Za-z0-9'./-]+$")


def _synset_name(raw: str) -> str:
    return raw.lstrip("&").rstrip("_").upper()


class _PatternSyntaxError(ValueError):
    pass


class _Lex:
    __slots__ = ("kind", "text", "tight_prev")

    def __init__(self, kind: str, text: str, tight_prev: bool) -> None:
        self.kind = kind  # "(", ")", "{", "}", "*", word, synset, source, target, skip, compound
        self.text = text
        self.tight_prev = tight_prev


def _lex_pattern(text: str, notes: list[str]) -> list[_Lex]:
    out: list[_Lex] = []
    for m in _PATTERN_LEX_RE.finditer(text):
        chunk = m.group(0)
        if chunk in "(){}":
            out.append(_Lex(chunk, chunk, False))
            continue
        joined = False
        for part in chunk.split("_"):
            if not part:
                continue
            pieces = [part]
            if len(part) > 1 and part[0] == "*":  # "*SCEPTICAL": a missing space
                notes.append(f"missing space after '*' in {chunk!r}")
                pieces = ["*", part[1:]]
            elif len(part) > 1 and part[-1] == "*":
                notes.append(f"missing space before '*' in {chunk!r}")
                pieces = [part[:-1], "*"]
            for k, piece in enumerate(pieces):
                tight = joined and k == 0
                if piece == "*":
                    out.append(_Lex("*", "*", tight))
                elif piece in _MARKERS:
                    out.append(_Lex(_MARKERS[piece], piece, tight))
                elif piece[0] == "&":
                    if not _SYNSET_NAME_RE.match(piece):
                        raise _PatternSyntaxError(f"bad synset reference {piece!r}")
                    out.append(_Lex(SYNSET, _synset_name(piece), tight))
                else:
                    if not _WORD_RE.match(piece):
                        raise _PatternSyntaxError(f"unexpected characters in {piece!r}")
                    out.append(_Lex(WORD, piece.upper(), tight))
            joined = True
    return out


class _Node:
    __slots__ = ("children", "first", "kind", "last", "text")

    def __init__(self, kind: str, text: str, children: list[_Node], first: int, last: int):
        self.kind = kind
        self.text = text
        self.children = children
        self.first = first  # index of its first lexeme
        self.last = last  # index of its last lexeme


def _build(lexes: list[_Lex], i: int, closer: str | None) -> tuple[list[_Node], int]:
    nodes: list[_Node] = []
    while i < len(lexes):
        lx = lexes[i]
        if lx.kind in (")", "}"):
            if lx.kind != closer:
                raise _PatternSyntaxError(f"unbalanced {lx.kind!r}")
            return nodes, i
        if lx.kind in ("(", "{"):
            want = ")" if lx.kind == "(" else "}"
            children, j = _build(lexes, i + 1, want)
            if j >= len(lexes):
                raise _PatternSyntaxError(f"unclosed {lx.kind!r}")
            if any(c.kind == "*" for c in children):
                raise _PatternSyntaxError("'*' inside a phrase")
            if lx.kind == "(":
                if not children or children[0].kind != WORD:
                    raise _PatternSyntaxError("a (...) phrase must start with a preposition")
                nodes.append(_Node(PREP_PHRASE, children[0].text, children[1:], i, j))
            else:
                if not children:
                    raise _PatternSyntaxError("empty {...} phrase")
                if any(c.kind in (NOUN_PHRASE, PREP_PHRASE) for c in children):
                    raise _PatternSyntaxError("a {...} phrase holds words only")
                nodes.append(_Node(NOUN_PHRASE, "", children, i, j))
            i = j + 1
            continue
        nodes.append(_Node(lx.kind, lx.text, [], i, i))
        i += 1
    if closer is not None:
        return nodes, i
    return nodes, i


def _freeze(node: _Node, lexes: list[_Lex], side: str) -> PatternToken:
    if side == "post":
        tight = lexes[node.first].tight_prev
    else:
        nxt = node.last + 1
        tight = nxt < len(lexes) and lexes[nxt].tight_prev
    children = tuple(_freeze(c, lexes, side) for c in node.children)
    if node.kind in (WORD, PREP_PHRASE):
        alts = tuple(a for a in node.text.split("/") if a) or (node.text,)
        return PatternToken(node.kind, node.text, alts, children, tight)
    return PatternToken(node.kind, node.text, (), children, tight)


def _markers(tokens: tuple[PatternToken, ...], side: str, prefix: tuple[int, ...] = ()):
    for k, tok in enumerate(tokens):
        path = prefix + (k,)
        if tok.kind in (SOURCE, TARGET, SKIP, COMPOUND):
            yield (tok.kind, side, path)
        if tok.children:
            yield from _markers(tok.children, side, path)


def parse_pattern(
    text: str,
) -> tuple[tuple[PatternToken, ...], tuple[PatternToken, ...], list[str]]:
    """Parse the part of a pattern line between ``-`` and ``[code]`` into ``(pre, post, notes)``.

    Raises ValueError on syntax it does not understand; ``notes`` lists recovered oddities.
    """
    notes: list[str] = []
    lexes = _lex_pattern(text, notes)
    nodes, _ = _build(lexes, 0, None)
    stars = [k for k, n in enumerate(nodes) if n.kind == "*"]
    if len(stars) != 1:
        raise _PatternSyntaxError("a pattern needs exactly one '*' (the verb) outside phrases")
    k = stars[0]
    pre = tuple(_freeze(n, lexes, "pre") for n in nodes[:k])
    post = tuple(_freeze(n, lexes, "post") for n in nodes[k + 1 :])
    return pre, post, notes


def _parse_transformation(body: str) -> tuple[TransformClause, str, str, str]:
    if body.count("=") != 1:
        raise ValueError("a transformation needs exactly one '='")
    lhs, rhs = body.split("=")
    items = re.findall(r"[()]|[^\s()]+", lhs)

    def clause(i: int) -> tuple[TransformClause, int]:
        terms: list[str | TransformClause] = []
        while i < len(items) and items[i] != ")":
            if items[i] == "(":
                sub, i = clause(i + 1)
                if i >= len(items) or items[i] != ")":
                    raise ValueError("unclosed '(' in transformation")
                terms.append(sub)
            else:
                terms.append(items[i])
            i += 1
        if len(terms) != 3 or not isinstance(terms[0], str) or not isinstance(terms[2], str):
            raise ValueError("a transformation clause is 'source target VERB'")
        return TransformClause(terms[0], terms[1], terms[2].upper()), i

    pattern, end = clause(0)
    if end != len(items):
        raise ValueError("unbalanced ')' in transformation")
    result = rhs.split()
    if len(result) != 3:
        raise ValueError("a transformation result is 'source target CODE'")
    return pattern, result[0], result[1], result[2]


# ----------------------------------------------------------------------------------------------
# reader


class _OpenBlock:
    __slots__ = ("code", "extra", "name", "paired", "patterns", "source", "verbs")

    def __init__(self, name, code, paired, extra, source):
        self.name = name
        self.code = code
        self.paired = paired
        self.extra = extra
        self.source = source
        self.verbs: list[tuple] = []
        self.patterns: list[VerbPattern] = []


def read_verb_file(
    path: str | Path, *, strict: bool = True, text: str | None = None, syntax: str = "auto"
) -> tuple[VerbDictionary, list[DictionaryFormatError]]:
    """Parse one verb file. Returns ``(VerbDictionary, warnings)``.

    ``syntax``: ``"auto"`` (PETRARCH-2 when any pattern has ``(...)``/``{...}`` phrases or the
    file has transformations, else PETRARCH-1), ``"petrarch1"`` or ``"petrarch2"``.
    """
    if syntax not in ("auto", "petrarch1", "petrarch2"):
        raise ValueError(f"syntax must be auto, petrarch1 or petrarch2, not {syntax!r}")
    issues = Issues(path, strict)
    name = issues.name
    synset_members: dict[str, list[SynsetMember]] = {}
    synset_source: dict[str, str] = {}
    synset_no_plurals: set[str] = set()
    synset_refs: list[tuple[str, int, str]] = []  # (name, line, text) to check at the end
    blocks: list[_OpenBlock] = []
    transformations: list[Transformation] = []
    block: _OpenBlock | None = None
    synset: str | None = None
    has_phrases = False

    for lineno, s in iter_lines(path, text):
        src = f"{name}:{lineno}"
        first = s[0]
        if first == "+" and synset is not None:
            tokens, tight, whole = split_phrase(s[1:])
            if not tokens:
                issues(lineno, s, "empty synset member")
                continue
            if any(ch in s for ch in "[]{}()*$"):
                issues(lineno, s, "unexpected character in a synset member (skipped)")
                continue
            toks = tuple("&" + _synset_name(t) if t.startswith("&") else t for t in tokens)
            for t in toks:
                if t.startswith("&"):
                    synset_refs.append((t[1:], lineno, s))
            synset_members[synset].append(SynsetMember(toks, src, tight, whole))
            continue
        synset = None
        if first == "&":
            if not _SYNSET_NAME_RE.match(s):
                issues(lineno, s, "synset header not understood (expected &NAME)")
                continue
            sname = _synset_name(s)
            if sname in synset_members:
                issues(lineno, s, f"synset &{sname} defined twice (members added to the first)")
            else:
                synset_members[sname] = []
                synset_source[sname] = src
                if s.rstrip().endswith("_"):
                    synset_no_plurals.add(sname)
            synset = sname
        elif s.startswith("---"):
            m = _HEADER_RE.match(s)
            if m is None:
                issues(lineno, s, "verb block header not understood (expected --- NAME [CODE] ---)")
                block = None
                continue
            codes = []
            for body in _HEADER_CODE_RE.findall(m.group("codes")):
                parsed_code = _event_code(body, lineno, s, issues)
                if parsed_code is not None:
                    codes.append(parsed_code)
            if not codes:
                block = None
                continue
            bname = " ".join(split_phrase(m.group("name"))[0])
            block = _OpenBlock(bname, codes[0][0], codes[0][1], tuple(codes[1:]), src)
            blocks.append(block)
        elif first == "~":
            try:
                pattern, rs, rt, rc = _parse_transformation(s[1:])
            except ValueError as exc:
                issues(lineno, s, f"transformation not understood: {exc}")
                continue
            transformations.append(Transformation(pattern, rs, rt, rc, src, s[1:].strip()))
        elif first == "-":
            if block is None:
                issues(lineno, s, "pattern outside a verb block (skipped)")
                continue
            body = s[1:]
            m = _PATTERN_CODE_RE.search(body)
            if m is None:
                issues(lineno, s, "pattern without a [code] at the end (skipped)")
                continue
            parsed_code = _event_code(m.group(1), lineno, s, issues)
            if parsed_code is None:
                continue
            code, paired = parsed_code
            ptext = body[: m.start()].strip()
            try:
                pre, post, notes = parse_pattern(ptext)
            except ValueError as exc:
                issues(lineno, s, f"pattern not understood: {exc} (skipped)")
                continue
            for note in notes:
                issues(lineno, s, note)
            pat = VerbPattern(
                pre,
                post,
                code,
                paired,
                src,
                block.name,
                ptext,
                tuple(_markers(pre, "pre")) + tuple(_markers(post, "post")),
            )
            for tok in pat.tokens():
                if tok.kind == SYNSET:
                    synset_refs.append((tok.text, lineno, s))
                elif tok.kind in (NOUN_PHRASE, PREP_PHRASE):
                    has_phrases = True
            block.patterns.append(pat)
        else:
            if block is None:
                issues(lineno, s, "verb outside a verb block (skipped)")
                continue
            m = _VERB_RE.match(s)
            if m is None:
                issues(lineno, s, "verb line not understood (expected VERB {forms} [code])")
                continue
            parsed = _verb_line(m, lineno, s, issues)
            if parsed is not None:
                block.verbs.append((*parsed, src))

    for ref, lineno, s in synset_refs:
        if ref not in synset_members:
            issues(lineno, s, f"unknown synset &{ref}")
    synsets = {
        n: Synset(n, tuple(members), synset_source[n], n in synset_no_plurals)
        for n, members in synset_members.items()
    }
    frozen_blocks: list[VerbBlock] = []
    all_verbs: list[VerbEntry] = []
    for b in blocks:
        patterns = tuple(b.patterns)
        verbs = []
        for words, head, forms, irregular, own, vsrc in b.verbs:
            code, paired = own if own is not None else (b.code, b.paired)
            verbs.append(
                VerbEntry(
                    words[head],
                    forms,
                    code,
                    patterns,
                    vsrc,
                    paired,
                    b.name,
                    words,
                    head,
                    own is not None,
                    irregular,
                )
            )
        frozen_blocks.append(
            VerbBlock(b.name, b.code, b.paired, tuple(verbs), patterns, b.source, b.extra)
        )
        all_verbs.extend(verbs)
    if syntax == "auto":
        syntax = "petrarch2" if (has_phrases or transformations) else "petrarch1"
    vd = VerbDictionary(
        syntax,
        synsets,
        tuple(frozen_blocks),
        tuple(transformations),
        (str(path),),
        tuple(all_verbs),
    )
    return vd, issues.found


def _event_code(
    body: str, lineno: int, s: str, issues: Issues
) -> tuple[str | None, str | None] | None:
    """parse_event_code, reporting failures; a code with a stray trailing ``?`` or ``!``
    (``[025?]``, ``[080!]``) is reported and read without it. None when unreadable."""
    try:
        return parse_event_code(body)
    except ValueError as exc:
        stripped = body.strip()
        if stripped[-1:] in ("?", "!"):
            try:
                parsed = parse_event_code(stripped[:-1])
            except ValueError:
                pass
            else:
                issues(lineno, s, f"{exc}; read as [{stripped[:-1]}]")
                return parsed
        issues(lineno, s, f"{exc} (ignored)")
        return None


def _words_of(phrase: str) -> tuple[tuple[str, ...], int] | None:
    """Words of a verb phrase and the index of the inflecting word (marked ``+``, else first)."""
    words: list[str] = []
    head = -1
    for chunk in phrase.split():
        for part in chunk.split("_"):
            if not part:
                continue
            if part.startswith("+"):
                if head >= 0:
                    return None
                head = len(words)
                part = part[1:]
                if not part:
                    return None
            words.append(part.upper())
    if not words:
        return None
    return tuple(words), max(head, 0)


def _verb_line(m: re.Match, lineno: int, s: str, issues: Issues):
    parsed = _words_of(m.group("phrase"))
    if parsed is None:
        issues(lineno, s, "verb phrase not understood (one '+' at most, marking the verb word)")
        return None
    words, head = parsed
    if any(not _WORD_RE.match(w) or "/" in w for w in words):
        issues(lineno, s, "unexpected characters in verb phrase (skipped)")
        return None
    own = None
    if m.group("code") is not None:
        own = _event_code(m.group("code"), lineno, s, issues)
    base = " ".join(words)
    irregular: list[str] = []
    covered: set[int] = set()  # slots of regular_verb_forms the {...} forms already fill
    braces = m.group("forms")
    if braces is not None:
        for alt in braces.replace(",", " ").split():
            alt_parsed = _words_of(alt)
            if alt_parsed is None:
                issues(lineno, s, f"irregular form {alt!r} not understood (ignored)")
                continue
            alt_words, alt_head = alt_parsed
            if len(alt_words) == len(words) and "+" not in alt:
                alt_head = head
            inflected = alt_words[alt_head]
            covered.add(2 if inflected.endswith("ING") else 0 if inflected.endswith("S") else 1)
            form = " ".join(alt_words)
            if form != base and form not in irregular:
                irregular.append(form)
    forms = [base]
    if braces is None or irregular:
        for slot, f in enumerate(regular_verb_forms(words[head])):
            if slot in covered:
                continue
            form = " ".join(words[:head] + (f,) + words[head + 1 :])
            if form not in forms:
                forms.append(form)
    for form in irregular:
        if form not in forms:
            forms.append(form)
    return words, head, tuple(forms), tuple(irregular), own
