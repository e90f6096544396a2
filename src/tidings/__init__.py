"""tidings: news in, sourced political event data out.

Who did what to whom, when, where, and according to whom: actors coded in CAMEO and PLOVER,
events with CAMEO/PLOVER codes, modality, dates, places, quotes and the reporting chain, each
tied to the sentence and outlet it came from.
"""

from tidings.records import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Evidence,
    Place,
    Quote,
    SourceError,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Event",
    "EventDate",
    "Evidence",
    "Place",
    "Quote",
    "SourceError",
    "__version__",
    "code_articles",
    "code_paths",
    "code_text",
    "export",
    "query",
    "quotes",
    "show",
]


def __getattr__(name: str):
    # The API pulls in spaCy; import it lazily so that `import tidings.records` stays light.
    if name in ("code_text", "code_articles", "code_paths", "show", "get_coder", "quotes"):
        from tidings import api

        return getattr(api, name)
    if name == "query":  # the module is callable: tidings.query(...) runs tidings.query.query
        import importlib

        return importlib.import_module("tidings.query")
    if name == "export":  # also a callable module: tidings.export(out, format=..., db=...)
        import importlib

        return importlib.import_module("tidings.export")
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
