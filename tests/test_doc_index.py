"""The per-Doc index the extractors read instead of re-walking the parse."""

from __future__ import annotations

import gc
import weakref

from tidings.api import get_coder
from tidings.extract.syntax import doc_index, kids
from tidings.paths import PACKAGE_DIR


def _sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((PACKAGE_DIR / "samples").glob("*.txt"))]


def test_index_answers_what_spacy_answers() -> None:
    nlp = get_coder().nlp
    for doc in nlp.pipe(_sample_texts()):
        index = doc_index(doc)
        assert index.text == doc.text
        for token in doc:
            assert [c.i for c in kids(token)] == [c.i for c in token.children]
            assert index.sentence(token) == token.sent
            assert (index.starts[token.i], index.ends[token.i]) == (token.idx, token.idx + len(token))
            assert index.lemmas[token.i] == token.lemma_.lower()
        assert [e.start for e in index.ents] == [e.start for e in doc.ents]


def test_indexes_do_not_keep_documents_alive() -> None:
    nlp = get_coder().nlp
    texts = _sample_texts()
    first = nlp(texts[0])
    doc_index(first)
    watch = weakref.ref(first)
    del first
    for text in texts * 3:  # later documents push the first one's index out
        doc_index(nlp(text))
    gc.collect()
    assert watch() is None


def test_the_parsed_text_is_adopted_and_a_different_one_is_not() -> None:
    nlp = get_coder().nlp
    text = "Officials met in Lima on Monday.\n\nThey agreed to talk again. "
    doc = nlp(text)
    index = doc_index(doc)
    index.adopt_text(text[:-2] + "X ")  # does not line up with the tokens: ignored
    assert index.text == doc.text == text
    other = doc_index(nlp(text))
    other.adopt_text(text)
    assert other.text == text
