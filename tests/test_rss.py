"""RSS and Atom feeds from local files: items become articles; local links read the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tidings.records import Article, SourceError
from tidings.sources import read_sources
from tidings.sources.language import LanguageGate, SideFile, detect_language, looks_english
from tidings.sources.rss import html_fragment_text

BODY = (
    "GENEVA - Negotiators from the two governments returned to the table on Friday, officials "
    "said, after a week in which talks on the border dispute had stalled."
)

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Harbour Post</title><link>https://harbourpost.example/</link>
<item><title>Talks resume</title><link>https://harbourpost.example/talks</link>
<pubDate>Fri, 08 Aug 2025 14:03:00 GMT</pubDate>
<description>Short teaser only.</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>The envoy said she was hopeful.</p>]]></content:encoded>
</item>
<item><title>Local page</title><link>page.html</link><pubDate>Sat, 09 Aug 2025 08:00:00 GMT</pubDate>
<description>Teaser for the local page.</description></item>
<item><title>Empty</title><link>https://harbourpost.example/empty</link></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Daily Meridian</title>
<entry><title>Ministers meet</title><link href="https://meridian.example/m"/>
<updated>2025-08-10T09:00:00Z</updated><summary type="html">&lt;p&gt;{BODY}&lt;/p&gt;</summary></entry>
</feed>
"""

PAGE = (
    "<html><head><title>Local page</title></head><body><article>"
    "<p>ACCRA - The government of Ghana signed an agreement with Togo on Saturday to reopen the "
    "border crossing, the foreign ministry said in a statement.</p>"
    "<p>The two neighbours had closed the crossing in March after a row over trade.</p>"
    "</article></body></html>"
)


def test_rss_items_become_articles_with_metadata(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    first, second, third = read_sources([feed])
    assert isinstance(first, Article)
    assert first.text.startswith("GENEVA - Negotiators") and "\n\nThe envoy said" in first.text
    assert first.published == dt.date(2025, 8, 8)
    assert first.outlet == "The Harbour Post" and first.title == "Talks resume"
    assert first.url == "https://harbourpost.example/talks"
    assert first.origin == f"{feed}#1"
    # a link to a page saved beside the feed: the page's full text, not the teaser
    assert isinstance(second, Article) and second.text.startswith("ACCRA - The government")
    assert second.published == dt.date(2025, 8, 9) and second.origin == f"{feed}#2"
    assert isinstance(third, SourceError) and third.origin == f"{feed}#3"
    assert "has no text" in third.message


def test_atom_feed_uses_summary_when_there_is_no_content(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(ATOM, encoding="utf-8")
    (entry,) = read_sources([feed])
    assert isinstance(entry, Article)
    assert entry.text == BODY
    assert entry.outlet == "Daily Meridian" and entry.published == dt.date(2025, 8, 10)


def test_xml_that_is_not_a_feed_and_a_broken_feed_are_errors(tmp_path: Path) -> None:
    other = tmp_path / "sitemap.xml"
    other.write_text('<?xml version="1.0"?><urlset><url>x</url></urlset>', encoding="utf-8")
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    (a,) = read_sources([other])
    (b,) = read_sources([broken])
    assert isinstance(a, SourceError) and "not an RSS or Atom feed" in a.message
    assert isinstance(b, SourceError) and b.origin == str(broken)


def test_html_fragment_text_keeps_paragraphs() -> None:
    assert html_fragment_text("<p>One &amp; two.</p><p>Three</p>") == "One & two.\n\nThree"
    assert html_fragment_text("plain &lt;text&gt;") == "plain <text>"


SPANISH = (
    "El gobierno de México anunció el viernes nuevas medidas contra la violencia en la frontera "
    "norte, según informaron fuentes oficiales a la prensa local."
)
FRENCH = (
    "Le gouvernement français a annoncé vendredi de nouvelles mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse, selon le ministère."
)


def test_language_gate_keeps_english_counts_others_and_sets_spanish_aside(tmp_path: Path) -> None:
    assert detect_language(BODY) == "en" and detect_language(SPANISH) == "es"
    assert looks_english(BODY) and not looks_english(SPANISH) and not looks_english(FRENCH)
    assert detect_language("Short.") is None
    side = SideFile(tmp_path / "es.jsonl")
    gate = LanguageGate(["en"], spanish_out=side)
    docs = [Article(text=t, origin=f"o{i}") for i, t in enumerate([BODY, SPANISH, FRENCH, "Hi."])]
    kept = [a.origin for a in gate.filter(docs)]
    side.close()
    assert kept == ["o0", "o3"]
    assert gate.stats.kept == 1 and gate.stats.undetermined == 1
    assert dict(gate.stats.skipped) == {"es": 1, "fr": 1} and gate.stats.set_aside == 1
    lines = (tmp_path / "es.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"language": "es"' in lines[0]
    # resuming: the Spanish article is not written twice, and a cut last line is repaired
    with (tmp_path / "es.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"origin": "cut')
    side = SideFile(tmp_path / "es.jsonl", resume=True)
    gate = LanguageGate(["en"], spanish_out=side)
    list(gate.filter(docs))
    side.close()
    assert (tmp_path / "es.jsonl").read_text(encoding="utf-8").splitlines() == lines
