"""The Python API; the CLI is a thin shell over these functions, one to one.

    >>> import tidings
    >>> result = tidings.code_text("...", published="2025-08-08", outlet="Example Post")
    >>> [e.cameo_code for e in result.asserted_events]
    >>> summary = tidings.code_paths(["articles/"], db="tidings.duckdb", json_out="out.jsonl")
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tidings.coder import CODE_VERSION, Coder, CoderConfig
from tidings.records import Article, ArticleResult, SourceError
from tidings.serialize import article_result_to_dict
from tidings.sources import article_from_text, read_sources

_CODERS: dict[tuple, Coder] = {}


def get_coder(
    model: str | None = None,
    lexicon_dirs: Iterable[str | Path] = (),
    dictionaries: str | Path | None = None,
) -> Coder:
    """A cached coder; ``dictionaries``: PETRARCH/TABARI files used beside our lexicons."""
    key = (model, tuple(str(d) for d in lexicon_dirs), str(dictionaries) if dictionaries else None)
    if key not in _CODERS:
        _CODERS[key] = Coder(
            CoderConfig(
                model=model,
                lexicon_dirs=tuple(Path(d) for d in lexicon_dirs),
                dictionaries=Path(dictionaries) if dictionaries else None,
            )
        )
    return _CODERS[key]


def code_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str | None = None,
    model: str | None = None,
) -> ArticleResult:
    """Code one article given as a string."""
    article = article_from_text(text, published=published, outlet=outlet, url=url, title=title, id=id)
    return get_coder(model).code(article)


def code_articles(articles: Iterable[Article], *, model: str | None = None, batch_size: int = 16) -> Iterator[ArticleResult]:
    coder = get_coder(model)
    coder.config.batch_size = batch_size
    yield from coder.code_many(articles)


# Articles per store transaction: each costs some fixed SQL (deletes, inserts, the run
# snapshot, the commit), so fewer, larger ones; the runner's default too (runner/local.py).
WRITE_EVERY = 256


@dataclass
class RunSummary:
    run_id: str | None
    articles: int = 0
    events: int = 0
    asserted_events: int = 0
    quotes: int = 0
    errors: list[SourceError] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list)  # kept only when asked


def code_paths(
    paths: Iterable[str | Path],
    *,
    db: str | Path | None = "tidings.duckdb",
    json_out: str | Path | None = None,
    model: str | None = None,
    batch_size: int = 16,
    keep_results: bool = False,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_error: Callable[[SourceError], None] | None = None,
) -> RunSummary:
    """Read every source under ``paths``, code it, and write it to DuckDB and/or JSON Lines.

    A document that cannot be read or coded is recorded as an error and the batch goes on.
    """
    from tidings.store import open_store

    coder = get_coder(model)
    coder.config.batch_size = batch_size
    store = open_store(str(db)) if db else None
    run_id = (
        store.start_run(CODE_VERSION, coder.lexicon_hash, coder.model_name, {"batch_size": batch_size})
        if store
        else None
    )
    summary = RunSummary(run_id=run_id)
    json_handle = open(json_out, "w", encoding="utf-8") if json_out else None

    def record_error(error: SourceError) -> None:
        summary.errors.append(error)
        if store:
            store.record_error(error, run_id)
        if on_error:
            on_error(error)

    def articles() -> Iterator[Article]:
        for item in read_sources(paths):
            if isinstance(item, SourceError):
                record_error(item)
            else:
                yield item

    pending: list[ArticleResult] = []
    ingested: list[str] = []  # article ids written, for the dataset hooks (_after_ingest)
    try:
        for result in _code_safely(coder, articles(), record_error):
            summary.articles += 1
            summary.events += len(result.events)
            summary.asserted_events += len(result.asserted_events)
            summary.quotes += len(result.quotes)
            if json_handle:
                json_handle.write(json.dumps(article_result_to_dict(result), ensure_ascii=False) + "\n")
            if keep_results:
                summary.results.append(result)
            if on_result:
                on_result(result)
            pending.append(result)
            ingested.append(result.article.id)
            if store and len(pending) >= WRITE_EVERY:
                _write_safely(store, pending, run_id, record_error)
                pending.clear()
        if store and pending:
            _write_safely(store, pending, run_id, record_error)
        if store and ingested:
            _after_ingest(store, ingested)
    finally:
        if json_handle:
            json_handle.close()
        if store:
            store.close()
    return summary


def _write_safely(store, results: list[ArticleResult], run_id, record_error) -> None:
    """One batch, one transaction; if the store refuses it, write article by article so
    that one refused article is recorded as an error and the others are kept."""
    from tidings.store import StoreError

    try:
        store.write_results(results, run_id)
        return
    except StoreError:
        pass
    for result in results:
        try:
            store.write_results([result], run_id)
        except StoreError as exc:
            origin = result.article.origin or result.article.id
            record_error(SourceError(origin, f"not stored: {exc}"))


def _after_ingest(store, article_ids: list[str]) -> None:
    """Keep the dataset layer current after a write: syndication groups and event clusters
    (tidings.dedupe), then watchlists (tidings.alerts)."""
    from tidings.alerts import check_watchlists
    from tidings.dedupe import update_dedupe

    update_dedupe(store, article_ids)
    check_watchlists(store)


def _code_safely(coder: Coder, articles: Iterable[Article], record_error) -> Iterator[ArticleResult]:
    """Batched coding that survives a failure in one document: the batch is re-run one by one."""
    batch: list[Article] = []
    size = coder.config.batch_size
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield from _code_batch(coder, batch, record_error)
            batch = []
    if batch:
        yield from _code_batch(coder, batch, record_error)


def _code_batch(coder: Coder, batch: list[Article], record_error) -> Iterator[ArticleResult]:
    try:
        results = list(coder.code_many(batch))
    except Exception:  # noqa: BLE001 - one bad document: isolate it, keep the others
        results = []
        for article in batch:
            try:
                results.append(coder.code(article))
            except Exception as exc:  # noqa: BLE001 - recorded with its origin, batch goes on
                record_error(SourceError(article.origin or article.id, f"coding failed: {type(exc).__name__}: {exc}"))
    yield from results


def quotes(
    *,
    speaker: str | None = None,
    org: str | None = None,
    db: str | Path = "tidings.duckdb",
    article: str | None = None,
    kind: str | None = None,
    anonymous: bool | None = None,
    limit: int | None = None,
    as_frame: bool = False,
):
    """Stored quotes by speaker name and/or organisation (case-insensitive, any part of the name).

    ``org`` matches speakers who speak for it (their affiliation) and the organisation speaking
    itself. Each quote carries its speaker (name, role, affiliation, CAMEO), cue, kind, medium,
    reporting chain, offsets, the article's outlet and date, and ``event_ids``: the events it
    supports. A list of plain dicts, or a pandas DataFrame with ``as_frame=True``.
    """
    from tidings.store import open_store
    from tidings.store.attribution import plain_records

    if not Path(db).exists():
        raise FileNotFoundError(f"no tidings store at {db}: run `tidings code PATH --db {db}` first")
    with open_store(str(db), read_only=True) as store:
        frame = store.find_quotes(speaker=speaker, org=org, article_id=article, kind=kind,
                                  anonymous=anonymous, limit=limit)
    return frame if as_frame else plain_records(frame)


def show(id_or_path: str, *, db: str | Path = "tidings.duckdb") -> ArticleResult | None:
    """The coded result of one article, by id (or id prefix) or by the path it was read from."""
    from tidings.store import open_store

    if not Path(db).exists():
        return None
    with open_store(str(db), read_only=True) as store:
        found = store.get_article(id_or_path)
        if found is None:
            found = store.find_article_by_origin(str(id_or_path))
            if found is None and Path(id_or_path).exists():
                found = store.find_article_by_origin(str(Path(id_or_path).resolve()))
        return found
