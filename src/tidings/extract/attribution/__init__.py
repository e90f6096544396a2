"""Who said it: attribution of quotes and reported speech to their speakers.

One pass per article, over the spaCy parse and the actors resolved for the whole article; each
step lives in its own module:

1. ``direct``: quotes in quotation marks (``extract/quotes.py`` finds the marks), the cue each
   hangs from, and, for quotes with no cue, the speaker from the quote they continue or the
   sentence or paragraph beside them. Scare quotes and slogans stay unattributed.
2. ``indirect``: reported speech ("X said that ...", "according to X", "X warned that ...").
3. ``speakers``: from the cue to the words naming the speaker, and from them to an actor of the
   article (pronouns, nominals such as "the paper" or "the minister", apposed names); anonymous
   sources kept as such.
4. ``medium``: news conference, statement, interview, platform, named publication.
5. ``chains``: outlet -> reporters -> speaker, for quotes and for events.

``Attributor(doc, actors, lexicon, article_id, outlet).quotes()`` is the entry point (used by
``quotes.QuoteExtractor``); ``attach_reporting_chains`` and ``unlisted_speakers`` are what the
coder calls after it.
"""

from tidings.extract.attribution.attributor import Attributor
from tidings.extract.attribution.chains import attach_reporting_chains, reporting_chain_for_event
from tidings.extract.attribution.context import ArticleContext, Attribution
from tidings.extract.attribution.speakers import unlisted_speakers

__all__ = [
    "ArticleContext",
    "Attribution",
    "Attributor",
    "attach_reporting_chains",
    "reporting_chain_for_event",
    "unlisted_speakers",
]
