"""PETRARCH/TABARI-format dictionaries (actors, agents, verbs, discards): readers and a coder.

The readers turn the text files into frozen dataclasses and lookup indexes; ``PetrarchCoder``
(``coder.py``) codes text with them over a spaCy parse, PETRARCH-1 style; ``plugin.py`` turns
them into tidings' own lexicon files so the main coder can use them beside its lexicons.
tidings never ships these dictionaries: the user points ``load_dictionaries`` at them.
See docs/PETRARCH-DICTIONARIES.md.
"""

from .actors import ActorEntry, read_actor_file
from .agents import AgentEntry, SubstitutionSet, plural_of, read_agent_file
from .common import (
    TWO_DIGIT_YEAR_PIVOT,
    DatedCode,
    DictionaryFormatError,
    normalize_word,
    parse_date,
    parse_dated_code,
    parse_event_code,
    split_phrase,
)
from .discards import SENTENCE, STORY, DiscardEntry, read_discard_file
from .loader import (
    PRESETS,
    PetrarchDictionaries,
    classify_file,
    load_dictionaries,
    load_production_dictionaries,
    load_validation_dictionaries,
)
from .verbs import (
    COMPOUND,
    NOUN_PHRASE,
    PREP_PHRASE,
    SKIP,
    SOURCE,
    SYNSET,
    TARGET,
    WORD,
    PatternToken,
    Synset,
    SynsetMember,
    Transformation,
    TransformClause,
    VerbBlock,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
    parse_pattern,
    read_verb_file,
    regular_verb_forms,
)

__all__ = [
    "COMPOUND",
    "NOUN_PHRASE",
    "PREP_PHRASE",
    "PRESETS",
    "SENTENCE",
    "SKIP",
    "SOURCE",
    "STORY",
    "SYNSET",
    "TARGET",
    "TWO_DIGIT_YEAR_PIVOT",
    "WORD",
    "ActorEntry",
    "AgentEntry",
    "CoderOptions",
    "DatedCode",
    "DictionaryFormatError",
    "DiscardEntry",
    "PatternToken",
    "PetrarchCoder",
    "PetrarchDictionaries",
    "PetrarchEvent",
    "SentenceCoding",
    "StoryCoding",
    "SubstitutionSet",
    "Synset",
    "SynsetMember",
    "TransformClause",
    "Transformation",
    "VerbBlock",
    "VerbDictionary",
    "VerbEntry",
    "VerbPattern",
    "classify_file",
    "load_dictionaries",
    "load_production_dictionaries",
    "load_validation_dictionaries",
    "normalize_word",
    "parse_date",
    "parse_dated_code",
    "parse_event_code",
    "parse_pattern",
    "plural_of",
    "read_actor_file",
    "read_agent_file",
    "read_discard_file",
    "read_verb_file",
    "regular_verb_forms",
    "split_phrase",
]

_CODER_NAMES = frozenset(
    {"CoderOptions", "PetrarchCoder", "PetrarchEvent", "SentenceCoding", "StoryCoding"}
)


def __getattr__(name: str):
    """The coder is imported on first use: the readers alone do not need spaCy."""
    if name in _CODER_NAMES:
        from . import coder

        return getattr(coder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
